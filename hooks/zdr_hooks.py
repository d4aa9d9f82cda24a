"""MkDocs hooks for the ZDR site: thin glue only.

All logic lives in the `zdrsite` package beside this file, which does not import
MkDocs. MkDocs puts this folder on sys.path only while importing the hook, so the
package is imported here, at the top.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from zdrsite import loader, markers
from zdrsite.model import Lang, Policy
from zdrsite.postprocess import ThemeChanged, add_diagram_script, localize_page
from zdrsite.exports import exports
from zdrsite.search import search_index

# Page file -> title (and headings), per language, collected while pages render,
# for the search index.
_page_titles: dict[str, dict[str, str]] = {}
_hand_written: dict[str, dict[str, list[tuple[str, str]]]] = {}


def _flat_toc(items: Any) -> list[Any]:
    return [x for item in items for x in [item, *_flat_toc(item.children)]]


MERMAID_SOURCE = "node_modules/mermaid/dist/mermaid.min.js"
MERMAID_URL = "assets/vendor/mermaid.min.js"


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


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    policy = _policy(config)
    # Hooks run before the i18n plugin's on_config; it keeps the language of the
    # build in progress in `current_language`.
    i18n = config.plugins.get("i18n")
    lang: Lang = getattr(i18n, "current_language", None) or config.theme["language"]
    config.site_name = policy.meta.site_name(lang)
    # Check every page's markers now, before MkDocs cleans site/: a broken page
    # must not cost the last good site either.
    lang_dir = Path(config.docs_dir) / lang
    for page in sorted(lang_dir.rglob("*.md")):
        _expand(page.read_text(encoding="utf-8"), page.relative_to(lang_dir).as_posix(), lang, policy,
                source=Path(config.docs_dir).name + "/" + page.relative_to(config.docs_dir).as_posix())
    return config


def _expand(markdown: str, page: str, lang: Lang, policy: Policy, source: str) -> str:
    try:
        return markers.expand(markdown, page, policy, lang, source=source)
    except markers.MarkerError as err:
        raise PluginError(str(err)) from None


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
    lang = _lang(config)
    return _expand(markdown, _page_name(page, lang), lang, _policy(config), source=f"docs/{page.file.src_uri}")


def _lang(config: MkDocsConfig) -> Lang:
    return config.theme["language"]


def _default_lang(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.default_language if i18n else "en"


def _lang_root(config: MkDocsConfig) -> str:
    lang = _lang(config)
    return "" if lang == _default_lang(config) else f"{lang}/"


def _page_name(page: Page, lang: str) -> str:
    src = page.file.src_uri
    return src.split("/", 1)[1] if src.startswith(f"{lang}/") else src


@event_priority(-200)  # after mkdocs-static-i18n has sorted the files by language
def on_files(files: Files, *, config: MkDocsConfig, **_: Any) -> Files:
    # Mermaid comes from the npm registry (scripts/setup) and is copied into the
    # site, so the flowchart never asks a CDN for it.
    source = _project_dir(config) / MERMAID_SOURCE
    if not source.is_file():
        raise PluginError(f"{MERMAID_SOURCE} is missing: run scripts/setup (it runs `npm ci`)")
    files.append(File.generated(config, MERMAID_URL, abs_src_path=str(source)))
    return files


def on_post_page(output: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
    lang, name = _lang(config), _page_name(page, _lang(config))
    _page_titles.setdefault(lang, {})[name] = page.title
    # Hand-written pages (no data markers) reach the search index by their headings.
    _hand_written.setdefault(lang, {})[name] = [(item.id, item.title) for item in _flat_toc(page.toc)][1:]
    try:
        output = localize_page(output, _lang_root(config), _policy(config).labels["search_dialog"](_lang(config)))
    except ThemeChanged as err:
        raise PluginError(f"{page.file.src_uri}: {err}") from None
    # Only pages with a diagram load the 2.6 MB library.
    return add_diagram_script(output, get_relative_url(MERMAID_URL, page.url))


@event_priority(-200)  # after mkdocs-static-i18n has written its mixed-language index
def on_post_build(*, config: MkDocsConfig, **_: Any) -> None:
    # The i18n plugin builds the other languages inside the default language's
    # post_build and leaves config.theme set to the last one, so write the index
    # of every language rendered so far; the outermost call writes the final files.
    default = _default_lang(config)
    site = Path(config.site_dir)
    for lang, titles in _page_titles.items():
        index = search_index(_policy(config), lang, titles, _hand_written.get(lang, {}))
        target = site / ("" if lang == default else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    # zdr.json, zdr.schema.json, llms.txt and the plain Markdown facts, at the root.
    schema = (_project_dir(config) / "data" / "zdr.schema.json").read_text(encoding="utf-8")
    files = exports(_policy(config), loader.load_data(_data_file(config)), schema, config.site_url or "/")
    for name, content in files.items():
        (site / name).write_text(content, encoding="utf-8")


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any, **_: Any) -> Any:
    # The data is not in docs/, so `mkdocs serve` would not rebuild when it changes.
    server.watch(str(_data_file(config)))
    return server
