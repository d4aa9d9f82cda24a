"""axe-core on the checker in each of its states, both languages, light and dark (every
page as it opens: test_browser_pages.py); focus rings, the language menu under any
mount path, the footer's language."""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urljoin

import pytest
from helpers import LANGS, SITE_PATH, lang_url, load_policy, serious_violations, serve
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from zdrsite.model import Question

pytestmark = pytest.mark.browser
POLICY = load_policy()


@pytest.fixture(params=["light", "dark"])
def scheme_page(browser, request):
    context = browser.new_context(color_scheme=request.param, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def checker_states():
    """The first question, every other question and verdict, and for a question
    where the reader ticks items, its verdicts with every item ticked."""
    states = [("start", "")]
    for trail, last in POLICY.decision.paths():
        for i in range(1, len(trail) + 1):
            states.append((trail[i - 1][1].next, "/".join(a.next for _, a in trail[:i])))
        if isinstance(last, Question):
            every = "+".join(a.next for a in last.answers)
            states.append((f"{last.id}-all", "/".join(a.next for _, a in trail) + "/" + every))
    return sorted(set(states))


@pytest.mark.parametrize("lang", LANGS)
def test_checker_in_every_state(scheme_page, server, lang):
    """The whole page at its first question, then the checker in every other state,
    reached as a reader's back and forward buttons reach it (one document: the
    rest of the page does not change with the state, and is checked once)."""
    scheme_page.goto(lang_url(server, lang, "checker.md"))
    problems = {}
    for node, state in checker_states():
        if state:
            scheme_page.evaluate(
                "h => { history.pushState(null, '', h); dispatchEvent(new PopStateEvent('popstate')); }",
                f"#zdr={state}",
            )
            # The first state past the questions with one answer loads the items' page.
            shows = (
                "() => [...document.querySelectorAll('.zdr-checker__step:not([hidden]):not([data-lazy])')]"
                ".map(s => s.dataset.node || s.dataset.resultOf)"
            )
            expected = [node.removesuffix("-all")]
            with contextlib.suppress(PlaywrightTimeout):  # the assertion below says what is shown
                scheme_page.wait_for_function(f"() => ({shows})().join() === {expected[0]!r}", timeout=5000)
            shown = scheme_page.evaluate(shows)
            assert shown == expected, f"{state}: shows {shown}"
        found = serious_violations(scheme_page, within=".zdr-checker" if state else None)
        if found:
            problems[node] = found
    assert not problems, problems


# A focused control shows it: an outline or a ring drawn as a shadow (WCAG 2.4.7).
FOCUS_SHOWN = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  // A radio drawn by its label only (the theme's colour-scheme toggle, whose
  // radios are 0 px): the label shown for its group must show the focus.
  const at = el.getBoundingClientRect();
  if (at.width === 0 && at.height === 0 && el.name) {
    const labels = [...document.getElementsByName(el.name)].flatMap(radio => [...(radio.labels || [])]);
    el = labels.find(label => label.getBoundingClientRect().width > 0) || el;
  }
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
  const ring = style.boxShadow !== 'none';
  const css = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
  const type = el.getAttribute('type') ? '[' + el.getAttribute('type') + ']' : '';
  const name = el.tagName.toLowerCase() + css + type + ' ' + (el.textContent || el.value || '').trim().slice(0, 30);
  return {name, shown: outline || ring, visible: box.width > 0 && box.height > 0};
}"""


@pytest.mark.parametrize(("lang", "scheme"), [("en", "light"), ("ja", "dark")])
def test_every_control_shows_a_focus_ring(browser, server, lang, scheme):
    """Tab through the checker (with its checkboxes open) and the home page: every
    control the keyboard reaches is drawn with a visible focus indicator (in each
    scheme: the colour-scheme toggle is another label in each)."""
    product = next(q for q in POLICY.decision.nodes if isinstance(q, Question) and q.multiple)
    trail = next(t for t, last in POLICY.decision.paths() if last.id == product.id)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    missing: set[str] = set()
    reached = 0
    try:
        for url in (
            lang_url(server, lang, "checker.md") + "#zdr=" + "/".join(a.next for _, a in trail),
            lang_url(server, lang, "index.md"),
        ):
            page.goto(url, wait_until="networkidle")
            page.mouse.click(5, 300)  # focus starts in the page, keyboard from here
            for _ in range(120):
                page.keyboard.press("Tab")
                state = page.evaluate(FOCUS_SHOWN)
                if state is None or not state["visible"]:
                    continue
                reached += 1
                if not state["shown"]:
                    missing.add(state["name"])
    finally:
        context.close()
    assert reached > 40, reached
    assert not missing, sorted(missing)


@pytest.mark.parametrize("mount", [SITE_PATH, "/guides/internal/zdr-copy/"])
def test_the_language_menu_works_wherever_the_site_is_served(browser, site, mount):
    """From each language's home page, the menu's link to the other language opens
    that language's home, under the path the site was built for and under another."""
    page = browser.new_page()
    try:
        with serve(site, prefix=mount) as base:
            for lang, other in (("en", "ja"), ("ja", "en")):
                page.goto(lang_url(base, lang), wait_until="networkidle")
                href = page.locator(f"a.md-select__link[hreflang='{other}']").get_attribute("href")
                assert href is not None
                assert not href.startswith("/"), href
                response = page.goto(urljoin(page.url, href))
                assert response is not None
                assert response.ok, (mount, lang, href)
                assert page.evaluate("document.documentElement.lang") == other
                assert page.url == lang_url(base, other)
    finally:
        page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_footer_speaks_the_pages_language(page, server, lang):
    """No English in a Japanese page's footer (Material's "Made with" line is gone
    in both): only the previous and next pages' titles, in the page's language."""
    page.goto(lang_url(server, lang, "faq.md"), wait_until="networkidle")
    footer = page.locator("footer.md-footer").inner_text()
    assert "Made with" not in footer
    # The previous page (limits) and the next (flowchart), by their titles.
    titles = [page.locator(f"footer a.md-footer__link--{side} .md-ellipsis").inner_text() for side in ("prev", "next")]
    assert all(titles), footer
    if lang == "ja":
        assert not re.search(r"[A-Za-z]{3,}", footer), footer
        assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", t) for t in titles), titles
