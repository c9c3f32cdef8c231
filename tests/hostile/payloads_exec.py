"""Code execution: MyST substitutions (Jinja), directives, roles, TeX that reads or writes, YAML.

The hostile project enables ``myst_enable_extensions = ["substitution"]`` and sets
``myst_substitutions`` (one of them a secret): a digest must get none of it.
Markers in ``absent`` are what Jinja would print if it ran.
"""

from __future__ import annotations

from . import Payload, digest, entry

_CODE = "```"
# what Jinja prints is nowhere in the text (nor in a slug of it)
_JINJA = '{{ "jinja" ~ 6 * 7 ~ "ran" }}'
_JINJA_RAN = "jinja42ran"


def _one(name: str, body: str, *, flagged: bool = True, **kwargs: object) -> Payload:
    """A payload of one entry whose summary is ``body``."""
    return Payload(name, digest(entry("Paper", body)), 1, flagged=flagged, **kwargs)  # type: ignore[arg-type]


def _math(name: str, tex: str) -> Payload:
    """TeX that reads, writes or redefines: inline, display and fenced."""
    body = (
        f"Inline ${tex}$.\n\n$$\n{tex}\n$$\n\n{_CODE}{{math}}\n{tex}\n{_CODE}\n\n"
        f"Role {{math}}`{tex}`."
    )
    return _one(name, body)


