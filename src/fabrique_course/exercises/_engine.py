"""Impact exercises: what each asks, the expected values, and a coach-like checker.

An exercise is a set of named fields (``reponse = {"taux_restitution": …, …}``). Each
field knows its expected value — computed from the fictional data sets or from the
sourced figures, never typed in by hand — its tolerance, and the classic mistakes it
recognises (wrong denominator, percentage points vs percent, interval ignored, vanity
metric…), each with a message that says what to look at. Pure: no pandas, no IPython
(answers computed with pandas or numpy are read through ``float()``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from .. import impact
from .._errors import ContentProblem, UnknownExerciseError
from .._numbers import format_french_number, parse_french_number, within_tolerance
from ._data import rows

__all__ = [
    "EXERCISES",
    "Exercise",
    "ExerciseResult",
    "Field",
    "FieldVerdict",
    "Mistake",
    "check",
    "check_exercises",
    "exercise",
    "exercise_ids",
    "exercise_problems",
]

Kind = Literal["nombre", "proportion", "points", "intervalle", "choix"]
FieldStatus = Literal["correct", "incorrect", "illisible", "vide"]
Status = Literal["correct", "partial", "incorrect", "incomplet"]


@dataclass(frozen=True)
class Mistake:
    """A wrong value a learner typically finds, and what to tell them."""

    value: float | tuple[float, float]
    message: str


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
    unit: str = ""
    decimals: int = 1
    # A share of the value compared with (the expected value, an accepted bound or a
    # mistake): for values whose size matters more than their last digits (a p-value).
    relative_tolerance: float = 0.0

    def near(self, value: float, reference: float) -> bool:
        """Whether ``value`` is within this field's tolerance of ``reference``.

        The margin is the larger of the absolute ``tolerance`` and
        ``relative_tolerance`` × |reference|.
        """
        return within_tolerance(value, reference, self.tolerance, self.relative_tolerance)

    def shown(self) -> str:
        """The expected value, written for a French reader."""
        if self.kind == "intervalle":
            low, high = self.expected
            return f"{_fr(low, self.decimals)} à {_fr(high, self.decimals)}{self.unit}"
        if self.kind == "choix":
            return f"« {self.expected} »"
        if self.kind == "proportion":
            return f"{_fr(self.expected, 3)} (soit {_fr(100 * self.expected, 1)} %)"
        return _fr(self.expected, self.decimals) + self.unit


@dataclass(frozen=True)
class Exercise:
    """An impact exercise of one notebook."""

    id: str
    notebook: str
    title: str
    fields: tuple[Field, ...]
    conclusion: str

    def template(self) -> str:
        """The Python dict a learner starts from (keys in order, values to fill in)."""
        lines = ["reponse = {"]
        lines += [f'    "{f.key}": ...,  # {f.label}' for f in self.fields]
        return "\n".join([*lines, "}"])


@dataclass(frozen=True)
class FieldVerdict:
    """The verdict on one field."""

    key: str
    label: str
    status: FieldStatus
    message: str


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


# --------------------------------------------------------------------------- reading

def _fr(value: float, decimals: int = 1) -> str:
    return format_french_number(value, decimals, trim_zeros=True)


class _Unreadable(Exception):
    pass


def _number(value: Any) -> float:
    """A finite number from ints, floats, numpy/pandas scalars, or French text."""
    if value is None or value is Ellipsis:
        raise _Unreadable("vide")
    if isinstance(value, bool):
        raise _Unreadable("une case à cocher (True/False) n'est pas un nombre")
    if isinstance(value, str):
        parsed = parse_french_number(value)
        if parsed is None:
            raise _Unreadable(f"« {value} » n'est pas un nombre")
        return parsed / 100 if value.strip().endswith("%") else parsed
    size = getattr(value, "size", None)
    if size is not None and size != 1:
        raise _Unreadable("un tableau ou une colonne entière a été donné : il faut un seul "
                          "nombre (par exemple avec .sum(), .mean() ou len(...))")
    if size == 1 and hasattr(value, "item"):
        value = value.item() if not hasattr(value, "iloc") else value.iloc[0]
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _Unreadable(f"{type(value).__name__} n'est pas un nombre") from None
    if not math.isfinite(number):
        raise _Unreadable("la valeur n'est pas un nombre fini (nan ou infini) : une "
                          "division par zéro ou une cellule vide ?")
    return number


def _interval(value: Any) -> tuple[float, float]:
    if value is None or value is Ellipsis:
        raise _Unreadable("vide")
    if hasattr(value, "low") and hasattr(value, "high"):
        return _number(value.low), _number(value.high)
    if isinstance(value, str) or not isinstance(value, Sequence):
        try:
            _number(value)
        except _Unreadable:
            raise _Unreadable("attendu : deux bornes (basse, haute)") from None
        raise _Unreadable("un seul nombre a été donné, or un intervalle a deux bornes : "
                          "ne vous arrêtez pas au taux, dites aussi de combien il peut "
                          "varier — (borne basse, borne haute)")
    if len(value) != 2:
        raise _Unreadable(f"{len(value)} valeurs données : un intervalle a deux bornes "
                          "(basse, haute)")
    return _number(value[0]), _number(value[1])


def _sentence(message: str) -> str:
    """``message`` with a capital letter, unless it starts with code (``two_proportion_test(
    ...)`` must stay as the learner types it)."""
    first = message.split(" ", 1)[0]
    if any(c in first for c in "_(."):
        return message
    return message[:1].upper() + message[1:]


def _check_field(f: Field, value: Any) -> FieldVerdict:
    def verdict(status: FieldStatus, message: str = "") -> FieldVerdict:
        return FieldVerdict(f.key, f.label, status, _sentence(message))

    if value is Ellipsis or value is None:
        return verdict("vide")
    try:
        if f.kind == "choix":
            key = str(value).strip().strip("()").strip().lower()
            if key not in f.choices:
                return verdict("illisible", "réponses possibles : "
                               + ", ".join(f"« {k} »" for k in f.choices))
            title, feedback = f.choices[key]
            status: FieldStatus = "correct" if key == f.expected else "incorrect"
            return verdict(status, f"« {key} » ({title}) : {feedback}")
        if f.kind == "intervalle":
            low, high = _interval(value)
            if low > high:
                return verdict("incorrect", "la borne basse est plus grande que la borne "
                               "haute : donnez (basse, haute)")
            e_low, e_high = f.expected
            if f.near(low, e_low) and f.near(high, e_high):
                return verdict("correct", f"{_fr(low, f.decimals)} à "
                               f"{_fr(high, f.decimals)}{f.unit}")
            for m in f.mistakes:
                m_low, m_high = m.value  # type: ignore[misc]
                if f.near(low, m_low) and f.near(high, m_high):
                    return verdict("incorrect", m.message)
            if f.unit == " points" and f.near(100 * low, e_low) \
                    and f.near(100 * high, e_high):
                return verdict("incorrect", "vous avez donné les bornes en proportion : en "
                               "points de pourcentage, multipliez par 100")
            return verdict("incorrect", f.hint)
        number = _number(value)
    except _Unreadable as exc:
        if str(exc) == "vide":
            return verdict("vide")
        # A single number given for an interval is a classic mistake, not a typo.
        status = "incorrect" if f.kind == "intervalle" and "un seul nombre" in str(exc) \
            else "illisible"
        return verdict(status, str(exc))
    if f.accepted is not None:
        low, high = f.accepted
        ok = low <= number <= high or f.near(number, low) or f.near(number, high)
    else:
        ok = f.near(number, f.expected)
    if ok:
        return verdict("correct")
    for m in f.mistakes:
        if f.near(number, m.value):  # type: ignore[arg-type]
            return verdict("incorrect", m.message)
    if f.kind == "proportion" and f.near(number / 100, f.expected):
        return verdict("incorrect", f"vous avez donné un pourcentage ({_fr(number, 2)}) : "
                       f"écrivez la proportion, entre 0 et 1 ({_fr(number / 100, 4)}), ou "
                       f"le texte \"{_fr(number, 2)} %\"")
    if f.kind == "points" and f.near(number * 100, f.expected):
        return verdict("incorrect", "vous avez donné l'écart en proportion "
                       f"({_fr(number, 4)}) : en points de pourcentage, multipliez par 100")
    if f.kind == "proportion" and not 0 <= number <= 1:
        return verdict("incorrect", "une proportion est comprise entre 0 et 1. "
                       + f.hint)
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

EXERCISES_FILE = "fabrique_course/_exercises.py"


def _plain(value: Any) -> str:
    """A field's or a mistake's value, for an author (6 significant digits, French)."""
    if isinstance(value, tuple):
        return "(" + " ; ".join(_plain(v) for v in value) + ")"
    if isinstance(value, int | float):
        return format_french_number(value, group=False)
    return f"« {value} »"


def _short(text: str, size: int = 70) -> str:
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


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
            out.append(f"l'erreur déclarée {_plain(m.value)} (« {_short(m.message)} ») "
                       f"serait jugée juste : elle tombe dans {_zone(f)}. Resserrez la "
                       "tolérance ou la plage, ou retirez cette erreur")
        elif verdict.status == "incorrect" and verdict.message == own:
            continue
        elif verdict.message in declared:
            out.append(f"l'erreur déclarée {_plain(m.value)} (« {_short(m.message)} ») est "
                       f"prise pour une autre erreur déclarée (« {_short(verdict.message)} ») "
                       ": leurs valeurs sont trop proches pour la tolérance, son message ne "
                       "s'affichera jamais ; écartez-les ou réunissez-les en une seule")
        else:
            out.append(f"l'erreur déclarée {_plain(m.value)} (« {_short(m.message)} ») "
                       f"n'obtient pas son message (« {verdict.status} » : "
                       f"{_short(verdict.message)}) ; vérifiez sa forme (un nombre, ou deux "
                       "bornes pour un intervalle)")
    return out


def exercise_problems(ex: Exercise) -> list[ContentProblem]:
    """Where the grading of ``ex`` contradicts itself, each naming the exercise id and the
    field key (French): an expected value or an accepted bound not graded right, a
    declared mistake graded right (inside the tolerance or the accepted range), or taken
    for another mistake so that its message never shows."""
    return [ContentProblem(EXERCISES_FILE, f"exercice « {ex.id} », champ « {f.key} » : "
                           f"{message}")
            for f in ex.fields for message in _field_problems(f)]


def check_exercises() -> tuple[list[Exercise], list[ContentProblem]]:
    """Build every exercise from the data sets and check its grading with
    :func:`exercise_problems`; an exercise that cannot be built is itself a problem."""
    built: list[Exercise] = []
    problems: list[ContentProblem] = []
    for ex_id, make in EXERCISES.items():
        try:
            ex = make()
        except Exception as exc:  # missing or malformed data: reported, not raised
            problems.append(ContentProblem(EXERCISES_FILE, f"exercice « {ex_id} » : "
                                           "impossible de calculer les valeurs attendues "
                                           f"({exc})"))
            continue
        built.append(ex)
        problems.extend(exercise_problems(ex))
    return built, problems


# --------------------------------------------------------------------------- the bank

def _choices(**options: tuple[str, str]) -> dict[str, tuple[str, str]]:
    return dict(options)


def _wald(k: int, n: int, clipped: bool = False) -> tuple[float, float]:
    """The Wald interval p ± 1.96 √(p(1−p)/n), a classic mistake on small samples;
    ``clipped``: cut to [0, 1], as someone who sees a bound beyond 100 % does."""
    p = k / n
    half = 1.959964 * math.sqrt(p * (1 - p) / n)
    if clipped:
        return max(0.0, p - half), min(1.0, p + half)
    return p - half, p + half


def _dimensionner() -> Exercise:
    data = rows("registres_objets")
    n = len(data)
    minutes = sum(r["minutes_enregistrement"] for r in data)
    returned = sum(r["rendu"] for r in data)
    rate = impact.rate_with_interval(returned, n)
    return Exercise(
        "01_dimensionner", "01_investigation",
        "Dimensionner le problème (registres fictifs des 13 sites)",
        (
            Field("objets_par_an", "objets enregistrés en un an, tous sites", "nombre", n,
                  0.5, (Mistake(n / 13, "c'est une moyenne par site : on veut le total des "
                                "13 sites"),
                        Mistake(n / 12, "c'est une moyenne par mois : on veut l'année"),
                        Mistake(returned, "vous avez compté les objets rendus ; on veut tous "
                                "les objets enregistrés (une ligne = un objet)")),
                  "une ligne du tableau = un objet enregistré : comptez les lignes "
                  "(len(...))", decimals=0),
            Field("heures_agents_par_an", "heures d'agents passées à enregistrer, sur l'année",
                  "nombre", minutes / 60, 1.0,
                  (Mistake(minutes, "ce sont des minutes : divisez par 60 pour des heures"),
                   Mistake(minutes / 60 / 12, "c'est une moyenne par mois : on veut l'année"),
                   Mistake(minutes / n, "c'est la durée moyenne d'enregistrement d'un objet "
                           "(en minutes) ; on veut le temps total, en heures"),
                   Mistake(n * 10 / 60, "vous avez compté 10 minutes par objet : c'est "
                           "l'ordre de grandeur arrondi de la fiche (1 900 × 10 min ≈ 317 h). "
                           "Les registres donnent la durée réelle de chaque objet : "
                           "additionnez la colonne minutes_enregistrement, puis divisez "
                           "par 60")),
                  "additionnez la colonne minutes_enregistrement, puis convertissez en "
                  "heures", unit=" h"),
            Field("taux_restitution", "part des objets rendus à leur propriétaire",
                  "proportion", returned / n, 0.002,
                  (Mistake(returned / (n - returned), "vous avez divisé les objets rendus par "
                           "les objets non rendus ; le dénominateur, ce sont tous les objets "
                           "enregistrés"),),
                  "objets rendus ÷ objets enregistrés (la colonne rendu vaut 0 ou 1 : sa "
                  "moyenne est déjà ce taux)"),
            Field("intervalle_restitution", "intervalle de confiance à 95 % de ce taux",
                  "intervalle", (rate.low, rate.high), 0.003, (),
                  "utilisez rate_with_interval(objets rendus, objets enregistrés) et donnez "
                  "ses bornes .low et .high (ou le résultat lui-même)", decimals=3),
            Field("indicateur", "indicateur d'impact candidat", "choix", "c",
                  choices=_choices(
                      a=("les visites d'un futur site", "c'est un indicateur de vanité : "
                         "des visites peuvent grimper sans qu'aucun objet ne soit rendu. "
                         "Demandez-vous ce qui change pour la personne qui a perdu un "
                         "objet"),
                      b=("les objets enregistrés par les sites", "c'est une mesure "
                         "d'activité des agents, pas du problème : elle peut monter sans "
                         "qu'un seul objet de plus retrouve son propriétaire"),
                      c=("les objets rendus à leur propriétaire chaque mois", "c'est le "
                         "problème lui-même qui recule : le bon candidat pour mesurer "
                         "l'impact"),
                      d=("la satisfaction des agents d'accueil", "utile à suivre, mais elle "
                         "ne dit pas si les personnes retrouvent leurs objets"))),
        ),
        "on chiffre un problème par un total sur une période (objets, heures), et un taux "
        "toujours avec son dénominateur et son intervalle ; l'indicateur d'impact mesure "
        "le problème qui recule, pas l'activité ni l'audience.")


def _tests() -> Exercise:
    data = rows("tests_utilisabilite")

    def sus_mean(cycle: int, reverse: bool = True, scale: float = 2.5) -> float:
        answers = [[r[f"sus_q{q}"] for q in range(1, 11)] for r in data if r["cycle"] == cycle]
        if reverse:
            scores = [cast(float, impact.sus_score(a)) for a in answers]
            return sum(scores) / len(answers) / 2.5 * scale
        return float(sum(sum(v - 1 for v in a) * scale for a in answers) / len(answers))

    second = [r for r in data if r["cycle"] == 2]
    k2 = sum(r["tache_reussie"] for r in second)
    r2 = impact.rate_with_interval(k2, len(second))
    total = sum(r["tache_reussie"] for r in data)
    r15 = impact.rate_with_interval(12, 15)
    pooled = impact.rate_with_interval(total, len(data))
    sus2, sus3 = sus_mean(2), sus_mean(3)
    return Exercise(
        "02_tests", "02_conception",
        "Lire des tests d'utilisabilité (3 cycles de 5, fictifs)",
        (
            Field("taux_reussite_cycle2", "taux de réussite de la tâche au cycle 2",
                  "proportion", k2 / len(second), 0.002, (),
                  "réussites du cycle 2 ÷ personnes testées au cycle 2"),
            Field("intervalle_cycle2", "intervalle de confiance à 95 % (Wilson), cycle 2",
                  "intervalle", (r2.low, r2.high), 0.005,
                  (Mistake(_wald(k2, len(second)), "c'est l'intervalle « p ± 1,96 × √(p(1−p)/n) »"
                           " (Wald) : sur 5 personnes il déborde au-dessus de 100 %, ce qui "
                           "n'a pas de sens ; utilisez l'intervalle de Wilson "
                           "(rate_with_interval)"),
                   Mistake(_wald(k2, len(second), clipped=True), "c'est l'intervalle de Wald "
                           "(« p ± 1,96 × √(p(1−p)/n) ») coupé à 100 % : le couper ne le rend "
                           "pas juste. Sur 5 personnes, la formule de Wald se trompe même "
                           "bornée (sa borne basse est trop haute, l'intervalle trop étroit) ; "
                           "utilisez l'intervalle de Wilson (rate_with_interval)")),
                  "utilisez rate_with_interval(réussites, personnes) sur le cycle 2 seul",
                  decimals=3),
            Field("intervalle_15", "intervalle si 12 personnes sur 15 avaient réussi",
                  "intervalle", (r15.low, r15.high), 0.005,
                  (Mistake((pooled.low, pooled.high), "vous avez additionné les trois cycles "
                           f"({total} sur {len(data)}) ; ils ne testent pas le même "
                           "prototype, d'où la question sur un même taux de 80 % mesuré "
                           "sur 15 personnes (12 sur 15)"),
                   Mistake((r2.low, r2.high), "c'est l'intervalle sur 5 personnes ; "
                           "refaites le calcul avec 12 réussites sur 15"),
                   # Within the tolerance, this also recognises the unclipped Wald interval.
                   Mistake(_wald(12, 15, clipped=True), "c'est l'intervalle de Wald "
                           "(« p ± 1,96 × √(p(1−p)/n) ») : même sur 15 personnes, il déborde "
                           "au-dessus de 100 %, et le couper à 100 % ne le rend pas juste ; "
                           "utilisez l'intervalle de Wilson (rate_with_interval(12, 15))")),
                  "rate_with_interval(12, 15) : même taux, trois fois plus de personnes",
                  decimals=3),
            Field("sus_cycle2", "score SUS moyen du cycle 2 (0 à 100)", "nombre", sus2, 0.05,
                  (Mistake(sus_mean(2, scale=1.0), "vous avez oublié de multiplier la somme "
                           "par 2,5 : le SUS va de 0 à 100"),
                   Mistake(sus_mean(2, reverse=False), "les affirmations paires sont "
                           "négatives : elles comptent (5 − réponse), pas (réponse − 1)")),
                  "sus_score(tableau des 10 colonnes sus_q1 à sus_q10 du cycle 2), puis la "
                  "moyenne"),
            Field("sus_cycle3", "score SUS moyen du cycle 3 (0 à 100)", "nombre", sus3, 0.05,
                  (Mistake(sus_mean(3, scale=1.0), "vous avez oublié de multiplier la somme "
                           "par 2,5 : le SUS va de 0 à 100"),
                   Mistake(sus_mean(3, reverse=False), "les affirmations paires sont "
                           "négatives : elles comptent (5 − réponse), pas (réponse − 1)"),
                   Mistake((sus2 + sus3) / 2, "c'est la moyenne des cycles 2 et 3 ensemble ; "
                           "gardez seulement le cycle 3")),
                  "même calcul que pour le cycle 2, sur les lignes du cycle 3"),
        ),
        "sur 5 personnes, un taux de réussite a un intervalle très large : les tests de "
        "conception servent à trouver les obstacles, pas à prouver un chiffre ; on ne "
        "cumule pas des cycles qui testent des prototypes différents.")


def _entonnoir() -> Exercise:
    visits = rows("parcours_construction")
    started = sum(r["a_commence"] for r in visits)
    complete = sum(r["a_complete"] for r in visits)
    matched = sum(r["rapprochement"] for r in visits)
    returned = sum(r["objet_rendu"] for r in visits)
    weeks = rows("agents_semaines")
    last = max(r["semaine"] for r in weeks)
    active_last = len({r["agent_id"] for r in weeks if r["semaine"] == last})
    actions_last = sum(r["actions"] for r in weeks if r["semaine"] == last)
    everyone = len({r["agent_id"] for r in weeks})
    steps = impact.funnel({"visite": len(visits), "commencer": started,
                           "terminer": complete, "rapprochement": matched,
                           "restitution": returned})
    worst = steps.biggest_loss.name
    return Exercise(
        "03_entonnoir", "03_construction",
        "L'entonnoir et les agents actifs de la première version (fictifs)",
        (
            Field("taux_completion", "part des déclarations commencées qui sont terminées",
                  "proportion", complete / started, 0.002,
                  (Mistake(complete / len(visits), "vous avez divisé par tous les visiteurs ; "
                           "la question porte sur ceux qui ont commencé une déclaration"),
                   Mistake(started / len(visits), "c'est la part des visiteurs qui "
                           "commencent ; on veut la part des déclarations commencées qui "
                           "sont terminées")),
                  "déclarations complètes ÷ déclarations commencées"),
            Field("etape_plus_grosse_perte", "étape au plus faible taux de passage", "choix",
                  worst, choices=_choices(
                      visite=("la visite", "c'est le point de départ de l'entonnoir : on ne "
                              "perd personne avant lui"),
                      commencer=("commencer une déclaration", "c'est là qu'on perd le plus "
                                 "de personnes en nombre, mais une bonne part des visiteurs "
                                 "vient seulement se renseigner ; comparez les taux de "
                                 "passage, étape par étape"),
                      terminer=("terminer la déclaration", "un peu plus de la moitié des "
                                "déclarations commencées sont terminées : c'est un chantier "
                                "d'ergonomie réel, mais une autre étape laisse passer moins "
                                "de monde"),
                      rapprochement=("trouver un objet correspondant", "c'est l'étape au "
                                     "plus faible taux de passage. Ce n'est pas un défaut de "
                                     "l'écran : sans objet enregistré qui corresponde, il n'y "
                                     "a rien à rendre. Le levier est ailleurs : plus de sites, "
                                     "la mairie, les bus"),
                      restitution=("récupérer l'objet", "la plupart des rapprochements "
                                   "finissent par une restitution : ce n'est pas là qu'on "
                                   "perd le plus"))),
            Field("rendus_par_declaration", "objets rendus par déclaration complète",
                  "proportion", returned / complete, 0.002,
                  (Mistake(returned / len(visits), "vous avez divisé par les visiteurs : "
                           "l'indicateur se rapporte aux déclarations complètes"),
                   Mistake(returned / started, "vous avez divisé par les déclarations "
                           "commencées ; l'indicateur se rapporte aux déclarations complètes")),
                  "objets rendus ÷ déclarations complètes"),
            Field("agents_actifs_semaine_26", f"agents actifs la semaine {last}", "nombre",
                  active_last, 0.5,
                  (Mistake(actions_last, "vous avez additionné des actions ; on compte des "
                           "agents, chacun une fois (nunique)"),
                   Mistake(everyone, "c'est le nombre d'agents actifs au moins une fois sur "
                           "les 26 semaines ; on veut ceux de la dernière semaine")),
                  f"gardez les lignes de la semaine {last} et comptez les agents distincts",
                  decimals=0),
        ),
        "un taux se lit avec son dénominateur (les visiteurs, les déclarations commencées "
        "ou complètes ne racontent pas la même chose) ; la plus grosse perte d'un entonnoir "
        "n'est pas toujours un problème d'écran ; un utilisateur actif se compte une fois.")


def _ab_test() -> Exercise:
    data = rows("ab_test_formulaire")
    a = [r["complete"] for r in data if r["version"] == "A"]
    b = [r["complete"] for r in data if r["version"] == "B"]
    test = impact.two_proportion_test(sum(a), len(a), sum(b), len(b))
    diff = 100 * test.difference
    api = impact.sample_size_two_proportions(0.201, 0.301)
    return Exercise(
        "04_ab_test", "04_acceleration",
        "Lire un A/B test, et dimensionner le suivant",
        (
            Field("ecart_points", "écart B − A, en points de pourcentage", "points", diff, 0.05,
                  (Mistake(100 * test.relative_change, "c'est la hausse relative (en %) ; "
                           "l'écart en points est la simple différence des deux taux"),),
                  "taux de B − taux de A, multiplié par 100", unit=" points"),
            Field("hausse_relative", "hausse relative de B par rapport à A", "proportion",
                  test.relative_change, 0.002,
                  (Mistake(test.difference, "c'est l'écart en proportion (des points) : la "
                           "hausse relative se rapporte au taux de départ, (B − A) ÷ A"),
                   Mistake(test.b.rate / test.a.rate, "c'est le rapport B ÷ A ; la hausse "
                           "relative est ce rapport moins 1")),
                  "(taux de B − taux de A) ÷ taux de A"),
            Field("intervalle_ecart_points", "intervalle de confiance à 95 % de l'écart, en "
                  "points", "intervalle", (100 * test.low, 100 * test.high), 0.1, (),
                  "two_proportion_test(réussites A, total A, réussites B, total B) donne "
                  ".low et .high, en proportion : multipliez par 100", unit=" points"),
            # A small p-value is judged on its significant digits: 5 % relative accepts
            # it rounded to 2 of them, and rejects the one-sided value (half of it).
            Field("p_valeur", "p-valeur du test", "nombre", test.p_value, 0.0,
                  (Mistake(test.p_value / 2, "c'est une p-valeur unilatérale ; le test "
                           "compare dans les deux sens (bilatéral)"),
                   Mistake(0.0, "une p-valeur n'est jamais exactement nulle : ce 0 vient "
                           "d'un arrondi trop court (round(p, 3) ou un affichage à 3 "
                           "décimales). Donnez-la avec au moins deux chiffres significatifs "
                           "(par exemple 0.00042, ou 4.2e-4), ou directement "
                           "two_proportion_test(...).p_value")),
                  "two_proportion_test(...).p_value", decimals=6, relative_tolerance=0.05),
            Field("taille_par_groupe_api", "visiteurs nécessaires par version pour détecter "
                  "20,1 % → 30,1 % (api.gouv.fr)", "nombre", api, 0.5,
                  (Mistake(2 * api, "c'est le total des deux versions ; la formule donne le "
                           "nombre nécessaire dans chaque groupe"),),
                  "sample_size_two_proportions(0.201, 0.301) (taux en proportion)",
                  decimals=0),
        ),
        "annoncez un A/B test avec l'écart en points, la hausse relative et l'intervalle : "
        "trois chiffres différents ; avant de lancer un test, calculez combien de personnes "
        "il faut pour détecter l'effet attendu.")


def _cohortes() -> Exercise:
    data = rows("agents_mois")
    table = impact.cohort_retention([(r["agent_id"], r["mois"]) for r in data])
    i = table.cohorts.index(13)
    kept = table.rates[i][3]
    everyone = len({r["agent_id"] for r in data})
    active18 = len({r["agent_id"] for r in data if r["mois"] == 18})
    active16 = len({r["agent_id"] for r in data if r["mois"] == 16})
    return Exercise(
        "04_cohortes_couts", "04_acceleration",
        "Cohortes d'agents, pénétration et coût à l'utilisation (fictifs)",
        (
            Field("retention_cohorte_13_a_3_mois", "part des agents arrivés au mois 13 encore "
                  "actifs au mois 16", "proportion", kept, 0.002,
                  (Mistake(active16 / everyone, "c'est la part de tous les agents actifs au "
                           "mois 16 ; suivez seulement la cohorte arrivée au mois 13"),
                   Mistake(table.rates[i][2], "c'est 2 mois après l'arrivée (mois 15) ; "
                           "on veut 3 mois après (mois 16)")),
                  "cohort_retention(agents, user=\"agent_id\", period=\"mois\") : ligne de "
                  "la cohorte 13, colonne +3"),
            Field("penetration_agents_mois18", "taux de pénétration chez les agents au mois 18",
                  "proportion", active18 / 128, 0.002,
                  (Mistake(active18 / everyone, "vous avez divisé par les agents déjà venus "
                           "au moins une fois ; le marché visé, ce sont les 128 agents "
                           "d'accueil"),
                   Mistake(active18 / 120, "120 agents étaient visés au 12e mois ; au 18e, "
                           "la cible compte 128 agents")),
                  "agents actifs au mois 18 ÷ 128 agents visés"),
            Field("cout_par_utilisateur_mois18", "coût à l'utilisation au mois 18 (€ par "
                  "utilisateur actif)", "nombre", 540000 / 1400, 1.0,
                  (Mistake(45000 / 1400, "vous avez pris le budget du mois ; la formule de la "
                           "matrice d'impact divise le budget annuel"),
                   Mistake(540000 / 4500, "les visiteurs ne sont pas des utilisateurs "
                           "actifs : la matrice divise par les utilisateurs actifs mensuels"),
                   Mistake(540000 / 70, "les agents ne sont qu'une partie des utilisateurs "
                           "actifs (1 330 usagers + 70 agents)")),
                  "budget annuel (540 000 €) ÷ utilisateurs actifs mensuels (1 400)",
                  unit=" €"),
        ),
        "une cohorte suit les mêmes personnes dans le temps ; un taux de pénétration se "
        "rapporte au marché visé ; le coût à l'utilisation de la matrice d'impact est un "
        "budget annuel divisé par des utilisateurs actifs mensuels.")


def _cout_impact() -> Exercise:
    data = rows("suivi_mensuel")
    last = data[-1]
    per_object = last["budget_du_mois_eur"] / last["objets_rendus"]
    spent = sum(r["budget_du_mois_eur"] for r in data)
    returned = sum(r["objets_rendus"] for r in data)
    mean_of_ratios = sum(r["budget_du_mois_eur"] / r["objets_rendus"] for r in data) / len(data)
    trend = impact.north_star([r["objets_rendus"] for r in data[-12:]]).trend
    return Exercise(
        "05_cout_impact", "05_perennisation",
        "Le coût par impact dans la durée",
        (
            Field("cout_par_objet_mois30", "coût par objet rendu au mois 30", "nombre",
                  per_object, 0.5,
                  (Mistake(12 * last["budget_du_mois_eur"] / last["objets_rendus"],
                           "vous avez divisé un budget annuel par les objets d'un seul "
                           "mois : gardez la même période en haut et en bas"),),
                  "budget du mois 30 ÷ objets rendus au mois 30", unit=" €", decimals=0),
            Field("cout_par_objet_cumule", "coût par objet rendu sur les 30 mois", "nombre",
                  spent / returned, 1.0,
                  (Mistake(mean_of_ratios, "c'est la moyenne des coûts mensuels : les "
                           "premiers mois, très chers et avec peu d'objets, pèsent autant que "
                           "les autres ; divisez le total dépensé par le total des objets "
                           "rendus"),),
                  "somme des budgets ÷ somme des objets rendus", unit=" €", decimals=0),
            Field("tendance_objets_par_mois", "tendance des 12 derniers mois (objets rendus "
                  "en plus chaque mois)", "nombre", trend, 0.1, (),
                  "north_star(objets rendus des 12 derniers mois).trend"),
            Field("division_cout_refugies", "par combien le coût par visiteur informé de "
                  "Réfugiés.info a été divisé (50 € → 0,90 €)", "nombre", 50 / 0.90, 0.1,
                  (Mistake(100 * (1 - 0.90 / 50), "c'est la baisse en pour cent ; on demande "
                           "par combien le coût a été divisé : 50 ÷ 0,90"),
                   Mistake(0.90 / 50, "c'est l'inverse : 50 ÷ 0,90, pas 0,90 ÷ 50")),
                  "coût de départ ÷ coût d'arrivée", decimals=1),
        ),
        "un coût par impact se calcule sur une même période (budget du mois ÷ impact du "
        "mois, ou totaux ÷ totaux, jamais une moyenne de rapports) ; c'est son évolution, "
        "d'un comité à l'autre, que le sponsor regarde.")


def _bonne_boite() -> Exercise:
    test = impact.two_proportion_test(19990, 100000, 22100, 100000)
    users = 400000
    return Exercise(
        "05_bonne_boite", "05_perennisation",
        "Comparer deux cohortes : La Bonne Boîte",
        (
            Field("ecart_points", "écart de retour à l'emploi, en points", "points",
                  100 * test.difference, 0.01,
                  (Mistake(100 * test.relative_change, "c'est la hausse relative (en %) ; "
                           "l'écart en points est 22,1 − 19,99"),),
                  "22,1 − 19,99", unit=" points", decimals=2),
            Field("hausse_relative", "hausse relative", "proportion", test.relative_change,
                  0.005,
                  (Mistake(test.difference, "c'est l'écart en proportion (des points) ; la "
                           "hausse relative divise par le taux de départ"),),
                  "(22,1 − 19,99) ÷ 19,99"),
            Field("intervalle_ecart_points", "intervalle de confiance à 95 % de l'écart, en "
                  "points", "intervalle", (100 * test.low, 100 * test.high), 0.02, (),
                  "two_proportion_test(19990, 100000, 22100, 100000), bornes × 100",
                  unit=" points", decimals=2),
            Field("personnes_en_plus", "personnes de plus en emploi à 5 mois, sur 400 000 "
                  "utilisateurs", "nombre", users * test.difference, 1.0,
                  (Mistake(100000 * test.difference, "vous avez appliqué l'écart aux 100 000 "
                           "personnes d'une cohorte ; la question porte sur les 400 000 "
                           "utilisateurs"),
                   Mistake(users * test.b.rate, "c'est le nombre total de retours à l'emploi "
                           "avec le service ; l'impact, c'est le supplément par rapport à la "
                           "cohorte sans le service")),
                  "écart (en proportion) × 400 000", accepted=(8000, users * test.difference),
                  decimals=0),
            Field("personnes_en_plus_bas", "borne basse de ce supplément (intervalle à 95 %)",
                  "nombre", users * test.low, 5.0,
                  (Mistake(100000 * test.low, "appliquez la borne basse aux 400 000 "
                           "utilisateurs, pas aux 100 000 d'une cohorte"),),
                  "borne basse de l'écart (en proportion) × 400 000",
                  # The lesson rounds it down: « probablement au moins 7 000 ».
                  accepted=(7000, users * test.low), decimals=0),
        ),
        "un impact se dit en personnes, avec sa fourchette : « environ 8 000 de plus, et "
        "probablement au moins 7 000 » ; la source arrondit l'écart à 2 points, d'où 8 000, "
        "le calcul exact donne un peu plus.")


EXERCISES: dict[str, Callable[[], Exercise]] = {
    "01_dimensionner": _dimensionner,
    "02_tests": _tests,
    "03_entonnoir": _entonnoir,
    "04_ab_test": _ab_test,
    "04_cohortes_couts": _cohortes,
    "05_cout_impact": _cout_impact,
    "05_bonne_boite": _bonne_boite,
}


def exercise_ids() -> list[str]:
    """Every exercise id, in course order."""
    return list(EXERCISES)


@functools.cache
def exercise(exercise_id: str) -> Exercise:
    """The exercise ``exercise_id`` (its expected values computed from the data)."""
    if exercise_id not in EXERCISES:
        raise UnknownExerciseError(
            f"exercice inconnu : « {exercise_id} ». Exercices disponibles : "
            + ", ".join(EXERCISES))
    return EXERCISES[exercise_id]()
