"""`mkdocs serve` watches data/zdr.yaml and survives a broken save."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import copy_project, site_url
from urllib.parse import urlparse


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_reports_a_broken_save_and_recovers(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "data" / "zdr.yaml"
    good = data.read_text(encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}{urlparse(site_url()).path}faq/"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
             "-f", str(project / "mkdocs.yml")],
            cwd=project, stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    try:
        wait_for(lambda: "How do I request ZDR?" in fetch(url), "the first build")

        # A broken save: the error is reported, the server keeps running.
        data.write_text(good.replace("    links: [batch-api, files-api]\n", "    links: [batch-api, file-api]\n"),
                        encoding="utf-8")
        wait_for(lambda: "links to unknown id 'file-api'" in log.read_text(), "the error in the log")
        assert proc.poll() is None, "mkdocs serve died on a broken data file"

        # The fix is served as soon as it is saved.
        data.write_text(good.replace("How do I request ZDR?", "How do I ask for ZDR?"), encoding="utf-8")
        wait_for(lambda: "How do I ask for ZDR?" in fetch(url), "the fixed site")
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)
