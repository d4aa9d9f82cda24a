"""`<!-- zdr:NAME -->` markers in a page's Markdown.

Like Material's own docs hooks, markers are HTML comments so the page still reads
as plain Markdown. One dispatcher (RENDERERS) maps each marker to its renderer;
an unknown marker, a marker on the wrong page, a missing or a repeated marker is
an error that names the page file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from . import render
from .checker import checker
from .model import Lang, Policy
from .outline import MARKER_ENTRIES, PAGES

# Marker name -> renderer, each a pure function (policy, lang) -> Markdown that
# draws the entries outline.MARKER_ENTRIES lists for the marker.
RENDERERS: dict[str, Callable[[Policy, Lang], str]] = {
    "landing": render.landing,
    "about": render.about,
    "retention-summary": render.retention_summary,
    "retention": render.retention,
    "glossary": render.glossary,
    "overview": render.overview,
    "related-resources": render.related_resources,
    "eligible-table": render.eligible_table,
    "not-eligible-table": render.not_eligible_table,
    "special-cases": render.special_cases,
    "limits": render.limits,
    "faq": render.faq,
    "flowchart": render.flowchart,
    "checker": checker,
    "changelog": render.changelog,
}
assert set(RENDERERS) == set(MARKER_ENTRIES), "every marker needs a renderer and an outline"

MARKER = re.compile(r"^<!--\s*zdr:([a-z0-9-]+)\s*-->[ \t]*$", re.MULTILINE)


class MarkerError(Exception):
    pass


def problems(markdown: str, page: str, where: str) -> list[str]:
    """What is wrong with the markers of `page` (e.g. "faq.md"); `where` names the
    file in messages (e.g. "docs/ja/faq.md")."""
    required = PAGES.get(page, ())
    seen: list[str] = []
    found: list[str] = []
    for match in MARKER.finditer(markdown):
        name = match.group(1)
        line = markdown.count("\n", 0, match.start()) + 1
        if name not in RENDERERS:
            found.append(f"{where}:{line}: unknown marker 'zdr:{name}' (known: {', '.join(RENDERERS)})")
        elif name not in required:
            home = next((p for p, m in PAGES.items() if name in m), "?")
            found.append(f"{where}:{line}: marker 'zdr:{name}' belongs on {home}, not here")
        elif name in seen:
            found.append(f"{where}:{line}: marker 'zdr:{name}' appears twice")
        else:
            seen.append(name)
    for name in required:
        if name not in seen and not any(f"'zdr:{name}'" in p for p in found):
            found.append(f"{where}: missing marker '<!-- zdr:{name} -->'")
    return found


def render_all(policy: Policy, lang: Lang) -> dict[str, str]:
    """Every marker's Markdown in one language."""
    return {name: renderer(policy, lang) for name, renderer in RENDERERS.items()}


def expand(markdown: str, page: str, rendered: Mapping[str, str], footer: str, where: str) -> str:
    """Replace every marker of `page` by its rendered Markdown and append `footer`.

    Raises MarkerError with every problem of the page."""
    found = problems(markdown, page, where)
    if found:
        raise MarkerError("\n".join(found))
    return MARKER.sub(lambda m: rendered[m.group(1)], markdown).rstrip("\n") + "\n\n" + footer
