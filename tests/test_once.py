"""The data is loaded and checked once per build, each marker is rendered once per
language, and each page is expanded once per language: not once per page event or
per language build."""

from __future__ import annotations

import collections

from helpers import LANGS, copy_project

from zdrsite import loader, markers
from zdrsite.outline import PAGES


def test_load_render_and_expand_once(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    calls: collections.Counter[object] = collections.Counter()
    load_all, expand = loader.load_all, markers.expand

    def counting_load_all(path, **options):
        calls["load"] += 1
        return load_all(path, **options)

    def counting_expand(markdown, page, rendered, footer, where):
        calls[("expand", page, where.split("/")[1])] += 1
        return expand(markdown, page, rendered, footer, where)

    def counting(name, renderer):
        def render(policy, lang):
            calls[("render", name, lang)] += 1
            return renderer(policy, lang)

        return render

    # The build reaches these through their modules, so it calls the counters.
    monkeypatch.setattr(loader, "load_all", counting_load_all)
    monkeypatch.setattr(markers, "expand", counting_expand)
    for name, renderer in list(markers.RENDERERS.items()):
        monkeypatch.setitem(markers.RENDERERS, name, counting(name, renderer))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(project)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert calls.pop("load") == 1
    expected = {("expand", page, lang): 1 for page in PAGES for lang in LANGS}
    expected |= {("render", name, lang): 1 for name in markers.RENDERERS for lang in LANGS}
    assert dict(calls) == expected
