"""The built site, parsed with an HTML parser: every fact of the data, in both languages.

Every expectation is derived from data/zdr.yaml (through the typed records), never
copied from the output. Failures are collected so one run shows them all.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import (
    LANGS,
    ROOT,
    SITE_PATH,
    SITE_URL,
    Failures,
    article,
    data_texts,
    drawn_charts,
    lang_root,
    norm,
    page_file,
    parse,
    read_data,
    row_name,
    text_of,
)

from zdrsite import languages
from zdrsite.model import End, Policy, Question
from zdrsite.outline import flowchart_text_id
from zdrsite.records import text
from zdrsite.registry import PAGES, build_site


def ids_in_order(root: Tag, wanted: list[str]) -> list[str]:
    wanted_set = set(wanted)
    return [el["id"] for el in root.find_all(id=True) if el["id"] in wanted_set]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_exists_with_html_lang(site, lang):
    fails = Failures()
    for page in PAGES:
        path = page_file(site, lang, page)
        fails.check(path.is_file(), f"{lang}: {page} not built")
        if path.is_file():
            fails.check(parse(path).html.get("lang") == lang, f"{lang}: {page} has lang={parse(path).html.get('lang')}")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_every_id_of_the_data_is_on_its_page_in_data_order(site, policy: Policy, lang):
    fails = Failures()
    for outline_page in build_site(policy).outline.pages:
        page = outline_page.file
        root = article(site, lang, page)
        entries = [e for e in outline_page.entries if e.kind != "alias"]
        expected = [t.id for t in entries]
        found = ids_in_order(root, expected)
        fails.check(found == expected, f"{lang}/{page}: ids {found} != data order {expected}")
        for t in entries:
            el = root.find(id=t.id)
            if el is not None:
                fails.check(
                    norm(t.title(lang)) in text_of(el),
                    f"{lang}/{page}#{t.id}: title {t.title(lang)!r} not in {text_of(el)[:80]!r}",
                )
        # A moved anchor stands inside the element it moved to, so links to it land there.
        for alias in (e for e in outline_page.entries if e.kind == "alias"):
            el = root.find(id=alias.id)
            holder = el.find_parent(id=alias.parent) if el is not None else None
            fails.check(holder is not None, f"{lang}/{page}#{alias.id}: not inside #{alias.parent}")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_feature_tables_rows_cells_and_badges(site, policy: Policy, lang):
    """One table per ZDR verdict, in the data's order; each row's ZDR and HIPAA
    verdicts side by side, each footnote under the verdict it qualifies."""
    fails = Failures()
    page = article(site, lang, "eligibility.md")
    columns = ("endpoint", "zdr_verdict", "hipaa_verdict", "details")
    note = norm(policy.labels["note"](lang))
    for head in policy.eligibility.tables:
        table = page.select_one(f".zdr-table--{head.status} table")
        fails.check(table is not None, f"{lang}: no table for {head.status}")
        if table is None:
            continue
        fails.check(text_of(table.caption) == norm(head.title(lang)), f"{lang}: caption of {head.status}")
        header = [text_of(th) for th in table.select("thead th")]
        fails.check(header == [norm(policy.labels[c](lang)) for c in ("feature", *columns)], f"{lang}: header {header}")
        line = table.find_parent("div").find_previous_sibling("p", class_="zdr-status")
        fails.check(
            line is not None and line.select_one(f".zdr-badge[data-status='{head.status}']") is not None,
            f"{lang}: status line of {head.status}",
        )
        rows = table.select("tbody tr")
        features = [f for f in policy.features if f.status == head.status]
        fails.check([r.get("id") for r in rows] == [f.id for f in features], f"{lang}: rows of {head.status}")
        for row, f in zip(rows, features, strict=False):
            fails.check(row_name(row) == norm(f.name(lang)), f"{lang}#{f.id}: name")
            cells = [text_of(c) for c in row.find_all("td", recursive=False)]
            zdr, hipaa = policy.statuses[f.status], policy.hipaa_statuses[f.hipaa]

            def notes(ids: tuple[str, ...]) -> str:
                return "".join(
                    f" {note}{'：' if lang == 'ja' else ': '}{policy.eligibility.note(n).text(lang)}" for n in ids
                )

            expected = [
                norm(" ".join(f"{e.path} {e.note(lang)}" if e.note else e.path for e in f.endpoints)),
                norm(zdr.label(lang)),
                norm(hipaa.label(lang)),
                # Each footnote once, under the details, ZDR's first.
                norm(f.details(lang) + notes(tuple(dict.fromkeys((*f.zdr_notes, *f.hipaa_notes))))),
            ]
            fails.check(cells == expected, f"{lang}#{f.id}: cells {cells} != {expected}")
            zdr_badge, hipaa_badge = row.select_one(".zdr-badge[data-status]"), row.select_one(".zdr-badge[data-hipaa]")
            fails.check(zdr_badge is not None and zdr_badge["data-status"] == f.status, f"{lang}#{f.id}: ZDR badge")
            fails.check(hipaa_badge is not None and hipaa_badge["data-hipaa"] == f.hipaa, f"{lang}#{f.id}: HIPAA badge")
            # The icon the stylesheet shows before each label.
            icons = (zdr_badge and zdr_badge.get("data-icon"), hipaa_badge and hipaa_badge.get("data-icon"))
            fails.check(icons == (zdr.icon, hipaa.icon), f"{lang}#{f.id}: icons {icons}")
            # A HIPAA verdict is never read as a ZDR one.
            fails.check(not hipaa_badge.has_attr("data-status"), f"{lang}#{f.id}: HIPAA badge with a ZDR status")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_sections_and_points(site, policy: Policy, lang):
    fails = Failures()
    for page, sections in (("index.md", policy.overview), ("limits.md", policy.limits)):
        root = article(site, lang, page)
        body = text_of(root)
        for s in sections:
            heading = root.find(id=s.id)
            fails.check(heading is not None and heading.name == "h2", f"{lang}/{page}#{s.id}: heading")
            for para in s.text:
                fails.check(norm(para(lang)) in body, f"{lang}/{page}#{s.id}: paragraph missing")
            for p in s.points:
                item = root.find(id=p.id)
                fails.check(item is not None and item.name == "li", f"{lang}/{page}#{p.id}: point")
                if item is not None:
                    fails.check(norm(p.text(lang)) in text_of(item), f"{lang}/{page}#{p.id}: text")
                    if p.label:
                        fails.check(text_of(item.strong) == norm(p.label(lang)), f"{lang}/{page}#{p.id}: label")
            if s.status:
                badge = heading.find_next_sibling().select_one(".zdr-badge") if heading else None
                fails.check(badge is not None and badge["data-status"] == s.status, f"{lang}/{page}#{s.id}: badge")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_faq_entries(site, policy: Policy, lang):
    fails = Failures()
    root = article(site, lang, "faq.md")
    index = build_site(policy).outline
    headings = [h["id"] for h in root.find_all("h2")]
    expected = [q.id for q in policy.faq] + [policy.glossary.id]
    fails.check(headings == expected, f"{lang}: FAQ questions out of order: {headings}")
    for q in policy.faq:
        heading = root.find(id=q.id)
        if heading is None:
            fails.append(f"{lang}: FAQ {q.id} missing")
            continue
        fails.check(text_of(heading) == norm(q.question(lang)), f"{lang}#{q.id}: question text")
        # The answer: everything up to the next question.
        answer = []
        for sib in heading.find_next_siblings():
            if sib.name == "h2" or "zdr-source" in sib.get("class", []):
                break
            answer.append(sib)
        answer_text = " ".join(text_of(a) for a in answer)
        for para in q.answer:
            fails.check(norm(para(lang)) in answer_text, f"{lang}#{q.id}: answer paragraph missing")
        for p in q.points:
            fails.check(norm(p.text(lang)) in answer_text, f"{lang}#{q.id}: point {p.id} missing")
        hrefs = [
            a["href"] for a in answer if a.name for a in a.select("a[href]") if not a.find_parent(class_="zdr-changed")
        ]
        wanted = [index[i].href() if index[i].page != "faq.md" else f"#{i}" for i in q.links]
        found = [h for h in hrefs if not h.startswith("#") or h.lstrip("#") in q.links]
        fails.check(found == wanted, f"{lang}#{q.id}: links {found} != {wanted}")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_flowchart_diagram_and_text_alternative(site, policy: Policy, lang):
    fails = Failures()
    page = parse(page_file(site, lang, "flowchart.md"))
    root = article(site, lang, "flowchart.md")
    # Drawn at build time: no Mermaid source is left, and the page loads no Mermaid.
    charts = drawn_charts(root)
    fails.check(not root.select("pre.mermaid"), f"{lang}: a chart left undrawn")
    fails.check(not [s for s in page.select("script") if "mermaid" in str(s)], f"{lang}: the page loads Mermaid")
    multiple = [n for n in policy.decision.nodes if isinstance(n, Question) and n.multiple]
    single = [n for n in policy.decision.nodes if isinstance(n, Question) and not n.multiple]
    # One chart per question: of its answers' verdicts, or of its items by verdict,
    # the latter drawn for a wide column and for a phone's, each after its marker.
    fails.check(len(charts) == len(single) + 2 * len(multiple), f"{lang}: {len(charts)} charts")
    for screen in ("wide", "narrow"):
        after = [m.find_next_sibling() for m in root.select(f".zdr-for-{screen}")]
        fails.check(all(a is not None and "zdr-diagram" in a.get("class", []) for a in after), f"{lang}: {screen}")
        fails.check(len(after) >= len(multiple), f"{lang}: {len(after)} charts for {screen} screens")
    source = " ".join(text for text, _ in charts)
    drawn_links = [link for _, links in charts for link in links]
    index = build_site(policy).outline
    item_of = {a.next: (q, a) for q in multiple for a in q.answers}
    for q in multiple:  # a box per verdict, naming its items, linking to the question's list
        for verdict in {policy.decision.end(a.next).verdict for a in q.answers}:
            info = policy.status_info(verdict, q.arrangement)
            named = [norm(a.label(lang)) for a in q.answers if policy.decision.end(a.next).verdict == verdict]
            opening, comma, closing = {"en": (" (", ", ", ")"), "ja": ("（", "、", "）")}[lang]
            box = norm(f"{info.icon} {info.label(lang)}{opening}{comma.join(named)}{closing}")
            fails.check(box in source, f"{lang}: the {verdict} box of {q.id}")
        fails.check(f"#{q.id}" in drawn_links, f"{lang}: the boxes of {q.id} link to its list")
    for node in policy.decision.nodes:
        label = node.question(lang) if isinstance(node, Question) else node.text(lang)
        shown = f"{policy.status_info(node.verdict, node.arrangement).icon} {label}" if isinstance(node, End) else label
        if node.id not in item_of:
            fails.check(norm(shown) in source, f"{lang}: flowchart node {node.id} label missing")
        element = root.find(id=node.id)
        if element is None:
            fails.append(f"{lang}: no text alternative of {node.id}")
            continue
        if isinstance(node, End):
            # A verdict is a block, not a heading: the table of contents lists the questions.
            fails.check(element.name == "div", f"{lang}: {node.id} is a <{element.name}>")
            fails.check(norm(label) in text_of(element), f"{lang}: text alternative of {node.id}")
            if node.id not in item_of:
                fails.check(index[node.evidence[0]].href() in drawn_links, f"{lang}: {node.id} links no evidence")
            hrefs = [a["href"] for a in element.select("a[href]") if not a["href"].startswith("#")]
            fails.check(hrefs == [index[e].href() for e in node.evidence], f"{lang}: evidence of {node.id}: {hrefs}")
            attribute = "data-hipaa" if node.arrangement == "hipaa" else "data-status"
            badge = element.select_one(".zdr-badge")
            fails.check(badge is not None and badge.get(attribute) == node.verdict, f"{lang}: verdict of {node.id}")
            if node.requires:
                fails.check(norm(node.requires(lang)) in text_of(element), f"{lang}: what {node.id} requires")
        else:
            fails.check(element.name == "h3" and text_of(element) == norm(label), f"{lang}: heading of {node.id}")
            items = element.find_next_sibling("ul")
            hrefs = [a["href"] for a in items.select("a[href]")] if items else []
            fails.check(hrefs == [f"#{a.next}" for a in node.answers], f"{lang}: answers of {node.id}: {hrefs}")
            for a in node.answers:
                fails.check(norm(a.label(lang)) in source, f"{lang}: edge label of {node.id}")
    # What applies to every answer of a question (the exceptions of ZDR) stands under it.
    for caveat in policy.decision.caveats:
        heading = root.find(id=caveat.after)
        wanted = norm(caveat.text(lang))
        said = heading.find_next_sibling(lambda t, wanted=wanted: wanted in text_of(t)) if heading else None
        fails.check(
            said is not None and said.find_previous_sibling("h3") is heading,
            f"{lang}: caveat {caveat.link} not under #{caveat.after}",
        )
    fails.check(root.find(id=flowchart_text_id(policy)) is not None, f"{lang}: text alternative heading")
    nav = parse(page_file(site, lang, "flowchart.md")).select(".md-nav--secondary a")
    toc = [a["href"].split("#")[-1] for a in nav]
    verdicts = [i for i in toc if isinstance(policy.decision.by_id.get(i), End)]
    fails.check(not verdicts, f"{lang}: verdicts in the table of contents: {verdicts}")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_shows_source_and_last_checked(site, policy: Policy, lang):
    fails = Failures()
    for page in PAGES:
        footer = article(site, lang, page).select_one(".zdr-source")
        fails.check(footer is not None, f"{lang}/{page}: no source line")
        if footer is None:
            continue
        link = footer.select_one("a[href]")
        fails.check(link is not None and link["href"] == policy.meta.source_url, f"{lang}/{page}: source url")
        fails.check(norm(policy.meta.source_title(lang)) in text_of(footer), f"{lang}/{page}: source title")
        time = footer.select_one("time")
        fails.check(
            time is not None
            and time["datetime"] == policy.meta.last_checked
            and time.get_text() == policy.meta.last_checked,
            f"{lang}/{page}: last checked date",
        )
        fails.check(norm(policy.labels["last_checked"](lang)) in text_of(footer), f"{lang}/{page}: label")
    fails.report()


def test_both_languages_have_the_same_ids(site):
    fails = Failures()
    for page in PAGES:
        en = {el["id"] for el in article(site, "en", page).find_all(id=True)}
        ja = {el["id"] for el in article(site, "ja", page).find_all(id=True)}
        fails.check(en == ja, f"{page}: only en {sorted(en - ja)}, only ja {sorted(ja - en)}")
        generated = sorted(i for i in en | ja if re.fullmatch(r"_\d*|__\d+", i))
        fails.check(not generated, f"{page}: generated anchors {generated}")
    fails.report()


def test_every_internal_link_and_anchor_resolves(site):
    fails = Failures()
    pages = sorted(site.rglob("*.html"))
    base = "http://site.invalid/"
    for path in pages:
        url = base + path.relative_to(site).as_posix()
        for a in parse(path).select("a[href]"):
            href = a["href"]
            target = urlparse(urljoin(url, href))
            if target.scheme in ("http", "https") and target.netloc != "site.invalid":
                continue  # the source page and other outside links
            if target.scheme not in ("http", "https"):
                continue  # mailto: and the like
            path_part = unquote(target.path)
            if path_part.startswith(SITE_PATH):  # absolute links carry site_url's path
                path_part = "/" + path_part[len(SITE_PATH) :]
            rel = path_part[len("/") :]
            file = site / rel
            if rel == "" or rel.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                fails.append(f"{path.relative_to(site)}: {href} -> missing {rel}")
                continue
            if target.fragment and file.suffix == ".html" and parse(file).find(id=target.fragment) is None:
                fails.append(f"{path.relative_to(site)}: {href} -> no #{target.fragment}")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_checker_holds_every_node_and_every_path(site, policy: Policy, lang):
    fails = Failures()
    root = article(site, lang, "checker.md")
    nodes = policy.decision.nodes
    ticked = {a.next for n in nodes if isinstance(n, Question) and n.multiple for a in n.answers}
    steps = root.select(".zdr-checker .zdr-checker__step[data-node]")
    fails.check(
        [s["data-node"] for s in steps] == [n.id for n in nodes if n.id not in ticked], f"{lang}: checker steps"
    )
    # Every path, each item's verdict in a table: in a page beside the checker,
    # which the script loads when it first shows verdicts.
    listed = parse(page_file(site, lang, "checker.md").parent / "items.html")
    fails.check(root.select_one(".zdr-checker")["data-items"] == "items.html", f"{lang}: where the items are")
    fails.check(not root.select(".zdr-paths"), f"{lang}: the path list is on the page too")
    # The questions with one answer are on the page whole; every other step is a
    # stand-in there (data-lazy), whole in the items' page, which takes its place.
    holder = listed.select_one(".zdr-checker__lazy")
    lazy = [s["data-node"] for s in steps if s.has_attr("data-lazy")]
    expected_lazy = [n.id for n in nodes if n.id not in ticked and (isinstance(n, End) or n.multiple)]
    fails.check(lazy == expected_lazy, f"{lang}: stand-ins {lazy}")
    whole = [s["data-node"] for s in holder.select(".zdr-checker__step[data-node]")] if holder else []
    fails.check(whole == expected_lazy, f"{lang}: the steps of the items' page {whole}")

    def step_of(node_id: str) -> Tag | None:
        where = holder if node_id in expected_lazy else root
        return where.select_one(f".zdr-checker__step[data-node='{node_id}']") if where else None

    for node in nodes:
        if isinstance(node, Question) and node.multiple:
            step = step_of(node.id)
            boxes = step.select("input[type=checkbox], input[type=radio]:not([data-none])") if step else []
            fails.check(
                [(b["value"], text_of(b.parent)) for b in boxes]
                == [(a.next, norm(a.label(lang))) for a in node.answers],
                f"{lang}: choices of {node.id}",
            )
            # A group: its question over radio buttons of one name, "none" first and chosen.
            for group in node.groups:
                radios = [b for b in boxes if b.get("type") == "radio" and b["name"] == f"{node.id}.{group.name}"]
                fails.check(
                    [b["value"] for b in radios] == [a.next for a in node.answers if a.group == group.name],
                    f"{lang}: group {group.name} of {node.id}",
                )
                fieldset = radios[0].find_parent("fieldset") if radios else None
                none = fieldset.select_one("input[data-none]") if fieldset else None
                fails.check(
                    fieldset is not None
                    and text_of(fieldset.legend) == norm(group.question(lang))
                    and none is not None
                    and none.has_attr("checked")
                    and none["name"] == radios[0]["name"]
                    and text_of(none.parent) == norm(group.none(lang)),
                    f"{lang}: question and none of group {group.name}",
                )
            # Each item is written once, in the path list's table (the script copies
            # the ticked ones into the verdicts, in this order of verdicts).
            result = holder.select_one(f"[data-result-of='{node.id}'] .zdr-checker__items") if holder else None
            fails.check(
                result is not None
                and not result.contents
                and result["data-order"] == "not-eligible not-listed ask limitation qualified eligible",
                f"{lang}: items of {node.id} are not written twice",
            )
            path = listed.select_one(f".zdr-paths > li[data-end='{node.id}']")
            table = path.select("tr[data-end]") if path else []
            fails.check([r["data-end"] for r in table] == [a.next for a in node.answers], f"{lang}: items of {node.id}")
            for row in table:
                end = policy.decision.end(row["data-end"])
                fails.check(row["data-verdict"] == end.verdict, f"{lang}: verdict of {end.id}")
                fails.check(norm(end.text(lang)) in text_of(row), f"{lang}: text of {end.id}")
                if end.requires:
                    fails.check(norm(end.requires(lang)) in text_of(row), f"{lang}: what {end.id} requires")
                # Every item that is not plainly eligible says what to do.
                fails.check(
                    end.verdict == "eligible" or row.select_one(".zdr-checker__requires") is not None,
                    f"{lang}: no 'what to do' for {end.id}",
                )
        elif isinstance(node, Question):
            step = root.select_one(f".zdr-checker__step[data-node='{node.id}']")
            buttons = step.select("button[data-next]") if step else []
            fails.check(
                [(b["data-next"], text_of(b)) for b in buttons]
                == [(a.next, norm(a.label(lang))) for a in node.answers],
                f"{lang}: answers of {node.id}",
            )
        elif node.id not in ticked:
            step = step_of(node.id)
            fails.check(step is not None and step.get("data-verdict") == node.verdict, f"{lang}: verdict of {node.id}")
            fails.check(step is not None and norm(node.text(lang)) in text_of(step), f"{lang}: text of {node.id}")
            # The way on from a verdict, as if an arrangement were in place: one button.
            onward = (
                [(b["data-next"], text_of(b), b.has_attr("data-hypothetical")) for b in step.select("button")]
                if step
                else []
            )
            fails.check(
                onward == ([(node.then.next, norm(node.then.label(lang)), True)] if node.then else []),
                f"{lang}: the way on from {node.id}",
            )
    paths = listed.select(".zdr-paths > li")
    fails.check(
        [p["data-end"] for p in paths] == [last.id for _, last in policy.decision.paths()], f"{lang}: path list"
    )
    for path, (_, last) in zip(paths, policy.decision.paths(), strict=False):
        if isinstance(last, Question):
            rows = [r["data-end"] for r in path.select("tr[data-end]")]
            fails.check(rows == [a.next for a in last.answers], f"{lang}: the no-script table of {last.id}")
    # No policy text in the checker's script: it only reads the page.
    script = (ROOT / "docs" / "assets" / "zdr-checker.js").read_text(encoding="utf-8")
    for node in nodes:
        label = node.question(lang) if isinstance(node, Question) else node.text(lang)
        fails.check(label not in script, f"policy text of {node.id} in zdr-checker.js")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_only_the_pages_that_need_them_load_the_checker_and_mermaid(site, lang):
    """The checker's script and stylesheet load on the checker page only, the drawn
    flowcharts' script on the flowchart page only, Mermaid on none (the
    flowcharts are drawn at build time)."""
    for name in PAGES:
        html = parse(page_file(site, lang, name))
        scripts = [Path(urlparse(str(s["src"])).path).name for s in html.select("script[src]")]
        sheets = [Path(urlparse(str(s["href"])).path).name for s in html.select("link[rel=stylesheet]")]
        has_checker = html.select_one(".zdr-checker") is not None
        assert has_checker == (name == "checker.md"), name
        assert ("zdr-checker.js" in scripts) == has_checker, (name, scripts)
        assert ("zdr-checker.css" in sheets) == has_checker, (name, sheets)
        assert "zdr.css" in sheets, (name, sheets)
        assert ("zdr-flowchart.css" in sheets) == (name == "flowchart.md"), (name, sheets)
        assert ("zdr-diagrams.js" in scripts) == (html.select_one(".zdr-diagram") is not None), (name, scripts)
        assert ("zdr-diagrams.js" in scripts) == (name == "flowchart.md"), (name, scripts)
        assert not [s for s in html.select("script") if "mermaid" in str(s)], name
    served = lang_root(site, "en") / "assets" / "zdr-checker.css"
    assert ".zdr-checker [hidden]" in served.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_every_fact_of_the_data_is_on_the_site(site, lang):
    """Whatever else changes, no text of the data may be missing from a language."""
    shown = " ".join(text_of(article(site, lang, page)) for page in PAGES)
    shown += " " + text_of(parse(page_file(site, lang, "index.md")).select_one(".md-header__title"))
    missing = [
        t[lang][:60]
        for t in data_texts(read_data(ROOT), skip=("labels", "search_terms"))
        if norm(text(t)(lang)) not in shown
    ]
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_404_page(site, policy: Policy, lang):
    page = parse(lang_root(site, lang) / "404.html")
    assert page.html["lang"] == lang
    assert norm(policy.labels["not_found"](lang)) in text_of(page.select_one("article h1"))
    home = page.select_one("article p a")
    assert norm(home.get_text()) == norm(policy.labels["not_found_home"](lang))
    assert home["href"] == SITE_URL.rstrip("/") + "/" + languages.root(lang)
    # Its language menu leads to each language's home (not to the last page built).
    menu = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")}
    assert menu == {"en": SITE_URL, "ja": SITE_URL + "ja/"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_menu_marks_the_pages_language(site, lang):
    for page in PAGES:
        html = parse(page_file(site, lang, page))
        current = html.select("a.md-select__link[aria-current='true']")
        assert [a["hreflang"] for a in current] == [lang], page
        # No hreflang links in the head: Material fetches a sitemap beside each (a 404).
        assert html.select('link[rel="alternate"][hreflang]') == [], page


def _without_spaces(text: str) -> str:
    return "".join(text.split()).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_the_site_uses_the_terms_of_the_glossary(site, policy: Policy, lang):
    """Each term of the glossary (in Japanese, the source page's own word) stands in
    the site's text outside the glossary itself, so a reader who searches with the
    source's words finds them."""
    glossary = article(site, lang, "faq.md").find(id=policy.glossary.id)
    assert glossary is not None
    shown = ""
    for page in PAGES:
        root = BeautifulSoup(str(article(site, lang, page)), "html.parser")
        for dl in root.select("dl.zdr-glossary"):
            dl.decompose()
        shown += " " + text_of(root)
    shown = _without_spaces(shown)
    missing = [t.term(lang) for t in policy.glossary.terms if _without_spaces(t.term(lang)) not in shown]
    assert not missing, f"{lang}: glossary terms the site does not use: {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_limitations_carry_their_own_badge_never_not_eligible(site, policy: Policy, lang):
    fails = Failures()
    root = article(site, lang, "limits.md")
    label = norm(policy.statuses["limitation"].label(lang))
    for section in policy.limits:
        fails.check(section.status == "limitation", f"{section.id}: status {section.status}")
        heading = root.find(id=section.id)
        badge = heading.find_next_sibling().select_one(".zdr-badge") if heading else None
        fails.check(badge is not None and badge["data-status"] == "limitation", f"{lang}#{section.id}: badge")
        fails.check(badge is not None and label in text_of(badge), f"{lang}#{section.id}: badge text")
    fails.check(not root.select(".zdr-badge[data-status='not-eligible']"), f"{lang}: a not-eligible badge on limits")
    fails.check(label != norm(policy.statuses["not-eligible"].label(lang)), "the two labels read the same")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_link_previews_and_theme_strings_in_the_pages_language(site, policy: Policy, lang):
    """A pasted link unfurls with a description; the interface speaks the page's language."""
    from zdrsite.languages import LOCALES

    fails = Failures()
    others = [other for other in LANGS if other != lang]
    for path in sorted(lang_root(site, lang).glob("**/index.html")):
        if any((lang_root(site, other) in path.parents) for other in others if lang_root(site, other) != site):
            continue
        soup = parse(path)
        where = f"{lang}:{path.relative_to(site)}"
        meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.find_all("meta")}
        fails.check(meta.get("description") == policy.meta.about(lang), f"{where}: description")
        fails.check(meta.get("og:description") == policy.meta.about(lang), f"{where}: og:description")
        fails.check(meta.get("og:locale") == LOCALES[lang], f"{where}: og:locale")
        fails.check(policy.meta.site_name(lang) in (meta.get("og:title") or ""), f"{where}: og:title")
        titles = {a.get("title") for a in soup.select("h1 a.headerlink, h2 a.headerlink")}
        fails.check(titles == {policy.labels["permalink"](lang)}, f"{where}: permalink titles {titles}")
        toggles = {label.get("title") for label in soup.select("form[data-md-component='palette'] label")}
        expected = {policy.labels["theme_to_dark"](lang), policy.labels["theme_to_light"](lang)}
        fails.check(toggles == expected, f"{where}: colour-scheme toggles {toggles}")
    fails.report()


