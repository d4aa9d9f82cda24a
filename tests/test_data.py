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


def test_the_compiled_check_is_the_packages_module_and_no_cache_is_read(tmp_path):
    """The project's schema is checked by the module kept in the package (no
    jsonschema imported, nothing read from .cache/); a schema it was not made from
    is compiled in memory and decides by itself; a planted marshal file in the old
    cache is never run."""
    import json
    import subprocess
    import sys

    project = tmp_path / "data"
    project.mkdir()
    data, schema = project / "zdr.yaml", project / loader.SCHEMA_NAME
    data.write_bytes(DATA_FILE.read_bytes())
    schema.write_bytes(SCHEMA_FILE.read_bytes())
    # What an old build cached, replaced by someone: code that would say it ran.
    planted = tmp_path / ".cache" / "zdr"
    planted.mkdir(parents=True)
    (planted / "schema-0.marshal").write_bytes(b"print('planted code ran')")
    probe = (
        "import sys; from pathlib import Path; from zdrsite import loader; "
        f"loader.load(Path({str(data)!r})); "
        "print('jsonschema' in sys.modules)"
    )

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
        return done.stdout.strip() or done.stderr.strip().splitlines()[-1]

    assert run() == "False"  # the kept module: jsonschema never imported
    # The schema now wants the site name as one string: the real one fails.
    plain = json.loads(schema.read_text(encoding="utf-8"))
    plain["properties"]["meta"]["properties"]["site_name"] = {"type": "string"}
    schema.write_text(json.dumps(plain), encoding="utf-8")
    assert "DataError" in run()
    schema.write_bytes(SCHEMA_FILE.read_bytes())
    assert run() == "False"


def test_the_kept_check_is_current_and_the_check_mode_names_the_command(tmp_path, monkeypatch, capsys):
    """schema_check.py is what `zdr schema --write` makes of the committed schema;
    `--check` fails on a stale one, naming the command that brings it up to date."""
    from zdrsite import __main__ as cli
    from zdrsite import validator

    assert validator.is_current(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert cli.main(["schema", "--check"]) == 0
    stale = tmp_path / "schema_check.py"
    stale.write_text("SCHEMA_KEY = 'old'\n", encoding="utf-8")
    monkeypatch.setattr(validator, "GENERATED", stale)
    assert cli.main(["schema", "--check"]) == 1
    assert capsys.readouterr().err == "schema_check.py is stale: run `scripts/zdr schema --write`\n"
