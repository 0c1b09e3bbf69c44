"""``fabrique-course diapos``: an offline reveal.js deck of one notebook.

reveal.js is installed from its npm package at build time (into the same cache as the
DSFR theme) and copied next to the deck: no CDN. Slides follow the ``slideshow``
metadata the normaliser derives from the headings (also used by RISE in JupyterLab);
quizzes are the same native forms as on the site, graded by the same browser grader;
the facilitator deck (``--animateur``) carries the facilitator notes and answer keys as
speaker notes (press « S » in the deck). ``fabrique-course site --diapos`` builds every
lesson's decks with the site, from the same runs.
"""

from __future__ import annotations

from pathlib import Path

from .._editions import Edition
from .._lessons import select_lessons
from .._paths import notebooks_dir
from ._site import REVEAL_PACKAGE, copy_deck_assets, deck_name, executed_notebook, export_page

__all__ = ["REVEAL_PACKAGE", "build_slides"]


def _find(notebook: str) -> Path:
    path = Path(notebook)
    if path.suffix == ".ipynb" and path.is_file():
        return path
    return notebooks_dir() / f"{select_lessons(notebook)[0].name}.ipynb"


def build_slides(notebook: str, out: Path, *, edition: Edition = "apprenant",
                 execute: bool = True) -> Path:
    """Write the deck of ``notebook`` into ``out`` (with its ``assets/``); return its path.
    The notebook runs as for the site, and its run is shared with the site's builds
    (the execution cache): a deck after ``fabrique-course site`` runs nothing."""
    source = _find(notebook)
    text = executed_notebook(source) if execute else source.read_text(encoding="utf-8")
    copy_deck_assets(out / "assets")
    body, _ = export_page((("deck", True), ("edition", edition)), source.stem, text)
    target = out / deck_name(source.stem, edition)
    target.write_text(body, encoding="utf-8")
    return target
