"""Every page, in both languages, at desktop and phone width, light and dark: one
visit each, in a real browser with the network cut to the site itself.

Each visit checks what every page owes a reader: its language, one title, no
sideways scrolling, no request that leaves the host, no console error, and no
serious accessibility violation (axe-core); and it saves the full-page screenshot
a reviewer looks at (screenshots/<lang>-<width>-<scheme>/<page>.jpg, README).

Each page is read once it has loaded (not after half a second without requests,
which costs more than the checks): a request a page makes later is still seen,
by the route, when the next page or the end of the visit is checked."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from helpers import LANGS, ROOT, Failures, lang_url, serious_violations

from zdrsite.registry import PAGES

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SETTINGS = [(lang, size, scheme) for lang in LANGS for size in (DESKTOP, PHONE) for scheme in ("light", "dark")]


@pytest.mark.parametrize(
    ("lang", "size", "scheme"), SETTINGS, ids=[f"{lang}-{size['width']}-{scheme}" for lang, size, scheme in SETTINGS]
)
def test_every_page_in_every_setting(browser, server, lang, size, scheme):
    context = browser.new_context(viewport=size, color_scheme=scheme)
    outside: list[str] = []

    local: list[str] = []

    def local_only(route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            local.append(url)
            return route.continue_()
        outside.append(url)
        return route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    folder = SCREENSHOTS / f"{lang}-{size['width']}-{scheme}"
    folder.mkdir(parents=True, exist_ok=True)
    failures = Failures()
    try:
        for name in PAGES:
            where = f"{lang}/{name} at {size['width']} px, {scheme}"
            requests_before, local_before = len(outside), len(local)
            page.goto(lang_url(server, lang, name), wait_until="load")
            if name == "flowchart.md":
                page.wait_for_timeout(300)  # the charts' script sizes them after load
            failures.check(len(local) > local_before, f"{where}: no request went through the route")
            failures.check(page.evaluate("document.documentElement.lang") == lang, f"{where}: not in {lang}")
            failures.check(page.locator("article h1").count() == 1, f"{where}: not one title")
            dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
            failures.check(dark == (scheme == "dark"), f"{where}: the scheme is not {scheme}")
            failures.check(
                page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{where}: scrolls sideways"
            )
            failures.check(len(outside) == requests_before, f"{where}: asked {outside[requests_before:]}")
            # JPEG: encoded in about half the time of PNG, and as easy to review.
            shot = folder / f"{Path(name).stem}.jpg"
            page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=80)
            failures.check(shot.stat().st_size > 10_000, f"{where}: an empty screenshot")
            for violation in serious_violations(page):
                failures.append(f"{where}: {violation}")
        page.wait_for_load_state("networkidle")  # what the last page asked for late
        failures.check(not outside, f"{lang} at {size['width']} px, {scheme}: asked {outside}")
    finally:
        context.close()
    failures += errors
    failures.report()
