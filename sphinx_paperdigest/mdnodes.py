"""Digest Markdown tokens to docutils nodes, by an allow-list of token types.

Only the tokens of :mod:`.core.profile` become nodes, and only standard
docutils nodes (plus sphinx-design's dropdown component), so that every
builder writes them. A token this module does not know becomes its text: a
digest cannot reach any other part of Sphinx through its summaries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.token import Token
from sphinx import addnodes
from sphinx_design.shared import create_component

from .core import profile, urls
from .core.html import scan_html
from .mdtables import table

#: Makes a picture node from ``(src, alt, width, height, line)``, or None to drop it.
PictureMaker = Callable[[str, str, str | None, str | None, int | None], nodes.image | None]
#: Reports a problem: ``(code, line, message)``.
Reporter = Callable[[str, int | None, str], None]
#: Whether Pygments (through Sphinx) can highlight a language.
LanguageCheck = Callable[[str], bool]

_ADMONITION_NODES: dict[str, type[nodes.Element]] = {
    "note": nodes.note,
    "warning": nodes.warning,
    "tip": nodes.tip,
    "important": nodes.important,
    "caution": nodes.caution,
    "attention": nodes.attention,
    "danger": nodes.danger,
    "error": nodes.error,
    "hint": nodes.hint,
    "seealso": addnodes.seealso,
}


@dataclass
class Context:
    """What a conversion needs from its caller."""

    md: MarkdownIt
    source: str
    picture: PictureMaker
    report: Reporter
    language_ok: LanguageCheck
    id_prefix: str
    #: footnote number -> ids of the references to it (its back-links)
    footnotes: dict[int, list[str]] = field(default_factory=dict)
    #: the number of the footnote whose body is being converted, if any
    inside_footnote: int | None = None
    #: whether a node took an id made of ``id_prefix`` (a cached render keeps it)
    prefix_used: bool = False


def _pairs(tokens: Sequence[Token]) -> dict[int, int]:
    """``{index of an opening token: index of its closing token}``."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, token in enumerate(tokens):
        if token.nesting == 1:
            stack.append(i)
        elif token.nesting == -1 and stack:
            pairs[stack.pop()] = i
    return pairs


