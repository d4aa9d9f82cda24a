"""A broken data file stops `mkdocs build` with its message and leaves site/ as it was."""

from __future__ import annotations

import re

import pytest
from helpers import CORPUS, copy_project, load_case, mkdocs_build, snapshot


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return project, site, snapshot(site)


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.stem)
def test_broken_data_stops_the_build_and_keeps_the_site(good_build, case):
    project, site, before = good_build
    data = project / "data" / "zdr.yaml"
    good = data.read_bytes()
    content, expect, line = load_case(case)
    data.write_bytes(content)
    try:
        result = mkdocs_build(project, site)
    finally:
        data.write_bytes(good)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    # The message names the file as the maintainer knows it, relative to the project.
    problem_lines = [ln for ln in output.splitlines() if ln.startswith("data/zdr.yaml:")]
    assert len(problem_lines) == 1, output
    if line is not None:
        assert problem_lines[0].startswith(f"data/zdr.yaml:{line}: "), output
    assert re.search(expect, problem_lines[0]), output
    assert snapshot(site) == before, "a failed build must not touch the last good site"


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
