"""MkDocs hooks for the ZDR site: thin glue only.

All logic lives in the installed `zdrsite` package, which does not import MkDocs.
A hook module is imported once per process, so under `mkdocs serve` its globals
outlive a build: everything a build computes lives on one `SiteBuild`, created
afresh in the first `on_config` of every build.

mkdocs-static-i18n builds each other language inside the default language's
`on_post_build`, so every event below runs once per language; the data is loaded,
checked and rendered for every language once, in the default language's
`on_config`, which runs before MkDocs cleans site/: a broken data file or page
stops the build there and the last good site stays as it was.
"""

from __future__ import annotations

import html
import importlib.util
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from zdrsite import diagrams, languages, loader, minify
from zdrsite.build import BuildError, SiteBuild
from zdrsite.postprocess import (
    ThemeChangedError,
    add_abbreviations,
    add_aliases,
    localize_page,
    localize_permalinks,
    undo_double_escape,
)
from zdrsite.registry import PAGES

# Mermaid's ES module build: a small entry that loads only the chunks a page's
# diagrams need (a flowchart page transfers about a third of mermaid.min.js).
MERMAID_DIST = "node_modules/mermaid/dist"
MERMAID_ENTRY = "mermaid.esm.min.mjs"
MERMAID_CHUNKS = "chunks/mermaid.esm.min"
MERMAID_URL = "assets/vendor/mermaid/"
# Scripts and stylesheets a page loads only when it holds an element of the class.
# The checker's script stands right after the checker (checker.py), not here.
PAGE_SCRIPTS = (("zdr-diagram", "assets/zdr-diagrams.js"),)
PAGE_STYLES = (("zdr-checker", "assets/zdr-checker.css"), ("zdr-flow-end", "assets/zdr-flowchart.css"))
PALETTE = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")

_build: SiteBuild | None = None
# Under `mkdocs serve` only: the last build whose data was good, served again with
# a banner while the data is broken (MkDocs would hold every request until a
# build succeeds). `mkdocs build` always stops on broken data.
_command: str | None = None
_last_good: SiteBuild | None = None
log = logging.getLogger("mkdocs.plugins.zdr")


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def _stop(err: BuildError) -> PluginError:
    """Print the report, then stop the build without a traceback.

    MkDocs prints a message its build logger has printed before only once per
    process, so under `mkdocs serve` the same mistake saved twice would show no
    reason; this logger has no such filter."""
    log.error(str(err))
    return PluginError("the build stopped on the problem(s) above; the last good site is left as it was")


def _current() -> SiteBuild:
    if _build is None:
        raise PluginError("zdr hooks: no build in progress (on_config did not run)")
    return _build


def _lang(config: MkDocsConfig) -> str:
    try:
        return languages.check(config.theme["language"])
    except languages.UnknownLanguageError as err:
        raise PluginError(f"mkdocs.yml: theme.language: {err}") from None


def _page_name(page: Page) -> str:
    """docs/<lang>/faq.md -> faq.md"""
    return page.file.src_uri.split("/", 1)[1]


def _check_i18n(config: MkDocsConfig) -> None:
    """mkdocs.yml must build exactly the languages of the data, default first."""
    i18n = config.plugins.get("i18n")
    locales = [lang.locale for lang in getattr(i18n, "config", {}).get("languages", [])] if i18n else []
    default = getattr(i18n, "default_language", None)
    if tuple(locales) != languages.LANGUAGES or default != languages.DEFAULT_LANGUAGE:
        raise PluginError(
            f"mkdocs.yml: plugins.i18n.languages must be {', '.join(languages.LANGUAGES)} "
            f"(default {languages.DEFAULT_LANGUAGE}), found {', '.join(locales) or 'none'}"
        )


