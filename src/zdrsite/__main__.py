"""The `zdr` command (also `scripts/zdr`, `python -m zdrsite`).

    zdr check [FILE]            validate data/zdr.yaml (or FILE)
    zdr urls [--write|--check]  print, rewrite or check link-contract.txt
    zdr schema [--write|--check]
                                print, rewrite or check the schema's compiled check
                                (src/zdrsite/schema_check.py)
    zdr diff OLD [NEW]          what changed in the data between two git revisions
    zdr scan PATH... [--format text|json|sarif] [--lang en|ja] [--strict]
                                uses of what ZDR does not cover in a codebase
    zdr source check FILE... [--format text|json] [--lang en|ja]
                                differences between the data and saved copies of
                                its source page

It works on the project around the working directory (the folder holding
data/zdr.yaml, found upwards). `zdr scan` runs in any folder: outside the
project it reads the data of the project it was installed from.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import languages, loader

if TYPE_CHECKING:
    from .outline import Site


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zdr", description="Maintainer commands of the ZDR site.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate data/zdr.yaml")
    check.add_argument("file", nargs="?", help="a data file (default: the project's data/zdr.yaml)")
    urls = sub.add_parser("urls", help="print, write or check link-contract.txt")
    mode = urls.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite link-contract.txt from the data")
    mode.add_argument("--check", action="store_true", help="fail if link-contract.txt is stale")
    schema = sub.add_parser("schema", help="print, write or check the schema's compiled check (schema_check.py)")
    schema_mode = schema.add_mutually_exclusive_group()
    schema_mode.add_argument("--write", action="store_true", help="rewrite schema_check.py from the schema")
    schema_mode.add_argument("--check", action="store_true", help="fail if schema_check.py is stale")
    diff = sub.add_parser("diff", help="what changed in the data between two git revisions")
    diff.add_argument("old", help="git revision, e.g. HEAD~1 or main")
    diff.add_argument("new", nargs="?", help="git revision (default: the working tree)")
    scan = sub.add_parser(
        "scan",
        help="find uses of what ZDR does not cover in code",
        description="Exit status: 1 when a use that is not ZDR-eligible (or a limitation) is found, "
        "or a special case with --strict; 2 when a path or the data cannot be read, or with --strict "
        "when a file was not read (too large, binary, a virtual environment, a malformed notebook); else 0.",
    )
    scan.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to scan")
    scan.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    scan.add_argument("--lang", choices=languages.LANGUAGES, default=languages.DEFAULT_LANGUAGE)
    scan.add_argument(
        "--strict", action="store_true", help="special cases fail the scan too, and so does any file not read"
    )
    scan.add_argument("--data", help="the data file (default: the project's, or the one installed)")
    source = sub.add_parser("source", help="compare the data with a saved copy of its source page")
    source_sub = source.add_subparsers(dest="source_command", required=True)
    source_check = source_sub.add_parser(
        "check",
        help="report every difference between the data and saved copies of the source page",
        description="Reads the page saved as the docs' Markdown, as HTML from a browser, or as copied text. "
        "Exit status: 0 when the data follows every file, 1 on any difference, 2 when a file cannot be read "
        "or holds no feature table of the source page.",
    )
    source_check.add_argument("files", nargs="+", metavar="FILE", help="saved copies of the source page")
    source_check.add_argument("--format", choices=("text", "json"), default="text")
    source_check.add_argument("--lang", choices=languages.LANGUAGES, default=languages.DEFAULT_LANGUAGE)
    source_check.add_argument("--data", help="the data file (default: the project's)")
    return parser


def _scan_data(explicit: str | None) -> Path:
    """The data file for `zdr scan`: named, or the project's around the working
    folder, or that of the project this package was installed from."""
    if explicit:
        return Path(explicit)
    try:
        return loader.find_project() / loader.DATA_FILE
    except loader.DataError:
        source = Path(__file__).resolve().parents[2] / loader.DATA_FILE  # an editable install
        if source.is_file():
            return source
        installed = Path(sys.prefix) / "share" / "zdrsite" / loader.DATA_FILE.name  # a wheel
        if installed.is_file():
            return installed
        raise


def _scan(args: argparse.Namespace) -> int:
    from . import scan, scan_report

    try:
        site = _site(_scan_data(args.data))
    except loader.DataError as err:  # exit 1 would read as "found something"
        print(err, file=sys.stderr)
        return 2
    policy = site.policy
    # A finding links to its entry on the site: the site's outline says where that is.
    rules = scan.rules(site, args.lang, policy.meta.site_url)
    try:
        result = scan.Scanner(rules).scan([Path(p) for p in args.paths])
    except scan.ScanError as err:
        print(f"zdr scan: {err}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(scan_report.as_json(result))
    elif args.format == "sarif":
        about = f"{policy.meta.site_url}{languages.root(args.lang)}scan/"
        print(scan_report.sarif(result, rules, args.strict, about, policy, args.lang))
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        sys.stdout.write(scan_report.text(result, policy, args.lang, colour))
    if args.format != "text":  # the text says it with the rest
        for skipped in result.unreadable:
            print(f"zdr scan: {scan.printable_path(skipped.path)}: cannot be read ({skipped.detail})", file=sys.stderr)
    # A file not read leaves the scan unfinished: always when it cannot be read,
    # under --strict for any other reason too.
    if result.unreadable or (args.strict and result.skipped):
        return 2
    return 1 if scan.fails(result.findings, args.strict) else 0


def _site(path: Path) -> Site:
    """The data and the outline of its site, for the commands that speak of the
    site's pages (and only those load them); what the site refuses is refused here."""
    from .build import site_problems
    from .registry import build_site

    loaded = loader.load(path)
    site = build_site(loaded.policy)
    problems = site_problems(loaded, site)
    if problems:
        raise loader.DataError(problems)
    return site


