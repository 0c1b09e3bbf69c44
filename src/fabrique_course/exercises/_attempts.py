"""Exercise checks are progress: each verdict of an impact exercise, from ``verifier``
(origin ``code``) or the JupyterLab form (``formulaire``), goes to the learner's progress
store beside the quiz answers (the static site keeps its own in the browser).

A check where nothing could be read (every value empty or unreadable) is not recorded,
as an unreadable quiz answer is not. A store that cannot be opened or written never
stops the verdict: the learner sees it, with a French note saying the check was not
saved.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from .._errors import FabriqueError
from .._progress import ProgressStore
from .._workspace import open_store
from ._engine import ExerciseResult

__all__ = ["StoreFactory", "plain_answer", "record_check", "stored_status"]

StoreFactory = Callable[[], ProgressStore]


def _plain(value: Any) -> Any:
    """A given value as JSON keeps it: ``...`` → None, numbers (numpy's too) → float,
    pairs → lists, anything else → its text."""
    if value is Ellipsis or value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    try:
        number = float(value)  # numpy scalars, pandas values
    except (TypeError, ValueError):
        return str(value)
    return number if math.isfinite(number) else str(value)


def plain_answer(result: ExerciseResult, answer: Any) -> dict[str, Any]:
    """What was given for each value of the exercise (None when left empty)."""
    given = {str(k).strip(): v for k, v in answer.items()} \
        if isinstance(answer, Mapping) else {}
    return {f.key: _plain(given.get(f.key, Ellipsis)) for f in result.exercise.fields}


def stored_status(result: ExerciseResult) -> str | None:
    """The status a check is stored with (the quiz answers' vocabulary: ``correct``,
    ``partial``, ``incorrect``), or None when nothing could be read."""
    statuses = [v.status for v in result.fields]
    if all(s in ("vide", "illisible") for s in statuses):
        return None
    if result.correct:
        return "correct"
    return "partial" if "correct" in statuses else "incorrect"


def record_check(result: ExerciseResult, answer: Any, origin: str,
                 store_factory: StoreFactory = open_store) -> str:
    """Store the check ``result`` of ``answer``; return a French note when it could not
    be stored ("" otherwise, and when there was nothing to store)."""
    status = stored_status(result)
    if status is None:
        return ""
    fields = {v.key: {"status": v.status, "mistake": v.mistake} for v in result.fields}
    try:
        store_factory().record_exercise(
            result.exercise.notebook, result.exercise.id, plain_answer(result, answer),
            fields, status, result.score, origin=origin)
    except FabriqueError as exc:
        return f"Votre vérification n'a pas pu être enregistrée : {exc}"
    return ""
