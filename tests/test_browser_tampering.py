"""Whatever a reader or an address throws at the site, the page keeps working.

- The checker shows the longest valid beginning of any address (or the first
  question), with no exception, and trims the address to what it shows.
- When the clipboard is missing, refuses or never answers, the answer is still
  offered as selected text, and the copy button never stays broken.
- Search answers every query, however pathological, within a bounded time,
  and ordinary queries find exactly what they found without the query guard.
- Flowchart labels with Mermaid syntax (icons, HTML, Markdown strings, keywords)
  render as literal text.

The `page` fixture fails a test on any console error or page error.
"""

from __future__ import annotations

import pytest
from helpers import (
    LANGS,
    copy_project,
    diagram_nodes,
    lang_url,
    load_policy,
    mkdocs_build,
    norm,
    read_data,
    serve,
    write_data,
)

from zdrsite.loader import DATA_FILE, load
from zdrsite.model import End, Question
from zdrsite.registry import build_site

pytestmark = pytest.mark.browser
POLICY = load_policy()
PATHS = list(POLICY.decision.paths())
START = POLICY.decision.start
INDEX = build_site(POLICY).outline
LONGEST, LONGEST_END = max(PATHS, key=lambda p: len(p[0]))
FULL = [answer.next for _, answer in LONGEST]
FIRST, SECOND = FULL[0], FULL[1]
NODES = {n.id: n for n in POLICY.decision.nodes}
# A real node that does not answer the first question.
UNREACHABLE = next(i for i in NODES if i != START and all(a.next != i for a in NODES[START].answers))


def current_node(page) -> str:
    return page.eval_on_selector(".zdr-checker__step:not([hidden])", "e => e.dataset.node")


# --- The checker's address -------------------------------------------------

# (what follows "#zdr=", the valid beginning the page must show)
TAMPERED = [
    ("%E0", []),  # decodeURIComponent throws URIError
    ("%E0%A4%A", []),
    ("", []),
    ("////", []),
    ("x" * 100_000, []),
    ("__proto__/constructor", []),
    ("constructor", []),
    ("hasOwnProperty/toString", []),
    ('"]', []),
    ("%22%5D", []),
    ("']\\", []),
    (f'{FIRST}"]', []),
    (f"{FIRST}']", []),
    (UNREACHABLE, []),  # a real node, not an answer to the first question
    ("no-such-node", []),
    (f"{FIRST}/%E0", [FIRST]),
    (f"{FIRST}/__proto__", [FIRST]),
    (f"{FIRST}//{SECOND}", [FIRST]),
    (f"{FIRST}/{FIRST}", [FIRST]),
    (f"{FIRST}/{SECOND}/%E0%A4%A", [FIRST, SECOND]),
    (f"{FIRST}/{SECOND}/" + "y" * 100_000, [FIRST, SECOND]),
    ("%" + format(ord(FIRST[0]), "02X") + FIRST[1:], [FIRST]),  # an escaped valid id is that id
    ("/".join(FULL) + "/", FULL),
    ("/".join(FULL) + "/" + FIRST, FULL),
]


def tampered_id(value) -> str:
    return value[:24] if isinstance(value, str) else str(len(value))


def assert_shows(page, valid: list[str], lang: str) -> None:
    current = valid[-1] if valid else START
    assert current_node(page) == current
    assert page.locator(f".zdr-checker__step[data-node='{current}']").is_visible()
    # The address is trimmed to what is shown.
    assert page.evaluate("location.hash") == ("#zdr=" + "/".join(valid) if valid else "")
    assert page.locator(".zdr-checker__trail li").count() == len(valid)
    assert page.locator("button[data-action='back']").is_disabled() == (not valid)
    # Still usable: restart goes to the first question, an answer moves on.
    page.locator("button[data-action='restart']").click()
    assert current_node(page) == START
    first = NODES[START]
    page.locator(f".zdr-checker__step[data-node='{START}'] button[data-next='{first.answers[0].next}']").click()
    assert current_node(page) == first.answers[0].next
    assert norm(first.question(lang)) in norm(page.locator(".zdr-checker__trail li").first.text_content())


