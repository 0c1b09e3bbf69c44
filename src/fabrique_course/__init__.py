"""Parcours Startup d'État — helper package of the course.

The pure core (content, grading, progress) imports neither IPython nor ipywidgets. The
notebook helpers load what they need on first use, through one lazy map (``_LAZY``):
``quiz``, ``progress``, ``releve``, ``repondre``, ``revision`` (spaced review) and
``sommaire`` (ipywidgets), ``bilan`` (mastery per objective and competence),
``ecrire`` (the text area of a writing task), ``rendre`` (the hand-in button of a room
on JupyterHub), ``verifier``,
``donnees`` (pandas), ``dictionnaire``, ``telecharger`` and ``formulaire`` (the no-code
form) for the impact exercises, ``classe``,
``exemple_de_classe`` and ``remises`` (a room's hand-ins, live) for facilitators.
Charts live in ``fabrique_course.graphiques``
(matplotlib, imported when a chart is drawn) and the maths in ``fabrique_course.impact``.

Layers, from the bottom (``tests/test_layers.py`` holds the ranks): the flat core
(``_errors``, ``_numbers``, ``_paths`` … ``_widgets``, ``_home``), then the add-ons
``exercises/``, ``facilitation/`` and ``publishing/``, then ``cli``. Imports only point
down.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._banks import load_bank, load_question
    from ._bilan_view import bilan
    from ._content import check_content
    from ._errors import (
        ContentError,
        ContentProblem,
        FabriqueError,
        ProgressError,
        UnknownQuestionError,
        WorkspaceError,
    )
    from ._grading import Result, grade
    from ._handin import rendre
    from ._home import sommaire
    from ._model import Bank, Question
    from ._numbers import parse_french_number
    from ._paths import bank_names
    from ._revision_view import revision
    from ._widgets import progress, quiz, releve, repondre
    from ._writing import ecrire
    from .exercises._data import dictionnaire, donnees, telecharger
    from .exercises._form import formulaire
    from .exercises._verifier import verifier
    from .facilitation._classe import read_class as classe
    from .facilitation._demo import write_demo_exports as exemple_de_classe
    from .facilitation._salle import remises

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
    "bilan",
    "check_content",
    "classe",
    "dictionnaire",
    "donnees",
    "ecrire",
    "exemple_de_classe",
    "formulaire",
    "grade",
    "load_bank",
    "load_question",
    "parse_french_number",
    "progress",
    "quiz",
    "releve",
    "remises",
    "rendre",
    "repondre",
    "revision",
    "sommaire",
    "telecharger",
    "verifier",
]

#: Public name -> (module, attribute): everything is imported on first use, so that
#: ``from fabrique_course import quiz`` costs the quiz and nothing else.
_LAZY: dict[str, tuple[str, str]] = {
    "Bank": ("._model", "Bank"),
    "Question": ("._model", "Question"),
    "bank_names": ("._paths", "bank_names"),
    "load_bank": ("._banks", "load_bank"),
    "load_question": ("._banks", "load_question"),
    "check_content": ("._content", "check_content"),
    "ContentError": ("._errors", "ContentError"),
    "ContentProblem": ("._errors", "ContentProblem"),
    "FabriqueError": ("._errors", "FabriqueError"),
    "ProgressError": ("._errors", "ProgressError"),
    "UnknownQuestionError": ("._errors", "UnknownQuestionError"),
    "WorkspaceError": ("._errors", "WorkspaceError"),
    "Result": ("._grading", "Result"),
    "grade": ("._grading", "grade"),
    "parse_french_number": ("._numbers", "parse_french_number"),
    "quiz": ("._widgets", "quiz"),
    "progress": ("._widgets", "progress"),
    "repondre": ("._widgets", "repondre"),
    "releve": ("._widgets", "releve"),
    "bilan": ("._bilan_view", "bilan"),
    "ecrire": ("._writing", "ecrire"),
    "rendre": ("._handin", "rendre"),
    "sommaire": ("._home", "sommaire"),
    "revision": ("._revision_view", "revision"),
    "verifier": (".exercises._verifier", "verifier"),
    "formulaire": (".exercises._form", "formulaire"),
    "donnees": (".exercises._data", "donnees"),
    "dictionnaire": (".exercises._data", "dictionnaire"),
    "telecharger": (".exercises._data", "telecharger"),
    "classe": (".facilitation._classe", "read_class"),
    "exemple_de_classe": (".facilitation._demo", "write_demo_exports"),
    "remises": (".facilitation._salle", "remises"),
    "__version__": ("._version", "package_version"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module, __name__), attribute)
        return value() if name == "__version__" else value
    raise AttributeError(f"module 'fabrique_course' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names, lazy helpers included (tab completion offers ``quiz``…)."""
    return sorted({*globals(), *__all__, "graphiques", "impact"})
