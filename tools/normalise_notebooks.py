"""Keep the course notebooks reviewable in git.

Rules (see the README, contributor section):
- no execution counts, no widget state, no per-cell noise metadata (only ``tags``);
- no outputs, except in cells marked ``# NBVAL_CHECK_OUTPUT``, whose outputs are the
  reference nbval compares against;
- notebook metadata limited to ``kernelspec``, ``language_info.name`` and ``fabrique_course``;
- each lesson starts and ends with a navigation cell (tag ``navigation``), generated from
  the lessons' metadata: step k of n, previous, next, home. Never edit those by hand;
- each lesson's « Objectifs » list (the bullets under « ## Objectifs ») is generated from
  the ``objectifs`` of its bank (content/quiz/<lesson>.yaml). Edit the bank, not the list.

Usage:
    python tools/normalise_notebooks.py            # rewrite notebooks/ in place
    python tools/normalise_notebooks.py --execute  # run them first (fresh reference outputs)
    python tools/normalise_notebooks.py --check    # fail if a notebook is not normalised
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat

from fabrique_course._banks import bank_names, load_bank
from fabrique_course._lessons import Lesson, lessons, navigation_markdown
from fabrique_course._model import Bank

ROOT = Path(__file__).resolve().parents[1]
MARK = "# NBVAL_CHECK_OUTPUT"
KEEP_CELL_METADATA = ("tags",)
#: The « Objectifs » heading, its introductory lines, then the bullet list it owns.
OBJECTIVES = re.compile(r"(^## Objectifs\n(?:(?!- |#).*\n)*?)((?:- .*(?:\n|$))+)", re.MULTILINE)


def slide_type(cell: nbformat.NotebookNode, first: bool) -> str:
    """The reveal.js / RISE slide type of a lesson cell, derived from its role: a new
    slide at each top-level or second-level heading, a sub-slide at each third-level one,
    speaker notes for facilitator cells, nothing for navigation cells."""
    tags = set(cell.metadata.get("tags", []))
    if "navigation" in tags:
        return "skip"
    if "animateur" in tags:
        return "notes"
    if first:
        return "slide"
    if cell.cell_type == "markdown":
        head = cell.source.lstrip()
        if head.startswith(("# ", "## ")):
            return "slide"
        if head.startswith("### "):
            return "subslide"
    return "-"


def execute(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Run the notebook in a throw-away learner workspace, as nbval would."""
    from nbclient import NotebookClient

    ran = copy.deepcopy(nb)
    with tempfile.TemporaryDirectory(prefix="fabrique-normalise-") as ws:
        os.environ["FABRIQUE_COURSE_WORKSPACE"] = ws
        NotebookClient(ran, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
    return ran


def with_navigation(nb: nbformat.NotebookNode, name: str,
                    available: list[Lesson]) -> nbformat.NotebookNode:
    """Put fresh navigation cells at the top and bottom of lesson ``name``."""
    current = next((lesson for lesson in available if lesson.name == name), None)
    if current is None:
        return nb
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if "navigation" not in c.metadata.get("tags", [])]
    top, bottom = (
        nbformat.v4.new_markdown_cell(navigation_markdown(current, available, where),
                                      id=f"navigation-{where}",
                                      metadata={"tags": ["navigation"]})
        for where in ("haut", "bas"))
    out.cells = [top, *out.cells, bottom]
    return out


def with_objectives(nb: nbformat.NotebookNode, bank: Bank) -> nbformat.NotebookNode | None:
    """The notebook whose « Objectifs » list is the bank's objectives, one bullet each;
    ``None`` when no markdown cell has an « ## Objectifs » heading followed by a list."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type != "markdown":
            continue
        match = OBJECTIVES.search(cell.source)
        if match is None:
            continue
        end = "\n" if match.group(2).endswith("\n") else ""
        cell.source = (cell.source[:match.start(2)] + bank.objectives_markdown() + end
                       + cell.source[match.end(2):])
        return out
    return None


def normalise(nb: nbformat.NotebookNode, name: str = "",
              available: list[Lesson] | None = None) -> nbformat.NotebookNode:
    """Return the normalised copy of a notebook (named ``name``, among ``available``)."""
    out = with_navigation(nb, name, available or []) if name else copy.deepcopy(nb)
    meta = out.metadata
    kept = {k: meta[k] for k in ("kernelspec", "fabrique_course") if k in meta}
    kept["language_info"] = {"name": "python"}
    out.metadata = nbformat.from_dict(kept)
    lesson = bool(name) and any(lesson.name == name for lesson in (available or []))
    first = True
    for cell in out.cells:
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA})
        if lesson:
            kind = slide_type(cell, first)
            cell.metadata["slideshow"] = {"slide_type": kind}
            first = first and kind in ("skip", "notes")
        if "attachments" in cell and not cell.attachments:
            del cell["attachments"]
        if cell.cell_type != "code":
            continue
        cell.execution_count = None
        if MARK in cell.source:
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = None
                if output.get("output_type") in ("execute_result", "display_data"):
                    output.metadata = nbformat.from_dict({})
        else:
            cell.outputs = []
    return out


def render(nb: nbformat.NotebookNode) -> str:
    """The exact text written to disk."""
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="vérifier sans écrire")
    parser.add_argument("--execute", action="store_true", help="exécuter avant de normaliser")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted([*(ROOT / "notebooks").glob("*.ipynb"),
                                      *(ROOT / "notebooks" / "animateur").glob("*.ipynb")])
    bad = []
    available = lessons(ROOT / "notebooks")
    banks = set(bank_names())
    for path in paths:
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        if args.execute:
            nb = execute(nb, path.parent)
        if path.stem in banks and path.parent.name != "animateur":
            generated = with_objectives(nb, load_bank(path.stem))
            if generated is None:
                bad.append(f"{path.name} : pas de liste sous « ## Objectifs » à générer "
                           f"depuis content/quiz/{path.stem}.yaml")
            else:
                nb = generated
        wanted = render(normalise(nb, path.stem, available))
        nbformat.validate(nbformat.reads(wanted, as_version=4))
        missing = [c.get("id") for c in nb.cells
                   if c.cell_type == "code" and MARK in c.source and not c.outputs]
        if args.check:
            if wanted != text:
                bad.append(f"{path.name} : pas normalisé")
            if missing:
                bad.append(f"{path.name} : cellules {missing} marquées {MARK} sans sortie "
                           "de référence (lancez avec --execute)")
        elif wanted != text:
            path.write_text(wanted, encoding="utf-8")
            print(f"normalisé : {path.name}")
    if bad:
        print("\n".join(bad), file=sys.stderr)
        print("Corrigez avec : .venv/bin/python tools/normalise_notebooks.py --execute",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