def _drawer(config: MkDocsConfig) -> diagrams.Drawer | None:
    """What draws the flowcharts at build time, as the theme would in the reader's
    browser: Mermaid, the page's stylesheets, the theme's Mermaid stylesheet."""
    browser = diagrams.find_browser()
    if browser is None or importlib.util.find_spec("playwright") is None:
        missing = "Chromium (ZDR_CHROMIUM or PATH)" if browser is None else "Playwright (scripts/setup)"
        log.info(f"zdr: no {missing}: the flowcharts are drawn in the reader's browser")
        return None
    project = Path(config.config_file_path).parent
    return diagrams.Drawer.for_theme(
        config.theme.dirs,
        palette=bool(config.theme.get("palette")),
        extra_css=[Path(config.docs_dir) / str(sheet) for sheet in config.extra_css],
        mermaid=project / MERMAID_DIST,
        entry=MERMAID_ENTRY,
        browser=browser,
        cache=project / ".cache" / "zdr" / "diagrams",
    )


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    global _build, _last_good
    _check_i18n(config)
    # Hooks run before the i18n plugin's on_config, which keeps the language of the
    # build in progress in `current_language` (unset in the first, default build).
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", None) or languages.DEFAULT_LANGUAGE
    if lang == languages.DEFAULT_LANGUAGE or _build is None:
        project = Path(config.config_file_path).parent
        try:
            _build = SiteBuild.start(project, Path(config.docs_dir), config.site_url or "/", _drawer(config))
            _last_good = _build
        except (BuildError, diagrams.DrawingError) as err:
            if _command != "serve" or _last_good is None:
                raise _stop(BuildError(str(err))) from None
            # Not as an error or a warning: `strict: true` would count it and abort
            # the very build that serves the last good site.
            log.info(str(err))
            log.info("zdr: serving the last good site, each page with the problem, until the data is fixed")
            _build = _last_good.serving_last_good(str(err))
        for note in _build.notes:
            log.info(f"zdr: {note}")
    # The scan's links and the exports use the data's address of the site. (`mkdocs
    # serve` puts its own local address in site_url: there only the path must agree.)
    published, configured = _current().loaded.policy.meta.site_url, urlsplit(config.site_url or "")
    local = configured.hostname in ("127.0.0.1", "localhost", "::1")
    if (configured.path if local else configured.geturl()) != (urlsplit(published).path if local else published):
        raise PluginError(f"mkdocs.yml: site_url must be {published} (meta.site_url in {loader.DATA_FILE.as_posix()})")
    # Material prints site_name unescaped: the hook sets it from the data, escaped.
    config.site_name = _current().site_name(lang)
    # What the theme overrides print in this language (overrides/404.html). The 404
    # page is served at any depth: its link home is absolute.
    homes = {other: (config.site_url or "/").rstrip("/") + "/" + languages.root(other) for other in languages.LANGUAGES}
    config.extra["zdr"] = {
        "not_found": _current().label("not_found", lang),
        "not_found_home": _current().label("not_found_home", lang),
        "home": homes[lang],
        # The 404 page's language menu: each language's home (static-i18n leaves it
        # the links of the last page built).
        "homes": homes,
        # mkdocs-static-i18n links a language's home from the language menu by its
        # path below site_url (/zdr/ja/); partials/alternate.html makes that link
        # relative, so the site works under any path it is served from.
        "site_path": urlsplit(config.site_url or "/").path,
        # The language menu's links carry the offer of a search in their language,
        # in its own words (zdr-search.js shows it under a query in that language).
        "search_in": {other: _current().label("search_other_language", other) for other in languages.LANGUAGES},
        # Under `mkdocs serve` while the data is broken: the banner of every page.
        "broken": {"label": _current().label("serve_broken", lang), "problem": _current().problem}
        if _current().problem
        else None,
    }
    # The colour-scheme toggle names the scheme it switches to, in the page's language.
    for palette in config.theme.get("palette") or []:
        toggle = palette.get("toggle") if isinstance(palette, dict) else None
        if toggle is not None:
            key = "theme_to_light" if palette.get("scheme") == "slate" else "theme_to_dark"
            toggle["name"] = html.escape(_current().label(key, lang))
    return config


