"""zdr.json, zdr.schema.json, llms.txt and the plain-Markdown facts in the built site."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from helpers import LANGS, ROOT, Failures, data_texts, norm, read_data

from zdrsite import diff
from zdrsite.exports import facts_file
from zdrsite.languages import DEFAULT_LANGUAGE
from zdrsite.records import text


def test_zdr_json_round_trips_to_the_yaml_and_validates(site):
    """zdr.json holds what data/zdr.yaml says, read here with plain PyYAML (not
    through the loader that produced the export)."""
    published = json.loads((site / "zdr.json").read_text(encoding="utf-8"))
    assert published == read_data(ROOT)
    schema = json.loads((site / "zdr.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads((ROOT / "data" / "zdr.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(published)


def test_data_file_names_its_schema_for_editors():
    first = (ROOT / "data" / "zdr.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (ROOT / "data" / first.split("$schema=", 1)[1].strip()).is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_plain_markdown_holds_every_fact(site, lang):
    raw = (site / facts_file(lang)).read_text(encoding="utf-8")
    # Shown as text by a Markdown renderer: HTML entities and backslash escapes.
    for escaped in ("\\|", "\\[", "\\]", "\\`"):
        raw = raw.replace(escaped, escaped[1])
    page = norm(html.unescape(raw))
    data = read_data(ROOT)
    # Labels are interface words, not facts.
    missing = [t[lang] for t in data_texts(data, skip=("labels", "search_terms")) if norm(text(t)(lang)) not in page]
    missing += [f["endpoint"] for f in data["features"] if "endpoint" in f and f["endpoint"] not in page]
    assert not missing, missing


def test_llms_txt_links_to_files_that_exist(site, policy):
    index = (site / "llms.txt").read_text(encoding="utf-8")
    assert index.startswith(f"# {policy.meta.site_name(DEFAULT_LANGUAGE)}\n")
    for name in [facts_file(lang) for lang in LANGS] + ["zdr.json", "zdr.schema.json"]:
        assert f"/{name})" in index
        assert (site / name).is_file()


def test_diff_names_ids_and_fields():
    old = read_data(ROOT)
    new = json.loads(json.dumps(old))
    batch = next(f for f in new["features"] if f["id"] == "batch-api")
    batch["details"]["en"] += " Changed."
    new["features"].append(
        {
            "id": "new-thing",
            "status": "eligible",
            "hipaa": "eligible",
            "name": {"en": "N", "ja": "N"},
            "endpoints": [{"path": "/v1/new"}],
            "details": {"en": "d", "ja": "d"},
        }
    )
    removed = new["faq"].pop()
    assert diff.changes(old, new) == ["new-thing: added", f"{removed['id']}: removed", "batch-api: details changed"]
    assert diff.changes(old, old) == []


def test_diff_command_reads_git_revisions():
    same = diff.changes(diff.data_at(ROOT, "HEAD"), diff.data_at(ROOT, "HEAD"))
    assert same == []
    zdr = str(Path(sys.executable).with_name("zdr"))  # the installed command
    ok = subprocess.run([zdr, "diff", "HEAD", "HEAD"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.strip() == "no changes", ok.stdout + ok.stderr
    bad = subprocess.run([zdr, "diff", "no-such-revision"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert bad.returncode == 1, bad.stderr
    assert bad.stderr.startswith("git: "), bad.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_plain_markdown_reads_as_a_document(site, policy, lang):
    """The FAQ and the changelog under headings of their own, no heading with
    nothing under it, the not-listed note said once, each FAQ point with its verdict."""
    lines = [ln for ln in (site / facts_file(lang)).read_text(encoding="utf-8").splitlines() if ln.strip()]
    failures = Failures()
    for label, first in (("faq", policy.faq[0].question(lang)), ("changelog", policy.changelog[0].date)):
        heading = f"## {policy.labels[label](lang)}"
        at = next((i for i, ln in enumerate(lines) if ln.startswith(f"### {first}")), None)
        failures.check(at is not None and heading in lines[:at], f"{first!r} is not under {heading!r}")
    for a, b in zip(lines, [*lines[1:], "## (end)"], strict=True):
        failures.check(not (a.startswith("## ") and b.startswith("## ")), f"nothing under {a!r}")
    note, label = policy.meta.not_listed(lang), policy.statuses["not-listed"].label(lang)
    failures.check(lines.count(note) == 1, "the not-listed note is not a line of its own, once")
    colon = ": " if lang == "en" else "："
    failures.check(not any(ln.startswith(f"{label}{colon}{label}") for ln in lines), "the label said twice")
    for q in policy.faq:
        for point in q.points:
            if point.status:
                said = policy.statuses[point.status].label(lang)
                shown = next((ln for ln in lines if norm(point.text(lang)) in norm(ln)), "")
                failures.check(shown.startswith(f"- {said}"), f"{point.id}: {shown!r}")
    failures.report()


def test_japanese_plain_markdown_uses_japanese_punctuation(site):
    text = (site / facts_file("ja")).read_text(encoding="utf-8")
    jp = "[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]"
    found = re.findall(f"{jp}: |{jp} \\(|。 \\S|\\) {jp}", text)
    assert not found, found[:5]
