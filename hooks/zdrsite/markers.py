"""Expand `<!-- zdr:NAME -->` markers in a page's Markdown.

Like Material's own docs hooks, markers are HTML comments so the page still reads
as plain Markdown. An unknown marker, a marker on the wrong page, a missing or a
repeated marker is an error that names the page and line.
"""

from __future__ import annotations

import re

from . import render
from .checker import checker
from .model import Lang, Policy
from .pages import PAGES
from .render import source_footer

# Marker name -> renderer, each a pure function (policy, lang) -> Markdown.
RENDERERS = {
    "about": render.about,
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

MARKER = re.compile(r"^<!--\s*zdr:([a-z0-9-]+)\s*-->[ \t]*$", re.MULTILINE)


class MarkerError(Exception):
    pass


def expand(markdown: str, page: str, policy: Policy, lang: Lang, source: str = "") -> str:
    """Replace every marker of `page` (e.g. "faq.md") and append the source footer.

    `source` names the page file in messages (defaults to `page`).
    """
    where = source or page
    required = PAGES.get(page, ())
    seen: list[str] = []
    problems: list[str] = []

    def replace(match: re.Match) -> str:
        name = match.group(1)
        line = markdown.count("\n", 0, match.start()) + 1
        if name not in RENDERERS:
            problems.append(f"{where}:{line}: unknown marker 'zdr:{name}' (known: {', '.join(RENDERERS)})")
        elif name not in required:
            problems.append(f"{where}:{line}: marker 'zdr:{name}' belongs on "
                            f"{next((p for p, m in PAGES.items() if name in m), '?')}, not here")
        elif name in seen:
            problems.append(f"{where}:{line}: marker 'zdr:{name}' appears twice")
        else:
            seen.append(name)
            return RENDERERS[name](policy, lang)
        return ""

    out = MARKER.sub(replace, markdown)
    for name in required:
        if name not in seen and not any(f"'zdr:{name}'" in p for p in problems):
            problems.append(f"{where}: missing marker '<!-- zdr:{name} -->'")
    if problems:
        raise MarkerError("\n".join(problems))
    return out.rstrip("\n") + "\n\n" + source_footer(policy, lang)
