"""Shared fixtures: the data, a built site, and throw-away copies of the project."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from zdrsite import loader  # noqa: E402
from zdrsite.model import Policy  # noqa: E402

LANGS = ("en", "ja")
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "data")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` tags we do not need to resolve."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config(project: Path = ROOT) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def site_url(project: Path = ROOT) -> str:
    return mkdocs_config(project)["site_url"]


def copy_project(dest: Path) -> Path:
    """A copy of what the build reads, so a test can break it without harm."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    # Installed browser assets: linked, not copied (they are large and read-only).
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def mkdocs_build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site), *extra],
        capture_output=True, text=True, env=env, cwd=project, timeout=300,
    )


CHROMIUM = "/usr/bin/chromium"
# Chromium flags for a closed network: without the background-networking ones it
# tries to reach Google's hosts at every start.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def policy() -> Policy:
    return loader.load(ROOT / "data" / "zdr.yaml")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under the path of site_url (e.g. /zdr/), as in production."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + clean[len(self.prefix):])

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path):
    """Serve a built site on 127.0.0.1 under site_url's path; yield its base URL."""
    prefix = urlparse(site_url()).path
    handler = type("Handler", (_SubPathHandler,), {"prefix": prefix})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(site) -> str:
    """Base URL of the real site, served as in production."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Debian's Chromium; `playwright install` cannot download here. Missing
    # Chromium is an error, never a skip: scripts/test installs it.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: run scripts/test (it installs Debian's chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageLog:
    """Everything a page asked for and complained about."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.console_errors: list[str] = []

    def outside(self, host: str = "127.0.0.1") -> list[str]:
        return [u for u in self.requests if urlparse(u).hostname != host and not u.startswith(("data:", "blob:"))]


@pytest.fixture
def page(browser, request):
    """A fresh page that records requests and console errors, and fails the test on
    any request to a host but 127.0.0.1 or any console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log = PageLog()
    page.on("request", lambda r: log.requests.append(r.url))
    page.on("console", lambda m: log.console_errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: log.console_errors.append(f"{page.url}: {e}"))
    page.zdr_log = log
    yield page
    context.close()
    assert not log.outside(), f"requests outside the site: {log.outside()}"
    assert not log.console_errors, f"console errors: {log.console_errors}"


def lang_url(server: str, lang: str, page: str = "index.md") -> str:
    from zdrsite.pages import page_url

    return server + ("" if lang == "en" else f"{lang}/") + page_url(page)
