"""`zdr scan`: every use in the fixtures found, nothing else, each linked to its row.

The fixtures (tests/scan-fixtures/) mark each expected finding on its line with a
comment `expect: ID [ID ...]` (or `expect-above-N:` for a finding N lines up);
every other line must stay silent. What the findings say (status, message, URL)
is derived from the data.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import LANGS, ROOT

from zdrsite import languages, scan, scan_report
from zdrsite.__main__ import main as zdr_main
from zdrsite.registry import build_site

FIXTURES = Path(__file__).parent / "scan-fixtures"
SARIF_SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"
_EXPECT = re.compile(r"expect(?:-above-(\d+))?:((?:\s+[a-z0-9-]+)+)")


def expected_findings(folder: Path) -> list[tuple[str, int, str]]:
    """(path relative to `folder`, line, id) for every `expect:` mark."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in _EXPECT.finditer(line):
                above = int(match.group(1) or 0)
                found += [(path.relative_to(folder).as_posix(), number - above, i) for i in match.group(2).split()]
    return sorted(found)


def run_scan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zdrsite", "scan", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def en_rules(policy):
    return scan.rules(build_site(policy), "en", policy.meta.site_url)


def test_every_use_in_the_fixtures_is_found_and_nothing_else(en_rules, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    result = scan.Scanner(en_rules).scan([Path(".")])
    assert not result.skipped
    got = sorted((f.path, f.line, f.id) for f in result.findings)
    expected = expected_findings(FIXTURES)
    assert len(expected) >= 30, "the fixtures lost their marks"
    assert got == expected
    # Every kind of pattern and every language of the fixtures is exercised.
    assert {Path(p).parent.name for p, _, _ in got} == {"python", "typescript", "shell", "traps"}


def test_every_data_entry_with_patterns_is_found_by_a_fixture(policy, en_rules):
    found = {i for _, _, i in expected_findings(FIXTURES)}
    assert found == {rule.id for rule in en_rules}


def test_each_finding_says_what_the_data_says_in_each_language(policy, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    for lang in LANGS:
        rules = {r.id: r for r in scan.rules(build_site(policy), lang, policy.meta.site_url)}
        findings = scan.Scanner(tuple(rules.values())).scan([Path("python/uses.py")]).findings
        assert findings
        for f in findings:
            entry = build_site(policy).outline[f.id]
            assert f.status == entry.status
            assert f.message.startswith(entry.title(lang))
            if entry.kind != "faq":  # an FAQ answer speaks for itself: question, answer
                assert policy.statuses[f.status].label(lang) in f.message
            assert "\n" not in f.message
            assert f.url == f"{policy.meta.site_url}{languages.root(lang)}{entry.url()}"


def test_every_finding_url_is_an_anchor_of_the_built_site(policy, site):
    """The URL of every rule, in both languages, names an element of the built page."""
    for lang in LANGS:
        for rule in scan.rules(build_site(policy), lang, policy.meta.site_url):
            page, anchor = rule.url.removeprefix(policy.meta.site_url).split("#")
            soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
            assert soup.find(id=anchor) is not None, rule.url


def test_columns_point_at_the_name(en_rules):
    text = "x = client.messages.batches.create(requests=[])\n"
    [finding] = scan.Scanner(en_rules).scan_text(text, "a.py", "python")
    assert (finding.line, finding.column) == (1, text.index("messages") + 1)


def test_folders_that_are_not_source_and_binary_files_are_skipped(tmp_path, en_rules):
    use = "client.messages.batches.create(requests=[])\n"
    for name in (
        "node_modules/pkg/index.js",
        ".venv/lib/x.py",
        "venv/lib/x.py",
        ".git/hooks/x.py",
        "__pycache__/x.py",
        "myenv/y.py",
        "notes.txt",
        "README.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(use, encoding="utf-8")
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (tmp_path / "myenv" / "bin").mkdir()
    (tmp_path / "myenv" / "bin" / "python3").write_text("", encoding="utf-8")
    (tmp_path / "binary.py").write_bytes(use.encode() + b"\0\0")
    (tmp_path / "kept.py").write_text(use, encoding="utf-8")
    result = scan.Scanner(en_rules).scan([tmp_path])
    assert [Path(f.path).name for f in result.findings] == ["kept.py"]
    # A binary file and a virtual environment (by its layout) are counted, not read.
    assert [(Path(s.path).name, s.reason) for s in result.skipped] == [
        ("binary.py", "binary"),
        ("myenv", "virtual-environment"),
    ]
    # A file named on the command line is read whatever its suffix.
    named = scan.Scanner(en_rules).scan([tmp_path / "notes.txt"]).findings
    assert len(named) == 1


def test_json_output_and_exit_codes(tmp_path):
    (tmp_path / "batch.py").write_text("client.messages.batches.create(requests=[])\n", encoding="utf-8")
    (tmp_path / "schema.py").write_text("client.messages.parse(messages=[], output_format=Answer)\n", encoding="utf-8")
    (tmp_path / "fine.py").write_text("client.messages.create(messages=[])\n", encoding="utf-8")
    done = run_scan("batch.py", "schema.py", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["skipped"] == []
    rows = report["findings"]
    assert [(r["path"], r["id"], r["status"]) for r in rows] == [
        ("batch.py", "batch-api", "not-eligible"),
        ("schema.py", "structured-outputs", "qualified"),
        ("schema.py", "structured-outputs", "qualified"),
    ]
    assert all(list(r) == list(scan_report.JSON_KEYS) for r in rows)
    # A qualified feature ("Yes (qualified)") alone passes, unless --strict.
    assert run_scan("schema.py", cwd=tmp_path).returncode == 0
    assert run_scan("schema.py", "--strict", cwd=tmp_path).returncode == 1
    assert run_scan("fine.py", cwd=tmp_path).returncode == 0
    missing = run_scan("nowhere", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == ["zdr scan: nowhere: no such file or folder"]
    # A broken data file is not a finding either.
    (tmp_path / "zdr.yaml").write_text("meta: [\n", encoding="utf-8")
    broken = run_scan("fine.py", "--data", "zdr.yaml", cwd=tmp_path)
    assert broken.returncode == 2
    assert broken.stderr.startswith("zdr.yaml:")


def test_text_output_is_grouped_by_file_in_the_chosen_language(tmp_path, policy):
    (tmp_path / "a.py").write_text("client.messages.batches.create(requests=[])\n", encoding="utf-8")
    for lang in LANGS:
        done = run_scan("a.py", "--lang", lang, cwd=tmp_path)
        lines = done.stdout.splitlines()
        assert lines[0] == "a.py"
        rules = scan.rules(build_site(policy), lang, policy.meta.site_url)
        assert lines[1].split(None, 1) == ["1:8", next(r.message for r in rules if r.id == "batch-api")]
        assert lines[2].strip().endswith("#batch-api")
        assert lines[-1].startswith(policy.labels["scan_found"](lang))
        assert "\033[" not in done.stdout  # no colours when not on a terminal


def test_sarif_output_is_valid_sarif_2_1_0(tmp_path, policy):
    import jsonschema

    (tmp_path / "dir with space").mkdir()
    (tmp_path / "dir with space" / "a.ts").write_text(
        "const c = new Anthropic({ dangerouslyAllowBrowser: true });\nclient.beta.files.upload({ file });\n",
        encoding="utf-8",
    )
    done = run_scan(".", "--format", "sarif", cwd=tmp_path)
    assert done.returncode == 1
    log = json.loads(done.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[:3]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in scan.rules(build_site(policy), "en", policy.meta.site_url)]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("cors", "error"), ("files-api", "error")]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert rules[result["ruleIndex"]]["helpUri"].endswith("#" + result["ruleId"])
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir%20with%20space/a.ts"
    # The schema itself is the official one (OASIS, 2.1.0 errata 01).
    assert schema["id"] == scan_report.SARIF_SCHEMA


def test_the_same_through_the_zdr_command_and_the_script(tmp_path):
    (tmp_path / "a.py").write_text("client.messages.batches.create(requests=[])\n", encoding="utf-8")
    script = subprocess.run(
        [str(ROOT / "scripts" / "zdr"), "scan", "a.py", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert script.returncode == 1, script.stderr
    assert json.loads(script.stdout)["findings"][0]["id"] == "batch-api"


def test_the_pre_commit_hook_runs_the_scan_on_the_files_it_is_given(tmp_path):
    import yaml

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "zdr-scan"
    (tmp_path / "a.py").write_text("client.messages.batches.create(requests=[])\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("print(1)\n", encoding="utf-8")
    command = [
        str(Path(sys.executable).with_name(hook["entry"].split()[0])),  # the installed command
        *hook["entry"].split()[1:],
        *hook.get("args", []),
    ]
    assert subprocess.run([*command, "b.py"], cwd=tmp_path).returncode == 0
    assert subprocess.run([*command, "a.py", "b.py"], cwd=tmp_path, capture_output=True).returncode == 1


def test_a_scan_outside_the_project_uses_the_projects_data(tmp_path):
    """In another repository (no data/zdr.yaml above it), the scan still knows the
    patterns: from the project the command was installed from."""
    (tmp_path / "a.py").write_text("client.messages.batches.create(requests=[])\n", encoding="utf-8")
    assert run_scan("a.py", cwd=tmp_path).returncode == 1


def test_in_process_entry_point_returns_the_exit_code(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text("client.beta.skills.create()\n", encoding="utf-8")
    assert zdr_main(["scan", "a.py", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["findings"][0]["id"] == "skills"


def test_text_output_is_coloured_by_status_on_a_terminal(policy, en_rules):
    text = "client.messages.batches.create(requests=[])\nclient.messages.parse(messages=[])\n"
    findings = scan.Scanner(en_rules).scan_text(text, "a.py", "python")
    assert [f.status for f in findings] == ["not-eligible", "qualified"]
    result = scan.ScanResult(findings, [])
    coloured = scan_report.text(result, policy, "en", colour=True)
    assert f"\033[31m{findings[0].message}\033[0m" in coloured
    assert f"\033[33m{findings[1].message}\033[0m" in coloured
    assert "\033[" not in scan_report.text(result, policy, "en", colour=False)


def test_nothing_found_says_so_in_each_language(tmp_path, policy):
    (tmp_path / "a.py").write_text("client.messages.create(messages=[])\n", encoding="utf-8")
    for lang in LANGS:
        done = run_scan("a.py", "--lang", lang, cwd=tmp_path)
        assert done.returncode == 0
        assert done.stdout.strip() == policy.labels["scan_nothing"](lang)


def test_the_commands_that_speak_of_the_site_refuse_what_the_site_refuses(tmp_path):
    """An id the site also makes an anchor of (the corpus class `site`): `zdr check`
    reads the data alone and accepts it; `zdr scan` and `zdr urls` link into the
    site, so they refuse it with the build's line."""
    from helpers import CORPUS, SITE_CLASS, copy_project, load_case

    [case] = [load_case(p) for p in CORPUS if p.parent.name == SITE_CLASS]
    project = copy_project(tmp_path / "project")
    case.install(project / "data" / "zdr.yaml")
    zdr = str(Path(sys.executable).with_name("zdr"))
    expected = case.report("data/zdr.yaml")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([zdr, *args], capture_output=True, text=True, cwd=project, check=False)

    assert run("check").returncode == 0
    scanned = run("scan", "--data", "data/zdr.yaml", ".")
    assert (scanned.returncode, scanned.stderr.strip()) == (2, expected)
    urls = run("urls", "--check")
    assert (urls.returncode, urls.stderr.strip()) == (1, expected)
