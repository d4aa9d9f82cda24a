"""Shared fixtures: the data, a built site, and throw-away copies of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from zdrsite import loader  # noqa: E402
from zdrsite.model import Policy  # noqa: E402

LANGS = ("en", "ja")
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "data")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` tags we do not need to resolve."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config(project: Path = ROOT) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def site_url(project: Path = ROOT) -> str:
    return mkdocs_config(project)["site_url"]


def copy_project(dest: Path) -> Path:
    """A copy of what the build reads, so a test can break it without harm."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def mkdocs_build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site), *extra],
        capture_output=True, text=True, env=env, cwd=project, timeout=300,
    )


@pytest.fixture(scope="session")
def policy() -> Policy:
    return loader.load(ROOT / "data" / "zdr.yaml")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out
