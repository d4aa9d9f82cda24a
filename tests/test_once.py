"""The data is loaded and validated once per build, and each page's markers are
rendered once per language, not once per page event or per language build."""

from __future__ import annotations

import collections

from conftest import copy_project
from zdrsite import loader, markers
from zdrsite.pages import PAGES


def test_load_validate_and_render_once(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    calls = collections.Counter()
    validate, expand = loader.validate, markers.expand

    def counting_validate(path, *args, **kwargs):
        calls["validate"] += 1
        return validate(path, *args, **kwargs)

    def counting_expand(markdown, page, policy, lang, source=""):
        calls[("expand", page, lang)] += 1
        return expand(markdown, page, policy, lang, source=source)

    # The hook imports these modules by the same name, so it calls the counters.
    monkeypatch.setattr(loader, "validate", counting_validate)
    monkeypatch.setattr(markers, "expand", counting_expand)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert calls["validate"] == 1
    rendered = {key: n for key, n in calls.items() if key != "validate"}
    assert rendered == {("expand", page, lang): 1 for page in PAGES for lang in ("en", "ja")}
