"""Build-time npm packages (the DSFR theme of the site, reveal.js for the slides).

A package is installed with npm, once, into ``<cache>/npm/<name@version>/`` (see
:func:`._cache.cache_root`), without running its install scripts, and then read from
there: never copied into git, never fetched by a learner's browser. Without npm, the
message says how to install it, or what to build instead.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .._errors import SiteError
from ._cache import cache_root

__all__ = ["npm_cache", "npm_package"]


def npm_cache() -> Path:
    """Where build-time npm packages go: ``$FABRIQUE_COURSE_CACHE/npm`` or ``~/.cache``."""
    return cache_root() / "npm"


def npm_package(spec: str, probe: str, why: str) -> Path:
    """The folder of npm package ``spec`` (``name@version``), installed with npm into the
    cache on first use; ``probe`` is a file that must exist in it. Never copied into git."""
    name = spec.rsplit("@", 1)[0]
    root = npm_cache() / spec.replace("/", "+")
    folder = root / "node_modules" / name
    if (folder / probe).is_file():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        raise SiteError(f"{why} s'installe avec npm, introuvable ici : installez Node.js et "
                        "npm (sur Debian : sudo apt install npm)")
    root.mkdir(parents=True, exist_ok=True)
    # --ignore-scripts: no install script runs (the DSFR's expects a project config).
    run = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund",
                          "--ignore-scripts", "--prefix", str(root), spec],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0 or not (folder / probe).is_file():
        raise SiteError(f"installation de {spec} impossible (npm, code {run.returncode}) : "
                        f"{run.stderr.strip()[-400:]}")
    return folder