def test_japanese_pages_have_no_stray_spaces_between_japanese_characters(site, policy: Policy):
    """Hard-wrapped Markdown or folded YAML would leave a space inside a sentence."""
    cjk = "[\u3040-\u30ff\u3400-\u9fff\u3001\u3002\uff01-\uff1f]"
    lang = next(other for other in LANGS if other == "ja")
    found = []
    for page in PAGES:
        # Inside each text node: a gap between a badge or a bold label and the text
        # after it is the space between two elements, not inside a sentence.
        for node in article(site, lang, page).find_all(string=True):
            found += [f"{page}: …{m.group(0)}…" for m in re.finditer(f"{cjk}[ \n]+{cjk}", str(node))]
    assert not found, found[:10]


@pytest.mark.parametrize("lang", LANGS)
def test_abbreviations_carry_their_expansion_from_the_glossary(site, policy: Policy, lang):
    fails = Failures()
    terms = {t.abbr: norm(t.term(lang)) for t in policy.glossary.terms if t.abbr}
    assert terms
    seen = set()
    for page in PAGES:
        root = article(site, lang, page)
        for abbr in root.select("abbr"):
            name = abbr.get_text()
            seen.add(name)
            fails.check(name in terms, f"{lang}/{page}: <abbr> of {name!r}, not in the glossary")
            # The title is the term without its "(ZDR)".
            fails.check(abbr.get("title") and norm(abbr["title"]) in terms.get(name, ""), f"{lang}/{page}: {abbr}")
        fails.check(not root.select("code abbr, pre abbr"), f"{lang}/{page}: an abbreviation inside code")
    fails.check(seen == set(terms), f"{lang}: abbreviations used {sorted(seen)} != glossary {sorted(terms)}")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_to_where_its_content_lives(site, lang):
    from helpers import mkdocs_config

    from zdrsite.loader import DATA_FILE

    repo = mkdocs_config()["repo_url"].rstrip("/")
    fails = Failures()
    for page, markers in PAGES.items():
        link = parse(page_file(site, lang, page)).select_one("a[rel='edit']")
        wanted = DATA_FILE.as_posix() if markers else f"docs/{lang}/{page}"
        fails.check(
            link is not None and link["href"].startswith(repo) and link["href"].endswith("/" + wanted),
            f"{lang}/{page}: edit link {link and link['href']}, want …/{wanted}",
        )
    fails.report()


