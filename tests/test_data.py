"""The data file: the real one is valid, broken ones are refused with a clear message."""

from __future__ import annotations

import re

import pytest
from helpers import CORPUS, DATA_FILE, LANGS, SCHEMA_FILE, SITE_CLASS, load_case, record_texts

from zdrsite import loader
from zdrsite.build import site_problems
from zdrsite.model import End, Question
from zdrsite.registry import build_site


def test_real_file_is_valid(policy):
    assert policy.features
    assert policy.faq
    assert policy.decision.nodes


def test_every_text_has_both_languages(policy):
    """Walk the typed records: no text is empty in either language."""
    texts = list(record_texts(policy))
    assert texts
    empty = [t for t in texts if not all(t(lang).strip() for lang in LANGS)]
    assert not empty, empty


def test_decision_graph_every_path_ends_in_a_verdict(policy):
    """Each path ends in a verdict, or in a question where the reader ticks items,
    each of which is a verdict; together they reach every node."""
    decision = policy.decision
    reached = {decision.start}
    for trail, last in decision.paths():
        reached |= {question.id for question, _ in trail} | {last.id}
        assert all(isinstance(q, Question) and not q.multiple for q, _ in trail)
        if isinstance(last, Question):
            assert last.multiple
            assert all(isinstance(decision.node(a.next), End) for a in last.answers)
            reached |= {a.next for a in last.answers}
    assert reached == {n.id for n in decision.nodes}


def test_corpus_is_large_enough_and_grouped():
    groups = {case.parent.name for case in CORPUS}
    assert len(CORPUS) >= 60, [c.name for c in CORPUS]
    assert len(groups) >= 5, groups


@pytest.mark.parametrize("path", CORPUS, ids=lambda c: f"{c.parent.name}/{c.stem}")
def test_broken_file_is_refused_with_its_one_line_message(path, tmp_path):
    """Every case is refused with exactly its one line: by the loader, or (class
    `site`) by the site's own check of the data, which the loader cannot make."""
    case = load_case(path)
    target = tmp_path / "zdr.yaml"
    case.install(target)
    if case.path.parent.name == SITE_CLASS:
        loaded = loader.load(target, schema=SCHEMA_FILE)
        problems = [str(p) for p in site_problems(loaded, build_site(loaded.policy))]
    else:
        with pytest.raises(loader.DataError) as caught:
            loader.load(target, schema=SCHEMA_FILE)
        problems = [str(p) for p in caught.value.problems]
        assert "\n" not in str(caught.value)
    assert problems == [case.report(loader.display_name(target))]


def test_every_schema_pattern_matches_whole_strings_only():
    """JSON Schema's `$` (and Python's) also matches before a final line break."""
    import json

    patterns: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("pattern"), str):
                patterns.append(value["pattern"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    loose = [p for p in patterns if p != "\\S" and not (p.startswith("^") and p.endswith("(?![\\s\\S])"))]
    assert patterns
    assert not loose, loose


def test_japanese_texts_have_no_space_next_to_a_japanese_character(policy):
    """The source writes ZDR対象外 and 29日間: so does the site, whatever the YAML's line folding."""
    cjk = "[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
    # The data's texts: the outline only arranges them (and joins some with " → ").
    found = [t("ja") for t in record_texts(policy) if re.search(f"\\s(?={cjk})|(?<={cjk})\\s", t("ja"))]
    assert not found, found[:5]


def test_the_load_leaves_garbage_collection_as_it_found_it(tmp_path):
    """The loader pauses Python's cyclic collector while it loads: on when it ends,
    whether the file loads or not."""
    import gc

    from helpers import DATA_FILE

    assert gc.isenabled()
    loader.load(DATA_FILE)
    assert gc.isenabled()
    broken = tmp_path / "zdr.yaml"
    broken.write_text("meta: [", encoding="utf-8")
    with pytest.raises(loader.DataError):
        loader.load(broken, schema=SCHEMA_FILE)
    assert gc.isenabled()


def test_the_compiled_check_and_jsonschema_agree_on_every_parsable_corpus_file(tmp_path):
    """Validity is decided by the schema compiled with fastjsonschema (validator.py);
    jsonschema, the authority, must decide every file of the corpus the same way."""
    import json

    import fastjsonschema
    import jsonschema

    from zdrsite import validator

    schema_text = SCHEMA_FILE.read_text(encoding="utf-8")
    authority = jsonschema.Draft202012Validator(json.loads(schema_text))
    check = validator.compiled(schema_text)
    compared, disagreements = 0, []
    for path in [DATA_FILE, *CORPUS]:
        raw = load_case(path).content if path in CORPUS else DATA_FILE.read_bytes()
        if raw is None:
            continue  # something else than a file in its place: refused before any schema
        try:
            data = loader.parse(raw, "zdr.yaml")
        except loader.DataError:
            continue  # refused before any schema: nothing to compare
        compared += 1
        try:
            check(data)
            accepted = True
        except fastjsonschema.JsonSchemaException:
            accepted = False
        if accepted != authority.is_valid(data):
            disagreements.append(f"{path.name}: compiled {'accepts' if accepted else 'refuses'}")
    assert compared >= 40, compared
    assert not disagreements, disagreements


def test_the_compiled_schema_is_cached_by_its_text_and_never_stale(tmp_path):
    """A changed schema is compiled afresh though the cache holds the old one; a
    damaged cache file is compiled over; a cache hit does not import jsonschema."""
    import json
    import subprocess
    import sys

    project = tmp_path / "data"
    project.mkdir()
    data, schema = project / "zdr.yaml", project / loader.SCHEMA_NAME
    data.write_bytes(DATA_FILE.read_bytes())
    schema.write_bytes(SCHEMA_FILE.read_bytes())
    cache = tmp_path / "cache"
    probe = (
        "import sys; from pathlib import Path; from zdrsite import loader; "
        f"loader.load(Path({str(data)!r}), cache=Path({str(cache)!r})); "
        "print('jsonschema' in sys.modules)"
    )

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        return done.stdout.strip() or done.stderr.strip().splitlines()[-1]

    assert run() == "True"  # compiled: jsonschema checked the schema
    [cached] = cache.iterdir()
    assert run() == "False"  # from the cache
    # The schema now wants the site name as one string: the real one fails.
    plain = json.loads(schema.read_text(encoding="utf-8"))
    plain["properties"]["meta"]["properties"]["site_name"] = {"type": "string"}
    schema.write_text(json.dumps(plain), encoding="utf-8")
    assert "DataError" in run()
    assert len(list(cache.iterdir())) == 2
    schema.write_bytes(SCHEMA_FILE.read_bytes())
    cached.write_bytes(b"\x00 not a code object")
    assert run() == "True"  # compiled over the damaged file
    assert run() == "False"
