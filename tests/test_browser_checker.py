"""The ZDR checker in a real browser: every path of the data's decision graph."""

from __future__ import annotations

import pytest
from helpers import LANGS, lang_url, load_policy, norm

from zdrsite.languages import DEFAULT_LANGUAGE

pytestmark = pytest.mark.browser
POLICY = load_policy()
PATHS = list(POLICY.decision.paths())
INDEX = POLICY.outline


def state_of(trail) -> str:
    return "/".join(answer.next for _, answer in trail)


def current_node(page) -> str:
    return page.eval_on_selector(".zdr-checker__step:not([hidden])", "e => e.dataset.node")


def focused_node(page) -> str | None:
    return page.evaluate(
        "() => { const s = document.activeElement.closest('[data-node]'); return s && s.dataset.node; }"
    )


def assert_verdict(page, end, lang) -> None:
    step = page.locator(f".zdr-checker__step[data-node='{end.id}']")
    assert step.is_visible()
    assert step.get_attribute("data-verdict") == end.verdict
    assert norm(end.text(lang)) in norm(step.locator(".zdr-checker__question").text_content())
    hrefs = step.locator(".zdr-checker__evidence a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [INDEX[i].href() for i in end.evidence]
    caveats = norm(step.locator(".zdr-checker__caveats").text_content())
    assert all(norm(c.text(lang)) in caveats for c in POLICY.decision.caveats)
    # The verdict is announced.
    assert norm(end.text(lang)) in norm(page.locator(".zdr-checker__live").text_content())


@pytest.mark.parametrize("lang", LANGS)
def test_every_path_of_the_graph_walks_to_its_verdict(page, server, lang):
    page.goto(lang_url(server, lang, "checker.md"))
    for trail, end in PATHS:
        page.locator("button[data-action='restart']").click()
        assert current_node(page) == POLICY.decision.start
        assert not page.locator("button[data-action='copy']").is_visible()  # no verdict yet
        assert page.locator("button[data-action='back']").is_disabled()
        for question, answer in trail:
            assert current_node(page) == question.id
            page.locator(f".zdr-checker__step[data-node='{question.id}'] button[data-next='{answer.next}']").click()
            # Focus moves to the new question (or verdict).
            assert focused_node(page) == answer.next
        assert_verdict(page, end, lang)
        assert page.locator("button[data-action='copy']").is_visible()
        assert page.evaluate("location.hash") == f"#zdr={state_of(trail)}"
        trail_items = page.locator(".zdr-checker__trail li").all_text_contents()
        assert [norm(t) for t in trail_items] == [norm(f"{q.question(lang)} → {a.label(lang)}") for q, a in trail]


@pytest.mark.parametrize("lang", LANGS)
def test_deep_link_reload_back_and_restart(page, server, lang):
    trail, end = max(PATHS, key=lambda p: len(p[0]))  # the longest path
    page.goto(lang_url(server, lang, "checker.md") + f"#zdr={state_of(trail)}")
    assert_verdict(page, end, lang)
    page.reload()
    assert_verdict(page, end, lang)
    page.locator("button[data-action='back']").click()
    assert current_node(page) == trail[-1][0].id
    assert page.evaluate("location.hash") == f"#zdr={state_of(trail[:-1])}"
    page.go_back()  # the browser's own back button returns to the verdict
    page.wait_for_function(f"location.hash === '#zdr={state_of(trail)}'")
    assert current_node(page) == end.id
    page.locator("button[data-action='restart']").click()
    assert current_node(page) == POLICY.decision.start
    assert page.evaluate("location.hash") == ""


def test_an_invalid_deep_link_keeps_its_valid_beginning(page, server):
    trail, _ = max(PATHS, key=lambda p: len(p[0]))
    page.goto(lang_url(server, "en", "checker.md") + f"#zdr={trail[0][1].next}/no-such-node")
    assert current_node(page) == trail[0][1].next


@pytest.mark.parametrize(("source", "target"), [("en", "ja"), ("ja", "en")])
def test_switching_language_keeps_the_answers(page, server, source, target):
    trail, end = PATHS[len(PATHS) // 2]
    page.goto(lang_url(server, source, "checker.md"))
    for question, answer in trail:
        page.locator(f".zdr-checker__step[data-node='{question.id}'] button[data-next='{answer.next}']").click()
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang='{target}']").click()
    page.wait_for_url(lang_url(server, target, "checker.md") + f"#zdr={state_of(trail)}")
    assert_verdict(page, end, target)


def test_keyboard_only(page, server):
    trail, end = next(p for p in PATHS if len(p[0]) >= 3)
    page.goto(lang_url(server, "en", "checker.md"))
    page.locator(".zdr-checker__step:not([hidden]) .zdr-checker__question").focus()
    for i, (question, answer) in enumerate(trail):
        buttons = [
            b.get_attribute("data-next")
            for b in page.locator(f".zdr-checker__step[data-node='{question.id}'] button[data-next]").all()
        ]
        for _ in range(buttons.index(answer.next) + 1):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.next") == answer.next
        page.keyboard.press("Enter" if i % 2 == 0 else " ")
        assert focused_node(page) == answer.next
    assert_verdict(page, end, "en")


def test_copy_gives_a_text_answer(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    trail, end = PATHS[0]
    page.goto(lang_url(server, "en", "checker.md") + f"#zdr={state_of(trail)}")
    page.locator("button[data-action='copy']").click()
    page.wait_for_function(
        "document.querySelector(\"button[data-action='copy']\").textContent === "
        f"{POLICY.labels['checker_copied'](DEFAULT_LANGUAGE)!r}"
    )
    text = page.evaluate("navigator.clipboard.readText()")
    context.close()
    assert norm(end.text("en")) in norm(text)
    assert all(f"{INDEX[i].url()}" in text for i in end.evidence)
    assert POLICY.meta.last_checked in text


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_every_path_is_listed(browser, server, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(lang_url(server, lang, "checker.md"))
    assert not page.locator(".zdr-checker").is_visible()
    assert page.locator(".zdr-checker__noscript").is_visible()
    items = page.locator(".zdr-paths > li")
    assert [items.nth(i).get_attribute("data-end") for i in range(items.count())] == [end.id for _, end in PATHS]
    for i, (trail, end) in enumerate(PATHS):
        text = norm(items.nth(i).text_content())
        assert all(norm(q.question(lang)) in text and norm(a.label(lang)) in text for q, a in trail)
        assert norm(end.text(lang)) in text
    context.close()
