"""What changed between two versions of the data, in terms of ids and fields.

`scripts/zdr diff REV1 [REV2]` compares data/zdr.yaml at two git revisions (REV2
defaults to the working tree) and prints lines such as
`batch-api: retention changed`, to help write the changelog entry.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .loader import DATA_FILE, load, parse


def _fields(value: Any, owner: str, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(owning id, field path below it, leaf value) for every leaf of the data."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            owner, path = value["id"], ""
        for key, child in value.items():
            if key != "id":
                yield from _fields(child, owner, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        if all(isinstance(v, dict) and "id" in v for v in value) and value:
            for child in value:
                yield from _fields(child, owner, path)
        else:
            yield owner, path, value
    else:
        yield owner, path, value


def flatten(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """id -> {field path -> value}; facts outside any id belong to their top-level key."""
    out: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        for owner, path, leaf in _fields(value, key):
            out.setdefault(owner, {})[path] = leaf
    return out


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    a, b = flatten(old), flatten(new)
    lines = [f"{i}: added" for i in b if i not in a]
    lines += [f"{i}: removed" for i in a if i not in b]
    for ident in (i for i in b if i in a):
        old_fields, new_fields = _by_field(a[ident]), _by_field(b[ident])
        for field in sorted(set(old_fields) | set(new_fields)):
            if field not in old_fields:
                lines.append(f"{ident}: {field} added")
            elif field not in new_fields:
                lines.append(f"{ident}: {field} removed")
            elif old_fields[field] != new_fields[field]:
                lines.append(f"{ident}: {field} changed")
    return lines


def _by_field(fields: dict[str, Any]) -> dict[str, dict[str, Any]]:
    grouped: dict[str, dict[str, Any]] = {}
    for path, value in fields.items():
        grouped.setdefault(_top(path), {})[path] = value
    return grouped


def _top(path: str) -> str:
    # "retention.en" -> "retention": a maintainer thinks in fields, not languages.
    return path.split(".")[0] if path else "(value)"


def data_at(project: Path, revision: str | None) -> dict[str, Any]:
    """The data of `project` at a git revision (None: the working tree, validated).
    An old revision is only parsed: it may predate the current schema."""
    if revision is None:
        return load(project / DATA_FILE).data
    text = subprocess.run(
        ["git", "show", f"{revision}:{DATA_FILE.as_posix()}"], cwd=project, capture_output=True, check=True
    ).stdout
    found: dict[str, Any] = parse(text, f"{DATA_FILE.as_posix()}@{revision}")
    return found
