"""Parcours Startup d'État — helper package of the course.

The pure core (content, grading, progress) imports neither IPython nor ipywidgets;
the notebook helpers ``quiz``, ``progress`` and ``repondre`` load them on first use.
The impact exercises' helpers ``verifier``, ``donnees`` (pandas) and ``dictionnaire``
are loaded on first use too; charts live in ``fabrique_course.graphiques`` (matplotlib,
imported when a chart is drawn) and the maths in ``fabrique_course.impact``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._content import Bank, Question, bank_names, check_content, load_bank, load_question
from ._errors import (
    ContentError,
    ContentProblem,
    FabriqueError,
    ProgressError,
    UnknownQuestionError,
    WorkspaceError,
)
from ._grading import Result, grade
from ._numbers import parse_french_number

if TYPE_CHECKING:
    from ._classe import read_class as classe
    from ._classe import write_demo_exports as exemple_de_classe
    from ._data import dictionnaire, donnees
    from ._home import sommaire
    from ._verifier import verifier
    from ._widgets import progress, quiz, repondre


__all__ = [
    "Bank",
    "ContentError",
    "ContentProblem",
    "FabriqueError",
    "ProgressError",
    "Question",
    "Result",
    "UnknownQuestionError",
    "WorkspaceError",
    "__version__",
    "bank_names",
    "check_content",
    "classe",
    "dictionnaire",
    "donnees",
    "exemple_de_classe",
    "grade",
    "load_bank",
    "load_question",
    "parse_french_number",
    "progress",
    "quiz",
    "repondre",
    "sommaire",
    "verifier",
]

_LAZY = {"quiz": "_widgets", "progress": "_widgets", "repondre": "_widgets",
         "sommaire": "_home", "verifier": "_verifier", "donnees": "_data",
         "dictionnaire": "_data", "classe": "_classe", "exemple_de_classe": "_classe"}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from ._version import package_version

        return package_version()
    if name in _LAZY:
        import importlib

        target = {"classe": "read_class", "exemple_de_classe": "write_demo_exports"}.get(name, name)
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), target)
    raise AttributeError(f"module 'fabrique_course' has no attribute {name!r}")
