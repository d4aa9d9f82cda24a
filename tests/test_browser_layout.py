"""Layout measured in a real browser: phone and desktop, light and dark, both
languages (every page's screenshot and sideways scrolling: test_browser_pages.py)."""

from __future__ import annotations

import re

import pytest
from helpers import LANGS, ROOT, lang_url, load_policy
from playwright.sync_api import Error as PlaywrightError

from zdrsite.model import Question

pytestmark = pytest.mark.browser
POLICY = load_policy()
SCREENSHOTS = ROOT / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def view(browser, request):
    """A page in a given viewport and colour scheme: request.param = (size, scheme)."""
    size, scheme = request.param
    context = browser.new_context(viewport=size, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("view", [(PHONE, "light")], indirect=True)
@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_every_row_shows_its_name_and_status(view, server, lang):
    for name in ("eligibility.md", "index.md"):
        view.goto(lang_url(server, lang, name), wait_until="networkidle")
        assert no_sideways_scroll(view), f"{lang}/{name} scrolls sideways"
    view.goto(lang_url(server, lang, "eligibility.md"), wait_until="networkidle")
    rows = view.locator(".zdr-table--features tr.zdr-row")
    assert rows.count() == len(POLICY.features)
    for i in range(rows.count()):
        row = rows.nth(i)
        # The name, and both verdicts: ZDR's and HIPAA's.
        for part in ("th", ".zdr-badge[data-status]", ".zdr-badge[data-hipaa]"):
            box = row.locator(part).bounding_box()
            assert box is not None, f"{row.get_attribute('id')}: {part} not shown"
            assert box["x"] >= 0, f"{row.get_attribute('id')}: {part}"
            assert box["x"] + box["width"] <= PHONE["width"], f"{row.get_attribute('id')}: {part}"


@pytest.mark.parametrize("view", [(DESKTOP, "light")], indirect=True)
@pytest.mark.parametrize("lang", LANGS)
def test_on_desktop_no_table_is_wider_than_the_text(view, server, lang):
    for name in ("eligibility.md", "index.md"):
        view.goto(lang_url(server, lang, name), wait_until="networkidle")
        widths = view.evaluate("""() => {
            const text = document.querySelector('article.md-content__inner').getBoundingClientRect();
            return [...document.querySelectorAll('article table')].map(t => {
                const r = t.getBoundingClientRect();
                return [r.left - text.left, text.right - r.right]; }); }""")
        assert widths
        assert all(left >= -1 and right >= -1 for left, right in widths), f"{lang}/{name}: {widths}"
        # The status is not repeated on each row on a wide screen.
        assert view.locator(".zdr-row__badge").first.is_hidden()


@pytest.mark.parametrize("view", [(DESKTOP, "light")], indirect=True)
@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_says_it_all_above_the_fold(view, server, lang):
    view.goto(lang_url(server, lang), wait_until="networkidle")
    for part in (".zdr-source--top", ".zdr-definition", ".zdr-ways", ".zdr-glance"):
        box = view.locator(f"article {part}").bounding_box()
        assert box is not None, part
        assert box["y"] + box["height"] <= DESKTOP["height"], f"{lang}: {part} ends at {box['y'] + box['height']}"
    glance = view.locator(".zdr-glance").text_content()
    assert all(" ".join(f.name(lang).split()) in " ".join(glance.split()) for f in POLICY.features)
    ways = view.locator(".zdr-ways a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert ways == ["checker/", "eligibility/", "hipaa/", "faq/"]


def shown_box(cdp, node) -> dict | None:
    """A node's box model, or None where it is not laid out (a chart for the other
    kind of screen)."""
    try:
        return cdp.send("DOM.getBoxModel", {"nodeId": node["nodeId"]})["model"]
    except PlaywrightError as err:  # the protocol's "Could not compute box model"
        if "box model" not in str(err):
            raise
        return None


def chart_label_sizes(page) -> list[float]:
    """The label size of each rendered chart, in CSS pixels on screen: Mermaid's
    font size times the chart's scale (its width on screen over its own width).
    Material draws the charts in closed shadow roots: the DevTools protocol pierces them."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    sizes: list[float] = []

    def walk(node):
        if node.get("nodeName", "").lower() == "svg" and "viewBox" in node.get("attributes", []):
            styles = " ".join(
                c.get("nodeValue", "")
                for s in node.get("children", [])
                if s.get("nodeName", "").lower() == "style"
                for c in s.get("children", [])
            )
            font = re.search(r"font-size:\s*([\d.]+)px", styles)
            if font and (box := shown_box(cdp, node)):  # a chart on screen (icons have no style)
                attrs = node["attributes"]
                view_width = float(attrs[attrs.index("viewBox") + 1].split()[2])
                sizes.append(float(font.group(1)) * box["width"] / view_width)
        for key in ("children", "shadowRoots"):
            for child in node.get(key, []):
                walk(child)

    walk(root)
    return sizes


def measured(page, measure):
    """What `measure(page)` finds once the page holds still: a chart that attaches
    its shadow root between two DevTools calls leaves stale node ids, and the page
    is measured again (at most 50 times, 100 ms apart)."""
    for attempt in range(50):
        try:
            return measure(page)
        except PlaywrightError as error:
            if "Could not find node with given id" not in str(error) or attempt == 49:
                raise
            page.wait_for_timeout(100)
    raise AssertionError("unreachable")


@pytest.mark.parametrize("view", [(DESKTOP, "light"), (PHONE, "dark")], indirect=True)
@pytest.mark.parametrize("lang", LANGS)
def test_flowchart_labels_are_at_least_12_px_without_zooming(view, server, lang):
    view.goto(lang_url(server, lang, "flowchart.md"), wait_until="networkidle")
    # One chart per question (the items of a question with several answers in one);
    # on a phone, a question with more than two answers is a list in its place.
    questions = [n for n in POLICY.decision.nodes if isinstance(n, Question)]
    if view.viewport_size["width"] < 720:
        questions = [q for q in questions if q.multiple or len(q.answers) <= 2]
    for _ in range(50):
        sizes = measured(view, chart_label_sizes)
        if len(sizes) == len(questions):
            break
        view.wait_for_timeout(100)
    assert len(sizes) == len(questions), sizes
    assert min(sizes) >= 12, sizes
    assert no_sideways_scroll(view), "the page scrolls sideways (a chart should scroll in its box)"


def chart_boxes(page) -> list[dict]:
    """Each drawn chart: its box on the page, how far the box is scrolled, the
    chart's natural width (its viewBox) and shown width, and where its first node
    stands on screen. The charts sit in closed shadow roots: the DevTools protocol
    pierces them."""
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.zdr-diagram')].filter(b => b.checkVisibility()).map(b => {
            const r = b.getBoundingClientRect();
            return {left: r.left, right: r.left + b.clientWidth, scrollLeft: b.scrollLeft,
                    scrolls: b.scrollWidth > b.clientWidth};
        })"""
    )
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    charts: list[dict] = []

    def walk(node, chart):
        attrs = node.get("attributes", [])
        name = node.get("nodeName", "").lower()
        if name == "svg" and "id" in attrs and attrs[attrs.index("id") + 1].startswith("zdr-chart-"):
            quad = shown_box(cdp, node)
            if quad is None:
                return
            chart = {"natural": float(attrs[attrs.index("viewBox") + 1].split()[2]), "shown": quad["width"]}
            charts.append(chart)
        classes = attrs[attrs.index("class") + 1].split() if "class" in attrs else []
        if chart is not None and name == "g" and "node" in classes and "first" not in chart:
            quad = cdp.send("DOM.getContentQuads", {"nodeId": node["nodeId"]})["quads"][0]
            chart["first"] = (quad[0] + quad[2]) / 2
        for key in ("children", "shadowRoots"):
            for child in node.get(key, []):
                walk(child, chart)

    walk(root, None)
    assert len(charts) == len(boxes), (charts, boxes)
    return [{**b, **c} for b, c in zip(boxes, charts, strict=True)]


@pytest.mark.parametrize("view", [(DESKTOP, "light"), (PHONE, "dark")], indirect=True)
@pytest.mark.parametrize("lang", LANGS)
def test_a_chart_fits_its_column_down_to_12_px_labels_and_starts_at_its_first_node(view, server, lang):
    """A chart shrinks to its column as long as its 16 px labels stay at least 12 px;
    narrower, it keeps that size and scrolls in its box, which opens on the chart's
    first question."""
    view.goto(lang_url(server, lang, "flowchart.md"), wait_until="networkidle")
    problems = []
    for i, chart in enumerate(measured(view, chart_boxes)):
        column = chart["right"] - chart["left"]
        expected = min(chart["natural"], max(column, chart["natural"] * 12 / 16))
        if abs(chart["shown"] - expected) > 1:
            problems.append(f"chart {i}: {chart['shown']:.0f} px wide, expected {expected:.0f} ({chart})")
        if chart["scrolls"] != (expected > column + 1):
            problems.append(f"chart {i}: scrolls={chart['scrolls']} in a {column:.0f} px box ({chart})")
        if not chart["left"] <= chart["first"] <= chart["right"]:
            problems.append(f"chart {i}: its first node is out of view at {chart['first']:.0f} ({chart})")
    # A chart that scrolls says so under it; one that does not, says nothing.
    hints = view.evaluate(
        """() => [...document.querySelectorAll('.zdr-diagram')].filter(b => b.checkVisibility()).map(b => {
            const hint = b.nextElementSibling;
            return [b.scrollWidth > b.clientWidth + 1, !!hint && hint.matches('.zdr-scroll-hint')
                    && !hint.hidden && hint.getBoundingClientRect().height > 0];
        })"""
    )
    problems += [f"chart {i}: scrolls={s}, hint shown={h}" for i, (s, h) in enumerate(hints) if s != h]
    # Every chart shown fits its column, on a phone and on a desktop.
    problems += [f"chart {i} scrolls at {view.viewport_size['width']} px" for i, (s, _) in enumerate(hints) if s]
    assert not problems, problems


@pytest.mark.parametrize("view", [(DESKTOP, "dark"), (PHONE, "light")], indirect=True)
@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_a_question_with_many_answers_is_a_list_of_them(view, server, lang):
    """A question with more than two answers is, on a phone, its question over its
    answers one under another, each leading to its next question or verdict on the
    page (its chart, four answers side by side, is not shown); a desktop shows the
    chart and no list."""
    view.goto(lang_url(server, lang, "flowchart.md"), wait_until="networkidle")
    phone = view.viewport_size["width"] < 720
    many = [q for q in POLICY.decision.nodes if isinstance(q, Question) and not q.multiple and len(q.answers) > 2]
    assert len(many) >= 2  # the platform and the arrangement
    shown = view.evaluate(
        """() => [...document.querySelectorAll('.zdr-flow-list')].filter(l => l.checkVisibility()).map(l => ({
            question: l.querySelector('.zdr-flow-list__question').textContent,
            answers: [...l.querySelectorAll('li')].map(li => ({
                answer: li.querySelector('.zdr-flow-list__answer').textContent,
                to: li.querySelector('a').getAttribute('href'),
                target: !!document.querySelector(li.querySelector('a').getAttribute('href')),
                right: li.getBoundingClientRect().right,
            })),
        }))"""
    )
    if not phone:
        assert shown == []
        return
    width = view.evaluate("document.documentElement.clientWidth")
    assert [s["question"] for s in shown] == [q.question(lang) for q in many]
    for listed, question in zip(shown, many, strict=True):
        assert [(a["answer"], a["to"]) for a in listed["answers"]] == [
            (a.label(lang), f"#{a.next}") for a in question.answers
        ]
        assert all(a["target"] and a["right"] <= width for a in listed["answers"]), listed
    assert no_sideways_scroll(view)
