"""Check the names `zdr scan` looks for against the current Anthropic SDKs.

    scripts/check-sdk-names

Installs the newest `anthropic` (PyPI) and `@anthropic-ai/sdk` (npm) into a
scratch folder, then looks up every call, method, parameter and token of the
data's `code:` patterns in their sources. Prints the versions to note in
data/zdr.yaml (`scan.sdks`) and every name found in neither SDK; exits 1 if any.
Needs the package registries, so it is a maintainer's tool, not a test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from zdrsite import loader

# Names that are not in the SDKs by design: the API host a path pattern may carry,
# the SDKs of the cloud platforms (their own packages, checked by their npm name).
PLATFORM_PACKAGES = ("@anthropic-ai/bedrock-sdk", "@anthropic-ai/vertex-sdk")


def install(where: Path) -> tuple[str, str, Path, Path]:
    subprocess.run([sys.executable, "-m", "venv", str(where / "py")], check=True)
    pip = where / "py" / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", "anthropic"], check=True)
    py_version = subprocess.run(
        [str(where / "py" / "bin" / "python"), "-c", "import anthropic; print(anthropic.__version__)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    js = where / "js"
    js.mkdir()
    (js / "package.json").write_text("{}", encoding="utf-8")
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "@anthropic-ai/sdk", *PLATFORM_PACKAGES],
        cwd=js,
        check=True,
    )
    sdk = js / "node_modules" / "@anthropic-ai" / "sdk"
    js_version = json.loads((sdk / "package.json").read_text(encoding="utf-8"))["version"]
    py_sources = next((where / "py" / "lib").glob("python*/site-packages/anthropic"))
    return py_version, js_version, py_sources, js / "node_modules" / "@anthropic-ai"


def corpus(folder: Path, suffixes: tuple[str, ...]) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.suffix in suffixes)


def main() -> int:
    policy = loader.load(loader.find_project() / loader.DATA_FILE).policy
    with tempfile.TemporaryDirectory() as scratch:
        py_version, js_version, py_sources, js_sources = install(Path(scratch))
        python = corpus(py_sources, (".py",))
        typescript = corpus(js_sources, (".ts", ".mts", ".json"))  # package names: package.json
        missing = []
        for ident, patterns in policy.code_patterns():
            for p in patterns:
                names = [p.name] if p.kind != "call" else p.name.split(".")
                names += list(p.methods) + [x for x in (p.key,) if x]
                for name in names:
                    if p.kind == "path":
                        found = f'"{name}' in python or f"`{name}" in typescript or f"'{name}" in typescript
                    else:
                        word = re.compile(rf"(?<![\w$-]){re.escape(name)}(?![\w$-])")
                        found = bool(word.search(python) or word.search(typescript))
                    if not found:
                        missing.append(f"{ident}: {p.kind} {name!r} is in neither SDK")
    print(f"anthropic (PyPI) {py_version}; @anthropic-ai/sdk (npm) {js_version}")
    print("\n".join(missing) or "every name was found")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
