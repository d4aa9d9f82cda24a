"""One build of the site, engine-free: everything computed from the data, held on
one object that the MkDocs hook creates afresh at the start of every build.

Everything that depends on the data and can fail (loading, checking, rendering
every marker in every language, the pages' markers, the exports) happens in
`SiteBuild.start`, before the engine touches the output folder. What is collected
while pages render (their titles, the headings of hand-written pages) lives here
too, so nothing survives from one build to the next.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import diagrams, languages, loader, markers, minify, validator
from .checker import ITEMS, checker_items
from .exports import exports
from .flowchart import mermaid_charts
from .outline import Outline, Site, page_url
from .registry import BY_NAME, PAGES, build_site
from .render import source_footer
from .search import search_index

# An explicit anchor of a hand-written heading: `# Title {#anchor}`.
_ANCHOR = re.compile(r"\{#([^}\s]+)\}")


def _anchor_collisions(markdown: str, where: str, outline: Outline) -> list[str]:
    """Anchors of a page's own headings that an id of the data also uses."""
    return [
        f"{where}:{markdown.count(chr(10), 0, m.start()) + 1}: anchor {m.group(1)!r} is also an id in "
        f"{loader.DATA_FILE.as_posix()}; rename one of them"
        for m in _ANCHOR.finditer(markdown)
        if m.group(1) in outline
    ]


def site_problems(loaded: loader.Loaded, site: Site) -> list[loader.Problem]:
    """What only the site's outline shows of the data: an id that is also an anchor
    the site makes of another (the flowchart's text, the checker, a changelog
    date), two elements with one anchor. The loader knows no pages, so the site
    checks this where it is built."""
    outline = site.outline
    uses: dict[str, list[str]] = {}
    for entry in outline.entries():
        uses.setdefault(entry.id, []).append(f"a {entry.kind} on {entry.page}")
    paths = dict(loader.walk_ids(loaded.data))
    return [
        loaded.problem(
            paths.get(ident, ("decision", "id")),
            f"id {loader.show(ident)} is used twice on the site: {' and '.join(found)}; rename it",
        )
        for ident, found in uses.items()
        if len(found) > 1
    ]


# The site's own assets are served minified (docs/assets/*), made in `start`.
MINIFY = {".css": minify.css, ".js": minify.js}


class BuildError(Exception):
    """The data or a page is unusable; str() is the whole report, one problem a line."""


