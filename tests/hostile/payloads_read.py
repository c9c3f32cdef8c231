"""File reading: pictures, paths, links and directives that try to read a file of the machine."""

from __future__ import annotations

from . import Payload, digest, entry

_CODE = "```"


def _one(name: str, body: str, *, flagged: bool = True, **kwargs: object) -> Payload:
    """A payload of one entry whose summary is ``body``."""
    return Payload(name, digest(entry("Paper", body)), 1, flagged=flagged, **kwargs)  # type: ignore[arg-type]


def _thumb(name: str, meta: str, **kwargs: object) -> Payload:
    """A payload whose entry names its picture in a metadata comment."""
    body = f"<!-- paperdigest\n{meta}\n-->\n\nSummary."
    return Payload(name, digest(entry("Paper", body)), 1, **kwargs)  # type: ignore[arg-type]


PAYLOADS = [
    # -- pictures that look like paths ---------------------------------------------------
    # ``//host/path`` is a protocol-relative URL, shown as https://proc/..., never a file:
    # nothing is refused, so lint has nothing to say
    _one("read-picture-proc-environ", "![x](//proc/self/environ)", flagged=False),
    _one("read-img-etc-passwd", '<img src="//etc/passwd">', flagged=False),
    _one("read-picture-unc", "![x](\\\\\\\\server\\\\share\\\\x.png)", flagged=False),
    _one("read-picture-dotdot", "![x](@UP@/secret.txt)"),
    _one("read-picture-dotdot-png", "![x](@UP@/canary.png)"),
    _one("read-img-dotdot", '<img src="@UP@/canary.png" width="10">'),
    _one(
        "read-picture-backslash-dotdot",
        "![x](..\\..\\..\\canary\\canary.png)",
    ),
    _one("read-picture-percent-dotdot", "![x](%2e%2e/%2e%2e/%2e%2e/canary/canary.png)"),
    _one("read-picture-percent-slash", "![x](..%2f..%2f..%2fcanary%2fcanary.png)"),
    # decoded once, this is a folder named %2e%2e: not found, not outside
    _one(
        "read-picture-double-encoded",
        "![x](%252e%252e/%252e%252e/%252e%252e/canary/canary.png)",
        flagged=False,
    ),
    _one("read-picture-nul-dotdot", "![x](a.png%00/../../../../canary/canary.png)"),
    _one("read-picture-absolute", "![x](@CANARY_PNG@)"),
    _one("read-img-absolute", '<img src="@CANARY_PNG@">'),
    _one("read-picture-proc-absolute", "![x](/proc/self/environ)"),
    _one("read-picture-file-url", "![x](file://@CANARY_PNG@)"),
    _one("read-picture-file-localhost", "![x](file://localhost@CANARY_PNG@)"),
    _one("read-picture-file-upper", "![x](FILE:@CANARY_PNG@)"),
    _one("read-img-file-entity", '<img src="&#102;ile://@CANARY_PNG@">'),
    _one("read-picture-windows-drive", "![x](C:\\Windows\\win.ini)"),
    _one("read-picture-zenn-size-dotdot", "![x](@UP@/canary.png =250x)"),
    _one("read-picture-reference", "![x][pic]\n\n[pic]: @UP@/canary.png"),
    _one("read-picture-reference-file", "![x][pic]\n\n[pic]: file://@CANARY_PNG@"),
    _one("read-picture-in-link", "[![x](@UP@/canary.png)](https://example.org/)"),
    _one("read-picture-in-table", "| a |\n| - |\n| ![x](@UP@/canary.png) |"),
    _one(
        "read-picture-in-footnote",
        "Text[^1].\n\n[^1]: ![x](@UP@/canary.png)",
    ),
    _one("read-picture-in-admonition", ":::{note}\n![x](@UP@/canary.png)\n:::"),
    _one("read-picture-in-details", ":::details More\n![x](@UP@/canary.png)\n:::"),
    _one("read-link-file", "[secret](file://@CANARY@)"),
    _one("read-autolink-file", "<file://@CANARY@>"),
    _one("read-a-file", '<a href="file://@CANARY@">secret</a>'),
    # a link to ../x is a link on the site, as any relative link
    _one("read-link-dotdot", "[up](@UP@/secret.txt)", flagged=False),
    # -- names --------------------------------------------------------------------------
    _one("read-picture-overlong-name", "![x](" + "a" * 300 + ".png)"),
    _one("read-picture-overlong-path", "![x](" + "a/" * 3000 + "x.png)"),
    _thumb("read-thumbnail-overlong-name", "image: " + "b" * 400 + ".png"),
    # -- symbolic links out of the source tree (made by the test) -----------------------
    _one("read-picture-symlink", "![x](link.png)", prepare="symlink-file"),
    _one("read-picture-symlink-dir", "![x](linkdir/canary.png)", prepare="symlink-dir"),
    _thumb("read-thumbnail-symlink", "image: link.png", prepare="symlink-file"),
    _one("read-img-symlink", '<img src="link.png" width="20">', prepare="symlink-file"),
    _one("read-picture-dev-zero", "![x](zero.png)", prepare="symlink-dev-zero"),
    _one("read-picture-fifo", "![x](fifo.png)", prepare="fifo-picture"),
    _thumb("read-thumbnail-fifo", "image: fifo.png", prepare="fifo-picture"),
    # -- metadata and structured digests -------------------------------------------------
    _thumb("read-thumbnail-dotdot", "image: @UP@/canary.png"),
    _thumb("read-thumbnail-absolute", "image: {src: @CANARY_PNG@, alt: x}"),
    _thumb("read-thumbnail-file-url", 'image: "file://@CANARY_PNG@"'),
    Payload(
        "read-structured-yaml-dotdot",
        "entries:\n  - title: Paper\n    url: https://example.org/a\n"
        "    image: @UP@/canary.png\n  - title: Other\n    images: ['@CANARY_PNG@']\n",
        2,
        suffix=".yaml",
    ),
    Payload(
        "read-structured-json-file",
        '{"entries": [{"title": "Paper", "image": {"src": "file://@CANARY_PNG@"}},'
        ' {"title": "Other", "papers": ["file://@CANARY@"]}]}',
        2,
        suffix=".json",
    ),
    Payload(
        "read-structured-toml-dotdot",
        '[[entries]]\ntitle = "Paper"\nimage = "@UP@/canary.png"\nsummary = "![x](@CANARY_PNG@)"\n',
        1,
        suffix=".toml",
    ),
    # -- MyST directives and roles that read files: shown as code, never run -------------
    _one("read-literalinclude", f"{_CODE}{{literalinclude}} @CANARY@\n{_CODE}"),
    _one("read-literalinclude-relative", f"{_CODE}{{literalinclude}} @UP@/secret.txt\n{_CODE}"),
    _one("read-include", f"{_CODE}{{include}} @CANARY@\n{_CODE}"),
    _one("read-include-colon", ":::{include} @CANARY@\n:::"),
    _one("read-include-tilde", "~~~{include} @CANARY@\n:literal:\n~~~"),
    _one("read-eval-rst-include", f"{_CODE}{{eval-rst}}\n.. include:: @CANARY@\n{_CODE}"),
    _one(
        "read-eval-rst-include-literal",
        f"{_CODE}{{eval-rst}}\n.. include:: @CANARY@\n   :literal:\n{_CODE}",
    ),
    _one(
        "read-eval-rst-raw-file", f"{_CODE}{{eval-rst}}\n.. raw:: html\n   :file: @CANARY@\n{_CODE}"
    ),
    _one(
        "read-eval-rst-csv-table-file",
        f"{_CODE}{{eval-rst}}\n.. csv-table:: x\n   :file: @CANARY@\n{_CODE}",
    ),
    _one("read-csv-table-file", f"{_CODE}{{csv-table}} x\n:file: @CANARY@\n{_CODE}"),
    _one(
        "read-csv-table-url",
        f"{_CODE}{{csv-table}} x\n:url: http://127.0.0.1:@PORT@/@NAME@.csv\n{_CODE}",
    ),
    _one("read-download-role", "Get {download}`the secret <@CANARY@>`."),
    _one("read-image-directive", f"{_CODE}{{image}} @CANARY_PNG@\n{_CODE}"),
    _one("read-figure-directive", f"{_CODE}{{figure}} @UP@/canary.png\nA caption.\n{_CODE}"),
    _one("read-image-colon", ":::{image} @CANARY_PNG@\n:::"),
    _one(
        "read-literalinclude-in-note",
        f":::{{note}}\n{_CODE}{{literalinclude}} @CANARY@\n{_CODE}\n:::",
    ),
    _one("read-include-in-details", f":::details More\n{_CODE}{{include}} @CANARY@\n{_CODE}\n:::"),
    _one(
        "read-include-in-nested-note",
        f"{_CODE}{{note}}\n:::{{tip}}\n{_CODE}{{include}} @CANARY@\n{_CODE}\n:::\n{_CODE}",
    ),
    _one("read-include-in-list", f"- item\n\n  {_CODE}{{include}} @CANARY@\n  {_CODE}"),
    _one("read-include-in-quote", f"> {_CODE}{{include}} @CANARY@\n> {_CODE}"),
    # -- reST-isms in Markdown: plain text, never run --------------------------------------
    _one("read-rest-include", ".. include:: @CANARY@", flagged=False),
    _one("read-rest-raw-file", ".. raw:: html\n   :file: @CANARY@", flagged=False),
    _one("read-rest-image", ".. image:: @CANARY_PNG@", flagged=False),
    _one("read-rest-download", "See :download:`secret <@CANARY@>`.", flagged=False),
    _one("read-rest-literalinclude", "::\n\n.. literalinclude:: @CANARY@", flagged=False),
    Payload(
        "read-rst-suffix",
        ".. include:: @CANARY@\n\n## [Paper](https://example.org/a)\n\n"
        ".. raw:: html\n   :file: @CANARY@\n",
        1,
        flagged=False,
        suffix=".rst",
    ),
]
