"""Shared checking vectors of the impact exercises: form inputs, checked by Python.

``tests/data/exercise-vectors.json`` lists, for each exercise, the data its site form
carries (``publishing._exercise_forms.exercise_data``) and a set of filled forms (input
name → the text a learner types, French decimals): the expected values, each declared
mistake, each choice, empty, unreadable text, edge inputs (a percentage for a
proportion, a proportion for points, bounds reversed, one bound only…) and a mix; with
what the engine ``exercises._engine.check`` says of each: overall status, headline, and
per value its status and message. pytest checks that the Python engine still says
exactly this; the browser test runs the site's ``fabrique-exercise.js`` over the same
file. Regenerate after changing an exercise (values or texts) or the engine:

    python tools/make_exercise_vectors.py          # rewrite the file
    python tools/make_exercise_vectors.py --check  # fail if it is stale
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from fabrique_course.exercises._engine import Exercise, Field, check, exercise, exercise_ids
from fabrique_course.publishing._exercise_forms import exercise_data, form_answer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from vectors_file import distinct, vectors_main, vectors_text  # noqa: E402

TARGET = ROOT / "tests" / "data" / "exercise-vectors.json"


def typed(value: float) -> str:
    """``value`` as a learner types it: French decimal comma, enough digits."""
    return format(value, ".10g").replace(".", ",")


def names(f: Field) -> list[str]:
    """The form's input names for field ``f``."""
    return [f"{f.key}-bas", f"{f.key}-haut"] if f.kind == "intervalle" else [f.key]


def put(f: Field, value: Any) -> dict[str, str]:
    """The inputs of field ``f`` holding ``value`` (a number, a pair, a choice or text)."""
    if f.kind == "choix":
        return {f.key: str(value)}
    if f.kind == "intervalle":
        if isinstance(value, tuple):
            return {f"{f.key}-bas": _text(value[0]), f"{f.key}-haut": _text(value[1])}
        return {f"{f.key}-bas": _text(value), f"{f.key}-haut": ""}
    return {f.key: _text(value)}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else typed(float(value))


def field_values(f: Field) -> list[Any]:
    """Values worth trying in field ``f``: right, each mistake, each edge the engine tells."""
    if f.kind == "choix":
        return [*f.choices, f"({str(f.expected).upper()})", "zzz", " "]
    out: list[Any] = ["douze", " ", "1 234", "-0"]
    if f.kind == "intervalle":
        low, high = f.expected
        out += [(low, high), (high, low), low, "douze", ("douze", high), (low, "x"),
                (low - 10 * (f.tolerance or 1), high), (typed(low) + " %", typed(high) + " %")]
        out += [m.value for m in f.mistakes]
        if f.unit == "points":
            out.append((low / 100, high / 100))
        return out
    out += [f.expected, f.expected + 1000 * (f.tolerance or 1) + 1, -f.expected - 7]
    out += [m.value for m in f.mistakes]
    if f.accepted is not None:
        out += [*f.accepted, (f.accepted[0] + f.accepted[1]) / 2]
    if f.kind == "proportion":
        out += [100 * f.expected, typed(100 * f.expected) + " %", 5, "150 %",
                *[100 * m.value for m in f.mistakes if isinstance(m.value, float)]]
    if f.kind == "points":
        out += [f.expected / 100, typed(f.expected) + " points"]
    if f.kind == "nombre":
        out += [typed(f.expected) + " €", f"{f.expected:,.2f}".replace(",", " ").replace(".", ",")]
    return out


def right(ex: Exercise) -> dict[str, str]:
    """Every field holding its expected value."""
    inputs: dict[str, str] = {}
    for f in ex.fields:
        inputs |= put(f, f.expected)
    return inputs


def fillings(ex: Exercise) -> list[dict[str, str]]:
    """Filled forms for ``ex``: all right, all empty, each field's values with the others
    right, the others empty, and a mix."""
    empty = {name: "" for f in ex.fields for name in names(f)}
    good = right(ex)
    out = [good, empty, {n: "douze" for n in empty}]
    for f in ex.fields:
        for value in field_values(f):
            out.append(good | put(f, value))
        out.append(empty | put(f, f.expected))
    first, *rest = ex.fields
    mistaken = next((f for f in rest if f.mistakes), None)
    mix = empty | put(first, first.expected)
    if mistaken is not None:
        mix |= put(mistaken, mistaken.mistakes[0].value)
    out.append(mix)
    return out


def render() -> str:
    exercises = {ex_id: exercise(ex_id) for ex_id in exercise_ids()}
    cases = []
    for ex_id, ex in exercises.items():
        for inputs in distinct(fillings(ex)):
            r = check(ex, form_answer(ex, inputs))
            cases.append({"exercise": ex_id, "inputs": inputs, "expected": {
                "status": r.status, "headline": r.headline,
                "fields": [{"key": v.key, "status": v.status, "message": v.message,
                            "mistake": v.mistake}
                           for v in r.fields]}})

    return vectors_text("fabrique-course/vecteurs-des-exercices", "exercises",
                        {k: exercise_data(ex) for k, ex in exercises.items()}, cases)


def main(argv: list[str] | None = None) -> int:
    """Write the vectors file, or check that it is current (``--check``)."""
    return vectors_main(argv, __doc__.splitlines()[0], render, TARGET, "make_exercise_vectors.py")

if __name__ == "__main__":
    sys.exit(main())
