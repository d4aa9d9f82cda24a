"""Command line behind scripts/zdr: `check [FILE]` and `urls [--write|--check]`."""

from __future__ import annotations

import argparse
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
    args = parser.parse_args(argv)

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