def _source_check(args: argparse.Namespace) -> int:
    from . import source, source_check

    try:
        data = loader.load(Path(args.data) if args.data else loader.find_project() / loader.DATA_FILE).data
    except loader.DataError as err:  # exit 1 would read as "a difference"
        print(err, file=sys.stderr)
        return 2
    reports, unreadable = [], False
    for name in dict.fromkeys(args.files):  # a file named twice is checked once
        try:
            raw = source.read_file(Path(name))
            page = source.read_source(raw, name)
        except source.NotASourcePageError as err:
            # One line, whatever the file's name holds; the other files are still checked.
            print(f"zdr source check: {source_check.shown(str(err))}", file=sys.stderr)
            unreadable = True
            continue
        reports.append(source_check.check(raw, page, data, name, args.lang))
    if args.format == "json":
        print(source_check.as_json(reports))
    else:
        saved = data["meta"]["source"]["saved"]
        sys.stdout.write("".join(source_check.as_text(r, args.lang, saved) for r in reports))
    if unreadable:
        return 2
    return 0 if all(r.in_sync for r in reports) else 1


def _urls(project: Path, write: bool, check: bool) -> int:
    from . import contract

    site = _site(project / loader.DATA_FILE)
    text = contract.contract_text(site)
    path = project / contract.CONTRACT_FILE
    if write:
        path.write_text(text, encoding="utf-8")
        return 0
    if not check:
        sys.stdout.write(text)
        return 0
    committed = contract.read_contract(path)
    derived = contract.public_urls(site)
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


def _schema(project: Path, write: bool, check: bool) -> int:
    from . import validator

    schema = project / loader.DATA_FILE.parent / loader.SCHEMA_NAME
    text = validator.source(schema.read_text(encoding="utf-8"))
    if write:
        validator.GENERATED.write_text(text, encoding="utf-8")
        return 0
    if not check:
        sys.stdout.write(text)
        return 0
    kept = validator.GENERATED.read_text(encoding="utf-8") if validator.GENERATED.is_file() else ""
    if kept != text:
        print(f"{validator.GENERATED.name} is stale: run `{validator.COMMAND}`", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "scan":
            return _scan(args)
        if args.command == "source":
            return _source_check(args)
        project = loader.find_project()
        if args.command == "check":
            # Any file is checked against the project's schema.
            path = Path(args.file) if args.file else project / loader.DATA_FILE
            loader.load(path, schema=project / loader.DATA_FILE.parent / loader.SCHEMA_NAME)
            print(f"{loader.display_name(path)}: ok")
            return 0
        if args.command == "urls":
            return _urls(project, args.write, args.check)
        if args.command == "schema":
            return _schema(project, args.write, args.check)
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
