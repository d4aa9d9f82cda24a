"""What `zdr scan` prints: text for a terminal, JSON, or SARIF 2.1.0 for
code-scanning views. Pure functions of the findings and the rules."""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby
from urllib.parse import quote

from .languages import punctuation
from .model import STATUSES, Lang, Policy, Status
from .scan import FAILING, Finding, Rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
JSON_KEYS = ("path", "line", "column", "id", "status", "message", "url")

_COLOURS = {"not-eligible": "31", "limitation": "31", "qualified": "33"}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("zdrsite")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "0"


def _paint(text: str, status: str, colour: bool) -> str:
    code = _COLOURS.get(status, "36")
    return f"\033[{code}m{text}\033[0m" if colour else text


def text(findings: list[Finding], policy: Policy, lang: Lang, colour: bool = False) -> str:
    """Grouped by file: `line:column  message`, then the URL to read."""
    labels = policy.labels
    if not findings:
        return labels["scan_nothing"](lang) + "\n"
    out = []
    for path, group in groupby(findings, key=lambda f: f.path):
        out.append(f"\033[1m{path}\033[0m" if colour else path)
        for f in group:
            where = f"{f.line}:{f.column}"
            out.append(f"  {where:<8} {_paint(f.message, f.status, colour)}")
            out.append(f"  {'':<8} {f.url}")
    marks = punctuation(lang)
    counts = Counter(f.status for f in findings)
    parts = [f"{policy.statuses[s].label(lang)}{marks.aside(str(counts[s]))}" for s in STATUSES if counts[s]]
    out.append(f"{labels['scan_found'](lang)}{marks.colon}{marks.comma.join(parts)}")
    return "\n".join(out) + "\n"


def as_json(findings: list[Finding]) -> str:
    return json.dumps([{key: getattr(f, key) for key in JSON_KEYS} for f in findings], ensure_ascii=False, indent=2)


def _level(status: Status, strict: bool) -> str:
    if status in FAILING:
        return "error"
    return "warning" if strict else "note"


def sarif(findings: list[Finding], rules: tuple[Rule, ...], strict: bool, about: str) -> str:
    """One run of one tool; one rule per data id with its help URL. `about` is the
    site's page on the scan."""
    index = {rule.id: i for i, rule in enumerate(rules)}
    driver = {
        "name": "zdr scan",
        "version": _version(),
        "informationUri": about,
        "rules": [
            {
                "id": rule.id,
                "shortDescription": {"text": rule.title},
                "fullDescription": {"text": rule.message},
                "helpUri": rule.url,
                "help": {"text": f"{rule.message} {rule.url}"},
                "defaultConfiguration": {"level": _level(rule.status, strict)},
                "properties": {"tags": ["zdr", rule.status]},
            }
            for rule in rules
        ],
    }
    results = [
        {
            "ruleId": f.id,
            "ruleIndex": index[f.id],
            "level": _level(f.status, strict),
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(f.path)},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        for f in findings
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)
