"""The ZDR checker in a real browser: every path of the data's decision graph, and
a whole system (several products and features ticked at once)."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers import LANGS, lang_url, load_policy, norm

from zdrsite.languages import DEFAULT_LANGUAGE
from zdrsite.model import End, Question
from zdrsite.outline import flowchart_text_id
from zdrsite.registry import build_site

pytestmark = pytest.mark.browser
POLICY = load_policy()
DECISION = POLICY.decision
PATHS = list(DECISION.paths())
INDEX = build_site(POLICY).outline
END_PATHS = [(trail, last) for trail, last in PATHS if isinstance(last, End)]
SYSTEM_TRAIL, SYSTEM = next((trail, last) for trail, last in PATHS if isinstance(last, Question))
# A system with one item of every verdict the question offers, in the question's order.
MIXED = [
    a.next
    for a in SYSTEM.answers
    if a.next == next(b.next for b in SYSTEM.answers if DECISION.end(b.next).verdict == DECISION.end(a.next).verdict)
]


def state_of(trail) -> str:
    return "/".join(answer.next for _, answer in trail)


def system_hash(picked) -> str:
    return f"#zdr={state_of(SYSTEM_TRAIL)}/" + "+".join(picked)


def current_node(page) -> str:
    return page.eval_on_selector(
        ".zdr-checker__step:not([hidden])", "e => e.dataset.node || ('result:' + e.dataset.resultOf)"
    )


def focused_node(page) -> str | None:
    return page.evaluate(
        """() => { const s = document.activeElement.closest('.zdr-checker__step');
                   return s && (s.dataset.node || ('result:' + s.dataset.resultOf)); }"""
    )


def walk(page, trail) -> None:
    for question, answer in trail:
        assert current_node(page) == question.id
        page.locator(f".zdr-checker__step[data-node='{question.id}'] button[data-next='{answer.next}']").click()
        # Focus moves to the new question (or verdict).
        assert focused_node(page) == answer.next


def assert_verdict(page, end: End, trail, lang) -> None:
    step = page.locator(f".zdr-checker__step[data-node='{end.id}']")
    assert step.is_visible()
    assert step.get_attribute("data-verdict") == end.verdict
    assert norm(end.text(lang)) in norm(step.locator(".zdr-checker__question").text_content())
    hrefs = step.locator(".zdr-checker__evidence a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [INDEX[i].href() for i in end.evidence]
    # Evidence links name what they point at.
    names = step.locator(".zdr-checker__evidence a").all_text_contents()
    assert [norm(n) for n in names] == [norm(INDEX[i].title(lang)) for i in end.evidence]
    if end.requires:
        assert norm(end.requires(lang)) in norm(step.locator(".zdr-checker__requires").text_content())
    # Only the caveats that apply after the questions answered.
    caveats = step.locator(".zdr-checker__caveats li").all_text_contents()
    assert [norm(c).split(" ")[0] for c in caveats] == [
        norm(c.text(lang)).split(" ")[0] for c in DECISION.caveats_after(trail)
    ]
    assert norm(end.text(lang)) in norm(page.locator(".zdr-checker__live").text_content())


# What keeps a system from ZDR comes first; what holds with a condition next; the
# plainly eligible last. Only eligible and qualified items keep it within ZDR.
ORDER = ["not-eligible", "not-listed", "ask", "limitation", "qualified", "eligible"]
WITHIN = {"eligible", "qualified"}


def bottom_line(picked, lang) -> str:
    eligible = POLICY.status_info("eligible", SYSTEM.arrangement).label(lang)
    kept_out = [e for e in by_severity(picked) if DECISION.end(e).verdict not in WITHIN]
    if not kept_out:
        return POLICY.labels["checker_bottom_all"](lang).replace("{verdict}", eligible)
    labels = {a.next: norm(a.label(lang)) for a in SYSTEM.answers}
    opening, closing = {"en": (" (", ")"), "ja": ("（", "）")}[lang]
    said = {e: POLICY.status_info(DECISION.end(e).verdict, SYSTEM.arrangement).label(lang) for e in kept_out}
    items = {"en": ", ", "ja": "、"}[lang].join(f"{labels[e]}{opening}{said[e]}{closing}" for e in kept_out)
    return POLICY.labels["checker_bottom_not"](lang).replace("{verdict}", eligible).replace("{items}", items)


def by_severity(picked) -> list[str]:
    order = [a.next for a in SYSTEM.answers]
    return sorted(picked, key=lambda e: (ORDER.index(DECISION.end(e).verdict), order.index(e)))


def assert_system(page, picked, lang) -> None:
    result = page.locator(f".zdr-checker__step[data-result-of='{SYSTEM.id}']")
    assert result.is_visible()
    assert norm(result.locator(".zdr-checker__bottom").inner_text()) == norm(bottom_line(picked, lang))
    shown = result.locator(".zdr-checker__item:not([hidden])")
    picked = by_severity(picked)
    assert [shown.nth(i).get_attribute("data-end") for i in range(shown.count())] == picked
    for i, end_id in enumerate(picked):
        end = DECISION.end(end_id)
        item = shown.nth(i)
        assert item.get_attribute("data-verdict") == end.verdict
        assert norm(end.text(lang)) in norm(item.text_content())
        # What to do: the item's own words, else its verdict's (the plainly eligible: none).
        todo = end.requires or POLICY.status_info(end.verdict, end.arrangement).todo
        assert (todo is None) == (end.verdict == "eligible" and end.requires is None), end.id
        if todo:
            assert norm(todo(lang)) in norm(item.locator(".zdr-checker__requires").text_content())
    counts = Counter(DECISION.end(e).verdict for e in picked)
    lines = result.locator(".zdr-checker__summary > li:not([hidden])")
    found = {
        lines.nth(i).get_attribute("data-status"): lines.nth(i).locator(".zdr-checker__count").text_content()
        for i in range(lines.count())
    }
    assert found == {status: str(n) for status, n in counts.items()}
    caveats = [norm(c) for c in result.locator(".zdr-checker__caveats li:not([hidden])").all_text_contents()]
    expected = [
        c
        for c in DECISION.caveats_after((*SYSTEM_TRAIL, (SYSTEM, SYSTEM.answers[0])))
        if not c.ticked or set(c.ticked) & set(picked)
    ]
    assert len(caveats) == len(expected)
    assert all(norm(c.text(lang)) in caveats[i] for i, c in enumerate(expected))


def tick_and_show(page, picked) -> None:
    for end_id in picked:
        page.locator(f".zdr-checker__step[data-node='{SYSTEM.id}'] input[value='{end_id}']").check()
    page.locator(f".zdr-checker__step[data-node='{SYSTEM.id}'] button[data-action='verdicts']").click()


@pytest.mark.parametrize("lang", LANGS)
def test_every_path_of_the_graph_walks_to_its_verdict(page, server, lang):
    page.goto(lang_url(server, lang, "checker.md"))
    for trail, end in END_PATHS:
        page.locator("button[data-action='restart']").click()
        assert current_node(page) == DECISION.start
        assert not page.locator("button[data-action='copy']").is_visible()  # no verdict yet
        assert page.locator("button[data-action='back']").is_disabled()
        walk(page, trail)
        assert_verdict(page, end, trail, lang)
        assert page.locator("button[data-action='copy']").is_visible()
        assert page.evaluate("location.hash") == f"#zdr={state_of(trail)}"
        trail_items = page.locator(".zdr-checker__trail li").all_text_contents()
        assert [norm(t) for t in trail_items] == [norm(f"{q.question(lang)} → {a.label(lang)}") for q, a in trail]


@pytest.mark.parametrize("lang", LANGS)
def test_a_whole_system_gets_one_verdict_per_item(page, server, lang):
    page.goto(lang_url(server, lang, "checker.md"))
    walk(page, SYSTEM_TRAIL)
    assert current_node(page) == SYSTEM.id
    # Nothing ticked: a hint, no verdicts.
    page.locator(f".zdr-checker__step[data-node='{SYSTEM.id}'] button[data-action='verdicts']").click()
    assert page.locator(f".zdr-checker__step[data-node='{SYSTEM.id}'] .zdr-checker__hint").is_visible()
    assert current_node(page) == SYSTEM.id
    tick_and_show(page, MIXED)
    assert len({DECISION.end(e).verdict for e in MIXED}) >= 4
    assert_system(page, MIXED, lang)
    assert focused_node(page) == f"result:{SYSTEM.id}"
    assert page.evaluate("location.hash") == system_hash(MIXED)
    last = page.locator(".zdr-checker__trail li").last.text_content()
    assert all(norm(a.label(lang)) in norm(last) for a in SYSTEM.answers if a.next in MIXED)


@pytest.mark.parametrize("lang", LANGS)
def test_every_item_alone(page, server, lang):
    for answer in SYSTEM.answers:
        page.goto(lang_url(server, lang, "checker.md") + system_hash([answer.next]))
        assert_system(page, [answer.next], lang)


@pytest.mark.parametrize("lang", LANGS)
def test_deep_link_reload_back_and_restart(page, server, lang):
    page.goto(lang_url(server, lang, "checker.md") + system_hash(MIXED))
    assert_system(page, MIXED, lang)
    page.reload()
    assert_system(page, MIXED, lang)
    # Back: to the ticks, still ticked.
    page.locator("button[data-action='back']").click()
    assert current_node(page) == SYSTEM.id
    ticked = page.locator(f".zdr-checker__step[data-node='{SYSTEM.id}'] input:checked:not([data-none])")
    assert [ticked.nth(i).get_attribute("value") for i in range(ticked.count())] == MIXED
    assert page.evaluate("location.hash") == f"#zdr={state_of(SYSTEM_TRAIL)}"
    page.go_back()  # the browser's own back button returns to the verdicts
    page.wait_for_function(f"location.hash === {system_hash(MIXED)!r}")
    assert_system(page, MIXED, lang)
    page.locator("button[data-action='restart']").click()
    assert current_node(page) == DECISION.start
    assert page.evaluate("location.hash") == ""


def test_an_invalid_deep_link_keeps_its_valid_beginning(page, server):
    page.goto(lang_url(server, DEFAULT_LANGUAGE, "checker.md") + system_hash(["no-such-item", MIXED[0]]))
    assert_system(page, [MIXED[0]], DEFAULT_LANGUAGE)
    page.goto(lang_url(server, DEFAULT_LANGUAGE, "checker.md") + system_hash(["no-such-item"]))
    assert current_node(page) == SYSTEM.id


@pytest.mark.parametrize(("source", "target"), [(LANGS[0], LANGS[1]), (LANGS[1], LANGS[0])])
def test_switching_language_keeps_the_answers(page, server, source, target):
    page.goto(lang_url(server, source, "checker.md"))
    walk(page, SYSTEM_TRAIL)
    tick_and_show(page, MIXED)
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang='{target}']").click()
    page.wait_for_url(lang_url(server, target, "checker.md") + system_hash(MIXED))
    assert_system(page, MIXED, target)


def test_keyboard_only(page, server):
    lang = DEFAULT_LANGUAGE
    page.goto(lang_url(server, lang, "checker.md"))
    page.locator(".zdr-checker__step:not([hidden]) .zdr-checker__question").focus()
    for i, (question, answer) in enumerate(SYSTEM_TRAIL):
        buttons = [
            b.get_attribute("data-next")
            for b in page.locator(f".zdr-checker__step[data-node='{question.id}'] button[data-next]").all()
        ]
        for _ in range(buttons.index(answer.next) + 1):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.next") == answer.next
        page.keyboard.press("Enter" if i % 2 == 0 else " ")
        # A stand-in until the items' page is in (a moment): then the step itself has the focus.
        page.wait_for_selector(f".zdr-checker__step[data-node='{answer.next}']:not([data-lazy])", state="attached")
        assert focused_node(page) == answer.next
    # Tick with the space bar, then the button with Enter. Tab stops once in a group
    # of radio buttons (on its "none"), and the arrow keys choose in it.
    stops = [a.next if a.group is None else a.group for a in SYSTEM.answers]
    stops = [stop for i, stop in enumerate(stops) if i == 0 or stop != stops[i - 1]]
    position = 0
    for wanted in MIXED:
        group = next(a.group for a in SYSTEM.answers if a.next == wanted)
        stop = stops.index(group or wanted)
        for _ in range(stop - position + 1):
            page.keyboard.press("Tab")
        position = stop + 1
        if group is None:
            assert page.evaluate("document.activeElement.value") == wanted
            page.keyboard.press(" ")
            continue
        assert page.evaluate("document.activeElement.hasAttribute('data-none')")
        choices = [a.next for a in SYSTEM.answers if a.group == group]
        for _ in range(choices.index(wanted) + 1):
            page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.value") == wanted
    for _ in range(len(stops) - position + 1):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "verdicts"
    page.keyboard.press("Enter")
    assert_system(page, MIXED, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_copy_gives_a_text_answer_for_a_design_review(browser, server, lang):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(lang_url(server, lang, "checker.md") + system_hash(MIXED))
    page.locator("button[data-action='copy']").click()
    page.wait_for_function(
        "document.querySelector(\"button[data-action='copy']\").textContent === "
        f"{POLICY.labels['checker_copied'](lang)!r}"
    )
    raw = page.evaluate("navigator.clipboard.readText()")
    text = norm(raw)
    context.close()
    lines = raw.splitlines()
    # The bottom line first; each item's verdict in brackets before it; a colon
    # in the page's language before each link; the source without the words
    # meant for screen readers.
    assert norm(lines[0]).startswith(norm(bottom_line(MIXED, lang)))
    opening, closing, colon = {"en": ("[", "] ", ": "), "ja": ("［", "］", "：")}[lang]
    for end_id in MIXED:
        end = DECISION.end(end_id)
        label = POLICY.status_info(end.verdict, end.arrangement).label(lang)
        assert f"- {opening}{label}{closing}{end.text(lang)}" in lines, (label, lines)
    assert any(line.endswith(colon + lang_url(server, lang, "limits.md") + "#cors") for line in lines) or all(
        DECISION.end(e).verdict != "limitation" for e in MIXED
    )
    assert {"en": "another site", "ja": "外部サイト"}[lang] not in raw
    for end_id in MIXED:
        end = DECISION.end(end_id)
        assert norm(end.text(lang)) in text
        assert all(INDEX[i].url() in text for i in end.evidence)
        if end.requires:
            assert norm(end.requires(lang)) in text
    assert POLICY.meta.last_checked in text
    assert system_hash(MIXED) in text


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_every_path_and_item_is_listed(browser, server, lang):
    """Without JavaScript the checker says so and links to the flowchart's list,
    which holds every question with its answers and every verdict with its words."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(lang_url(server, lang, "checker.md"))
    assert not page.locator(".zdr-checker").is_visible()
    assert page.locator(".zdr-checker__noscript").is_visible()
    page.locator(f"article a[href$='#{flowchart_text_id(POLICY)}']").click()
    page.wait_for_url(f"**/flowchart/#{flowchart_text_id(POLICY)}")
    for node in DECISION.nodes:
        shown = page.locator(f"[id='{node.id}']")
        assert shown.count() == 1, node.id
        if isinstance(node, Question):
            block = norm(shown.text_content() + " " + shown.locator("xpath=following-sibling::ul[1]").text_content())
            assert norm(node.question(lang)) in block
            assert all(norm(a.label(lang)) in block for a in node.answers), node.id
        else:
            text = norm(shown.text_content())
            assert norm(node.text(lang)) in text, node.id
            assert norm(POLICY.status_info(node.verdict, node.arrangement).label(lang)) in text, node.id
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_a_caveat_for_some_items_shows_only_when_one_is_ticked(page, server, lang):
    """HIPAA readiness: the caveat on PHI in JSON schemas applies to structured
    outputs; ticked alone, the Messages API gets the bottom line in HIPAA's words
    and no such caveat."""
    question = next(q for q in DECISION.nodes if isinstance(q, Question) and q.multiple and q.arrangement == "hipaa")
    trail = next(t for t, last in PATHS if last.id == question.id)
    special = next(c for c in DECISION.caveats if c.ticked and c.after == question.id)
    plain = next(
        a.next for a in question.answers if a.next not in special.ticked and DECISION.end(a.next).verdict == "eligible"
    )
    result = page.locator(f".zdr-checker__step[data-result-of='{question.id}']")
    for picked, shown in (([plain], False), ([plain, special.ticked[0]], True)):
        page.goto(lang_url(server, lang, "checker.md") + f"#zdr={state_of(trail)}/" + "+".join(picked))
        caveats = " ".join(
            norm(c) for c in result.locator(".zdr-checker__caveats li:not([hidden])").all_text_contents()
        )
        assert (norm(special.text(lang)) in caveats) is shown, (picked, caveats)
    page.goto(lang_url(server, lang, "checker.md") + f"#zdr={state_of(trail)}/{plain}")
    eligible = POLICY.status_info("eligible", "hipaa").label(lang)
    assert norm(result.locator(".zdr-checker__bottom").inner_text()) == norm(
        POLICY.labels["checker_bottom_all"](lang).replace("{verdict}", eligible)
    )


