"""What `zdr scan` prints: text for a terminal, JSON, or SARIF 2.1.0 for
code-scanning views. Pure functions of the findings and the rules."""

from __future__ import annotations

import json
import os
from collections import Counter
from itertools import groupby
from urllib.parse import quote

from .languages import punctuation
from .model import STATUSES, Lang, Policy, Status
from .scan import FAILING, Rule, ScanResult, Skipped, printable_path, shown_path

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


def skip_reason(policy: Policy, skipped: Skipped, lang: Lang) -> str:
    """Why a file was not read, in words of the language (and what more there is to say)."""
    said = policy.labels[f"scan_skip_{skipped.reason.replace('-', '_')}"](lang)
    return f"{said}{punctuation(lang).aside(skipped.detail)}" if skipped.detail else said


def text(result: ScanResult, policy: Policy, lang: Lang, colour: bool = False) -> str:
    """Grouped by file: `line:column  message`, then the URL to read; then what was
    not read and why. Every path printable (printable_path): a name cannot move the
    cursor, set a title or split a line."""
    labels, findings, marks = policy.labels, result.findings, punctuation(lang)
    out = []
    if not findings:
        out.append(labels["scan_nothing"](lang))
    for path, group in groupby(findings, key=lambda f: f.path):
        shown = printable_path(path)
        out.append(f"\033[1m{shown}\033[0m" if colour else shown)
        for f in group:
            where = f"{f.line}:{f.column}"
            out.append(f"  {where:<8} {_paint(f.message, f.status, colour)}")
            out.append(f"  {'':<8} {f.url}")
    if findings:
        counts = Counter(f.status for f in findings)
        parts = [f"{policy.statuses[s].label(lang)}{marks.aside(str(counts[s]))}" for s in STATUSES if counts[s]]
        out.append(f"{labels['scan_found'](lang)}{marks.colon}{marks.comma.join(parts)}")
    if result.skipped:
        out.append(f"{labels['scan_skipped'](lang)}{marks.aside(str(len(result.skipped)))}")
        out += [f"  {printable_path(s.path)}{marks.colon}{skip_reason(policy, s, lang)}" for s in result.skipped]
    return "\n".join(out) + "\n"


def as_json(result: ScanResult) -> str:
    """The findings and what was not read; paths as valid UTF-8 (shown_path)."""
    return json.dumps(
        {
            "findings": [
                {**{key: getattr(f, key) for key in JSON_KEYS}, "path": shown_path(f.path)} for f in result.findings
            ],
            "skipped": [{"path": shown_path(s.path), "reason": s.reason, "detail": s.detail} for s in result.skipped],
        },
        ensure_ascii=False,
        indent=2,
    )


def _uri(path: str) -> str:
    """A path as a relative URI: its bytes percent-encoded (any name, any bytes)."""
    return quote(os.fsencode(path))


def _level(status: Status, strict: bool) -> str:
    if status in FAILING:
        return "error"
    return "warning" if strict else "note"


def sarif(result: ScanResult, rules: tuple[Rule, ...], strict: bool, about: str, policy: Policy, lang: Lang) -> str:
    """One run of one tool; one rule per data id with its help URL; each file not
    read a notification of the run's invocation. `about` is the site's page on the
    scan."""
    findings = result.findings
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
                        "artifactLocation": {"uri": _uri(f.path)},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        for f in findings
    ]
    notifications = [
        {
            "level": "error" if s.reason == "unreadable" else "warning",
            "message": {"text": f"{shown_path(s.path)}: {skip_reason(policy, s, lang)}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(s.path)}}}],
            "properties": {"reason": s.reason},
        }
        for s in result.skipped
    ]
    invocation = {"executionSuccessful": not result.unreadable, "toolExecutionNotifications": notifications}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)
