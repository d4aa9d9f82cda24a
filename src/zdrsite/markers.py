"""`<!-- zdr:NAME -->` markers in a page's Markdown.

Like Material's own docs hooks, markers are HTML comments so the page still reads
as plain Markdown. One dispatcher reads the registry (registry.MARKERS), which
names each marker's page and renderer; an unknown marker, a marker on the wrong page, a missing or a repeated marker is
an error that names the page file and line.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from .diagrams import Chart, put_drawings
from .model import Lang
from .outline import Site
from .registry import BY_NAME, PAGES

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
        if name not in BY_NAME:
            found.append(f"{where}:{line}: unknown marker 'zdr:{name}' (known: {', '.join(BY_NAME)})")
        elif name not in required:
            found.append(f"{where}:{line}: marker 'zdr:{name}' belongs on {BY_NAME[name].page}, not here")
        elif name in seen:
            found.append(f"{where}:{line}: marker 'zdr:{name}' appears twice")
        else:
            seen.append(name)
    for name in required:
        if name not in seen and not any(f"'zdr:{name}'" in p for p in found):
            found.append(f"{where}: missing marker '<!-- zdr:{name} -->'")
    return found


# Generated HTML is set aside before the engine's Markdown converter sees the page
# and put back into the converted page: Python-Markdown would otherwise re-parse
# every byte of it with html.parser (twice, with MkDocs' anchor scan), most of a
# build at 100x data. A block is a run between blank lines that starts with a tag
# and ends with one; it becomes a paragraph holding a placeholder word. The word
# carries a random part drawn per build, so no page or text can spell one by
# chance; whatever is not put back in place fails the page.
_ID = re.compile(r'\sid="([^"]*)"')


@dataclass
class SetAside:
    """Blocks of generated HTML of one language, by placeholder number."""

    blocks: list[str] = field(default_factory=list)
    word: str = field(default_factory=lambda: f"zdrhtml{secrets.token_hex(8)}n")

    def take(self, markdown: str) -> str:
        """`markdown` with each block of raw HTML replaced by a placeholder."""
        parts = markdown.split("\n\n")
        for i, part in enumerate(parts):
            block = part.rstrip("\n")
            if block.startswith("<") and block.endswith(">") and not block.startswith("<!--"):
                parts[i] = part.replace(block, f"{self.word}{len(self.blocks)}")
                self.blocks.append(block)
        return "\n\n".join(parts)

    def put_back(self, html: str, where: str) -> tuple[str, set[str]]:
        """The converted page with its blocks back, and the ids those blocks hold
        (the engine validates links to anchors against the ids it saw)."""
        ids: set[str] = set()

        def block(match: re.Match[str]) -> str:
            found = self.blocks[int(match.group(2))]
            ids.update(_ID.findall(found))
            # Python-Markdown ends a raw block with a blank line, a paragraph without.
            return found + "\n" if match.group(1) else found

        put_back = re.sub(f"(<p>)?{self.word}([0-9]+)(?:</p>)?", block, html)
        # ... and strips the end of the page.
        html = put_back if html.endswith("\n") else put_back.rstrip("\n")
        if self.word in html:
            raise MarkerError(f"{where}: generated HTML could not be put back in place")
        return html, ids


def render_all(
    site: Site, lang: Lang, set_aside: SetAside | None = None, drawn: Mapping[Chart, str] | None = None
) -> dict[str, str]:
    """Every marker's Markdown in one language; with `set_aside`, its HTML blocks
    are kept there and the Markdown holds placeholders; with `drawn`, each Mermaid
    chart that has a drawing is that drawing (diagrams.py)."""
    take = set_aside.take if set_aside is not None else str
    return {name: take(put_drawings(marker.render(site, lang), lang, drawn or {})) for name, marker in BY_NAME.items()}


def expand(markdown: str, page: str, rendered: Mapping[str, str], footer: str, where: str) -> str:
    """Replace every marker of `page` by its rendered Markdown and append `footer`.

    Raises MarkerError with every problem of the page."""
    found = problems(markdown, page, where)
    if found:
        raise MarkerError("\n".join(found))
    return MARKER.sub(lambda m: rendered[m.group(1)], markdown).rstrip("\n") + "\n\n" + footer
