"""MkDocs hooks for the ZDR site: thin glue only.

All logic lives in the `zdrsite` package beside this file, which does not import
MkDocs. MkDocs puts this folder on sys.path only while importing the hook, so the
package is imported here, at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from zdrsite import loader, markers
from zdrsite.model import Lang, Policy


def _data_file(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / "data" / "zdr.yaml"


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
    lang: Lang = config.theme["language"]
    src = page.file.src_uri
    page_name = src.split("/", 1)[1] if src.startswith(f"{lang}/") else src
    return _expand(markdown, page_name, lang, _policy(config), source=f"docs/{src}")


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any, **_: Any) -> Any:
    # The data is not in docs/, so `mkdocs serve` would not rebuild when it changes.
    server.watch(str(_data_file(config)))
    return server
