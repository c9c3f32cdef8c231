"""The in-browser filter: a bar of topic and year toggles and a text search.

Web HTML builders (``html``, ``dirhtml``, ``singlehtml``; not EPUB) get, on each
page that shows cards, one :class:`paperdigest_filter` node before the page's
first group of cards. :class:`InsertFilterBar` adds it after reading, with the
counts of the page's own entries, so the doctree other builders get never
holds it: they need no visitor, and print output is unchanged.

The bar is written ``hidden``: without JavaScript every card shows and no
dead control does. With scripting on, ``paperdigest-filter.css`` keeps the
bar's room from the first paint (invisible), so revealing it moves nothing; the
bar is one row (search box, count, a *Filters* button opening the toggles) so it
takes little of the first screen. ``paperdigest-filter.js`` (linked on those
pages only, with the stylesheet) reveals it, filters the cards by their
``data-topics``, ``data-year`` and text, and keeps the state in the URL query
(``?topic=NeRF&year=2021&q=attention``). See ``docs/filter.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders._epub_base import EpubBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform

from .assets import write_static
from .config import settings
from .i18n import _
from .nodes import Card, group_count, paperdigest_entry, paperdigest_grid, paperdigest_summary
from .sphinxcompat import builder_class

STATIC_DIR = Path(__file__).parent / "static"
JS_FILE = "paperdigest-filter.js"
CSS_FILE = "paperdigest-filter.css"
#: The bar's CSS class; its controls' attribute (``topic:<name>``, ``year:<year>``).
BAR_CLASS = "paperdigest-filter"
CONTROL_ATTR = "data-paperdigest-filter"
SEARCH_CLASS = "paperdigest-search"
_GROUP_INTRO_CLASS = "paperdigest-group-intro"


@dataclass(frozen=True, slots=True)
class Facet:
    """One toggle of the bar: the value it filters on and how many cards have it."""

    value: str
    count: int


@dataclass(frozen=True, slots=True)
class Facets:
    """What the bar offers: the page's number of cards, its topics and its years.

    Topics come most cards first, then by name; years newest first.
    """

    total: int
    topics: tuple[Facet, ...] = ()
    years: tuple[Facet, ...] = ()


def page_facets(cards: Iterable[Card]) -> Facets:
    """Count the cards, and the cards of each topic and each year."""
    topics: Counter[str] = Counter()
    years: Counter[int] = Counter()
    total = 0
    for card in cards:
        total += 1
        topics.update({topic.name for topic in card.topics})
        if card.year:
            years[card.year] += 1
    return Facets(
        total=total,
        topics=tuple(
            Facet(name, n) for name, n in sorted(topics.items(), key=lambda i: (-i[1], i[0]))
        ),
        years=tuple(Facet(str(year), years[year]) for year in sorted(years, reverse=True)),
    )


class paperdigest_filter(nodes.General, nodes.Element):
    """The filter bar of a page: its facets and the prefix of its element ids."""

    @classmethod
    def make(cls, facets: Facets, prefix: str) -> paperdigest_filter:
        """A bar offering ``facets``; its elements' ids start with ``prefix``."""
        node = cls(classes=[BAR_CLASS])
        node["facets"] = facets
        node["prefix"] = prefix
        return node

    @property
    def facets(self) -> Facets:
        """The page's counts."""
        facets = self["facets"]
        assert isinstance(facets, Facets)
        return facets

    @property
    def prefix(self) -> str:
        """What the ids of the bar's elements start with (unique on the page)."""
        return str(self["prefix"])


def is_web_html(builder: type[Builder]) -> bool:
    """Whether the builder makes web pages: HTML format, but not an e-book."""
    return builder.format == "html" and not issubclass(builder, EpubBuilder)


