"""What the benchmark needs of the project: a copy to build, a server for a built
site, and the browser. The benchmark's own (the tests have theirs): it measures,
so it must not change when a test helper does."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from zdrsite import diagrams

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = list(diagrams.CHROMIUM_ARGS)
"""The flags the build draws with, for a closed network."""
DRAWINGS = Path(".cache/zdr/diagrams")
BUILD_INPUTS = ("mkdocs.yml", "docs", "overrides", "hooks", "data")


def copy_project(dest: Path) -> Path:
    """A copy of what the build reads, with the browser assets linked and the
    drawings already made (each is keyed by all it depends on)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in BUILD_INPUTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    if (ROOT / DRAWINGS).is_dir():
        shutil.copytree(ROOT / DRAWINGS, dest / DRAWINGS)
    return dest


def read_data() -> dict[str, Any]:
    """The real data, as plain data (the synthetic sizes grow from it)."""
    return dict(yaml.safe_load((ROOT / "data" / "zdr.yaml").read_text(encoding="utf-8")))


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 under the path of its site_url, as in
    production; yield the base URL."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    prefix = urlsplit(config["site_url"]).path

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            path = path.split("?", 1)[0].split("#", 1)[0]
            inside = path.startswith(prefix)
            return super().translate_path("/" + path[len(prefix) :] if inside else "/__outside__")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml's `!!python/name:` tags are not needed to read site_url."""


_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
