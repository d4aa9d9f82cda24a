"""Every file the build writes besides the pages, computed once per build."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .exports import exports
from .model import Policy
from .search import search_index

PageInfo = tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, tuple[tuple[str, str], ...]], ...]]


def site_files(policy: Policy, data: dict[str, Any], data_dir: Path, site_url: str, default_lang: str,
               pages: tuple[PageInfo, ...]) -> dict[str, str]:
    """Path below the site root -> content: a search index per language (for each
    (lang, page titles, hand-written headings) in `pages`) and the exports."""
    files = {}
    for lang, titles, hand_written in pages:
        root = "" if lang == default_lang else f"{lang}/"
        files[f"{root}search/search_index.json"] = _index_json(policy, lang, titles, hand_written)
    files.update(_exports(policy, data, (data_dir / "zdr.schema.json").read_text(encoding="utf-8"), site_url))
    return files


@lru_cache(maxsize=8)
def _index_json(policy: Policy, lang: str, titles: tuple, hand_written: tuple) -> str:
    index = search_index(policy, lang, dict(titles), {page: list(h) for page, h in hand_written})
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


_exports_cache: dict[tuple, dict[str, str]] = {}


def _exports(policy: Policy, data: dict[str, Any], schema: str, site_url: str) -> dict[str, str]:
    # `data` and `policy` come from the same load, so the policy (hashed by
    # identity) stands for both.
    key = (policy, schema, site_url)
    if key not in _exports_cache:
        _exports_cache.clear()  # keep only the current data
        _exports_cache[key] = exports(policy, data, schema, site_url)
    return _exports_cache[key]
