"""MkDocs hooks for the ZDR site: thin glue only.

All logic lives in the `zdrsite` package beside this file, which does not import
MkDocs. MkDocs puts this folder on sys.path only while importing the hook, so the
package is imported here, at the top.

Each event runs once per language build (mkdocs-static-i18n builds the other
languages inside the default language's post_build). The data is loaded and
validated once, each page's markers are rendered once per language, and the
files written after the build are computed once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from zdrsite import loader, markers
from zdrsite.model import Lang, Policy
from zdrsite.postprocess import ThemeChanged, add_page_scripts, localize_page
from zdrsite.site_files import site_files

MERMAID_SOURCE = "node_modules/mermaid/dist/mermaid.min.js"
MERMAID_URL = "assets/vendor/mermaid.min.js"
CHECKER_URL = "assets/zdr-checker.js"

# Collected while pages render, per language: page file -> title, and the headings
# of hand-written pages (no data markers), for the search index.
_page_titles: dict[str, dict[str, str]] = {}
_hand_written: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {}
# The 404 page of each language: every language build writes site/404.html, so
# the last one would win; on_post_build puts each where it belongs.
_not_found: dict[str, str] = {}


def _project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def _data_file(config: MkDocsConfig) -> Path:
    return _project_dir(config) / "data" / "zdr.yaml"


def _policy(config: MkDocsConfig) -> Policy:
    """The data, loaded and validated once (cached until the file changes)."""
    try:
        return loader.load(_data_file(config))
    except loader.DataError as err:
        # A PluginError stops the build with this message and no traceback. Raised
        # from on_config, it stops before MkDocs cleans site/, so the last good
        # site stays as it was.
        raise PluginError(f"invalid data file:\n{err}") from None


def _lang(config: MkDocsConfig) -> Lang:
    return config.theme["language"]


def _default_lang(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.default_language if i18n else "en"


def _page_name(src_uri: str, lang: str) -> str:
    """docs/<lang>/faq.md -> faq.md"""
    return src_uri.split("/", 1)[1] if src_uri.startswith(f"{lang}/") else src_uri


@lru_cache(maxsize=64)
def _expand(markdown: str, page: str, lang: Lang, policy: Policy, source: str) -> str:
    try:
        return markers.expand(markdown, page, policy, lang, source=source)
    except markers.MarkerError as err:
        raise PluginError(str(err)) from None


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    policy = _policy(config)
    # Hooks run before the i18n plugin's on_config; it keeps the language of the
    # build in progress in `current_language`.
    i18n = config.plugins.get("i18n")
    lang: Lang = getattr(i18n, "current_language", None) or config.theme["language"]
    config.site_name = policy.meta.site_name(lang)
    # Expand every page's markers now, before MkDocs cleans site/, so a broken page
    # does not cost the last good site either; on_page_markdown reuses the result.
    docs = Path(config.docs_dir)
    for path in sorted((docs / lang).rglob("*.md")):
        src_uri = path.relative_to(docs).as_posix()
        # Read as MkDocs reads a page (front matter removed), so on_page_markdown
        # finds this result in the cache.
        markdown, _meta = get_data(path.read_text(encoding="utf-8-sig"))
        _expand(markdown.rstrip(), _page_name(src_uri, lang), lang, policy, f"{docs.name}/{src_uri}")
    return config


@event_priority(-200)  # after mkdocs-static-i18n has sorted the files by language
def on_files(files: Files, *, config: MkDocsConfig, **_: Any) -> Files:
    # Mermaid comes from the npm registry (scripts/setup) and is copied into the
    # site, so the flowchart never asks a CDN for it.
    source = _project_dir(config) / MERMAID_SOURCE
    if not source.is_file():
        raise PluginError(f"{MERMAID_SOURCE} is missing: run scripts/setup (it runs `npm ci`)")
    files.append(File.generated(config, MERMAID_URL, abs_src_path=str(source)))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
    # Our per-language index (on_post_build) replaces Material's, so spare its
    # search plugin parsing every page's HTML: the largest cost of the build.
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    lang, src = _lang(config), page.file.src_uri
    return _expand(markdown.rstrip(), _page_name(src, lang), lang, _policy(config), f"{Path(config.docs_dir).name}/{src}")


def _localize(output: str, config: MkDocsConfig, where: str) -> str:
    lang = _lang(config)
    lang_root = "" if lang == _default_lang(config) else f"{lang}/"
    try:
        return localize_page(output, lang_root, _policy(config).labels["search_dialog"](lang))
    except ThemeChanged as err:
        raise PluginError(f"{where}: {err}") from None


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig, **_: Any) -> str:
    if template_name == "404.html":
        output_content = _localize(output_content, config, template_name)
        _not_found[_lang(config)] = output_content
    return output_content


def on_post_page(output: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
    lang, name = _lang(config), _page_name(page.file.src_uri, _lang(config))
    _page_titles.setdefault(lang, {})[name] = page.title
    toc = [x for item in page.toc for x in [item, *item.children]]
    _hand_written.setdefault(lang, {})[name] = tuple((item.id, item.title) for item in toc[1:])
    output = _localize(output, config, page.file.src_uri)
    # Only the pages that need them load Mermaid (2.6 MB) and the checker's script.
    return add_page_scripts(output, {"mermaid": get_relative_url(MERMAID_URL, page.url),
                                     "zdr-checker": get_relative_url(CHECKER_URL, page.url)})


@event_priority(-200)  # after mkdocs-static-i18n has written its mixed-language index
def on_post_build(*, config: MkDocsConfig, **_: Any) -> None:
    # The i18n plugin builds the other languages inside the default language's
    # post_build and leaves config.theme set to the last one, so every call writes
    # the files of every language rendered so far; the outermost call is last.
    pages = tuple((lang, tuple(sorted(titles.items())), tuple(sorted(_hand_written.get(lang, {}).items())))
                  for lang, titles in sorted(_page_titles.items()))
    files = site_files(_policy(config), loader.load_data(_data_file(config)), _project_dir(config) / "data",
                       config.site_url or "/", _default_lang(config), pages)
    default = _default_lang(config)
    files.update({("404.html" if lang == default else f"{lang}/404.html"): html for lang, html in _not_found.items()})
    site = Path(config.site_dir)
    for name, content in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(content, encoding="utf-8")


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any, **_: Any) -> Any:
    # The data is not in docs/, so `mkdocs serve` would not rebuild when it changes.
    server.watch(str(_data_file(config)))
    return server
