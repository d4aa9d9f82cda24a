"""A broken data file stops `mkdocs build` with its message and leaves site/ as it was."""

from __future__ import annotations

import re

import pytest
from helpers import CORPUS, LANGS, ONE_CASE_PER_CLASS, Failures, copy_project, load_case, mkdocs_build, remove, snapshot

from zdrsite import loader
from zdrsite.build import BuildError, SiteBuild


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return project, site, snapshot(site)


@pytest.mark.parametrize("path", ONE_CASE_PER_CLASS, ids=lambda c: c.parent.name)
def test_broken_data_stops_the_build_and_keeps_the_site(good_build, path):
    """A real `mkdocs build --strict`, one case of each class of the corpus."""
    project, site, before = good_build
    case = load_case(path)
    data = project / loader.DATA_FILE
    good = data.read_bytes()
    case.install(data)
    try:
        result = mkdocs_build(project, site)
    finally:
        remove(data)
        data.write_bytes(good)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    # The message names the file as the maintainer knows it, relative to the project.
    problem_lines = [ln for ln in output.splitlines() if ln.startswith(loader.DATA_FILE.as_posix())]
    assert problem_lines == [case.report(loader.DATA_FILE.as_posix())], output
    assert snapshot(site) == before, "a failed build must not touch the last good site"


def test_every_broken_case_stops_the_build_before_the_site_is_touched(tmp_path, monkeypatch):
    """Every case of the corpus is refused by SiteBuild.start, which the hook runs
    in the first on_config, before MkDocs cleans site/ (the builds above show it
    does): so no case can cost the last good site. Each with its one line."""
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    data = project / loader.DATA_FILE
    good = data.read_bytes()
    failures = Failures()
    for path in CORPUS:
        case = load_case(path)
        case.install(data)
        try:
            SiteBuild.start(project, project / "docs", "/")
            failures.append(f"{case.name}: the build went on")
        except BuildError as err:
            lines = [ln for ln in str(err).splitlines() if ln.startswith(loader.DATA_FILE.as_posix())]
            failures.check(lines == [case.report(loader.DATA_FILE.as_posix())], f"{case.name}: {lines}")
        finally:
            remove(data)
            data.write_bytes(good)
    failures.report()


def test_page_without_its_marker_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    faq = project / "docs" / "ja" / "faq.md"
    faq.write_text(faq.read_text(encoding="utf-8").replace("<!-- zdr:faq -->", ""), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/ja/faq.md: missing marker '<!-- zdr:faq -->'" in result.stderr + result.stdout


def test_unknown_marker_fails_the_build_with_its_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "en" / "limits.md"
    text = page.read_text(encoding="utf-8") + "\n<!-- zdr:limitz -->\n"
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index("<!-- zdr:limitz -->") + 1
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/en/limits.md:{line}: unknown marker 'zdr:limitz'" in result.stderr + result.stdout


def test_a_data_id_that_is_a_hand_written_anchor_fails_before_the_site_is_touched(good_build):
    """Two elements, one anchor: an id of the data that a page's own heading uses."""
    project, site, before = good_build
    page = project / "docs" / LANGS[0] / "faq.md"
    anchor = re.search(r"\{#([a-z0-9-]+)\}", page.read_text(encoding="utf-8")).group(1)
    data = project / loader.DATA_FILE
    good = data.read_bytes()
    victim = loader.load(data).policy.faq[0].id
    data.write_text(
        good.decode("utf-8").replace(f"id: {victim}\n", f"id: {anchor}\n").replace(f"[{victim}]", f"[{anchor}]"),
        encoding="utf-8",
    )
    try:
        result = mkdocs_build(project, site)
    finally:
        data.write_bytes(good)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    expected = f"docs/{LANGS[0]}/faq.md:1: anchor '{anchor}' is also an id in data/zdr.yaml; rename one of them"
    assert expected in output, output
    assert snapshot(site) == before
