"""The update drill: a maintainer adds a feature, an FAQ entry pointing at it, a
flowchart end node and a changelog entry, editing only the data. Everything else
follows, in both languages, with no code edited."""

from __future__ import annotations

import copy
import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from helpers import (
    LANGS,
    copy_project,
    drawn_charts,
    lang_root,
    mkdocs_build,
    norm,
    read_data,
    search,
    serve,
    write_data,
)

from zdrsite import contract, languages, loader
from zdrsite.registry import build_site

NEW = {
    "id": "example-feature",
    "name": {"en": "Example Feature", "ja": "サンプル機能"},
    "endpoints": [{"path": "/v1/example"}],
    "status": "not-eligible",
    "hipaa": "not-eligible",
    "details": {"en": "Kept for 7 days, to replay requests.", "ja": "再実行のため、7日間保持されます。"},
}
NEW_FAQ = {
    "id": "faq-example-feature",
    "question": {"en": "Is the Example Feature covered by ZDR?", "ja": "サンプル機能はZDRの対象ですか？"},
    "answer": [{"en": "No, it keeps requests for 7 days.", "ja": "いいえ。リクエストを7日間保持します。"}],
    "links": ["example-feature"],
}
# The checker's item for a row is one line, `feature: <id>`; its end node is the
# row's (id end-<id>, text "name: details").
NEW_END = {
    "id": "end-example-feature",
    "text": {
        "en": "Example Feature: Kept for 7 days, to replay requests.",
        "ja": "サンプル機能：再実行のため、7日間保持されます。",
    },
}
DATE = datetime.date.today().isoformat()  # dates may not lie ahead


def drill(data: dict) -> dict:
    """What the maintainer guide tells a maintainer to do."""
    data["features"].append(copy.deepcopy(NEW))
    data["faq"].append(copy.deepcopy(NEW_FAQ))
    product = next(n for n in data["decision"]["nodes"] if n["id"] == "q-product")
    product["answers"].insert(1, {"feature": NEW["id"]})
    if data["changelog"][0]["date"] == DATE:  # one entry per date: add to today's
        data["changelog"][0]["ids"] += [NEW["id"], NEW_FAQ["id"]]
    else:
        data["changelog"].insert(
            0,
            {
                "date": DATE,
                "changes": {"en": "Added the Example Feature.", "ja": "サンプル機能を追加。"},
                "ids": [NEW["id"], NEW_FAQ["id"]],
            },
        )
    data["meta"]["last_checked"] = DATE
    return data


@pytest.fixture(scope="module")
def drilled(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("drill"))
    write_data(project, drill(read_data(project)))
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, site


def soup(site, lang, path):
    return BeautifulSoup((lang_root(site, lang) / path / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", LANGS)
def test_new_feature_reaches_every_output(drilled, lang):
    _project, site = drilled
    problems = []
    eligibility = soup(site, lang, "eligibility")
    row = eligibility.select_one(f".zdr-table--not-eligible table tr#{NEW['id']}")
    if row is None or NEW["name"][lang] not in row.get_text() or NEW["endpoints"][0]["path"] not in row.get_text():
        problems.append("table row")
    elif row.select_one(f"time[datetime='{DATE}']") is None:
        problems.append("row's last-changed date")
    faq = soup(site, lang, "faq")
    question = faq.find(id=NEW_FAQ["id"])
    if question is None or NEW_FAQ["question"][lang] not in question.get_text():
        problems.append("FAQ question")
    if not faq.select(f"a[href='../eligibility/#{NEW['id']}']"):
        problems.append("FAQ link to the row")
    flowchart = soup(site, lang, "flowchart")
    source = " ".join(text for text, _ in drawn_charts(flowchart))
    # An item: named in its verdict's box of the chart, its own words in the list below.
    if norm(NEW["name"][lang]) not in source or flowchart.find(id=NEW_END["id"]) is None:
        problems.append("flowchart node")
    checker = soup(site, lang, "checker")
    # The item's verdict is written once, in the path list (the script copies it).
    listed = BeautifulSoup((lang_root(site, lang) / "checker" / "items.html").read_text("utf-8"), "html.parser")
    if listed.select_one(f".zdr-paths tr[data-end='{NEW_END['id']}'][data-verdict='not-eligible']") is None:
        problems.append("checker verdict")
    # Its checkbox comes with the items' page too (the question is a stand-in on the page).
    if (
        listed.select_one(f".zdr-checker__lazy input[type=checkbox][value='{NEW_END['id']}']") is None
        or checker.select_one(".zdr-checker__step[data-multiple][data-lazy]") is None
    ):
        problems.append("checker choice")
    if listed.select_one(f".zdr-paths tr[data-end='{NEW_END['id']}']") is None:
        problems.append("checker path list")
    changes = soup(site, lang, "changes")
    if changes.find(id=f"change-{DATE}") is None or not changes.select(f"a[href='../eligibility/#{NEW['id']}']"):
        problems.append("changelog page")
    index = json.loads((lang_root(site, lang) / "search" / "search_index.json").read_text("utf-8"))
    if not [
        d for d in index["docs"] if d["location"] == f"eligibility/#{NEW['id']}" and NEW["name"][lang] in d["title"]
    ]:
        problems.append("search index")
    if NEW["name"][lang] not in (site / f"zdr.{lang}.md").read_text(encoding="utf-8"):
        problems.append("llms Markdown")
    assert not problems, problems


def test_new_feature_in_zdr_json_and_link_contract(drilled):
    project, site = drilled
    published = json.loads((site / "zdr.json").read_text(encoding="utf-8"))
    assert NEW in published["features"]
    urls = contract.public_urls(build_site(loader.load(project / "data" / "zdr.yaml").policy))
    for lang in LANGS:
        url = f"/{languages.root(lang)}eligibility/#{NEW['id']}"
        assert url in urls
        file = lang_root(site, lang) / "eligibility" / "index.html"
        assert BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find(id=NEW["id"])


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_new_feature_is_found_by_search(page, drilled, lang):
    _, site = drilled
    with serve(site) as url:
        results = search(page, url, lang, NEW["name"][lang])
    assert any(r.endswith(f"#{NEW['id']}") for r in results[:3]), results


@pytest.mark.parametrize(
    ("mistake", "expect"),
    [
        (lambda d: d["features"][-1]["name"].pop("ja"), r"features\[\d+\]\.name\.ja: missing"),
        (
            lambda d: d["faq"][-1].update(links=["example-featur"]),
            r"faq\[\d+\]\.links\[0\]: links to unknown id 'example-featur'",
        ),
        (
            lambda d: d["decision"]["nodes"][-1].update(evidence=["example"]),
            r"decision\.nodes\[\d+\]\.evidence\[0\]: evidence points to unknown id 'example'",
        ),
    ],
    ids=["forgotten-language", "faq-reference", "evidence-reference"],
)
def test_a_forgotten_language_or_reference_fails_the_build_clearly(tmp_path, mistake, expect):
    project = copy_project(tmp_path / "project")
    data = drill(read_data(project))
    mistake(data)
    write_data(project, data)
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert re.search(r"^data/zdr\.yaml:\d+: " + expect, output, re.M), output