@dataclass
class SiteBuild:
    loaded: loader.Loaded
    site: Site
    """The policy and the outline of the pages it makes."""
    rendered: dict[str, dict[str, str]]
    """Language -> marker -> Markdown, its HTML blocks set aside."""
    set_aside: dict[str, markers.SetAside]
    """Language -> the HTML blocks of its markers."""
    footers: dict[str, str]
    exports: dict[str, str]
    """File at the site root -> content: zdr.json, llms.txt, ..."""
    page_titles: dict[str, dict[str, str]] = field(default_factory=dict)
    """Language -> page file -> title, as the engine rendered it."""
    headings: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)
    """Language -> hand-written page file -> its (anchor, heading) pairs."""
    assets: dict[str, str] = field(default_factory=dict)
    """The site's own stylesheet and scripts (path below docs/ -> minified content)."""
    extra_files: dict[str, str] = field(default_factory=dict)
    """More files to write at the end (path below the site root -> content)."""

    drawn: bool = False
    """Every chart was drawn here: no page needs Mermaid in the reader's browser."""
    notes: list[str] = field(default_factory=list)
    """What the build should tell (not problems: the site is whole)."""
    problem: str | None = None
    """Under `mkdocs serve`, while the data is broken: its first problem, which every
    page of the last good site shows in a banner (serving_last_good)."""

    def serving_last_good(self, report: str) -> SiteBuild:
        """This (good) build again, for one more build of the same site while the
        data is broken: what a build collects starts empty, and every page shows
        the first problem of `report` (BuildError's, one problem a line)."""
        lines = [line for line in report.splitlines() if line.strip()]
        first = lines[1] if len(lines) > 1 and lines[0].endswith(":") else (lines or [""])[0]
        return replace(self, page_titles={}, headings={}, extra_files={}, notes=[], problem=first)

    @classmethod
    def start(cls, project: Path, docs_dir: Path, site_url: str, drawer: diagrams.Drawer | None = None) -> SiteBuild:
        """Load and render everything, or raise BuildError naming each problem.
        With `drawer`, the flowcharts are drawn here (diagrams.py)."""
        try:
            loaded = loader.load(project / loader.DATA_FILE)
        except loader.DataError as err:
            raise BuildError(f"invalid data file:\n{err}") from None
        site = build_site(loaded.policy)
        found = site_problems(loaded, site)
        if found:
            raise BuildError("invalid data file:\n" + "\n".join(map(str, found)))
        problems = []
        for lang in languages.LANGUAGES:
            for page in PAGES:
                path = docs_dir / lang / page
                where = path.relative_to(project).as_posix() if path.is_relative_to(project) else str(path)
                if not path.is_file():
                    problems.append(f"{where}: missing page")
                    continue
                markdown = path.read_text(encoding="utf-8-sig")
                problems += markers.problems(markdown, page, where)
                problems += _anchor_collisions(markdown, where, site.outline)
        assets = {
            path.relative_to(docs_dir).as_posix(): MINIFY[path.suffix](path.read_text(encoding="utf-8"))
            for path in sorted((docs_dir / "assets").glob("*"))
            if path.suffix in MINIFY
        }
        if problems:
            raise BuildError("\n".join(problems))
        charts = [
            c
            for lang in languages.LANGUAGES
            for c in diagrams.page_charts(lang, [chart.source for chart in mermaid_charts(site, lang)])
        ]
        drawings = diagrams.Drawings()
        if drawer is not None:
            try:
                drawings = drawer.draw(charts)
            except diagrams.DrawingError as err:
                raise BuildError(
                    f"the flowcharts could not be drawn: {err}\n"
                    "(ZDR_CHROMIUM= with nothing after it leaves them to the reader's browser)"
                ) from None
        set_aside = {lang: markers.SetAside() for lang in languages.LANGUAGES}
        return cls(
            loaded=loaded,
            site=site,
            rendered={
                lang: markers.render_all(site, lang, set_aside[lang], drawings.svg) for lang in languages.LANGUAGES
            },
            set_aside=set_aside,
            footers={lang: source_footer(site, lang) for lang in languages.LANGUAGES},
            exports=exports(site, loaded.data, loaded.schema_text, site_url),
            assets=assets,
            drawn=all(chart in drawings.svg for chart in charts),
            notes=drawings.notes
            + [
                f"flowchart {chart.id} ({chart.lang}) is left to the reader's browser: {why}"
                for chart, why in drawings.refused.items()
            ]
            + (
                []
                if validator.is_current(loaded.schema_text)
                else [
                    f"the schema changed since {validator.GENERATED.name} was made (compiled now): {validator.COMMAND}"
                ]
            ),
        )

    def site_name(self, lang: str) -> str:
        """The site's name for the engine's config. Escaped: themes print it as HTML."""
        return html.escape(self.loaded.policy.meta.site_name(lang))

    def label(self, key: str, lang: str) -> str:
        return self.loaded.policy.labels[key](lang)

    def description(self, lang: str) -> str:
        """What the site is, for link previews and search engines (plain text)."""
        return self.loaded.policy.meta.about(lang)

    def link_preview(self, lang: str, page_title: str) -> list[tuple[str, str]]:
        """Open Graph tags of a page (a property may repeat): title, description, locale."""
        site = self.loaded.policy.meta.site_name(lang)
        return [
            ("og:type", "website"),
            ("og:site_name", site),
            ("og:title", f"{page_title} - {site}" if page_title and page_title != site else site),
            ("og:description", self.description(lang)),
            ("og:locale", languages.LOCALES[lang]),
            *(("og:locale:alternate", languages.LOCALES[o]) for o in languages.LANGUAGES if o != lang),
        ]

    def page_markdown(self, markdown: str, page: str, lang: str, where: str) -> str:
        """A page's Markdown with its markers replaced (rendered once, in start)."""
        try:
            return markers.expand(markdown, page, self.rendered[languages.check(lang)], self.footers[lang], where)
        except markers.MarkerError as err:
            raise BuildError(str(err)) from None

    def page_content(self, html: str, lang: str, where: str) -> tuple[str, set[str]]:
        """A converted page with its generated HTML put back, and the ids in it."""
        try:
            return self.set_aside[languages.check(lang)].put_back(html, where)
        except markers.MarkerError as err:
            raise BuildError(str(err)) from None

    def page_rendered(self, lang: str, page: str, title: str, headings: list[tuple[str, str]]) -> None:
        """Note what the engine made of a page, for the search index."""
        self.page_titles.setdefault(lang, {})[page] = title
        self.headings.setdefault(lang, {})[page] = headings

    def abbreviations(self, lang: str) -> dict[str, str]:
        """Abbreviation -> what it stands for, from the glossary: the term without
        its "(ZDR)"."""
        found = {}
        for term in self.loaded.policy.glossary.terms:
            if term.abbr:
                name = term.term(lang)
                found[term.abbr] = re.sub(rf"\s*[（(]{re.escape(term.abbr)}[)）]\s*", "", name) or name
        return found

    def aliases(self, page: str) -> dict[str, str]:
        """Old id -> new id of the anchors that moved to entries of `page`."""
        outline = self.site.outline
        return {e.id: str(e.parent) for e in outline.page(page).entries if e.kind == "alias"} if page in PAGES else {}

    def files(self) -> dict[str, str]:
        """Every file besides the pages, for the languages rendered so far."""
        files = dict(self.exports)
        for lang, titles in self.page_titles.items():
            index = search_index(self.site, lang, titles, self.headings.get(lang, {}))
            files[f"{languages.root(lang)}search/search_index.json"] = json.dumps(
                index, ensure_ascii=False, separators=(",", ":")
            )
            # Beside the checker page: the items' verdicts, loaded when first needed.
            files[f"{languages.root(lang)}{page_url(BY_NAME['checker'].page)}{ITEMS}"] = minify.html(
                checker_items(self.site, lang)
            )
        files.update(self.extra_files)
        return files
