"""The `zdr` command (also `scripts/zdr`, `python -m zdrsite`).

    zdr check [FILE]            validate data/zdr.yaml (or FILE)
    zdr urls [--write|--check]  print, rewrite or check link-contract.txt
    zdr diff OLD [NEW]          what changed in the data between two git revisions

It works on the project around the working directory (the folder holding
data/zdr.yaml, found upwards).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from . import contract, loader


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zdr", description="Maintainer commands of the ZDR site.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate data/zdr.yaml")
    check.add_argument("file", nargs="?", help="a data file (default: the project's data/zdr.yaml)")
    urls = sub.add_parser("urls", help="print, write or check link-contract.txt")
    mode = urls.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite link-contract.txt from the data")
    mode.add_argument("--check", action="store_true", help="fail if link-contract.txt is stale")
    diff = sub.add_parser("diff", help="what changed in the data between two git revisions")
    diff.add_argument("old", help="git revision, e.g. HEAD~1 or main")
    diff.add_argument("new", nargs="?", help="git revision (default: the working tree)")
    return parser


def _urls(project: Path, write: bool, check: bool) -> int:
    policy = loader.load(project / loader.DATA_FILE)
    text = contract.contract_text(policy)
    path = project / contract.CONTRACT_FILE
    if write:
        path.write_text(text, encoding="utf-8")
        return 0
    if not check:
        sys.stdout.write(text)
        return 0
    committed = contract.read_contract(path)
    derived = contract.public_urls(policy)
    removed = [u for u in committed if u not in derived]
    added = [u for u in derived if u not in committed]
    for u in removed:
        print(f"removed: {u}", file=sys.stderr)
    for u in added:
        print(f"new:     {u}", file=sys.stderr)
    if removed or added:
        print(f"{contract.CONTRACT_FILE} is stale: run `zdr urls --write`", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        project = loader.find_project()
        if args.command == "check":
            # Any file is checked against the project's schema.
            path = Path(args.file) if args.file else project / loader.DATA_FILE
            loader.validate(path, project / loader.DATA_FILE.parent / loader.SCHEMA_NAME)
            print(f"{loader.display_name(path)}: ok")
            return 0
        if args.command == "urls":
            return _urls(project, args.write, args.check)
        from . import diff as data_diff

        lines = data_diff.changes(data_diff.data_at(project, args.old), data_diff.data_at(project, args.new))
        print("\n".join(lines) if lines else "no changes")
        return 0
    except loader.DataError as err:
        print(err, file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as err:
        print(f"git: {err.stderr.decode().strip()}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
