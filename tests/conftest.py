"""Fixtures only: the data, the built site, a server, the browser. Helpers live in
helpers.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, ROOT, PageLog, load_policy, mkdocs_build, serve

from zdrsite.model import Policy


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def undrawn_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built without a browser to draw the flowcharts with: the
    reader's browser draws them (diagrams.py)."""
    out = tmp_path_factory.mktemp("undrawn-site")
    result = mkdocs_build(ROOT, out, chromium="")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """Base URL of the real site, served as in production."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Debian's Chromium; `playwright install` cannot download here. Missing
    # Chromium is an error, never a skip: scripts/test installs it.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: run scripts/test (it installs Debian's chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
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
