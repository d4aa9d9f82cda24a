"""`mkdocs serve` watches data/zdr.yaml and survives a broken save."""

from __future__ import annotations

import copy
import html
import os
import socket
import subprocess
import sys
import urllib.request

from helpers import SITE_PATH, copy_project, read_data, wait_for, write_data

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


def test_serve_reports_a_broken_save_and_recovers(tmp_path):
    project = copy_project(tmp_path / "project")
    good = read_data(project)
    question = good["faq"][-1]["question"][DEFAULT_LANGUAGE]
    broken = copy.deepcopy(good)
    broken["faq"][0]["links"] = ["no-such-id"]
    fixed = copy.deepcopy(good)
    fixed["faq"][-1]["question"][DEFAULT_LANGUAGE] = f"{question} (edited)"

    port = free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}{SITE_PATH}faq/"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        )
    try:
        wait_for(lambda: question in fetch(url), "the first build")

        # A broken save: the error is reported, the server keeps running.
        write_data(project, broken)
        wait_for(lambda: "links to unknown id 'no-such-id'" in log.read_text(), "the error in the log")
        assert proc.poll() is None, "mkdocs serve died on a broken data file"

        # The fix is served as soon as it is saved.
        write_data(project, fixed)
        wait_for(lambda: f"{question} (edited)" in fetch(url), "the fixed site")
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)
