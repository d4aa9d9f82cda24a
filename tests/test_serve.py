"""`mkdocs serve` watches data/zdr.yaml and survives a broken save."""

from __future__ import annotations

import contextlib
import copy
import functools
import html
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import CORPUS, SITE_PATH, copy_project, load_case, read_data, remove, wait_for, write_data
from playwright.sync_api import expect

from zdrsite import loader
from zdrsite.languages import DEFAULT_LANGUAGE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return html.unescape(response.read().decode("utf-8"))
    except OSError:
        return ""


@contextlib.contextmanager
def serving(project: Path, log: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`mkdocs serve` of `project` on a free port, its output in `log`; yields the
    process and the URL of the FAQ page. Stopped on the way out."""
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        )
    try:
        yield proc, f"http://127.0.0.1:{port}{SITE_PATH}faq/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def good_broken_fixed(project: Path, edit: str) -> tuple[str, dict, dict]:
    """The last FAQ question of the project's data; the data with a link to an
    unknown id (`no-such-id`); and the data with that question ending in `edit`."""
    good = read_data(project)
    question = good["faq"][-1]["question"][DEFAULT_LANGUAGE]
    broken = copy.deepcopy(good)
    broken["faq"][0]["links"] = ["no-such-id"]
    fixed = copy.deepcopy(good)
    fixed["faq"][-1]["question"][DEFAULT_LANGUAGE] = f"{question} {edit}"
    return question, broken, fixed


def test_serve_reports_a_broken_save_and_recovers(tmp_path):
    project = copy_project(tmp_path / "project")
    question, broken, fixed = good_broken_fixed(project, "(edited)")
    log = tmp_path / "serve.log"
    with serving(project, log) as (proc, url):
        wait_for(lambda: question in fetch(url), "the first build")

        # A broken save: the error is reported, the server keeps running.
        write_data(project, broken)
        wait_for(lambda: "links to unknown id 'no-such-id'" in log.read_text(), "the error in the log")
        assert proc.poll() is None, "mkdocs serve died on a broken data file"

        # The fix is served as soon as it is saved.
        write_data(project, fixed)
        wait_for(lambda: f"{question} (edited)" in fetch(url), "the fixed site")
        assert proc.poll() is None


# Cases that put something else than a file in the data file's place (a directory,
# a FIFO, a link) leave MkDocs' file watcher blind to later saves, so this loop
# takes the cases that are file contents, the first of each class (test_build
# shows every case stops the build before the site is touched).
CLASSES = sorted({path.parent for path in CORPUS})
CONTENT_CASES = [
    found
    for folder in CLASSES
    if (found := next((p for p in CORPUS if p.parent == folder and load_case(p).content is not None), None))
]


def test_serve_stays_up_through_a_broken_file_of_each_class_and_serves_the_fix(tmp_path):
    # Every class has a case this loop can take.
    assert [path.parent for path in CONTENT_CASES] == CLASSES
    project = copy_project(tmp_path / "project")
    data = project / loader.DATA_FILE
    good = read_data(project)
    question = good["faq"][-1]["question"][DEFAULT_LANGUAGE]
    fixed = copy.deepcopy(good)
    fixed["faq"][-1]["question"][DEFAULT_LANGUAGE] = f"{question} (fixed)"
    log = tmp_path / "serve.log"
    with serving(project, log) as (proc, url):
        wait_for(lambda: question in fetch(url), "the first build")
        for path in CONTENT_CASES:
            case = load_case(path)
            report = case.report(loader.DATA_FILE.as_posix())
            seen = log.read_text().count(report)
            case.install(data)
            wait_for(
                functools.partial(lambda r, n: log.read_text().count(r) > n, report, seen), f"{case.name}: {report}", 30
            )
            # MkDocs holds requests while a rebuild fails, so only the process is checked here.
            assert proc.poll() is None, f"mkdocs serve died on {case.name}"
        remove(data)
        write_data(project, fixed)
        wait_for(lambda: f"{question} (fixed)" in fetch(url), "the fixed site")
        assert proc.poll() is None
        assert "Traceback" not in log.read_text()


@pytest.mark.browser
def test_serve_keeps_the_last_good_site_with_a_banner_while_the_data_is_broken(tmp_path, browser):
    """A broken save under `mkdocs serve`: every page stays readable as it was, with
    a banner in its language naming the problem; the fix takes the banner away.
    (`mkdocs build` still stops: test_build.)"""
    project = copy_project(tmp_path / "project")
    question, broken, fixed = good_broken_fixed(project, "(fixed)")
    problem = "faq[0].links[0]: links to unknown id 'no-such-id'"
    # The banner's words, as a reader of each language expects them.
    said = {"en": "The data file has an error", "ja": "データファイルにエラーがあるため"}
    log = tmp_path / "serve.log"

    def opened(address: str):
        # A page of its own each time: an open page reloads itself at every rebuild
        # (MkDocs' live reload), which would abort a navigation under way.
        page = browser.new_page()
        page.goto(address)
        return page

    with serving(project, log) as (proc, url):
        ja_url = url.replace(SITE_PATH, f"{SITE_PATH}ja/")
        wait_for(lambda: question in fetch(url), "the first build")
        page = opened(url)
        assert page.locator(".zdr-broken").count() == 0
        page.close()
        write_data(project, broken)
        wait_for(lambda: problem in fetch(url), "the last good site with its banner", 60)
        for lang, address in (("en", url), ("ja", ja_url)):
            page = opened(address)
            banner = page.get_by_role("alert")
            expect(banner).to_be_visible()
            assert banner.inner_text().startswith(said[lang])
            assert problem in banner.locator("code").inner_text()
            if lang == "en":  # the page itself is the last good one
                assert question in page.locator("article").inner_text()
            page.close()
        assert proc.poll() is None
        write_data(project, fixed)
        wait_for(lambda: f"{question} (fixed)" in fetch(url), "the fixed site", 60)
        page = opened(url)
        assert page.locator(".zdr-broken").count() == 0
        page.close()
        assert "Traceback" not in log.read_text()
