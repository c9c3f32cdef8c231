"""Math from a digest: an allow-list of TeX, so that math can neither run nor read.

Math reaches two engines: MathJax (or KaTeX) in HTML, and TeX itself in LaTeX
output. TeX is a programming language (``\\input``, ``\\write``, ``\\catcode``,
``\\def``...) and MathJax has ``\\href``, ``\\class``, ``\\style`` and
``\\require``. A deny-list cannot keep up with either, so math is checked
against the commands and environments that plain formulas use; math that uses
anything else is shown as code, with a warning.
"""

from __future__ import annotations

import re

_GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa "
    "lambda mu nu xi omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi "
    "psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega digamma"
)
_SYMBOLS = (
    "infty partial nabla forall exists nexists emptyset varnothing in notin ni subset supset "
    "subseteq supseteq subsetneq supsetneq cup cap setminus sqcup sqcap uplus wedge vee land "
    "lor neg lnot oplus ominus otimes oslash odot bigoplus bigotimes bigodot bigcup bigcap "
    "bigvee bigwedge biguplus bigsqcup times div cdot cdots ldots dots vdots ddots dotsc "
    "dotsb dotsm pm mp ast star circ bullet le leq ge geq ll gg lesssim gtrsim leqslant "
    "geqslant ne neq equiv approx cong sim simeq propto asymp doteq prec succ preceq succeq "
    "perp parallel mid nmid models vdash dashv top bot angle triangle triangleq "
    "to gets mapsto rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow "
    "longrightarrow longleftarrow longleftrightarrow Longrightarrow Longleftarrow "
    "Longleftrightarrow longmapsto implies impliedby iff uparrow downarrow updownarrow "
    "Uparrow Downarrow nearrow searrow swarrow nwarrow hookrightarrow hookleftarrow "
    "rightharpoonup leftharpoonup rightleftharpoons xrightarrow xleftarrow "
    "aleph hbar ell wp Re Im imath jmath prime backslash surd flat sharp natural "
    "clubsuit diamondsuit heartsuit spadesuit dagger ddagger S P checkmark "
    "lvert rvert lVert rVert vert Vert langle rangle lceil rceil lfloor rfloor lbrace rbrace "
    "lbrack rbrack lgroup rgroup backslash colon"
)
_OPERATORS = (
    "sum prod coprod int iint iiint oint lim limsup liminf sup inf max min arg argmax argmin "
    "det dim exp gcd hom ker lg ln log Pr deg sin cos tan cot sec csc arcsin arccos arctan "
    "sinh cosh tanh coth mod bmod pmod pod operatorname"
)
_STRUCTURE = (
    "frac dfrac tfrac cfrac binom dbinom tbinom sqrt root of over choose atop "
    "left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr "
    "overline underline overbrace underbrace overset underset stackrel substack "
    "hat widehat tilde widetilde bar vec dot ddot dddot acute grave breve check mathring "
    "overrightarrow overleftarrow underrightarrow underleftarrow boxed cancel "
    "limits nolimits displaystyle textstyle scriptstyle scriptscriptstyle "
    "quad qquad enspace thinspace negthinspace hspace space phantom hphantom vphantom "
    "smash mathstrut strut begin end hline cline tag notag nonumber label "
    "text textrm textit textbf texttt textsf textnormal mbox "
    "mathrm mathit mathbf mathsf mathtt mathcal mathbb mathfrak mathscr mathnormal "
    "boldsymbol bm pmb rm it bf sf tt cal "
    "color textcolor"
)
#: Every TeX command a digest's math may use.
COMMANDS = frozenset((_GREEK + " " + _SYMBOLS + " " + _OPERATORS + " " + _STRUCTURE).split())
#: Environments for ``\begin{...}``.
ENVIRONMENTS = frozenset(
    {
        "matrix",
        "pmatrix",
        "bmatrix",
        "Bmatrix",
        "vmatrix",
        "Vmatrix",
        "smallmatrix",
        "cases",
        "dcases",
        "rcases",
        "aligned",
        "alignedat",
        "gathered",
        "split",
        "array",
        "subarray",
    }
)
#: One-character commands: spacing, escaped specials, and the row break.
_SHORT = frozenset(",;:!> {}$%&#_|\\")

_TOKEN_RE = re.compile(r"\\([A-Za-z]+|.)|([{}])|(\^\^)|([%#])", re.S)
_ENV_RE = re.compile(r"\s*\{([A-Za-z]+)\}")
_COLOR_RE = re.compile(r"\s*\{([A-Za-z]+)\}")
#: Longer math is not a formula: refuse it rather than hand it to TeX.
MAX_LENGTH = 4000


def tex_problem(tex: str) -> str | None:
    """Why ``tex`` may not be shown as math, or None when it may."""
    if len(tex) > MAX_LENGTH:
        return f"math longer than {MAX_LENGTH} characters"
    depth = 0
    for match in _TOKEN_RE.finditer(tex):
        command, brace, caret, comment = match.groups()
        if caret or comment:
            # ^^41 writes any character (a backslash too); % hides the rest of the
            # line; # is a macro parameter
            return f"{match.group(0)!r} is not allowed in math"
        if brace:
            depth += 1 if brace == "{" else -1
            if depth < 0:
                return "unbalanced braces"
            continue
        why = _command_problem(command, tex, match.end())
        if why:
            return why
    return "unbalanced braces" if depth else None


def _command_problem(command: str, tex: str, end: int) -> str | None:
    """Why ``\\command`` (its argument starts at ``end``) is refused, or None."""
    if len(command) == 1:
        return None if command in _SHORT else f"\\{command} is not allowed in math"
    if command not in COMMANDS:
        return f"\\{command} is not allowed in math"
    if command in {"begin", "end"}:
        env = _ENV_RE.match(tex, end)
        if env is None or env.group(1) not in ENVIRONMENTS:
            return f"\\{command} needs one of the environments " + ", ".join(sorted(ENVIRONMENTS))
    elif command in {"color", "textcolor"} and _COLOR_RE.match(tex, end) is None:
        return f"\\{command} takes a colour name"
    return None
