"""`zdr source check`: pages made from the data are in sync in every form and both
languages; each kind of change is reported with its id, kind and line; a file that
is not the source page exits 2 with one line."""

from __future__ import annotations

import copy
import hashlib
import json
import random
import re

import pytest
import yaml
from helpers import LANGS, ROOT, SOURCE_FORMS, Failures, SourceLine, read_data, source_outline, source_page

from zdrsite.__main__ import main
from zdrsite.source import durations

DATA = read_data(ROOT)
URL = DATA["meta"]["source"]["url"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["source", "check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def page_of(lines: list[SourceLine], form: str, lang: str) -> tuple[str, dict[int, int]]:
    return source_page(lines, form, lang, URL)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("form", SOURCE_FORMS)
def test_a_page_made_from_the_data_is_in_sync(tmp_path, capsys, form, lang):
    text, _ = page_of(source_outline(DATA, lang), form, lang)
    path = write(tmp_path, f"page.{form}", text)
    code, out, err = run(capsys, str(path), "--format", "json")
    assert (code, err) == (0, ""), out
    [report] = json.loads(out)
    assert report == {
        "file": str(path),
        "edition": {
            "title": DATA["meta"]["source"]["page_title"],
            "lang": lang,
            "url": None if form == "text" else URL,
        },
        "same_copy": False,
        "in_sync": True,
        "differences": [],
    }
    code, out, _ = run(capsys, str(path), "--lang", lang)
    assert code == 0
    assert {"en": "no differences", "ja": "差分はありません"}[lang] in out


def test_rows_are_matched_by_name_and_endpoint_never_by_position(tmp_path, capsys):
    lines = source_outline(DATA, "en")
    rows = [i for i, line in enumerate(lines) if line.kind == "row"]
    shuffled = [lines[i] for i in rows]
    random.Random(7).shuffle(shuffled)
    for i, line in zip(rows, shuffled, strict=True):
        lines[i] = line
    text, _ = page_of(lines, "markdown", "en")
    assert run(capsys, str(write(tmp_path, "page.md", text)))[0] == 0


def _first(lines: list[SourceLine], ident: str) -> int:
    return next(i for i, line in enumerate(lines) if line.ident == ident)


def _with_cell(line: SourceLine, column: int, value: str) -> SourceLine:
    cells = list(line.cells)
    cells[column] = value
    return SourceLine(line.kind, line.text, line.ident, tuple(cells), line.level)


def changes(lang: str):
    """(kind, the change, the id it concerns, the changed line's index or None)."""
    feature = next(f for f in DATA["features"] if f["status"] == "eligible")
    stored = next(f for f in DATA["features"] if f["status"] == "not-eligible")
    gone = [f for f in DATA["features"] if f["status"] == "not-eligible"][-1]
    faq, limit = DATA["faq"][-1], DATA["limits"][0]
    no, yes = ("No", "Yes") if lang == "en" else ("いいえ", "はい")

    def added(lines):
        at = _first(lines, feature["id"])
        lines.insert(at, SourceLine("row", "", None, (f"Quantum {at}", "/v1/quantum", yes, yes, "Never kept.")))
        return at

    def removed(lines):
        del lines[_first(lines, gone["id"])]

    def status(lines):
        at = _first(lines, feature["id"])
        lines[at] = _with_cell(lines[at], 2, no)
        return at

    def endpoint(lines):
        at = _first(lines, feature["id"])
        lines[at] = _with_cell(lines[at], 1, "/v1/messages/elsewhere")
        return at

    def duration(lines):
        at = _first(lines, stored["id"])
        details = lines[at].cells[-1] + (" Kept 3 years." if lang == "en" else "3年間保持されます。")
        lines[at] = _with_cell(lines[at], len(lines[at].cells) - 1, details)
        return at

    def faq_added(lines):
        at = _first(lines, faq["id"])
        lines.insert(
            at,
            SourceLine(
                "question",
                "Can a quantum computer read my prompts?"
                if lang == "en"
                else "量子コンピューターはプロンプトを読めますか？",
            ),
        )
        return at

    def faq_removed(lines):
        del lines[_first(lines, faq["id"])]

    def section_added(lines):
        at = _first(lines, limit["id"])
        lines.insert(at, SourceLine("heading", "Quantum retention" if lang == "en" else "量子データの保持", level=3))
        return at

    def section_removed(lines):
        del lines[_first(lines, limit["id"])]

    return [
        ("added", added, None),
        ("removed", removed, gone["id"]),
        ("status", status, feature["id"]),
        ("endpoint", endpoint, feature["id"]),
        ("duration", duration, stored["id"]),
        ("faq-added", faq_added, None),
        ("faq-removed", faq_removed, faq["id"]),
        ("section-added", section_added, None),
        ("section-removed", section_removed, limit["id"]),
    ]


@pytest.mark.parametrize(("lang", "form"), [("en", "markdown"), ("ja", "text"), ("en", "html"), ("ja", "markdown")])
def test_each_change_is_reported_with_its_id_kind_and_line(tmp_path, capsys, lang, form):
    failures = Failures()
    for kind, change, ident in changes(lang):
        lines = source_outline(DATA, lang)
        at = change(lines)
        text, where = page_of(lines, form, lang)
        code, out, _ = run(capsys, str(write(tmp_path, f"{kind}.{form}", text)), "--format", "json")
        found = json.loads(out)[0]["differences"]
        expected = {"kind": kind, "id": ident, "line": where[at] if at is not None else None}
        got = [{k: d[k] for k in expected} for d in found]
        failures.check(code == 1 and got == [expected], f"{lang} {form} {kind}: {got}, want [{expected}]")
    failures.report()


def test_a_hipaa_verdict_that_differs_is_reported_by_row(tmp_path, capsys):
    feature = next(f for f in DATA["features"] if f["hipaa"] == "eligible")
    lines = source_outline(DATA, "en", hipaa={feature["id"]: "No"})
    text, where = page_of(lines, "markdown", "en")
    code, out, _ = run(capsys, str(write(tmp_path, "page.md", text)), "--format", "json")
    [difference] = json.loads(out)[0]["differences"]
    assert code == 1
    assert (difference["kind"], difference["id"], difference["line"]) == (
        "hipaa",
        feature["id"],
        where[_first(lines, feature["id"])],
    )
    assert difference["source"] == "No → not-eligible"  # the word met, and what it means
    assert difference["data"] == "eligible"


def test_the_text_report_groups_by_kind_in_the_chosen_language(tmp_path, capsys):
    lines = source_outline(DATA, "ja")
    changes("ja")[2][1](lines)  # a verdict
    changes("ja")[6][1](lines)  # an FAQ question gone
    path = write(tmp_path, "page.txt", page_of(lines, "text", "ja")[0])
    code, out, _ = run(capsys, str(path), "--lang", "ja")
    assert code == 1
    assert out.index("ZDRの判定の違い（1件）") < out.index("なくなったFAQの質問（1件）")
    assert "差分：2件" in out
    code, out, _ = run(capsys, str(path))
    assert out.index("ZDR verdict differs (1)") < out.index("FAQ question gone (1)")


def test_the_very_copy_the_data_follows_is_named_so(tmp_path, capsys):
    text, _ = page_of(source_outline(DATA, "ja"), "text", "ja")
    path = write(tmp_path, "saved.txt", text)
    data = copy.deepcopy(DATA)
    data["meta"]["source"]["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    data_file = tmp_path / "data" / "zdr.yaml"
    data_file.parent.mkdir()
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (data_file.parent / "zdr.schema.json").write_bytes((ROOT / "data" / "zdr.schema.json").read_bytes())
    code, out, err = run(capsys, str(path), "--format", "json", "--data", str(data_file))
    assert (code, err) == (0, "")
    assert json.loads(out)[0]["same_copy"] is True
    other = write(tmp_path, "other.txt", text + "\n")
    assert json.loads(run(capsys, str(other), "--format", "json", "--data", str(data_file))[1])[0]["same_copy"] is False


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.md", b"", "the file is empty"),
        ("binary.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100, "a binary file"),
        ("notes.md", b"# Team notes\n\nWe use the Messages API.\n\n- one\n- two\n", "no feature table found"),
        (
            "page.html",
            b"<!DOCTYPE html><html><body><h1>Hello</h1><p>No table here.</p></body></html>",
            "no feature table found",
        ),
    ],
)
def test_a_file_that_is_not_the_source_exits_2_with_one_line(tmp_path, capsys, name, content, says):
    code, out, err = run(capsys, str(write(tmp_path, name, content)))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1, err
    assert says in err


def test_a_50_mb_file_exits_2_with_one_line_without_reading_it_whole(tmp_path, capsys):
    path = tmp_path / "huge.md"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper
    code, out, err = run(capsys, str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "larger than a saved page can be" in err


def test_a_missing_file_or_a_fifo_exits_2(tmp_path, capsys):
    import os

    os.mkfifo(tmp_path / "fifo")
    for name in ("missing.md", "fifo"):
        code, _, err = run(capsys, str(tmp_path / name))
        assert code == 2, name
        assert err.count("\n") == 1


def test_a_saved_html_page_with_row_headers_and_footnotes_reads_its_rows():
    """As a browser saves a docs page: the frame around <main>, a row's name in a
    <th>, the endpoint in <code>, a footnote mark after the verdict, CRLF endings."""
    from zdrsite import source

    feature = next(f for f in DATA["features"] if f["status"] == "not-eligible" and "note" not in f["endpoints"][0])
    path = feature["endpoints"][0]["path"]
    page = (
        '<!doctype html>\r\n<html lang="en"><head><title>Docs</title></head><body><nav><table><tr><th>Menu</th>'
        "<td>/v1/menu</td></tr></table></nav><main><h1>A saved page</h1>\r\n<table>\r\n<thead><tr><th>Feature</th>"
        "<th>Endpoint</th><th>ZDR eligible</th></tr></thead>\r\n<tbody>\r\n"
        f'<tr><th scope="row">{feature["name"]["en"]}</th><td><code>{path}</code></td>'
        "<td><span>No</span><sup>1</sup></td></tr>\r\n</tbody></table></main></body></html>"
    ).encode()
    parts = source.read_source(page, "saved.html").parts
    assert [(p.kind, p.name, p.endpoint, p.zdr, p.line) for p in parts] == [
        ("section", "A saved page", None, None, 2),
        ("row", feature["name"]["en"], path, ("not-eligible", "No"), 6),
    ]


def _md(lang: str = "en") -> tuple[str, list[SourceLine], dict[int, int]]:
    lines = source_outline(DATA, lang)
    text, where = page_of(lines, "markdown", lang)
    return text, lines, where


def _differences(capsys, tmp_path, text: str | bytes, name: str = "page.md") -> list[tuple[str, str | None]]:
    _, out, _ = run(capsys, str(write(tmp_path, name, text)), "--format", "json")
    return [(d["kind"], d["id"]) for d in json.loads(out)[0]["differences"]]


def test_what_hides_a_change_hides_it_no_more(tmp_path, capsys):
    """Each of these once read as in sync: a verdict in words no edition uses, a
    self-closing `<Eligible status="no" />`, markup and words that disagree, a
    duration gone, a `|` inside backticks, an endpoint's qualifier changed or emptied."""
    text, _, _ = _md()
    eligible = next(f for f in DATA["features"] if f["status"] == "eligible")
    stored = next(f for f in DATA["features"] if "note" in f["endpoints"][0] and durations(f["details"]["en"]))
    note = stored["endpoints"][0]["note"]["en"]
    row = next(line for line in text.splitlines() if line.startswith(f"| {eligible['source_names']['en'][0]} |"))
    verdict = '<Eligible status="yes">Yes</Eligible>'
    noted = next(line for line in text.splitlines() if line.startswith(f"| {stored['source_names']['en'][0]} |"))
    cases = {
        "a verdict in other words": (row, row.replace(verdict, "Not eligible"), ("status", eligible["id"])),
        "a self-closing verdict": (row, row.replace(verdict, '<Eligible status="no" />'), ("status", eligible["id"])),
        "markup and words disagree": (
            row,
            row.replace(verdict, '<Eligible status="no">Yes</Eligible>'),
            ("status", eligible["id"]),
        ),
        "a pipe in backticks": (
            row,
            row.replace(verdict, "No").replace("` |", " (`a|b`)` |", 1),
            ("status", eligible["id"]),
        ),
        "a qualifier changed": (
            noted,
            noted.replace(note, "with something else"),
            ("endpoint", stored["id"]),
        ),
        "an endpoint emptied": (noted, re.sub(r"`[^`]*`", "", noted, count=1), ("endpoint", stored["id"])),
    }
    retention = stored["details"]["en"]
    if durations(retention):
        cases["a duration gone"] = (
            retention,
            re.sub(r"\d+[- ](day|hour|year)s?", "a while", retention),
            ("duration", stored["id"]),
        )
    failures = Failures()
    for what, (old, new, expected) in cases.items():
        assert text.count(old) >= 1, what
        found = _differences(capsys, tmp_path, text.replace(old, new, 1))
        failures.check(expected in found, f"{what}: {found}")
    failures.report()


def test_the_docs_markup_variants_read_as_the_same_page(tmp_path, capsys):
    """Headings with `{#anchor}`, an `<Accordion defaultOpen title=...>`, a UTF-16
    copy, and HTML that leaves `</p>` and `</li>` to the parser: still in sync."""
    text, lines, _ = _md()
    limit = DATA["limits"][0]
    heading = f"### {limit['source_names']['en'][0]}"
    question = DATA["faq"][0]["question"]["en"]
    variants = {
        "anchor": text.replace(heading, heading + " {#some-anchor}"),
        "accordion": text.replace(f'<section title="{question}">', f'<Accordion defaultOpen title="{question}">'),
    }
    failures = Failures()
    for what, page in variants.items():
        failures.check(_differences(capsys, tmp_path, page) == [], f"{what}: {_differences(capsys, tmp_path, page)}")
    utf16 = "\ufeff" + text
    failures.check(_differences(capsys, tmp_path, utf16.encode("utf-16")) == [], "utf-16")
    html, _ = page_of(lines, "html", "en")
    loose = html.replace("</p>", "").replace("</li></ul>", "</ul>")
    failures.check(_differences(capsys, tmp_path, loose, "page.html") == [], "html without </p> and </li>")
    failures.report()


def test_a_new_question_that_holds_an_entrys_phrases_takes_no_id_from_its_own_question(tmp_path, capsys):
    text, _, _ = _md()
    entry = next(q for q in DATA["faq"] if q["source_names"]["en"])
    own = f'<section title="{entry["question"]["en"]}">'
    phrases = " ".join(entry["source_names"]["en"][0].split(" + "))
    found = _differences(capsys, tmp_path, text.replace(own, f'<section title="And now: {phrases}?">\n\n{own}', 1))
    assert found == [("faq-added", None)]


def test_the_text_report_escapes_control_characters_and_each_file_is_read_once(tmp_path, capsys):
    text, _, _ = _md()
    feature = DATA["features"][0]
    name = feature["source_names"]["en"][0]
    evil = text.replace(f"| {name} |", f"| Evil\x1b]0;title\x07\u202e | `/v1/evil` | Yes | x |\n| {name} |", 1)
    path = write(tmp_path, "page.md", evil)
    code, out, _ = run(capsys, str(path), str(path))
    assert code == 1
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "\\x1b" in out
    assert out.count(f"{path}: ") == 1
    good = write(tmp_path, "good.md", text)
    code, out, err = run(capsys, str(good), str(tmp_path / "missing.md"))
    assert code == 2
    assert err.count("\n") == 1
    assert "no differences" in out  # the file that could be read is still reported