class Converter:
    """Converts the tokens of one Markdown fragment (a summary or an intro)."""

    def __init__(self, context: Context, offset: int, depth: int = 0) -> None:
        self.context = context
        self.offset = offset
        self.depth = depth

    def convert(self, text: str) -> list[nodes.Node]:
        """The nodes of ``text``; its first line is line ``offset + 1`` of the digest."""
        tokens = self.context.md.parse(text, {})
        holder = nodes.Element()
        self.blocks(tokens, 0, len(tokens), holder, _pairs(tokens))
        children = list(holder.children)
        holder.clear()
        return children

    # -- blocks -------------------------------------------------------------------------

    def report(self, problems: Sequence[profile.Problem]) -> None:
        for problem in problems:
            self.context.report(problem.code, problem.line, problem.message)

    def line_of(self, token: Token) -> int | None:
        return self.offset + token.map[0] + 1 if token.map else None

    def locate(self, node: nodes.Element, token: Token) -> nodes.Element:
        node.source, node.line = self.context.source, self.line_of(token)
        return node

    def blocks(
        self,
        tokens: Sequence[Token],
        start: int,
        end: int,
        parent: nodes.Element,
        pairs: dict[int, int],
    ) -> None:
        i = start
        while i < end:
            token = tokens[i]
            if token.nesting == 1:
                close = pairs.get(i, end)
                self.open_block(tokens, i, close, parent, pairs)
                i = close + 1
            else:
                self.leaf_block(token, parent)
                i += 1

    def open_block(
        self,
        tokens: Sequence[Token],
        i: int,
        close: int,
        parent: nodes.Element,
        pairs: dict[int, int],
    ) -> None:
        token = tokens[i]
        kind = token.type
        self.report(profile.block_problems(token, self.line_of(token)))
        if kind == "paragraph_open":
            para = self.locate(nodes.paragraph(), token)
            for inline in tokens[i + 1 : close]:
                if inline.type == "inline":
                    para.rawsource = inline.content
                    self.inline(inline.children or [], para, self.line_of(token))
            if para.children:
                parent += para
            return
        if kind == "heading_open":
            rubric = self.locate(nodes.rubric(classes=["paperdigest-heading"]), token)
            self.inline(tokens[i + 1].children or [], rubric, self.line_of(token))
            parent += rubric
            return
        if kind == "table_open":
            parent += table(self, tokens, i, close)
            return
        if kind == "container_colon_open":
            self.container(tokens, i, close, parent, pairs)
            return
        if kind == "footnote_block_open":
            self.footnotes(tokens, i, close, parent, pairs)
            return
        node = self.block_node(token)
        self.blocks(tokens, i + 1, close, node, pairs)
        parent += node

    def block_node(self, token: Token) -> nodes.Element:
        """The node of an opening token whose children are blocks."""
        kind = token.type
        node: nodes.Element
        if kind == "bullet_list_open":
            node = nodes.bullet_list(bullet=token.markup or "-")
        elif kind == "ordered_list_open":
            node = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
            start = token.attrs.get("start")
            if isinstance(start, int | str) and str(start).isdigit() and int(start) != 1:
                node["start"] = int(start)
        elif kind == "list_item_open":
            node = nodes.list_item()
        elif kind == "blockquote_open":
            node = nodes.block_quote()
        else:  # a block this profile does not name: a plain box keeps its content
            node = nodes.container()
        return self.locate(node, token)

    def leaf_block(self, token: Token, parent: nodes.Element) -> None:
        kind = token.type
        self.report(profile.block_problems(token, self.line_of(token)))
        if kind in {"fence", "code_block"}:
            parent += self.fence(token) if kind == "fence" else self.code(token, None)
        elif kind in {"math_block", "math_block_label"}:
            parent += self.math_block(token.content, token)
        elif kind == "html_block":
            for image in self.html_pictures(token.content, self.line_of(token)):
                parent += image
        elif kind == "inline":  # stray inline (markdown-it gives none outside blocks)
            para = self.locate(nodes.paragraph(), token)
            self.inline(token.children or [], para, self.line_of(token))
            parent += para
        elif kind != "hr" and token.content.strip():
            parent += self.locate(nodes.paragraph(text=token.content), token)

    def code(self, token: Token, language: str | None, text: str | None = None) -> nodes.Element:
        body = token.content if text is None else text
        body = body.removesuffix("\n")
        block = nodes.literal_block(body, body)
        # force: a digest's code that does not lex is shown plain, without a
        # Sphinx warning the digest's author cannot silence (the writers read
        # node["force"] into the highlighter's arguments)
        block["force"] = True
        block["language"] = language if language and self.context.language_ok(language) else "none"
        return self.locate(block, token)

    def fence(self, token: Token) -> nodes.Element:
        found = profile.fence(token.info)
        if found.kind == "code":
            return self.code(token, found.language)
        if found.kind == "math":
            return self.math_block(token.content, token)
        if found.kind == "admonition" and self.depth + 1 < profile.MAX_DEPTH:
            body = profile.directive_body(token.content)
            # the body starts on the line after the fence's opening line
            offset = self.line_of(token) or self.offset
            children = Converter(self.context, offset, self.depth + 1).convert(body)
            return self.admonition(found, token, children)
        if found.kind == "admonition":  # nested too deeply (refused ones are reported)
            self.context.report("syntax", self.line_of(token), profile.TOO_DEEP)
        source = f"{token.markup}{token.info}\n{token.content}{token.markup}"
        return self.code(token, None, source)

    def admonition(
        self, found: profile.Fence, token: Token, children: list[nodes.Node]
    ) -> nodes.Element:
        node: nodes.Element
        if found.name == "admonition":
            title = found.argument or "Note"
            node = nodes.admonition(classes=[f"admonition-{nodes.make_id(title)}"])
            node += self.locate(nodes.title(title, title), token)
        else:
            node = _ADMONITION_NODES[found.name]()
            if found.argument:  # these take no title: keep the words as text
                node += self.locate(nodes.paragraph(found.argument, found.argument), token)
        node.extend(children)
        return self.locate(node, token)

    def container(
        self,
        tokens: Sequence[Token],
        i: int,
        close: int,
        parent: nodes.Element,
        pairs: dict[int, int],
    ) -> None:
        token = tokens[i]
        found = profile.container(token.info)
        holder = nodes.Element()
        self.blocks(tokens, i + 1, close, holder, pairs)
        children = list(holder.children)
        holder.clear()
        if found.kind == "admonition":
            parent += self.admonition(found, token, children)
        elif found.kind == "details":
            parent += self.dropdown(found.argument, token, children)
        else:
            box = nodes.container(classes=["paperdigest-box"])
            box.extend(children)
            parent += self.locate(box, token)

    def dropdown(self, title: str, token: Token, children: list[nodes.Node]) -> nodes.Element:
        """Zenn's ``:::details Title``: sphinx-design's dropdown, as its directive makes it."""
        node = create_component(
            "dropdown",
            opened=False,
            type="dropdown",
            has_title=bool(title),
            icon=None,
            chevron=None,
            container_classes=["sd-mb-3"],
            title_classes=[],
            body_classes=[],
        )
        if title:
            node += nodes.rubric(title, title)
        node.extend(children)
        return self.locate(node, token)

    def math_block(self, tex: str, token: Token) -> nodes.Element:
        if profile.math_problem(tex):  # reported with the block's problems
            return self.code(token, None, tex.strip("\n"))
        text = tex.strip("\n")
        block = nodes.math_block(text, text, nowrap=False, number=None)
        return self.locate(block, token)

    # -- footnotes ---------------------------------------------------------------------

    def footnote_id(self, number: int) -> str:
        self.context.prefix_used = True
        return f"{self.context.id_prefix}-fn{number + 1}"

    def footnotes(
        self,
        tokens: Sequence[Token],
        start: int,
        close: int,
        parent: nodes.Element,
        pairs: dict[int, int],
    ) -> None:
        i = start + 1
        while i < close:
            token = tokens[i]
            end = pairs.get(i, i)
            if token.type == "footnote_open":
                number = int(token.meta.get("id", 0))
                note = nodes.footnote(ids=[self.footnote_id(number)])
                note["backrefs"] = list(self.context.footnotes.get(number, []))
                label = str(number + 1)
                note += nodes.label(label, label)
                outer, self.context.inside_footnote = self.context.inside_footnote, number
                self.blocks(tokens, i + 1, end, note, pairs)
                self.context.inside_footnote = outer
                note.source = self.context.source
                parent += note
            i = end + 1

    def footnote_reference(self, token: Token) -> nodes.Element:
        number = int(token.meta.get("id", 0))
        label = str(number + 1)
        inside = self.context.inside_footnote
        if inside is not None and number <= inside:
            # a footnote that refers to itself or to an earlier one can make a
            # cycle, which Sphinx's LaTeX writer cannot place (it raises): the
            # mark stays, unlinked
            return nodes.superscript(label, label)
        sub = int(token.meta.get("subId", 0))
        ref_id = f"{self.footnote_id(number)}-ref{sub + 1}"
        self.context.footnotes.setdefault(number, []).append(ref_id)
        return nodes.footnote_reference(label, label, ids=[ref_id], refid=self.footnote_id(number))

    # -- inlines -----------------------------------------------------------------------

    def inline(self, children: Sequence[Token], parent: nodes.Element, line: int | None) -> None:
        self.report(profile.inline_problems(children, line))
        stack: list[nodes.Element] = [parent]
        i = 0
        while i < len(children):
            child = children[i]
            kind = child.type
            nxt = children[i + 1] if i + 1 < len(children) else None
            if kind == "text":
                role = profile.role_before(child.content)
                if role and nxt is not None and nxt.type == "code_inline":
                    node = self.role(role, nxt.content, line)
                    if node is not None:
                        text = child.content[: -len(role) - 2]
                        if text:
                            stack[-1] += nodes.Text(text)
                        stack[-1] += node
                        i += 2
                        continue
                stack[-1] += nodes.Text(child.content)
            elif kind in {"softbreak", "hardbreak"}:
                stack[-1] += nodes.Text("\n")
                line = line + 1 if line is not None else None
            elif kind.endswith("_close"):
                if len(stack) > 1:
                    stack.pop()
            elif kind in {"em_open", "strong_open", "s_open", "link_open"}:
                node = self.span(child)
                stack[-1] += node
                stack.append(node)
            else:
                for node in self.inline_leaf(child, line):
                    stack[-1] += node
            i += 1

    def span(self, token: Token) -> nodes.Element:
        kind = token.type
        if kind == "em_open":
            return nodes.emphasis()
        if kind == "strong_open":
            return nodes.strong()
        if kind == "s_open":
            return nodes.inline(classes=["paperdigest-strike"])
        href = str(token.attrs.get("href", ""))
        if not href or not urls.is_safe_url(href):
            # the reader reports unsafe links; the text stays
            return nodes.inline()
        ref = nodes.reference(refuri=href)
        title = token.attrs.get("title")
        if title:
            ref["reftitle"] = str(title)
        return ref

    def inline_leaf(self, token: Token, line: int | None) -> list[nodes.Node]:
        kind = token.type
        if kind == "code_inline":
            return [nodes.literal(token.content, token.content)]
        if kind == "image":
            attrs = token.attrs
            alt = "".join(c.content for c in token.children or [] if c.type == "text")
            width, height = attrs.get("width"), attrs.get("height")
            image = self.context.picture(
                str(attrs.get("src", "")),
                alt,
                str(width) if width is not None else None,
                str(height) if height is not None else None,
                line,
            )
            return [image] if image is not None else []
        if kind == "html_inline":
            return list(self.html_pictures(token.content, line))
        if kind in {"math_inline", "math_inline_double"}:
            return [self.math(token.content, line)]
        if kind == "footnote_ref":
            return [self.footnote_reference(token)]
        return [nodes.Text(token.content)] if token.content else []

    def role(self, name: str, text: str, line: int | None) -> nodes.Node | None:
        """The node of an allowed role; None leaves ``{name}`text``` as it is written."""
        if profile.role_problem(name):
            return None
        if name == "math":
            return self.math(text, line)
        if name == "sub":
            return nodes.subscript(text, text)
        return nodes.superscript(text, text)

    def math(self, tex: str, line: int | None) -> nodes.Node:
        if profile.math_problem(tex):  # reported with the inline's problems
            return nodes.literal(tex, tex)
        return nodes.math(tex, tex)

    def html_pictures(self, html: str, line: int | None) -> list[nodes.image]:
        """The ``<img>`` tags of raw HTML as pictures; the rest is dropped (the reader says so)."""
        found = []
        for attrs in scan_html(html).images:
            image = self.context.picture(
                attrs.get("src", "").strip(),
                attrs.get("alt", ""),
                attrs.get("width"),
                attrs.get("height"),
                line,
            )
            if image is not None:
                found.append(image)
        return found
