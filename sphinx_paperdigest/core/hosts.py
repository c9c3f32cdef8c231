"""Hosts that name this machine or a private network, however they are spelled.

One judge of addresses, :func:`why_refused`, serves both the reader (``paperdigest
lint`` flags a picture URL whose host is such an address written out) and the
downloads of ``paperdigest_remote_images = "download"``, which judge every
address a host name resolves to. The tables are written out here rather than
taken from :mod:`ipaddress`'s ``is_global``: that one calls multicast and
IPv4-compatible IPv6 addresses global, and its tables change between Python
versions.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from urllib.parse import unquote

IPAddress = IPv4Address | IPv6Address

_V4_REFUSED: tuple[tuple[IPv4Network, str], ...] = tuple(
    (IPv4Network(net), kind)
    for net, kind in (
        ("0.0.0.0/8", "unspecified"),  # 0.0.0.0 reaches this machine on Linux
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "shared (carrier-grade NAT)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),  # 169.254.169.254: cloud metadata
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "reserved"),
        ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "reserved"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"),  # and the broadcast address
    )
)

#: IPv6 prefixes that carry an IPv4 address, judged by that address.
_V6_EMBEDDING = (
    IPv6Network("::ffff:0:0/96"),  # IPv4-mapped
    IPv6Network("::/96"),  # IPv4-compatible (deprecated); also :: and ::1
    IPv6Network("64:ff9b::/96"),  # NAT64
)
_V6_REFUSED: tuple[tuple[IPv6Network, str], ...] = tuple(
    (IPv6Network(net), kind)
    for net, kind in (
        ("fe80::/10", "link-local"),
        ("fec0::/10", "private"),  # site-local (deprecated)
        ("fc00::/7", "private"),  # unique local
        ("ff00::/8", "multicast"),
        ("2001::/23", "reserved"),  # IETF protocol assignments, Teredo among them
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation"),
    )
)
#: Global unicast: every public IPv6 address is in it.
_V6_GLOBAL = IPv6Network("2000::/3")
_SIX_TO_FOUR = IPv6Network("2002::/16")


def why_refused(address: IPAddress) -> str | None:
    """What kind of non-public address ``address`` is (``"loopback"``...); None if public.

    Downloads look this function up at each call, so tests can replace it.
    """
    if isinstance(address, IPv6Address):
        if address == IPv6Address("::1"):
            return "loopback"
        if address == IPv6Address("::"):
            return "unspecified"
        inner = _embedded_ipv4(address)
        if inner is not None:
            return why_refused(inner)
        kind = next((kind for net, kind in _V6_REFUSED if address in net), None)
        return kind or (None if address in _V6_GLOBAL else "reserved")
    return next((kind for net, kind in _V4_REFUSED if address in net), None)


def _embedded_ipv4(address: IPv6Address) -> IPv4Address | None:
    if address in _SIX_TO_FOUR:
        return address.sixtofour
    if any(address in net for net in _V6_EMBEDDING):
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def parse_address(text: str) -> IPAddress | None:
    """The address a resolver or socket names (``fe80::1%eth0`` has a zone), else None."""
    try:
        return ip_address(text.partition("%")[0])
    except ValueError:
        return None


# -- hosts as a browser reads them --------------------------------------------------

# ideographic and full-width full stops are dots to IDNA (UTS 46)
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_AUTHORITY_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.\-]*:)?//([^/?#]*)")
_BROWSER_DROPS_RE = re.compile(r"[\t\n\r]")
_NUMERIC_END_RE = re.compile(r"(?:^|\.)(?:0[xX][0-9a-fA-F]*|[0-9]+)$")


def url_host(url: str) -> str:
    """The host of an absolute or scheme-relative URL as a browser reads it ('' if none).

    Like a browser: tabs and newlines are dropped, a backslash is a slash,
    userinfo and port go, the host is percent-decoded, mapped as IDNA maps
    full-width forms (NFKC), lower-cased, and one trailing dot dropped.
    """
    match = _AUTHORITY_RE.match(_BROWSER_DROPS_RE.sub("", url).strip().replace("\\", "/"))
    if match is None:
        return ""
    authority = match.group(1).rpartition("@")[2]
    if authority.startswith("["):
        host = authority[: authority.find("]") + 1] if "]" in authority else authority
    else:
        host = authority.partition(":")[0]
    if not host.isascii() or "%" in host:  # the common case needs neither
        host = unicodedata.normalize("NFKC", unquote(host)).translate(_DOTS)
    host = host.lower()
    if "xn--" in host:
        host = _unpunycode(host)
    return host[:-1] if host.endswith(".") and not host.endswith("..") else host


def _unpunycode(host: str) -> str:
    """``host`` with its ``xn--`` labels decoded and NFKC-mapped.

    Markdown's link normalisation writes a host in full-width digits
    (``１２７.０.０.１``) as punycode; decoded and mapped it is ``127.0.0.1`` again.
    """
    return ".".join(_unpunycode_label(label) for label in host.split("."))


def _unpunycode_label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return label
    return unicodedata.normalize("NFKC", decoded).translate(_DOTS).lower()


def host_address(host: str) -> IPAddress | None:
    """The address a host spells out: ``[::1]``, ``127.1``, ``2130706433``, ``0x7f.0.0.1``."""
    if host.startswith("[") and host.endswith("]"):
        address = parse_address(host[1:-1])
        return address if isinstance(address, IPv6Address) else None
    return _ipv4(host)


def _ipv4(host: str) -> IPv4Address | None:
    """An IPv4 address in any spelling browsers and ``inet_aton`` take, else None."""
    if not _NUMERIC_END_RE.search(host):  # a name (browsers decide on its last label)
        return None
    parts = host.split(".")
    if len(parts) > 4 or not all(parts):
        return None
    numbers = [_ipv4_number(part) for part in parts]
    if any(n is None for n in numbers):
        return None
    *head, last = [n for n in numbers if n is not None]
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = last
    for index, number in enumerate(head):
        value += number << (8 * (3 - index))
    return IPv4Address(value)


def _ipv4_number(part: str) -> int | None:
    """A part of an IPv4 address: decimal, ``0x`` hexadecimal, or ``0``-led octal."""
    text, base = part, 10
    if part[:2].lower() == "0x":
        text, base = part[2:] or "0", 16
    elif len(part) > 1 and part.startswith("0"):
        text, base = part[1:], 8
    digits = "0123456789abcdef"[:base]
    if not all(c in digits for c in text.lower()):
        return None
    return int(text, base)


@functools.lru_cache(maxsize=1024)
def private_host(url: str) -> str | None:
    """Why the host of ``url`` names this machine or a private network; None if it does not.

    Only what the URL spells out: a name that resolves to such an address is
    found at download time, not here.
    """
    host = url_host(url)
    if host == "localhost" or host.endswith(".localhost"):
        return f"{host} names this machine"
    address = host_address(host)
    if address is None:
        return None
    kind = why_refused(address)
    if kind is None:
        return None
    shown = host if host.strip("[]") == str(address) else f"{host} ({address})"
    return f"{shown} is {describe(kind)}"


def describe(kind: str) -> str:
    """``"loopback"`` -> ``"a loopback address"``."""
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} address"