def insertion_point(grid: paperdigest_grid) -> tuple[nodes.Element, int]:
    """Where the bar goes: before the first group (heading, intro, cards) of ``grid``.

    A grid in a group section: before that section. A grid after a group
    rubric (and the group's intro): before the rubric. Otherwise before the grid.
    """
    anchor: nodes.Element = grid
    parent = grid.parent
    if isinstance(parent, nodes.section) and group_count(parent) is not None:
        anchor, parent = parent, parent.parent
    assert isinstance(parent, nodes.Element)
    index = parent.index(anchor)
    for before in range(index - 1, -1, -1):
        sibling = parent[before]
        if group_count(sibling) is not None:
            return parent, before
        if not _is_group_intro(sibling):
            break
    return parent, index


def _is_group_intro(node: nodes.Node) -> bool:
    return isinstance(node, paperdigest_summary) and _GROUP_INTRO_CLASS in node["classes"]


def _unique_prefix(document: nodes.document) -> str:
    """``paperdigest-filter``, or with a number when the page already uses those ids."""
    prefix, n = BAR_CLASS, 1
    while any(ident.startswith(prefix + "-") or ident == prefix for ident in document.ids):
        n += 1
        prefix = f"{BAR_CLASS}{n}"
    return prefix


class InsertFilterBar(SphinxPostTransform):
    """Put one filter bar on each web page that shows cards, before its first group."""

    default_priority = 95  # after EntriesForPrint (90); only web HTML gets here
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not settings(self.config).filter or not is_web_html(builder_class(self.env)):
            return
        grid = next(self.document.findall(paperdigest_grid), None)
        if grid is None:
            return
        facets = page_facets(entry.card for entry in self.document.findall(paperdigest_entry))
        if facets.total == 0:
            return
        parent, index = insertion_point(grid)
        parent.insert(index, paperdigest_filter.make(facets, _unique_prefix(self.document)))


# -- HTML ------------------------------------------------------------------------------

#: ``starttag`` takes a node for its ids and classes; tags without either use this.
_BARE = nodes.Element()


def _tag(translator: Any, name: str, classes: str, ident: str = "", **attributes: str) -> str:
    # a fresh node for an id: starttag extends the node's own list of ids
    node = nodes.Element(ids=[ident]) if ident else _BARE
    return str(translator.starttag(node, name, "", CLASS=classes, **attributes))


def _encode(translator: Any, text: str) -> str:
    return str(translator.encode(text))


def status_text(template: str, shown: int, total: int) -> str:
    """``template`` with ``{shown}`` and ``{total}`` replaced (a translation may drop one)."""
    return template.replace("{shown}", str(shown)).replace("{total}", str(total))


def _toggle(translator: Any, kind: str, facet: Facet) -> str:
    encode = translator.encode
    return (
        _tag(
            translator,
            "button",
            "paperdigest-filter-toggle",
            type="button",
            **{CONTROL_ATTR: f"{kind}:{facet.value}", "aria-pressed": "false"},
        )
        + f'<span class="paperdigest-filter-name">{encode(facet.value)}</span> '
        + '<span class="paperdigest-filter-count">'
        + '<span class="paperdigest-filter-hidden">(</span>'
        + f'{facet.count}<span class="paperdigest-filter-hidden">)</span></span></button>'
    )


def _group(translator: Any, ident: str, label: str, kind: str, facets: tuple[Facet, ...]) -> str:
    if not facets:
        return ""
    return (
        _tag(
            translator,
            "div",
            f"paperdigest-filter-group paperdigest-filter-{kind}s",
            role="group",
            **{"aria-labelledby": ident},
        )
        + _tag(translator, "span", "paperdigest-filter-label", ident)
        + str(translator.encode(label))
        + "</span>"
        + "".join(_toggle(translator, kind, facet) for facet in facets)
        + "</div>"
    )


