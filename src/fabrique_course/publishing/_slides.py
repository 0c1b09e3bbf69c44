"""``fabrique-course diapos``: an offline reveal.js deck of one notebook.

reveal.js is installed from its npm package at build time (into the same cache as the
DSFR theme) and copied next to the deck: no CDN. Slides follow the ``slideshow``
metadata the normaliser derives from the headings (also used by RISE in JupyterLab);
quizzes are the same native forms as on the site, graded by the same browser grader;
the facilitator deck (``--animateur``) carries the facilitator notes and answer keys as
speaker notes (press « S » in the deck).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .._editions import Edition
from .._lessons import select_lessons
from .._paths import notebooks_dir
from ._npm import npm_package
from ._site import execute_notebook

__all__ = ["REVEAL_PACKAGE", "build_slides"]

REVEAL_PACKAGE = "reveal.js@5.2.1"


def _find(notebook: str) -> Path:
    path = Path(notebook)
    if path.suffix == ".ipynb" and path.is_file():
        return path
    return notebooks_dir() / f"{select_lessons(notebook)[0].name}.ipynb"


def build_slides(notebook: str, out: Path, *, edition: Edition = "apprenant",
                 execute: bool = True) -> Path:
    """Write the deck of ``notebook`` into ``out`` (with its ``assets/``); return its path."""
    import nbformat

    from .exporter import ASSETS, FabriqueSlidesExporter, asset_text

    source = _find(notebook)
    reveal = npm_package(REVEAL_PACKAGE, "dist/reveal.js", "le diaporama (reveal.js)")
    text = execute_notebook(str(source)) if execute else source.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    assets = out / "assets"
    (assets / "reveal" / "theme").mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        (assets / name).write_text(asset_text(name), encoding="utf-8")
    shutil.copyfile(reveal / "dist" / "reveal.css", assets / "reveal" / "reveal.css")
    shutil.copyfile(reveal / "dist" / "reveal.js", assets / "reveal" / "reveal.js")
    shutil.copyfile(reveal / "plugin" / "notes" / "notes.js", assets / "reveal" / "notes.js")
    shutil.copyfile(reveal / "dist" / "theme" / "white.css",
                    assets / "reveal" / "theme" / "white.css")
    fonts = assets / "reveal" / "theme" / "fonts" / "source-sans-pro"
    shutil.rmtree(fonts, ignore_errors=True)
    shutil.copytree(reveal / "dist" / "theme" / "fonts" / "source-sans-pro", fonts)
    exporter = FabriqueSlidesExporter(edition=edition)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": source.stem}})
    suffix = "" if edition == "apprenant" else f"-{edition}"
    target = out / f"{source.stem}-diapos{suffix}.html"
    target.write_text(body, encoding="utf-8")
    return target
