"""Is the data valid? Decided by the schema compiled to Python, cached on disk.

jsonschema checks a document by walking the schema at every call, and merely
importing it costs more than that walk; checking the schema itself against the
JSON Schema metaschema costs as much again. A build only needs a yes or a no: the
schema compiled by fastjsonschema answers in about 2 ms. jsonschema stays the
authority for everything else: it checks the schema whenever it is compiled, and
words the problems of a file the compiled check refuses (loader._schema_problems).

The compiled code is cached as a code object in a file named by a hash of
everything it is made from: the schema's text, fastjsonschema's version and the
Python version, so a changed schema is compiled afresh and the cache never needs
clearing by hand. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastjsonschema

Check = Callable[[Any], object]
"""Raises fastjsonschema.JsonSchemaException for an invalid document."""

# The schema says draft 2020-12. fastjsonschema knows up to draft 7, which reads
# every keyword the schema uses the same way ($ref, $defs, if/then, const, ...);
# tests/test_data.py checks that the two validators agree on the whole corpus.
_DRAFT = "http://json-schema.org/draft-07/schema#"
_FIRST_FUNCTION = re.compile(r"^def (validate\w*)\(", re.MULTILINE)


def cache_key(schema_text: str) -> str:
    parts = (schema_text, fastjsonschema.VERSION, sys.version, "zdr-validator-1")
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _compile(schema_text: str) -> Any:
    """The schema as a code object, after jsonschema has checked the schema."""
    import jsonschema  # only when compiling: a cache hit never imports it

    schema = json.loads(schema_text)
    jsonschema.Draft202012Validator.check_schema(schema)
    source = fastjsonschema.compile_to_code({**schema, "$schema": _DRAFT}, use_default=False, use_formats=False)
    found = _FIRST_FUNCTION.search(source)
    if found is None:  # pragma: no cover - fastjsonschema's output always starts so
        raise RuntimeError("fastjsonschema produced no validate function")
    return compile(f"{source}\nCHECK = {found.group(1)}\n", "<compiled zdr.schema.json>", "exec")


def _cached(file: Path) -> Any | None:
    try:
        return marshal.loads(file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _store(code: Any, file: Path) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed into place: a reader never sees half a file.
        fd, temporary = tempfile.mkstemp(dir=file.parent, prefix=".schema-")
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps(code))
        os.replace(temporary, file)
    except OSError:
        return


# Checks by cache key, for the life of the process (`mkdocs serve`, tests): the
# key names everything the code is made from, so an entry never goes stale.
_in_memory: dict[str, Check] = {}


def compiled(schema_text: str, cache: Path | None = None) -> Check:
    """A check of documents against the schema, from memory or from `cache` when
    either holds one.

    Raises jsonschema.SchemaError when the schema itself is not a valid schema."""
    key = cache_key(schema_text)
    if key not in _in_memory:
        _in_memory[key] = _compiled_from(schema_text, cache / f"schema-{key}.marshal" if cache is not None else None)
    return _in_memory[key]


def _compiled_from(schema_text: str, file: Path | None) -> Check:
    """The check from `file` when it holds a sound one, else compiled (and stored)."""
    code = _cached(file) if file is not None else None
    if code is not None:
        try:
            return _load(code)
        except Exception:  # a damaged cache file: compile afresh
            pass
    code = _compile(schema_text)
    if file is not None:
        _store(code, file)
    return _load(code)


def _load(code: Any) -> Check:
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # our own schema's compiled code, never text from the data
    check: Check = namespace["CHECK"]
    return check
