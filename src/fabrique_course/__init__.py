"""Parcours Startup d'État — helper package of the course.

The pure core (content, grading, progress) imports neither IPython nor ipywidgets;
the notebook helpers ``quiz``, ``progress`` and ``repondre`` load them on first use.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
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
    from ._home import sommaire
    from ._widgets import progress, quiz, repondre

try:
    __version__ = version("fabrique-course")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0+inconnu"

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
    "grade",
    "load_bank",
    "load_question",
    "parse_french_number",
    "progress",
    "quiz",
    "repondre",
    "sommaire",
]

_LAZY = {"quiz": "_widgets", "progress": "_widgets", "repondre": "_widgets",
         "sommaire": "_home"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'fabrique_course' has no attribute {name!r}")
