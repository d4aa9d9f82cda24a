"""Command line behind scripts/zdr: `check [FILE]`, `urls [--write|--check]`, `diff OLD [NEW]`."""

from __future__ import annotations

import argparse
import subprocess
import sys

from . import contract, loader


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zdrsite")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate data/zdr.yaml")
    check.add_argument("file", nargs="?", default=str(loader.DATA_FILE))
    urls = sub.add_parser("urls", help="print, write or check link-contract.txt")
    mode = urls.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    diff = sub.add_parser("diff", help="what changed in the data between two git revisions")
    diff.add_argument("old", help="git revision, e.g. HEAD~1 or main")
    diff.add_argument("new", nargs="?", help="git revision (default: the working tree)")
    args = parser.parse_args(argv)

    if args.command == "diff":
        from . import diff as data_diff

        try:
            lines = data_diff.changes(data_diff.data_at(args.old), data_diff.data_at(args.new))
        except loader.DataError as err:
            print(err, file=sys.stderr)
            return 1
        except subprocess.CalledProcessError as err:
            print(f"git: {err.stderr.decode().strip()}", file=sys.stderr)
            return 1
        print("\n".join(lines) if lines else "no changes")
        return 0

    try:
        policy = loader.load(args.file) if args.command == "check" else loader.load()
    except loader.DataError as err:
        print(err, file=sys.stderr)
        return 1
    if args.command == "check":
        print(f"{loader.display_name(args.file)}: ok")
        return 0

    text = contract.contract_text(policy)
    if args.write:
        contract.CONTRACT_FILE.write_text(text, encoding="utf-8")
    elif args.check:
        committed = contract.read_contract()
        derived = contract.public_urls(policy)
        removed = [u for u in committed if u not in derived]
        added = [u for u in derived if u not in committed]
        for u in removed:
            print(f"removed: {u}", file=sys.stderr)
        for u in added:
            print(f"new:     {u}", file=sys.stderr)
        if removed or added:
            print("link-contract.txt is stale: run `scripts/zdr urls --write`", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
