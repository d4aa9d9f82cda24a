"""zdr.json, zdr.schema.json, llms.txt and the plain-Markdown facts in the built site."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from helpers import LANGS, ROOT, data_texts, norm, read_data

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
    batch["retention"]["en"] += " Changed."
    new["features"].append(
        {
            "id": "new-thing",
            "status": "eligible",
            "name": {"en": "N", "ja": "N"},
            "endpoint": "/v1/new",
            "description": {"en": "d", "ja": "d"},
        }
    )
    removed = new["faq"].pop()
    assert diff.changes(old, new) == ["new-thing: added", f"{removed['id']}: removed", "batch-api: retention changed"]
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
