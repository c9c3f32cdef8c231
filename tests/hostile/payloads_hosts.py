"""Hosts: card pictures on this machine or a private network, in download mode.

The hostile project downloads card pictures (``paperdigest_remote_images =
"download"``) with the default ``paperdigest_allow_private_hosts = False``. The
canary server on 127.0.0.1 (and [::1]) counts every connection: it must see
none. ``redirect.test`` resolves to 127.0.0.2, which the test treats as a
public host: it redirects to private ones, which must be refused on the way.
Each request path names its payload.
"""

from __future__ import annotations

from . import Payload, digest, entry


def _card(name: str, url: str, *, flagged: bool = True, **kwargs: object) -> Payload:
    """A payload whose card picture (a paragraph of its own) is ``url``."""
    text = digest(entry("Paper", f"![x]({url})\n\nSummary."))
    return Payload(name, text, 1, flagged=flagged, **kwargs)  # type: ignore[arg-type]


_PATH = "/@NAME@.png"
_REDIRECT = "http://redirect.test:@RPORT@/redirect?to="

PAYLOADS = [
    _card("host-loopback", "http://127.0.0.1:@PORT@" + _PATH),
    _card("host-loopback-https", "https://127.0.0.1:@PORT@" + _PATH),
    _card("host-loopback-other", "http://127.8.9.10:@PORT@" + _PATH),
    _card("host-localhost", "http://localhost:@PORT@" + _PATH),
    _card("host-localhost-upper", "http://LocalHost:@PORT@" + _PATH),
    _card("host-localhost-dot", "http://localhost.:@PORT@" + _PATH),
    _card("host-localhost-subdomain", "http://pictures.localhost:@PORT@" + _PATH),
    _card("host-decimal", "http://2130706433:@PORT@" + _PATH),
    _card("host-hex", "http://0x7f000001:@PORT@" + _PATH),
    _card("host-hex-dotted", "http://0x7f.0.0.1:@PORT@" + _PATH),
    _card("host-octal", "http://0177.0.0.1:@PORT@" + _PATH),
    _card("host-short", "http://127.1:@PORT@" + _PATH),
    _card("host-zero", "http://0.0.0.0:@PORT@" + _PATH),
    _card("host-zero-short", "http://0:@PORT@" + _PATH),
    _card("host-ipv6-loopback", "http://[::1]:@PORT6@" + _PATH),
    _card("host-ipv6-mapped", "http://[::ffff:127.0.0.1]:@PORT@" + _PATH),
    _card("host-ipv6-mapped-hex", "http://[::ffff:7f00:1]:@PORT@" + _PATH),
    _card("host-ipv6-zone", "http://[fe80::1%25lo]:@PORT@" + _PATH),
    _card("host-percent-encoded", "http://%31%32%37.0.0.1:@PORT@" + _PATH),
    _card("host-fullwidth", "http://１２７.０.０.１:@PORT@" + _PATH),
    _card("host-userinfo", "http://example.org@127.0.0.1:@PORT@" + _PATH),
    _card("host-protocol-relative", "//127.0.0.1:@PORT@" + _PATH),
    _card("host-metadata", "http://169.254.169.254/latest/meta-data/@NAME@"),
    _card("host-metadata-decimal", "http://2852039166/latest/meta-data/@NAME@"),
    _card("host-private-10", "http://10.0.0.1/@NAME@.png"),
    _card("host-private-192", "https://192.168.1.1/@NAME@.png"),
    _card("host-shared-100", "http://100.64.0.1/@NAME@.png"),
    _card("host-multicast", "http://224.0.0.1/@NAME@.png"),
    # a name is judged on what it resolves to (the test's resolver answers these):
    # lint cannot know, the build must still refuse
    _card("host-name-to-loopback", "http://127.0.0.1.nip.test:@PORT@" + _PATH, flagged=False),
    _card("host-name-to-metadata", "http://169.254.169.254.nip.test/@NAME@.png", flagged=False),
    # redirects from a public host to private ones: lint sees a public URL
    *(
        _card(f"host-redirect-{kind}", _REDIRECT + target + _PATH, flagged=False)
        for kind, target in (
            ("loopback", "http://127.0.0.1:@PORT@"),
            ("localhost", "http://localhost:@PORT@"),
            ("decimal", "http://2130706433:@PORT@"),
            ("ipv6", "http://[::1]:@PORT6@"),
            ("name", "http://127.0.0.1.nip.test:@PORT@"),
            ("metadata", "http://169.254.169.254"),
            ("file", "file://@CANARY_PNG@?from="),
        )
    ),
    _card(
        "host-redirect-chain",
        _REDIRECT + "http://redirect.test:@RPORT@/redirect?to=http://127.0.0.1:@PORT@" + _PATH,
        flagged=False,
    ),
    # every place a card picture can come from
    Payload(
        "host-meta-image",
        digest(
            entry(
                "Paper", "<!-- paperdigest\nimage: http://127.0.0.1:@PORT@/@NAME@.png\n-->\n\nText."
            )
        ),
        1,
    ),
    Payload(
        "host-img-tag",
        digest(entry("Paper", '<img src="http://127.0.0.1:@PORT@/@NAME@.png" width="300">')),
        1,
    ),
    Payload(
        "host-structured",
        "entries:\n  - title: Paper\n    image: http://127.0.0.1:@PORT@/@NAME@.png\n"
        "  - title: Other\n    images: ['http://[::1]:@PORT6@/@NAME@-2.png']\n",
        2,
        suffix=".yaml",
    ),
    # a public picture behind the redirector: it must download (so that the refusals
    # above are refusals, not a build that never downloads)
    _card("host-public-control", _REDIRECT + "/picture.png", flagged=False),
    # links are never fetched at build time
    Payload(
        "host-link-only",
        digest(entry("Paper", "[x](http://127.0.0.1:@PORT@/@NAME@) <http://[::1]:@PORT6@/@NAME@>")),
        1,
        flagged=False,
    ),
]
