"""The package's layers: every import, lazy ones included, points down the rank table.

The rank table is the map of the house. The flat core comes first (no course import at
rank 0; content, progress and maths next; grading, rendering, editions, workspace above
them), then the three add-ons as subpackages (``exercises/``, ``facilitation/``,
``publishing/``), then the package's ``__init__`` (which re-exports lazily) and ``cli``.
A module may import only modules of a strictly lower rank. Adding a module means giving
it a rank here: the test refuses a module the table does not know.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import fabrique_course

SRC = Path(fabrique_course.__file__).parent

RANKS: dict[str, float] = {
    # core, bottom: imports nothing of the course
    "_errors": 0, "_numbers": 0, "_paths": 0, "_version": 0, "_argparse_fr": 0,
    "_files": 0.5,  # content files: strict YAML, schemas (below the banks and exercises)
    "_markdown": 0.5,  # author Markdown to HTML (mistune, on first use)
    "_model": 0.6,  # the question model: banks, objectives, questions (no file, no parser)
    "_quiz_text": 0.7,  # how a question reads: type hint, display order, DOM ids, text form
    # core: content, progress, maths, lessons
    "_content": 1, "_impact_stats": 1, "_lessons": 1,
    "_banks": 1.2,  # banks as lessons load them: checked by _content once, then read back
    "_sources": 1,  # the sources' registry and the numbered notes (under the editions)
    "impact": 1.5,  # the public face of the impact maths, above its statistics
    "_grading": 2, "_cells": 2,
    "_progress": 2.3,  # the store writes the grader's statuses (its CHECK constraint)
    "_report": 2.6,
    "_bilan": 2.7,  # mastery per objective and competence, from progress and the banks
    "_revision": 2.7,  # the spaced-review scheduler, over the store's events and the banks
    "_render": 3, "_editions": 3,
    "_workspace": 4, "graphiques": 4,
    # the learner's lab
    "_widgets": 5, "_home": 5,
    "_bilan_view": 5,  # bilan(): the bilan as HTML in a notebook
    "_writing": 5.5,  # the writing tasks' text areas, over the quiz widgets' store access
    "_handin": 5.5,  # the hand-in button of a room on JupyterHub, same footing
    "_revision_view": 5.5,  # revision(): the review session as quiz widgets
    # add-on: impact exercises
    "exercises._data": 6,
    "exercises._definitions": 6.3, "exercises._reading": 6.3,  # values; reading answers
    "exercises._texts": 6.6,  # words (content/exercices), checked against the values
    "exercises._engine": 7,
    "exercises._answer_key": 7.2,  # the facilitator's key, over the engine's values
    "exercises._attempts": 7.5,  # exercise checks into the progress store
    "exercises._verifier": 8,
    "exercises._form": 8.5,  # the no-code form, over the verifier's verdict
    "exercises": 9,
    # add-on: facilitation
    "facilitation._agenda": 10, "facilitation._moodle": 10,
    "facilitation._exports": 10, "facilitation._demo": 10,  # reading / writing exports
    "facilitation._classe": 10.5,  # the dashboard, over the exports it reads
    "facilitation._salle": 10.7,  # a room on JupyterHub: accounts, hub, hand-ins read
    "facilitation": 11,
    # add-on: publishing
    "publishing._wayfinding": 11.5,  # contents and glossary links: pure text, below _cache
    "publishing._static": 12, "publishing._cache": 12, "publishing._pages": 12,
    "publishing._bilan_page": 12.2,  # bilan.html: the bilan's map for the page script
    "publishing._revision_page": 12.2,  # revision.html: every question hidden, over _static
    "publishing._exercise_forms": 12.5,  # the exercises as forms graded in the page
    "publishing._npm": 12.5,  # installs into the build cache
    "publishing.exporter": 13, "publishing._site": 14,
    "publishing._slides": 15, "publishing": 16,
    # top
    "": 17,  # the package's __init__
    "cli": 18,
}

#: The pure core never imports a UI or export library, even lazily.
PURE = [name for name, rank in RANKS.items() if rank <= 4 and name != "graphiques"]
NOT_IN_PURE = {"IPython", "ipywidgets", "matplotlib", "nbconvert", "nbclient", "pandas"}


def _module(path: Path) -> str:
    """``exercises/_engine.py`` -> ``exercises._engine``; a package's ``__init__`` -> its name."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module(p): p for p in sorted(SRC.rglob("*.py"))}


def course_imports(name: str, source: str | None = None) -> list[tuple[int, str]]:
    """(line, module) of every course module that module ``name`` imports, at any depth
    of its code (imports inside functions count); ``source`` replaces the file's text."""
    path = MODULES.get(name, SRC / "absent.py")
    is_package = path.name == "__init__.py"
    package = name.split(".") if is_package else name.split(".")[:-1]
    if not name:
        package = []
    text = source if source is not None else path.read_text(encoding="utf-8")
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                target = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            elif (node.module or "").split(".")[0] == "fabrique_course":
                target = (node.module or "").removeprefix("fabrique_course").lstrip(".")
            else:
                continue
            children = [f"{target}.{a.name}".lstrip(".") for a in node.names]
            known = [c for c in children if c in MODULES]
            found += [(node.lineno, t) for t in (known or [target])]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name.removeprefix("fabrique_course").lstrip("."))
                      for a in node.names if a.name.split(".")[0] == "fabrique_course"]
    return found


def third_party_imports(name: str) -> set[str]:
    """Top-level names of the libraries module ``name`` imports, at any depth."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            out.add((node.module or "").split(".")[0])
    return out


def test_every_module_has_a_rank() -> None:
    """The rank table names every module of the package, and nothing else."""
    assert set(MODULES) == set(RANKS)


@pytest.mark.parametrize("name", sorted(RANKS), ids=lambda n: n or "__init__")
def test_imports_point_down(name: str) -> None:
    """Each course import of a module targets a module of strictly lower rank."""
    upward = [f"ligne {line} : {target or '__init__'} (rang {RANKS.get(target, '?')})"
              for line, target in course_imports(name)
              if target != name and RANKS.get(target, 10**6) >= RANKS[name]]
    assert not upward, f"{name or '__init__'} (rang {RANKS[name]}) importe vers le haut : {upward}"


@pytest.mark.parametrize("name", PURE)
def test_pure_core_imports_no_ui_nor_export_library(name: str) -> None:
    """The pure core imports neither IPython, ipywidgets, matplotlib, pandas nor nbconvert."""
    assert not third_party_imports(name) & NOT_IN_PURE, name


@pytest.mark.parametrize(("name", "source", "target"), [
    ("exercises._engine", "def f():\n    from ..publishing._site import build_site\n",
     "publishing._site"),
    ("_content", "from . import cli\n", "cli"),
    ("_grading", "import fabrique_course.publishing.exporter\n", "publishing.exporter"),
    ("facilitation._classe", "from ..publishing import _static\n", "publishing._static"),
])
def test_an_upward_import_is_seen(name: str, source: str, target: str) -> None:
    """The reader resolves relative, lazy and absolute imports, so an upward one is caught."""
    assert [t for _, t in course_imports(name, source)] == [target]
    assert RANKS[target] >= RANKS[name]


def test_tests_mirror_the_package_layout() -> None:
    """Each subpackage of the package has its folder of tests under tests/."""
    tests = Path(__file__).parent
    for package in sorted(p.parent for p in SRC.glob("*/__init__.py")):
        assert list((tests / package.name).glob("test_*.py")), package.name
