"""The impact exercises' engine: the model, reading answers, grading, the verdict text,
and the check that an exercise's grading does not contradict itself.

An exercise is a set of named fields (``reponse = {"taux_restitution": …, …}``). Each
field knows its expected value, its tolerance, and the classic mistakes it recognises
(wrong denominator, percentage points vs percent, interval ignored, vanity metric…),
each with a message that says what to look at. The values come from
:mod:`._definitions` (computed from the data sets), the words from
``content/exercices/<exercise id>.yaml`` (:mod:`._texts`); :func:`exercise` puts the two
together. Pure: no pandas, no IPython (answers computed with pandas or numpy are read
through ``float()``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .._errors import ContentError, ContentProblem, UnknownExerciseError
from .._numbers import format_french_number, within_tolerance
from ._definitions import DEFINITIONS, Definition, Kind, MistakeValue
from ._reading import Unreadable, read_interval, read_number
from ._texts import (
    DEFINITIONS_FILE,
    ExerciseTexts,
    load_texts,
    orphan_problems,
    read_texts,
    texts_version,
)

__all__ = ["EXERCISES", "GENERIC_MISTAKES", "Exercise", "ExerciseResult", "Field",
           "FieldVerdict", "Kind", "Mistake", "build", "check", "check_exercises", "exercise",
           "exercise_ids", "exercise_problems"]

FieldStatus = Literal["correct", "incorrect", "illisible", "vide"]
Status = Literal["correct", "partial", "incorrect", "incomplet"]


@dataclass(frozen=True)
class Mistake:
    """A wrong value a learner typically finds, and what to tell them (``id``: how the
    code and the texts file name it)."""

    value: MistakeValue
    message: str
    id: str = ""


@dataclass(frozen=True)
class Field:
    """One value the learner must give."""

    key: str
    label: str
    kind: Kind
    expected: Any
    tolerance: float = 0.0
    mistakes: tuple[Mistake, ...] = ()
    hint: str = ""
    choices: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    accepted: tuple[float, float] | None = None  # a range of accepted values (nombre)
    unit: str = ""  # shown after a value, with a space: « h », « € », « points »
    decimals: int = 1
    # A share of the value compared with (the expected value, an accepted bound or a
    # mistake): for values whose size matters more than their last digits (a p-value).
    relative_tolerance: float = 0.0
    objectives: tuple[str, ...] = ()  # the lesson objectives this value assesses

    def near(self, value: float, reference: float) -> bool:
        """Whether ``value`` is within this field's tolerance of ``reference``.

        The margin is the larger of the absolute ``tolerance`` and
        ``relative_tolerance`` × |reference|.
        """
        return within_tolerance(value, reference, self.tolerance, self.relative_tolerance)

    def mistake_text(self, mistake_id: str) -> str:
        """What the recognised mistake ``mistake_id`` of this field says or reveals, as
        the learner reads it (a declared mistake's message, a wrong choice's feedback, a
        :data:`GENERIC_MISTAKES` description); empty when unknown."""
        for m in self.mistakes:
            if m.id == mistake_id:
                return _sentence(m.message)
        if mistake_id.startswith("choix-") and mistake_id[6:] in self.choices:
            title, feedback = self.choices[mistake_id[6:]]
            return _sentence(f"« {mistake_id[6:]} » ({title}) : {feedback}")
        return _sentence(GENERIC_MISTAKES.get(mistake_id, ""))


@dataclass(frozen=True)
class Exercise:
    """An impact exercise of one notebook."""

    id: str
    notebook: str
    title: str
    fields: tuple[Field, ...]
    conclusion: str


#: The mistakes the engine itself recognises in any exercise (besides each field's
#: declared ones), by id, with what they reveal: for the class dashboard and the answer
#: key. A wrong choice is recognised too, as ``choix-<key>``.
GENERIC_MISTAKES: dict[str, str] = {
    "bornes-inversees": "bornes données dans le désordre (la basse plus grande que la haute)",
    "un-seul-nombre": "un seul nombre donné pour un intervalle : l'incertitude est oubliée",
    "bornes-en-proportion": "bornes données en proportion au lieu de points de pourcentage",
    "pourcentage-pour-proportion": "un pourcentage donné là où l'on attend une proportion "
                                   "entre 0 et 1",
    "proportion-pour-points": "un écart donné en proportion au lieu de points de "
                              "pourcentage",
    "proportion-hors-limites": "une « proportion » hors de l'intervalle 0 à 1",
}


@dataclass(frozen=True)
class FieldVerdict:
    """The verdict on one field. ``mistake`` names the recognised mistake of an
    « incorrect » verdict (a declared mistake's id, a :data:`GENERIC_MISTAKES` id or
    ``choix-<key>``); empty when the value is wrong in no recognised way."""

    key: str
    label: str
    status: FieldStatus
    message: str
    mistake: str = ""


@dataclass(frozen=True)
class ExerciseResult:
    """The verdict on a whole answer."""

    exercise: Exercise
    status: Status
    fields: tuple[FieldVerdict, ...]
    extra_keys: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def score(self) -> float:
        return sum(v.status == "correct" for v in self.fields) / len(self.fields)

    @property
    def headline(self) -> str:
        right = sum(v.status == "correct" for v in self.fields)
        total = len(self.fields)
        if self.status == "correct":
            return f"Tout est juste ({total} sur {total})."
        if self.status == "incomplet":
            empty = sum(v.status == "vide" for v in self.fields)
            return (f"Exercice à compléter : {empty} valeur(s) sur {total} restent à "
                    "trouver (remplacez les « ... » puis relancez la vérification).")
        return f"{right} valeur(s) juste(s) sur {total} : relisez les remarques ci-dessous."

    def lines(self) -> list[str]:
        """The whole verdict as French text lines."""
        marks = {"correct": "✓ juste", "incorrect": "✗ à revoir", "illisible": "? illisible",
                 "vide": "… à compléter"}
        out = [f"{self.exercise.title} — {self.headline}"]
        for v in self.fields:
            out.append(f"- {v.label} [{v.key}] : {marks[v.status]}"
                       + (f". {v.message}" if v.message else ""))
        if self.extra_keys:
            out.append("Clés inconnues, ignorées : " + ", ".join(self.extra_keys)
                       + " (vérifiez l'orthographe des clés).")
        if self.status == "correct":
            out.append("Pour retenir : " + self.exercise.conclusion[:1].upper()
                       + self.exercise.conclusion[1:])
        return out


# --------------------------------------------------------------------------- grading

def _fr(value: float, decimals: int = 1) -> str:
    return format_french_number(value, decimals, trim_zeros=True)


def _sentence(message: str) -> str:
    """``message`` with a capital letter, unless it starts with code (``two_proportion_test(
    ...)`` must stay as the learner types it)."""
    first = message.split(" ", 1)[0]
    if any(c in first for c in "_(."):
        return message
    return message[:1].upper() + message[1:]


def _check_field(f: Field, value: Any) -> FieldVerdict:
    def verdict(status: FieldStatus, message: str = "", mistake: str = "") -> FieldVerdict:
        return FieldVerdict(f.key, f.label, status, _sentence(message), mistake)

    if value is Ellipsis or value is None:
        return verdict("vide")
    try:
        if f.kind == "choix":
            key = str(value).strip().strip("()").strip().lower()
            if key not in f.choices:
                return verdict("illisible", "réponses possibles : "
                               + ", ".join(f"« {k} »" for k in f.choices))
            title, feedback = f.choices[key]
            if key == f.expected:
                return verdict("correct", f"« {key} » ({title}) : {feedback}")
            return verdict("incorrect", f"« {key} » ({title}) : {feedback}", f"choix-{key}")
        if f.kind == "intervalle":
            low, high = read_interval(value)
            if low > high:
                return verdict("incorrect", "la borne basse est plus grande que la borne "
                               "haute : donnez (basse, haute)", "bornes-inversees")
            e_low, e_high = f.expected
            if f.near(low, e_low) and f.near(high, e_high):
                return verdict("correct", f"{_fr(low, f.decimals)} à "
                               f"{_fr(high, f.decimals)}{' ' + f.unit if f.unit else ''}")
            for m in f.mistakes:
                m_low, m_high = m.value  # type: ignore[misc]
                if f.near(low, m_low) and f.near(high, m_high):
                    return verdict("incorrect", m.message, m.id)
            if f.unit == "points" and f.near(100 * low, e_low) \
                    and f.near(100 * high, e_high):
                return verdict("incorrect", "vous avez donné les bornes en proportion : en "
                               "points de pourcentage, multipliez par 100",
                               "bornes-en-proportion")
            return verdict("incorrect", f.hint)
        number = read_number(value)
    except Unreadable as exc:
        if str(exc) == "vide":
            return verdict("vide")
        # A single number given for an interval is a classic mistake, not a typo.
        if f.kind == "intervalle" and "un seul nombre" in str(exc):
            return verdict("incorrect", str(exc), "un-seul-nombre")
        return verdict("illisible", str(exc))
    if f.accepted is not None:
        low, high = f.accepted
        ok = low <= number <= high or f.near(number, low) or f.near(number, high)
    else:
        ok = f.near(number, f.expected)
    if ok:
        return verdict("correct")
    for m in f.mistakes:
        if f.near(number, m.value):  # type: ignore[arg-type]
            return verdict("incorrect", m.message, m.id)
    if f.kind == "proportion" and f.near(number / 100, f.expected):
        return verdict("incorrect", f"vous avez donné un pourcentage ({_fr(number, 2)}) : "
                       f"écrivez la proportion, entre 0 et 1 ({_fr(number / 100, 4)}), ou "
                       f"le texte \"{_fr(number, 2)} %\"", "pourcentage-pour-proportion")
    if f.kind == "points" and f.near(number * 100, f.expected):
        return verdict("incorrect", "vous avez donné l'écart en proportion "
                       f"({_fr(number, 4)}) : en points de pourcentage, multipliez par 100",
                       "proportion-pour-points")
    if f.kind == "proportion" and not 0 <= number <= 1:
        return verdict("incorrect", "une proportion est comprise entre 0 et 1. "
                       + f.hint, "proportion-hors-limites")
    return verdict("incorrect", f.hint)


def check(ex: Exercise, answer: Any) -> ExerciseResult:
    """Grade ``answer`` (a dict of field values) against exercise ``ex``. Never raises."""
    if answer is Ellipsis or answer is None:
        answer = {}
    if not isinstance(answer, Mapping):
        verdicts = tuple(FieldVerdict(f.key, f.label, "illisible",
                                      "la réponse doit être un dictionnaire "
                                      "{\"clé\": valeur, …} comme dans la cellule à "
                                      "compléter") for f in ex.fields)
        return ExerciseResult(ex, "incorrect", verdicts)
    given = {str(k).strip(): v for k, v in answer.items()}
    verdicts = tuple(_check_field(f, given.get(f.key, Ellipsis)) for f in ex.fields)
    extra = tuple(k for k in given if k not in {f.key for f in ex.fields})
    statuses = [v.status for v in verdicts]
    status: Status
    if all(s == "correct" for s in statuses):
        status = "correct"
    elif all(s in ("vide", "correct") for s in statuses):
        status = "incomplet"
    elif any(s == "correct" for s in statuses):
        status = "partial"
    else:
        status = "incorrect"
    return ExerciseResult(ex, status, verdicts, extra)


# --------------------------------------------------------------------------- consistency


def _plain(value: Any) -> str:
    """A field's or a mistake's value, for an author (6 significant digits, French)."""
    if isinstance(value, tuple):
        return "(" + " ; ".join(_plain(v) for v in value) + ")"
    if isinstance(value, int | float):
        return format_french_number(value, group=False)
    return f"« {value} »"


def _short(text: str, size: int = 70) -> str:
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def _named(m: Mistake) -> str:
    """A declared mistake, for an author: its value, its id if any, its message."""
    name = f"« {m.id} », " if m.id else ""
    return f"{_plain(m.value)} ({name}« {_short(m.message)} »)"


def _zone(f: Field) -> str:
    """Where a value is graded right, in words."""
    margins = ([f"± {_plain(f.tolerance)}"] if f.tolerance else []) \
        + ([f"± {_plain(100 * f.relative_tolerance)} % de la valeur"]
           if f.relative_tolerance else [])
    tolerance = "tolérance " + " ou ".join(margins) if margins else "sans tolérance"
    if f.accepted is not None:
        return (f"la plage acceptée ({_plain(f.accepted[0])} à {_plain(f.accepted[1])}, "
                f"{tolerance})")
    if f.kind == "intervalle":
        return f"la tolérance des bornes attendues ({_plain(tuple(f.expected))}, {tolerance})"
    return f"la tolérance de la valeur attendue ({_plain(f.expected)}, {tolerance})"


def _field_problems(f: Field) -> list[str]:
    """Where the grading of one field contradicts itself (French, for an author)."""
    if f.kind == "choix":
        if f.expected in f.choices:
            return []  # choices are compared by key: no tolerance can blur them
        return [f"la réponse attendue « {f.expected} » n'est pas une des réponses "
                "possibles (" + ", ".join(f"« {k} »" for k in f.choices) + ")"]
    out: list[str] = []
    for i, value in enumerate((f.expected, *(f.accepted or ()))):
        verdict = _check_field(f, value)
        if verdict.status != "correct":
            what = "la valeur attendue" if i == 0 else "la borne de la plage acceptée"
            out.append(f"{what} {_plain(value)} n'est pas jugée juste par le vérificateur "
                       f"(« {verdict.status} » : {_short(verdict.message)}) ; vérifiez la "
                       "tolérance et la plage acceptée")
    declared = {_sentence(m.message) for m in f.mistakes}
    for m in f.mistakes:
        verdict = _check_field(f, m.value)
        own = _sentence(m.message)
        if verdict.status == "correct":
            out.append(f"l'erreur déclarée {_named(m)} serait jugée juste : elle tombe dans "
                       f"{_zone(f)}. Resserrez la tolérance ou la plage, ou retirez cette "
                       "erreur")
        elif verdict.status == "incorrect" and verdict.message == own:
            continue
        elif verdict.message in declared:
            out.append(f"l'erreur déclarée {_named(m)} est prise pour une autre erreur "
                       f"déclarée (« {_short(verdict.message)} ») : leurs valeurs sont trop "
                       "proches pour la tolérance, son message ne s'affichera jamais ; "
                       "écartez-les ou réunissez-les en une seule")
        else:
            out.append(f"l'erreur déclarée {_named(m)} n'obtient pas son message "
                       f"(« {verdict.status} » : {_short(verdict.message)}) ; vérifiez sa "
                       "forme (un nombre, ou deux bornes pour un intervalle)")
    return out


def exercise_problems(ex: Exercise) -> list[ContentProblem]:
    """Where the grading of ``ex`` contradicts itself, each naming the exercise id and the
    field key (French): an expected value or an accepted bound not graded right, a
    declared mistake graded right (inside the tolerance or the accepted range), or taken
    for another mistake so that its message never shows."""
    return [ContentProblem(DEFINITIONS_FILE, f"exercice « {ex.id} », champ « {f.key} » : "
                           f"{message}")
            for f in ex.fields for message in _field_problems(f)]


# --------------------------------------------------------------------------- the exercises

def _bind(exercise_id: str, definition: Definition, texts: ExerciseTexts) -> Exercise:
    """The exercise whose values are ``definition`` and words ``texts`` (checked to fit)."""
    fields = []
    for key, grading in definition.fields.items():
        words = texts.fields[key]
        fields.append(Field(
            key=key, label=words.label, kind=grading.kind, expected=grading.expected,
            tolerance=grading.tolerance, relative_tolerance=grading.relative_tolerance,
            accepted=grading.accepted, decimals=grading.decimals,
            mistakes=tuple(Mistake(value=value, message=words.mistakes[mistake_id], id=mistake_id)
                           for mistake_id, value in grading.mistakes.items()),
            hint=words.hint, unit=words.unit, choices=words.choices,
            objectives=words.objectives))
    return Exercise(id=exercise_id, notebook=texts.notebook, title=texts.title,
                    fields=tuple(fields), conclusion=texts.conclusion)


def build(exercise_id: str) -> Exercise:
    """Exercise ``exercise_id``: its values computed from the data sets, its words read
    from its texts file (:class:`ContentError`, in French, when they do not fit)."""
    definition = DEFINITIONS[exercise_id]()
    return _bind(exercise_id, definition, load_texts(exercise_id, definition))


#: How to build each exercise, in course order.
EXERCISES: dict[str, Callable[[], Exercise]] = {
    exercise_id: functools.partial(build, exercise_id) for exercise_id in DEFINITIONS}


def exercise_ids() -> list[str]:
    """Every exercise id, in course order."""
    return list(EXERCISES)


@functools.lru_cache(maxsize=32)
def _built(exercise_id: str, texts_file: tuple[str, int, int]) -> Exercise:
    return EXERCISES[exercise_id]()


def exercise(exercise_id: str) -> Exercise:
    """The exercise ``exercise_id`` (its expected values computed from the data; built
    again when its texts file changes)."""
    if exercise_id not in EXERCISES:
        raise UnknownExerciseError(
            f"exercice inconnu : « {exercise_id} ». Exercices disponibles : "
            + ", ".join(EXERCISES))
    return _built(exercise_id, texts_version(exercise_id))


def check_exercises() -> tuple[list[Exercise], list[ContentProblem]]:
    """Build every exercise and check it: its texts file (schema, then agreement with the
    code), then its grading with :func:`exercise_problems`. An exercise that cannot be
    built, and a texts file that no exercise uses, are problems too."""
    built: list[Exercise] = []
    problems: list[ContentProblem] = []
    for ex_id, make in EXERCISES.items():
        found = read_texts(ex_id, None)[1] if ex_id in DEFINITIONS else []
        try:
            ex = make()
        except ContentError as exc:
            problems.extend(found or exc.problems)
            continue
        except Exception as exc:  # missing or malformed data: reported, not raised
            problems.append(ContentProblem(DEFINITIONS_FILE, f"exercice « {ex_id} » : "
                                           "impossible de calculer les valeurs attendues "
                                           f"({exc})"))
            problems.extend(found)
            continue
        problems.extend(found)
        built.append(ex)
        problems.extend(exercise_problems(ex))
    return built, problems + orphan_problems(list(EXERCISES))
