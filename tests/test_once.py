"""The data is loaded and checked once per build, each marker is rendered once per
language, and each page is expanded once per language: not once per page event or
per language build."""

from __future__ import annotations

import collections
import dataclasses

from helpers import LANGS, copy_project

from zdrsite import loader, markers
from zdrsite.registry import MARKERS, PAGES


def test_load_render_and_expand_once(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    calls: collections.Counter[object] = collections.Counter()
    load, expand = loader.load, markers.expand

    def counting_load(path, **options):
        calls["load"] += 1
        return load(path, **options)

    def counting_expand(markdown, page, rendered, footer, where):
        calls[("expand", page, where.split("/")[1])] += 1
        return expand(markdown, page, rendered, footer, where)

    def counting(name, renderer):
        def render(site, lang):
            calls[("render", name, lang)] += 1
            return renderer(site, lang)

        return render

    # The build reaches these through their modules, so it calls the counters.
    monkeypatch.setattr(loader, "load", counting_load)
    monkeypatch.setattr(markers, "expand", counting_expand)
    for marker in MARKERS:
        counted = dataclasses.replace(marker, render=counting(marker.name, marker.render))
        monkeypatch.setitem(markers.BY_NAME, marker.name, counted)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(project)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert calls.pop("load") == 1
    expected = {("expand", page, lang): 1 for page in PAGES for lang in LANGS}
    expected |= {("render", marker.name, lang): 1 for marker in MARKERS for lang in LANGS}
    assert dict(calls) == expected
