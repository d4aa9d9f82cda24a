"""axe-core on the checker in each of its states, both languages, light and dark (every
page as it opens: test_browser_pages.py)."""

from __future__ import annotations

import pytest
from helpers import LANGS, lang_url, load_policy, serious_violations

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
    problems = {}
    for node, state in checker_states():
        scheme_page.goto(lang_url(server, lang, "checker.md") + (f"#zdr={state}" if state else ""))
        scheme_page.reload()  # a new document, so axe is injected afresh
        found = serious_violations(scheme_page)
        if found:
            problems[node] = found
    assert not problems, problems