LAYOUT_SHIFT = """window.zdrShift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.zdrShift += entry.value;
}).observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize("width", [1280, 390])
def test_a_shared_link_opens_without_moving_the_page(browser, server, width):
    """Cumulative layout shift while a shared checker link opens, on desktop and on
    a phone: under 0.1 (Core Web Vitals' "good"), for the first question and for
    a system's verdicts."""
    for state in ("", system_hash(MIXED)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.add_init_script(LAYOUT_SHIFT)
        page.goto(lang_url(server, DEFAULT_LANGUAGE, "checker.md") + state, wait_until="networkidle")
        page.wait_for_timeout(500)
        shift = page.evaluate("window.zdrShift")
        visible = page.locator(".zdr-checker__step:not([hidden])").count()
        context.close()
        assert visible >= 1
        assert shift < 0.1, (width, state, shift)


GROUP = SYSTEM.groups[0]
GROUPED = [a.next for a in SYSTEM.answers if a.group == GROUP.name]


def test_a_group_is_one_choice_and_its_caveats_follow_it(page, server):
    """How a team uses Claude Code is one choice (radio buttons, "none" at first):
    a second choice replaces the first, a link with two keeps the first, and a
    caveat of some choices (metrics logging) shows with those only."""
    lang = DEFAULT_LANGUAGE
    assert len(GROUPED) >= 3
    page.goto(lang_url(server, lang, "checker.md"))
    walk(page, SYSTEM_TRAIL)
    step = page.locator(f".zdr-checker__step[data-node='{SYSTEM.id}']")
    assert step.locator(f"input[name='{SYSTEM.id}.{GROUP.name}']:checked").get_attribute("data-none") is not None
    for end_id in GROUPED:
        step.locator(f"input[value='{end_id}']").check()
    chosen = step.locator("input[type=radio]:checked").evaluate_all("els => els.map(e => e.value)")
    assert chosen == [GROUPED[-1]]
    step.locator("button[data-action='verdicts']").click()
    assert page.evaluate("location.hash") == system_hash([GROUPED[-1]])
    assert_system(page, [GROUPED[-1]], lang)  # its caveats too
    for end_id in GROUPED:
        page.goto(lang_url(server, lang, "checker.md") + system_hash([end_id]))
        assert_system(page, [end_id], lang)
    ticked_caveats = [c for c in DECISION.caveats if set(c.ticked) & set(GROUPED)]
    assert ticked_caveats, "the data's group has a caveat of its own choices"
    page.goto(lang_url(server, lang, "checker.md") + system_hash(GROUPED[:2]))
    assert_system(page, GROUPED[:1], lang)
    assert page.evaluate("location.hash") == system_hash(GROUPED[:1])
    page.locator("button[data-action='restart']").click()
    walk(page, SYSTEM_TRAIL)
    assert step.locator(f"input[name='{SYSTEM.id}.{GROUP.name}']:checked").get_attribute("data-none") is not None


SUPPOSING = [(trail, end) for trail, end in END_PATHS if end.then is not None]


@pytest.mark.parametrize("lang", LANGS)
def test_no_arrangement_or_not_sure_goes_on_as_if_there_were_one(browser, server, lang):
    """From "Neither" and "Not sure" the reader goes on as if the organization had
    a ZDR arrangement: every later step says so, the copied answer first; back
    returns to the verdict, where it says so no more."""
    assert len(SUPPOSING) == 2
    said = norm(POLICY.labels["checker_hypothetical"](lang))
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    banner = page.locator(".zdr-checker__hypothetical")
    for trail, end in SUPPOSING:
        assert end.then is not None
        page.goto(lang_url(server, lang, "checker.md"))
        page.locator("button[data-action='restart']").click()
        walk(page, trail)
        assert not banner.is_visible()
        page.locator(f".zdr-checker__step[data-node='{end.id}'] button[data-next='{end.then.next}']").click()
        assert current_node(page) == end.then.next
        assert banner.is_visible()
        assert norm(banner.inner_text()) == said
        rest = SYSTEM_TRAIL[[q.id for q, _ in SYSTEM_TRAIL].index(end.then.next) :]
        walk(page, rest)
        tick_and_show(page, MIXED)
        assert_system(page, MIXED, lang)
        assert banner.is_visible()
        steps = [norm(t) for t in page.locator(".zdr-checker__trail li").all_text_contents()]
        assert norm(end.then.label(lang)) in steps
        expected = "/".join([*(a.next for _, a in trail), end.then.next, *(a.next for _, a in rest)])
        assert page.evaluate("location.hash") == f"#zdr={expected}/" + "+".join(MIXED)
        page.reload()
        assert_system(page, MIXED, lang)
        assert banner.is_visible()
        page.locator("button[data-action='copy']").click()
        page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
        copied = page.evaluate("navigator.clipboard.readText()").splitlines()
        assert norm(copied[0]) == said
        assert norm(copied[2]).startswith(norm(bottom_line(MIXED, lang)))
        for _ in range(len(rest) + 2):  # to the ticks, up the questions, to the verdict
            page.locator("button[data-action='back']").click()
        assert current_node(page) == end.id
        assert not banner.is_visible()
    context.close()


def test_the_items_page_loads_once_and_only_when_a_reader_needs_it(page, server):
    """The checker page carries its first questions; the rest (choices, verdicts)
    comes in one request when the reader first needs it, never again."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("/checker/items.html") else None)
    page.goto(lang_url(server, DEFAULT_LANGUAGE, "checker.md"), wait_until="networkidle")
    assert asked == []
    walk(page, SYSTEM_TRAIL[:1])  # to the next question with one answer: still on the page
    assert asked == []
    walk(page, SYSTEM_TRAIL[1:])
    tick_and_show(page, MIXED)
    assert_system(page, MIXED, DEFAULT_LANGUAGE)
    page.locator("button[data-action='restart']").click()
    walk(page, SYSTEM_TRAIL)
    assert len(asked) == 1, asked