@pytest.mark.parametrize(("suffix", "valid"), TAMPERED, ids=[tampered_id(s) for s, _ in TAMPERED])
def test_tampered_address_on_load(page, server, suffix, valid):
    page.goto(lang_url(server, "en", "checker.md") + "#zdr=" + suffix)
    assert_shows(page, valid, "en")


@pytest.mark.parametrize(("suffix", "valid"), TAMPERED, ids=[tampered_id(s) for s, _ in TAMPERED])
def test_tampered_address_while_open(page, server, suffix, valid):
    """The reader edits the address of an open checker (the browser fires popstate)."""
    page.goto(lang_url(server, "ja", "checker.md") + "#zdr=" + "/".join(FULL))
    assert current_node(page) == LONGEST_END.id
    page.evaluate("suffix => { location.hash = 'zdr=' + suffix; }", suffix)
    # popstate comes after the assignment: wait until the page has handled it.
    page.wait_for_function(
        "([node, hash]) => location.hash === hash"
        " && document.querySelector('.zdr-checker__step:not([hidden])').dataset.node === node",
        arg=[valid[-1] if valid else START, "#zdr=" + "/".join(valid) if valid else ""],
    )
    assert_shows(page, valid, "ja")


# --- The clipboard ---------------------------------------------------------

REFUSALS = {
    # No permission granted: Chromium refuses writeText.
    "no-permission": {"permissions": [], "script": None},
    # Granted, but the call rejects (as when the reader denies a prompt).
    "rejects": {
        "permissions": ["clipboard-read", "clipboard-write"],
        "script": "navigator.clipboard.writeText = () => Promise.reject(new DOMException('no', 'NotAllowedError'))",
    },
    # An insecure context or an old browser: no navigator.clipboard at all.
    "missing": {"permissions": ["clipboard-read", "clipboard-write"], "script": "delete Navigator.prototype.clipboard"},
    # A broken implementation that throws instead of rejecting.
    "throws": {
        "permissions": ["clipboard-read", "clipboard-write"],
        "script": "navigator.clipboard.writeText = () => { throw new TypeError('no'); }",
    },
    # A clipboard that never answers.
    "never-answers": {
        "permissions": ["clipboard-read", "clipboard-write"],
        "script": "navigator.clipboard.writeText = () => new Promise(() => {})",
    },
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("refusal", list(REFUSALS))
def test_refused_clipboard_still_offers_the_text(browser, server, refusal, lang):
    setup = REFUSALS[refusal]
    context = browser.new_context(permissions=setup["permissions"])
    if setup["script"]:
        context.add_init_script(setup["script"])
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    trail, end = next(p for p in PATHS if isinstance(p[1], End))
    try:
        page.goto(lang_url(server, lang, "checker.md") + "#zdr=" + "/".join(a.next for _, a in trail))
        if refusal == "missing":
            assert page.evaluate("navigator.clipboard === undefined")
        copy = page.locator("button[data-action='copy']")
        copy.click()
        box = page.locator(".zdr-checker__copy-text")
        box.wait_for(state="visible", timeout=6000)
        text = box.input_value()
        assert norm(end.text(lang)) in norm(text)
        assert all(INDEX[i].url() in text for i in end.evidence)
        assert POLICY.meta.last_checked in text
        # Read-only, focused and fully selected: one key press copies it.
        assert box.get_attribute("readonly") is not None
        assert page.evaluate("""() => { const t = document.activeElement;
            return t.classList.contains('zdr-checker__copy-text') && t.selectionStart === 0
                   && t.selectionEnd === t.value.length; }""")
        # The button is back to normal: enabled, its own label.
        assert copy.is_visible()
        assert copy.is_enabled()
        assert norm(copy.text_content()) == norm(POLICY.labels["checker_copy"](lang))
        # The explanation comes from the page (the data's labels), or there is none.
        app = page.locator(".zdr-checker")
        message = app.get_attribute("data-copy-fallback")
        if "checker_copy_fallback" in POLICY.labels:
            assert message == POLICY.labels["checker_copy_fallback"](lang)
            note = page.locator(".zdr-checker__copy-fallback p")
            assert note.is_visible()
            assert norm(note.text_content()) == norm(message)
            assert box.get_attribute("aria-labelledby") == note.get_attribute("id")
        else:
            assert message is None
            assert page.locator(".zdr-checker__copy-fallback p").count() == 0
            assert box.get_attribute("aria-label") == copy.text_content()
        # Clicking again works the same way; leaving the verdict hides the text.
        copy.click()
        box.wait_for(state="visible", timeout=6000)
        page.locator("button[data-action='back']").click()
        assert not box.is_visible()
        assert errors == []
    finally:
        context.close()


# --- Search ----------------------------------------------------------------

# Counts the search worker's answers (SearchMessageType.RESULT = 3 in Material 9).
COUNT_RESULTS = """(() => {
  const Native = window.Worker;
  window.__zdrResults = 0;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", e => { if (e.data && e.data.type === 3) window.__zdrResults++; });
    }
  };
})();"""
BOUND_MS = 3000  # lunr answers an ordinary query here in well under 0.5 s
NONE_SHOWN = """() => document.querySelectorAll('.md-search-result__item').length > 0
    || document.querySelector('.md-search-result__meta').textContent
       === JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']"""


def pathological(lang: str) -> list[str]:
    word = POLICY.features[0].name(lang).split()[0]
    return [
        "a~100",
        "zdr~99999",
        f"{word}~99",
        "*~9*",
        "~~~~",
        "*",
        "**********",
        f"*{word}",
        "a~b",
        "title:text:a",
        "title:",
        ":::",
        "\\",
        "^^^",
        f"{word}^99999999999999999999",
        "+-+-",
        "- -",
        "zdr " * 2500,
        (word * 10_000)[:10_000],
        "a" * 10_000,
    ]


def open_search(page, server: str, lang: str, warnings: list[str]):
    page.add_init_script(COUNT_RESULTS)
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto(lang_url(server, lang, "limits.md"), wait_until="networkidle")
    box = page.locator("input.md-search__input")
    # The index loads when the reader turns to search; wait until it is ready.
    with page.expect_response(lambda r: r.url.endswith("search/search_index.json")) as index:
        box.click()
    assert index.value.ok
    page.wait_for_function(
        """() => document.querySelector('.md-search-result__meta').textContent
               === JSON.parse(document.getElementById('__config').textContent)
                   .translations['search.result.placeholder']"""
    )
    return box


def ask(page, box, query: str, bound_ms: int = BOUND_MS) -> list[str]:
    """Type a query; its results (or "no results") must come within the bound."""
    before = page.evaluate("window.__zdrResults")
    box.fill(query)
    box.press("End")
    page.wait_for_function(f"window.__zdrResults > {before}", timeout=bound_ms)
    page.wait_for_function(NONE_SHOWN, timeout=bound_ms)
    return page.eval_on_selector_all(".md-search-result a.md-search-result__link", "els => els.map(e => e.href)")


@pytest.mark.parametrize("lang", LANGS)
def test_pathological_queries_answer_in_bounded_time(page, server, lang):
    warnings: list[str] = []
    box = open_search(page, server, lang, warnings)
    feature = POLICY.features[len(POLICY.features) // 2]
    # The first answer waits for the index to load; later ones are bounded.
    assert ask(page, box, feature.name(lang), bound_ms=15000)
    for query in pathological(lang):
        ask(page, box, query)
        # The reader's text stays in the box as typed.
        assert box.input_value() == query
        # The worker is not stuck: an ordinary query still finds its row.
        results = ask(page, box, feature.name(lang))
        assert any(u.endswith(f"#{feature.id}") for u in results), (query[:40], results[:3])
    # Every query reached lunr in a form it accepts ("Invalid query" is a warning
    # from Material's worker when lunr throws).
    assert not [w for w in warnings if "Invalid query" in w], warnings[:3]


def ordinary(lang: str) -> list[str]:
    endpoints = list(dict.fromkeys(e.path for f in POLICY.features for e in f.endpoints))
    faq = next(q for q in POLICY.faq if "Claude Code" in q.question("en"))
    return [
        *endpoints[:3],
        "Claude Code",
        "29",
        faq.question(lang),
        POLICY.features[2].name(lang),
        POLICY.features[-1].name(lang),
        POLICY.features[0].name(lang).split()[0],
    ]


def search_all(browser, server: str, lang: str, queries: list[str], guard: bool) -> list[list[str]]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if not guard:  # the site as it was before the query guard
        page.route(
            "**/assets/zdr-search.js*",
            lambda route: route.fulfill(
                status=200, content_type="application/javascript", body="/* guard removed for comparison */"
            ),
        )
    try:
        box = open_search(page, server, lang, [])
        ask(page, box, "zdr", bound_ms=15000)  # waits for the index; not one of `queries`
        found = [ask(page, box, q) for q in queries]
        assert errors == []
        return found
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_ordinary_queries_find_what_they_found_before(browser, server, lang):
    """The guard keeps what an ordinary query is for: it finds something, and its
    first result is still near the top."""
    queries = ordinary(lang)
    guarded = search_all(browser, server, lang, queries, guard=True)
    plain = search_all(browser, server, lang, queries, guard=False)
    for query, with_guard, without in zip(queries, guarded, plain, strict=True):
        assert with_guard, f"{lang} {query!r} found nothing"
        # The guard may widen an English word to its beginning ("models" -> "model*")
        # and drops what only a stop word, a particle or half a kanji word found
        # (the "対" of 対象 found every 対応): the first result stays near the top.
        anchors = [url.split("#")[-1] for url in with_guard]
        before = [url.split("#")[-1] for url in without]
        assert before[0] in anchors[:3], f"{lang} {query!r}: {anchors[:3]} lacks {before[0]}"


# --- Flowchart labels --------------------------------------------------------

MARK = "zdrlabel"
MERMAID_SYNTAX = [
    "fa:fa-car",
    "fab:fa-github",
    "<b>x</b>",
    "`**md**`",
    "click",
    ":::class",
    "%%",
    "<br>",
    "&amp;",
    "#35;",
]
LABEL = f"{MARK} " + " ".join(MERMAID_SYNTAX)


def rendered(page) -> tuple[str, list[str]]:
    for _ in range(100):
        texts, elements = diagram_nodes(page)
        if texts:
            return norm(" ".join(texts)), elements
        page.wait_for_timeout(100)
    raise AssertionError("no diagram rendered")


@pytest.fixture(scope="module")
def hostile_labels(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("labels"))
    data = read_data(project)
    nodes = data["decision"]["nodes"]
    question = next(n for n in nodes if "question" in n)
    question["question"] = {lang: f"{LABEL} {text}" for lang, text in question["question"].items()}
    question["answers"][0]["label"] = {lang: f"{LABEL} {t}" for lang, t in question["answers"][0]["label"].items()}
    end = next(n for n in nodes if "verdict" in n)
    end["text"] = {lang: f"{LABEL} {text}" for lang, text in end["text"].items()}
    write_data(project, data)
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    changed = load(project / DATA_FILE).policy
    with serve(site) as url:
        yield url, changed, question["id"], end["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_mermaid_syntax_in_labels_renders_as_text(page, hostile_labels, lang):
    url, policy, question_id, end_id = hostile_labels
    page.goto(lang_url(url, lang, "flowchart.md"), wait_until="networkidle")
    joined, elements = rendered(page)
    nodes = {n.id: n for n in policy.decision.nodes}
    question, end = nodes[question_id], nodes[end_id]
    assert isinstance(question, Question)
    assert isinstance(end, End)
    expected = [question.question(lang), question.answers[0].label(lang), end.text(lang)]
    for label in expected:
        assert norm(label) in joined, f"label not shown literally: {norm(label)[:80]!r} in {joined[:400]!r}"
    # Three labels, each with every payload in full.
    assert joined.count(norm(LABEL)) == 3
    # Nothing became markup: no icon, bold, Markdown emphasis or code elements.
    assert not {"i", "b", "strong", "em", "code", "br"} & set(elements), sorted(set(elements))
