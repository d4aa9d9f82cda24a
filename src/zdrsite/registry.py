"""The one list of the site's markers: each `<!-- zdr:NAME -->` with the page it
belongs on, the entries it puts there and the renderer that draws them.

Pages, the outline (and so links, search, exports and the link contract), the
marker dispatcher and the tests all read this list; a new marker or kind of entry
is one line here (plus its records, entry builder and renderer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from . import outline, render
from .checker import checker
from .model import Lang, Policy
from .outline import MarkerEntries, Site


@dataclass(frozen=True)
class Marker:
    name: str
    """As written in a page: `<!-- zdr:NAME -->`."""
    page: str
    """The page it belongs on, relative to docs/<lang>/ (e.g. "faq.md"). A marker
    draws facts whose anchors other pages link to, so it appears on that page only."""
    render: Callable[[Site, Lang], str]
    """A pure function (site, lang) -> Markdown that draws exactly `entries`."""
    entries: MarkerEntries = outline.no_entries
    """The linkable entries it puts on its page, with their ids, in order."""
    formerly: tuple[str, ...] = ()
    """Pages its entries were once on. Guides link to them there: each of those
    pages keeps their anchors (its `moved` marker) and sends a reader on."""


MARKERS: tuple[Marker, ...] = (
    Marker("landing", "index.md", render.landing),
    Marker("about", "index.md", render.about),
    Marker("retention-summary", "index.md", render.retention_summary),
    Marker("overview", "index.md", render.overview, outline.overview_entries),
    Marker("related-resources", "index.md", render.related_resources, outline.related_entries),
    Marker("feature-tables", "eligibility.md", render.feature_tables, outline.feature_table_entries),
    # The retention table was on the eligibility page until 2026-12-01 (it moved to
    # keep that page within its weight): links to its rows there still land.
    Marker("moved", "eligibility.md", partial(render.moved, page="eligibility.md")),
    Marker("products", "eligibility.md", render.products_table, outline.products_entries),
    Marker("retention", "retention.md", render.retention, outline.retention_entries, formerly=("eligibility.md",)),
    Marker("hipaa", "hipaa.md", render.hipaa, outline.hipaa_entries),
    Marker("limits", "limits.md", render.limits, outline.limits_entries),
    Marker("faq", "faq.md", render.faq, outline.faq_entries),
    Marker("glossary", "faq.md", render.glossary, outline.glossary_entries),
    Marker("flowchart", "flowchart.md", render.flowchart, outline.flowchart_entries),
    Marker("checker", "checker.md", checker, outline.checker_entries),
    Marker("code-patterns", "scan.md", render.code_patterns, outline.code_patterns_entries),
    Marker("changelog", "changes.md", render.changelog, outline.changelog_entries),
    # The maintainer guide shows the same patterns as the data writes them, under a
    # heading of its own (the anchors stay on the scan page).
    Marker("code-patterns-data", "maintainers.md", render.code_patterns_data),
)


class RegistryError(Exception):
    pass


def by_name(markers: Iterable[Marker]) -> dict[str, Marker]:
    """Marker name -> marker; a name declared twice is an error."""
    found: dict[str, Marker] = {}
    for marker in markers:
        if marker.name in found:
            raise RegistryError(f"marker 'zdr:{marker.name}' is declared twice")
        found[marker.name] = marker
    return found


def pages_of(markers: Iterable[Marker]) -> dict[str, tuple[Marker, ...]]:
    """Page -> its markers in order; pages in the order they are first named."""
    pages: dict[str, list[Marker]] = {}
    for marker in markers:
        pages.setdefault(marker.page, []).append(marker)
    return {page: tuple(found) for page, found in pages.items()}


BY_NAME: Mapping[str, Marker] = by_name(MARKERS)
PAGES: Mapping[str, tuple[str, ...]] = {page: tuple(m.name for m in found) for page, found in pages_of(MARKERS).items()}
"""Page (relative to docs/<lang>/) -> the names of the markers it must carry, in order."""


def build_site(policy: Policy, markers: Iterable[Marker] = MARKERS) -> Site:
    """The policy with the outline of the site its markers make."""
    markers = tuple(markers)
    pages = [(page, [(m.name, m.entries) for m in found]) for page, found in pages_of(markers).items()]
    return Site(policy, outline.build_outline(policy, pages, {m.name: m.formerly for m in markers if m.formerly}))