class ProcessBytecodeCache(BytecodeCache):
    """Theme templates compiled once per process, kept in memory only.

    Every language build compiles every theme template again (a third of a build);
    `mkdocs serve` does at every rebuild. Jinja's bytecode is a marshalled code
    object: read from a file that someone else could replace (a CI cache restored
    from another branch), it would be code run by the build. Kept here, it is only
    ever what this process compiled. Jinja keys each template by its name and checks
    a checksum of its source, so a changed template is compiled afresh."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


# For the life of the process (the hook module is imported once): it holds only
# what the process compiled, under keys that name each template's source.
_templates = ProcessBytecodeCache()


def on_env(env: Environment, *, config: MkDocsConfig, **_: Any) -> Environment:
    env.bytecode_cache = _templates
    return env


@event_priority(-200)  # after mkdocs-static-i18n has sorted the files by language
def on_files(files: Files, *, config: MkDocsConfig, **_: Any) -> Files:
    # Mermaid comes from the npm registry (scripts/setup). When a flowchart is left
    # to the reader's browser (diagrams.py), it is copied into the site, so the page
    # never asks a CDN for it.
    dist = Path(config.config_file_path).parent / MERMAID_DIST
    if not (dist / MERMAID_ENTRY).is_file():
        raise PluginError(f"{MERMAID_DIST}/{MERMAID_ENTRY} is missing: run scripts/setup (it runs `npm ci`)")
    if not _current().drawn:
        for path in [dist / MERMAID_ENTRY, *sorted((dist / MERMAID_CHUNKS).glob("*.mjs"))]:
            url = MERMAID_URL + path.relative_to(dist).as_posix()
            files.append(File.generated(config, url, abs_src_path=str(path)))
    _trim_palette(files, config)
    # Our stylesheet and scripts as minified in on_config (a mistake stops the build there).
    for src_uri, content in _current().assets.items():
        original = files.get_file_from_path(src_uri)
        if original is not None:
            files.remove(original)
        files.append(File.generated(config, src_uri, content=content))
    return files


def _trim_palette(files: Files, config: MkDocsConfig) -> None:
    """Material's palette stylesheet, cut to the site's own colours (minify.palette),
    served under its own name; made once per build, for both languages."""
    entries = config.theme.get("palette") or []
    if not entries:
        return
    entries = entries if isinstance(entries, list) else [entries]
    sheets = [f for f in files if PALETTE.fullmatch(f.src_uri)]
    if len(sheets) != 1:
        raise PluginError(f"Material's palette stylesheet (assets/stylesheets/palette.*.min.css): {len(sheets)} found")
    build = _current()
    if sheets[0].src_uri not in build.assets:
        # Material's defaults where an entry names no colour.
        primary = {e.get("primary", "indigo") for e in entries}
        accent = {e.get("accent", "indigo") for e in entries}
        source = Path(sheets[0].abs_src_path or "").read_text(encoding="utf-8")
        build.assets[sheets[0].src_uri] = minify.palette(source, primary, accent)


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
    # Our per-language index (on_post_build) replaces Material's, so spare its
    # search plugin parsing every page's HTML: the largest cost of the build.
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    # Pages with markers get their content from the data: their edit link says so.
    if page.edit_url and PAGES.get(_page_name(page)):
        page.edit_url = page.edit_url.rsplit("/docs/", 1)[0] + "/" + loader.DATA_FILE.as_posix()
    # Material prints the description unescaped into <meta name="description">.
    page.meta["description"] = html.escape(_current().description(_lang(config)))
    where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    try:
        return _current().page_markdown(markdown, _page_name(page), _lang(config), where)
    except BuildError as err:
        raise _stop(err) from None


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
    # The generated HTML skipped Python-Markdown (see markers.SetAside): put it
    # back, and tell MkDocs its ids so links to them still validate.
    try:
        html, ids = _current().page_content(html, _lang(config), f"{Path(config.docs_dir).name}/{page.file.src_uri}")
    except BuildError as err:
        raise _stop(err) from None
    page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
    # Only the pages that need them load Mermaid (when the build could not draw the
    # flowcharts), the drawn flowcharts' script, and the checker's script and
    # stylesheet (overrides/main.html prints them).
    page.meta["zdr"] = {
        "mermaid": MERMAID_URL + MERMAID_ENTRY if 'class="mermaid"' in html else None,
        "scripts": [script for css_class, script in PAGE_SCRIPTS if f'class="{css_class}' in html],
        "styles": [sheet for css_class, sheet in PAGE_STYLES if f'class="{css_class}' in html],
    }
    # Tooltips for the glossary's abbreviations, in the page's language.
    return add_abbreviations(html, _current().abbreviations(_lang(config)))


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, **_: Any) -> dict[str, Any]:
    # Link previews need the page's title, known once its content is rendered.
    page.meta["zdr"]["link_preview"] = _current().link_preview(_lang(config), page.title or "")
    return context


def _localize(output: str, config: MkDocsConfig, where: str) -> str:
    lang = _lang(config)
    output = undo_double_escape(output, config.site_name)
    try:
        return localize_page(output, languages.root(lang), _current().label("search_dialog", lang))
    except ThemeChangedError as err:
        raise PluginError(f"{where}: {err}") from None


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig, **_: Any) -> str:
    if template_name == "404.html":
        # Every language build writes site/404.html, so the last would win; each
        # language's 404 page is written where it belongs in on_post_build.
        output_content = minify.html(_localize(output_content, config, template_name))
        _current().extra_files[f"{languages.root(_lang(config))}404.html"] = output_content
    return output_content


def on_post_page(output: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
    toc = [x for item in page.toc for x in [item, *item.children]]
    _current().page_rendered(
        _lang(config), _page_name(page), page.title or "", [(item.id, item.title) for item in toc[1:]]
    )
    output = _localize(output, config, page.file.src_uri)
    lang = _lang(config)
    output = localize_permalinks(output, _current().label("permalink", lang))
    try:
        output = add_aliases(output, _current().aliases(_page_name(page)))
    except ThemeChangedError as err:
        raise PluginError(f"{page.file.src_uri}: {err}") from None
    return minify.html(output)


@event_priority(-200)  # after mkdocs-static-i18n has written its mixed-language index
def on_post_build(*, config: MkDocsConfig, **_: Any) -> None:
    # Every language build ends here (the others inside the default one's), so each
    # call writes the files of every language rendered so far; the outermost is last.
    site = Path(config.site_dir)
    for name, content in _current().files().items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(content, encoding="utf-8")