def visit_filter_html(translator: Any, node: paperdigest_filter) -> None:
    """The bar: one row (search box, live count, a *Filters* button), then its panel.

    The panel (topic and year toggles, a clear button) opens from the button, so
    the row is all the bar takes of the first screen.
    """
    facets, prefix = node.facets, node.prefix
    # Translators: the filter's live count; {shown} and {total} are numbers, keep both
    template = _("{shown} of {total} papers")
    parts = [
        translator.starttag(
            node,
            "div",
            "",
            role="search",
            hidden="hidden",
            **{"aria-label": _("Filter the papers"), "data-status": template},
        ),
        _tag(translator, "div", "paperdigest-filter-row"),
        _search(translator, f"{prefix}-search"),
        _status(translator, template, facets.total),
        _disclosure(translator, f"{prefix}-panel"),
        "</div>",
        _tag(translator, "div", "paperdigest-filter-panel", f"{prefix}-panel", hidden="hidden"),
        _group(translator, f"{prefix}-topics", _("Topics"), "topic", facets.topics),
        _group(translator, f"{prefix}-years", _("Years"), "year", facets.years),
        _tag(translator, "div", "paperdigest-filter-footer"),
        _tag(translator, "button", "paperdigest-filter-clear", type="button"),
        _encode(translator, _("Clear filters")) + "</button></div></div></div>\n",
    ]
    translator.body.append("".join(parts))
    raise nodes.SkipNode


def _search(translator: Any, ident: str) -> str:
    # the label is for screen readers; the box shows a magnifier and its placeholder
    box = translator.emptytag(
        nodes.Element(ids=[ident]),
        "input",
        "",
        type="search",
        CLASS=SEARCH_CLASS,
        autocomplete="off",
        spellcheck="false",
        maxlength="200",
        placeholder=_("Title, summary or paper id"),
    )
    return (
        _tag(translator, "div", "paperdigest-filter-text")
        + _tag(translator, "label", "paperdigest-filter-hidden", **{"for": ident})
        + _encode(translator, _("Search the papers"))
        + f"</label>{box}</div>"
    )


def _status(translator: Any, template: str, total: int) -> str:
    # data-shown and data-total: the count in any language, for scripts and tests
    attributes = {"aria-live": "polite", "aria-atomic": "true"}
    attributes |= {"data-shown": str(total), "data-total": str(total)}
    return (
        _tag(translator, "p", "paperdigest-filter-status", role="status", **attributes)
        + _encode(translator, status_text(template, total, total))
        + "</p>"
    )


def _disclosure(translator: Any, panel: str) -> str:
    # its funnel icon is the stylesheet's (a mask): the page holds no inline SVG
    return (
        _tag(
            translator,
            "button",
            "paperdigest-filter-more",
            type="button",
            **{"aria-expanded": "false", "aria-controls": panel},
        )
        + "<span>"
        + _encode(translator, _("Filters"))
        + "</span>"
        # how many toggles are pressed, shown while the panel is closed (the script)
        + '<span class="paperdigest-filter-chosen" aria-hidden="true"></span></button>'
    )


# -- assets ----------------------------------------------------------------------------


def _add_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Link the script and stylesheet on pages with a bar (added in the page's context)."""
    if doctree is None or next(doctree.findall(paperdigest_filter), None) is None:
        return
    app.add_css_file(CSS_FILE)
    app.add_js_file(JS_FILE, loading_method="defer")


def _copy_assets(app: Sphinx) -> None:
    """``builder-inited``: ship the script and stylesheet (see :mod:`.assets`)."""
    builder = app.builder
    if builder is not None and settings(app.config).filter and is_web_html(type(builder)):
        for name in (JS_FILE, CSS_FILE):
            write_static(app, name, (STATIC_DIR / name).read_bytes())


def setup_filter(app: Sphinx) -> None:
    """Register the bar's node (HTML only), its post-transform and its assets."""
    app.add_node(paperdigest_filter, html=(visit_filter_html, None))
    app.add_post_transform(InsertFilterBar)
    app.connect("html-page-context", _add_assets)
    app.connect("builder-inited", _copy_assets)