PAYLOADS = [
    # -- MyST substitutions (Jinja) ------------------------------------------------------
    _one("exec-substitution-secret", "The secret: {{ secret }}."),
    _one("exec-substitution-jinja", f"Jinja: {_JINJA}.", absent=(_JINJA_RAN,)),
    _one(
        "exec-substitution-env",
        "Env: {{ project_name }} {{ env.config.myst_substitutions }} {{ env.srcdir }}.",
        absent=("HostileProject",),
    ),
    _one(
        "exec-substitution-subclasses",
        "{{ ''.__class__.__mro__[1].__subclasses__() }} {{ self.__init__.__globals__ }}",
        absent=("<class '", "__builtins__"),
    ),
    _one(
        "exec-substitution-block",
        f":::{{note}}\n{_JINJA}\n\n{{{{ secret }}}}\n:::",
        absent=(_JINJA_RAN,),
    ),
    _one(
        "exec-substitution-statement",
        "{% for x in range(3) %}hostile-loop-ran{% endfor %}",
        flagged=False,
        absent=("hostile-loop-ranhostile-loop-ran",),
    ),
    Payload(
        "exec-substitution-title",
        "# 2021 {{ secret }}\n\n" + entry("{{ secret }} " + _JINJA, "Text."),
        1,
        flagged=False,
        absent=(_JINJA_RAN,),
    ),
    Payload(
        "exec-substitution-front",
        digest(
            entry("Paper"),
            front=f"title: '{{{{ secret }}}}'\nemoji: '{_JINJA}'\ntopics: ['{_JINJA}']",
        ),
        1,
        flagged=False,
        absent=(_JINJA_RAN,),
    ),
    Payload(
        "exec-substitution-structured",
        f"entries:\n  - title: '{{{{ secret }}}}'\n    summary: '{_JINJA}'\n",
        1,
        suffix=".yaml",
        absent=(_JINJA_RAN,),
    ),
    # -- directives and roles that run something -----------------------------------------
    _one("exec-toctree", f"{_CODE}{{toctree}}\n:glob:\n\n*\n{_CODE}"),
    _one("exec-paperdigest-nested", f"{_CODE}{{paperdigest}} ../control/digest.md\n{_CODE}"),
    _one("exec-paperdigest-self", ":::{paperdigest} digest.md\n:::"),
    _one(
        "exec-code-cell",
        f"{_CODE}{{code-cell}} python\nimport os; os.system('touch @CANARY_DIR@/ran')\n{_CODE}",
    ),
    _one("exec-dropdown", ":::{dropdown} Title\n{{ secret }}\n:::"),
    _one("exec-card-directive", ":::{card} Title\n:link: javascript:alert(1)\n:::"),
    _one("exec-raw-latex", f"{_CODE}{{raw}} latex\n\\input{{/etc/passwd}}\n{_CODE}"),
    _one("exec-only-directive", f"{_CODE}{{only}} latex\n\\immediate\\write18{{id}}\n{_CODE}"),
    _one(
        "exec-roles",
        "{doc}`/index` {ref}`genindex` {py:func}`os.system` {abbr}`x (y)` {eval-rst}`x`",
    ),
    _one("exec-role-in-title-link", "[{download}`x`](https://example.org/)"),
    _one(
        "exec-nested-admonitions",
        "".join(":::{note}\n" for _ in range(12)) + "deep\n" + ":::\n" * 12,
        flagged=False,  # nested colon fences are plain containers: shown, nothing refused
    ),
    _one(
        "exec-admonition-fence-nesting",
        f"{_CODE}{{note}}\n{_CODE}{{include}} @CANARY@\n{_CODE}\n{_CODE}",
    ),
    _one(
        "exec-code-block-options",
        f"{_CODE}{{code-block}} python\n:linenos:\n:emphasize-lines: 1-99999999\n"
        f":caption: x\nprint(1)\n{_CODE}",
        flagged=False,
    ),
    # -- TeX that reads, writes or redefines ------------------------------------------------
    _math("exec-tex-input", "\\input{/etc/passwd}"),
    _math("exec-tex-include", "\\include{@CANARY@}"),
    _math("exec-tex-write18", "\\immediate\\write18{touch @CANARY_DIR@/ran}"),
    _math("exec-tex-caret", "^^5cinput{/etc/passwd}"),
    _math("exec-tex-caret-four", "^^^^005cinput{/etc/passwd}"),
    _math("exec-tex-catcode", "\\catcode`\\^^M=13 \\catcode 64=11 x"),
    _math("exec-tex-openin", "\\openin5=/etc/passwd \\read5 to\\x \\x"),
    _math("exec-tex-def", "\\def\\x{\\input}\\x{/etc/passwd}"),
    _math("exec-tex-csname", "\\csname input\\endcsname{/etc/passwd}"),
    _math("exec-tex-filecontents", "\\begin{filecontents}{x.tex}y\\end{filecontents}"),
    _math("exec-tex-comment", "x % \\input{/etc/passwd}"),
    _math("exec-tex-usepackage", "\\usepackage{shellesc}\\ShellEscape{id}"),
    _math("exec-tex-let", "\\let\\frac\\input \\frac{/etc/passwd}"),
    _math("exec-tex-text-macro", "\\text{\\input{/etc/passwd}}"),
    _math("exec-tex-operatorname", "\\operatorname{\\write18{id}}"),
    _math("exec-tex-end-math", "x$ \\input{/etc/passwd} $y"),
    _math("exec-tex-end-display", "x \\end{equation} \\input{/etc/passwd} \\begin{equation}"),
    # -- TeX-looking text outside math: printed as text, so nothing to refuse ---------------
    Payload(
        "exec-tex-text",
        digest(
            entry(
                "\\input{/etc/passwd} ^^5c",
                "Text \\input{/etc/passwd} \\write18{id} ^^5cinput and `\\catcode` "
                f"and\n\n{_CODE}latex\n\\input{{/etc/passwd}}\n^^5c\n{_CODE}",
            ),
            entry("Topics", "<!-- paperdigest\ntopics: ['\\input{x}', '^^5c']\n-->\n\nText."),
        ),
        2,
        flagged=False,
    ),
    Payload(
        "exec-tex-urls",
        digest(
            entry(
                "Paper",
                "[x](https://example.org/^^5cinput{/etc/passwd}) "
                "[y](https://example.org/a%20b\\input{z}#^^) "
                "https://example.org/bare^^5c\\write18",
                url="https://example.org/t^^5c\\input{x}",
            )
        ),
        1,
        flagged=False,
    ),
    # -- Python format strings, YAML tags ------------------------------------------------------
    Payload(
        "exec-format-strings",
        digest(entry("%s %(x)s %n {0} {config} {0.__class__}", "Summary %s {x} %(y)d.")),
        1,
        flagged=False,
    ),
    Payload(
        "exec-yaml-python-object",
        digest(
            entry("Paper"),
            front="title: !!python/object/apply:os.system ['touch @CANARY_DIR@/ran']",
        ),
        1,
    ),
    Payload(
        "exec-yaml-python-name",
        digest(entry("Paper"), front="emoji: !!python/name:os.system"),
        1,
    ),
    Payload(
        "exec-yaml-meta-tag",
        digest(
            entry(
                "Paper",
                "<!-- paperdigest\n"
                "id: !!python/object/apply:os.system ['touch @CANARY_DIR@/ran']\n"
                "-->\n\nText.",
            )
        ),
        1,
    ),
    Payload(
        "exec-yaml-structured-tag",
        "entries:\n  - title: !!python/object/new:os.system ['touch @CANARY_DIR@/ran']\n",
        0,  # a structured digest that does not load is refused whole (structure)
        suffix=".yaml",
        flagged=True,
    ),
]