def test_the_language_menu_override_is_materials_partial_with_its_changes():
    """overrides/partials/alternate.html copies the theme's partial to mark the
    page's language, to make a link by path relative (a 404 page's absolute) and
    to carry the offer of a search in each language: when a theme upgrade changes
    the partial, copy it again."""
    import importlib.util

    theme = Path(importlib.util.find_spec("material").submodule_search_locations[0]) / "templates"
    installed = (theme / "partials" / "alternate.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "alternate.html").read_text(encoding="utf-8")
    changes = [
        '{% if alt.lang == config.theme.language %} aria-current="true"{% endif %}',
        '{% if search_in %} data-zdr-search="{{ search_in | e }}"{% endif %}',
        '            {%- set search_in = ((config.extra.get("zdr") or {}).get("search_in") or {}).get(alt.lang) %}\n',
    ]
    assert all(change in ours for change in changes)

    def body(template: str) -> str:
        return re.sub(r"^\{#-.*?-#\}\n", "", template, flags=re.S)

    relative = re.compile(r'\{%- set root.*?\{%- endif %\}\n\s*<a href="\{\{ href \}\}"', re.S)
    assert relative.search(ours)
    mine = body(ours)
    for change in changes:
        mine = mine.replace(change, "")
    as_theme = relative.sub('<a href="{{ alt.link | url }}"', mine)
    assert as_theme == body(installed), "Material's partials/alternate.html changed: copy it again"


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_to_another_site_is_marked_and_passes_nothing_on(site, policy, lang):
    """In the text of every page: a link to another site carries the external
    class, says so to screen readers, sends no referrer and gets no opener; and
    every point the data gives a URL links to that URL."""
    fails = Failures()
    own = urlparse(SITE_URL).netloc
    said = {"en": " (another site)", "ja": "（外部サイト）"}[lang]
    for page in PAGES:
        root = article(site, lang, page)
        for a in root.select("a[href^='http']"):
            if urlparse(a["href"]).netloc == own or "md-content__button" in (a.get("class") or []):
                continue
            where = f"{lang}/{page}: {a['href']}"
            fails.check("zdr-external" in (a.get("class") or []), f"{where}: not marked")
            fails.check(
                {"external", "noopener", "noreferrer"} <= set(a.get("rel") or []), f"{where}: rel {a.get('rel')}"
            )
            fails.check(not a.has_attr("target"), f"{where}: opens a window")
            hint = a.select_one(".zdr-sr")
            fails.check(hint is not None and hint.get_text() == said, f"{where}: no words for screen readers")
            # A page in English links to an English page as it is; a Japanese page
            # says, after the link's words, that it leads to an English page (unless
            # the words say so: the source's title names its English edition).
            english = "/en/" in urlparse(a["href"]).path
            fails.check(a.get("hreflang") == ("en" if english else None), f"{where}: hreflang {a.get('hreflang')}")
            shown = a.get_text().removesuffix(hint.get_text() if hint else "")
            noted = shown.endswith("（英語）")
            wanted = lang == "ja" and english and "英語版" not in shown
            fails.check(noted == wanted, f"{where}: {shown!r} says English: {noted}")
    home = article(site, lang, "index.md")
    points = [p for s in policy.overview for p in s.points] + list(policy.related.items)
    linked = [p for p in points if p.url]
    fails.check(len(linked) >= 8, f"{len(linked)} points with a URL")
    for p in linked:
        item = home.find(id=p.id)
        link = item.select_one("a.zdr-external") if item else None
        fails.check(link is not None and link["href"] == p.url, f"{lang}#{p.id}: {link and link['href']}")
    fails.report()


@pytest.mark.parametrize("lang", LANGS)
def test_claude_code_and_the_products_are_on_the_home_grid_and_the_eligibility_page(site, policy: Policy, lang):
    """Each way of using Claude Code sits under its own verdict on the home page's
    grid; the eligibility page lists every product, plan and other use of the
    checker's list (not its rows of the tables, not "something else") with its
    verdict, its name a link to its answer in the flowchart's list (why, what to do)."""
    fails = Failures()
    question = next(n for n in policy.decision.nodes if isinstance(n, Question) and n.multiple)
    rows = {f.id for f in policy.features}
    expected = [
        (a, policy.decision.end(a.next))
        for a in question.answers
        if a.label not in {f.name for f in policy.features}
        and policy.decision.end(a.next).verdict != "not-listed"
        and policy.decision.end(a.next).evidence[0] not in rows
    ]
    assert any(a.group for a, _ in expected), "the Claude Code group is among them"
    home = article(site, lang, "index.md")
    for answer, end in expected:
        if answer.group is None:
            continue
        column = [
            c
            for c in home.select(".zdr-glance__column")
            if c.select_one(".zdr-badge") and c.select_one(".zdr-badge").get("data-status") == end.verdict
        ]
        links = [(text_of(a), a["href"]) for c in column for a in c.select("li a")]
        fails.check((norm(answer.label(lang)), f"flowchart/#{end.id}") in links, f"{lang}: {end.id} on the home grid")
    table = article(site, lang, "eligibility.md").select(".zdr-table--products tbody tr")
    fails.check(len(table) == len(expected), f"{lang}: {len(table)} product rows, not {len(expected)}")
    for row, (answer, end) in zip(table, expected, strict=False):
        link = row.select_one("th a")
        fails.check(
            link is not None
            and text_of(link) == norm(answer.label(lang))
            and link["href"] == f"../flowchart/#{end.id}",
            f"{lang}: the name and link of {end.id}",
        )
        fails.check(
            row.select_one(f".zdr-badge[data-status='{end.verdict}']") is not None, f"{lang}: verdict of {end.id}"
        )
    fails.report()
