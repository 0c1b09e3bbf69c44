"""Pure grading of a learner's answer against a question.

``grade(question, answer)`` never raises on learner input: an answer it cannot read
(empty, garbage, wrong type, huge) is not "wrong", it gets the status
``"unreadable"`` and a French message saying what format is expected. No IPython,
no widget: this module is the reference the browser grader follows.

Scores: ``single``/``true_false``/``numeric`` are 0 or 1; ``multiple`` is
(right boxes ticked − wrong boxes ticked) / number of right options, floored at 0;
``order`` is items in the right place / items; ``match`` is right pairs / items.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from ._content import Option, Question
from ._numbers import format_french_number, parse_french_number

__all__ = ["STATUSES", "Result", "Status", "grade", "normalise_answer"]

#: The outcome of grading an answer: the one vocabulary of the grader, the progress
#: file (its CHECK constraint is written from it), the export document (its schema) and
#: the class dashboard.
Status = Literal["correct", "partial", "incorrect", "unreadable"]
STATUSES: tuple[Status, ...] = get_args(Status)

_MAX_TEXT = 2_000
_MAX_ITEMS = 200


@dataclass(frozen=True)
class Result:
    """Outcome of grading one answer.

    ``correct`` is True only for a full score; ``score`` is in [0, 1];
    ``message`` is the French feedback: a verdict on its first line (``headline``), then
    one line per detail (``details``: what each choice reveals, what was expected);
    ``explanation`` is the question's explanation, empty for an unreadable answer.
    """

    status: Status
    score: float
    message: str
    explanation: str = ""

    @property
    def correct(self) -> bool:
        """True when the answer earns the full score."""
        return self.status == "correct"

    @property
    def headline(self) -> str:
        """The first line of the message: the verdict."""
        return self.message.split("\n", 1)[0]

    @property
    def details(self) -> tuple[str, ...]:
        """The lines after the verdict: what each choice reveals, what was expected."""
        return tuple(line for line in self.message.split("\n")[1:] if line.strip())


class _Unreadable(Exception):
    """Internal: the answer cannot be read; the message says what is expected."""


def _fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form used to match typed texts."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    no_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(no_marks.replace("’", "'").split())


def _show(value: Any) -> str:
    if isinstance(value, list | tuple | set | frozenset | Mapping):
        kind = "une liste" if isinstance(value, list | tuple) else (
            "un dictionnaire" if isinstance(value, Mapping) else "un ensemble")
        return f"{kind} de {len(value)} élément(s)"
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _percent(score: float) -> str:
    return f"{round(score * 100)} %"


def _lookup(candidates: list[tuple[str, str]], value: Any, what: str) -> str:
    """Return the id among (id, text) pairs that ``value`` names, by id or by text."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _Unreadable(f"{what} attendu(e) sous forme de texte, pas {_show(value)}")
    raw = str(value)
    if len(raw) > _MAX_TEXT:
        raise _Unreadable(f"texte trop long pour être {what}")
    for cid, _ in candidates:
        if raw == cid:
            return cid
    folded = _fold(raw)
    if not folded:
        raise _Unreadable(f"{what} vide")
    for cid, text in candidates:
        if folded in (_fold(cid), _fold(text)):
            return cid
    names = ", ".join(f"« {cid} »" for cid, _ in candidates)
    none = {"option": "aucune option", "élément": "aucun élément", "choix": "aucun choix"}
    raise _Unreadable(f"« {_show(raw)} » ne correspond à {none.get(what, what)} ({names})")


def _as_list(answer: Any, what: str) -> list[Any]:
    if isinstance(answer, list | tuple | set | frozenset):
        values = list(answer)
    else:
        raise _Unreadable(f"une liste de {what} est attendue")
    if len(values) > _MAX_ITEMS:
        raise _Unreadable(f"liste trop longue ({len(values)} éléments)")
    if isinstance(answer, set | frozenset):
        values = sorted(values, key=str)
    return values


def _options(q: Question) -> list[tuple[str, str]]:
    return [(o.id, o.text) for o in q.options]


def _option(q: Question, oid: str) -> Option:
    return next(o for o in q.options if o.id == oid)


# --------------------------------------------------------------------------- per type

def _grade_single(q: Question, answer: Any) -> Result:
    if q.type == "true_false" and isinstance(answer, bool):
        answer = "vrai" if answer else "faux"
    if q.type == "true_false" and isinstance(answer, str) and _fold(answer) in ("true", "false"):
        answer = "vrai" if _fold(answer) == "true" else "faux"
    if isinstance(answer, list | tuple) and len(answer) == 1:
        answer = answer[0]
    chosen = _option(q, _lookup(_options(q), answer, "option"))
    if chosen.correct:
        return Result("correct", 1.0, f"Bonne réponse !\n{chosen.feedback}", q.explanation)
    return Result("incorrect", 0.0, f"Ce n'est pas la bonne réponse.\n{chosen.feedback}",
                  q.explanation)


def _grade_multiple(q: Question, answer: Any) -> Result:
    if isinstance(answer, str):
        answer = [answer]
    values = _as_list(answer, "options")
    chosen = {_lookup(_options(q), v, "option") for v in values}
    if not chosen:
        raise _Unreadable("cochez au moins une case")
    right = [o for o in q.options if o.correct]
    hits = [o for o in right if o.id in chosen]
    wrong_picks = [o for o in q.options if not o.correct and o.id in chosen]
    missed = [o for o in right if o.id not in chosen]
    score = max(0.0, (len(hits) - len(wrong_picks)) / len(right))
    lines = []
    for o in q.options:
        if o.id in chosen:
            mark = "✔ bien vu" if o.correct else "✘ à ne pas cocher"
            lines.append(f"« {o.text} » — {mark} : {o.feedback}")
        elif o.correct:
            lines.append(f"« {o.text} » — oubliée : {o.feedback}")
    detail = "\n".join(lines)
    if not wrong_picks and not missed:
        return Result("correct", 1.0, f"Bonne réponse !\n{detail}", q.explanation)
    head = (f"Réponse partiellement juste ({len(hits)} bonne(s) réponse(s) sur {len(right)}, "
            f"{len(wrong_picks)} case(s) cochée(s) à tort ; score {_percent(score)}).")
    status: Status = "partial" if score > 0 else "incorrect"
    if score == 0:
        head = (f"Ce n'est pas la bonne réponse ({len(hits)} bonne(s) réponse(s) sur "
                f"{len(right)}, {len(wrong_picks)} case(s) cochée(s) à tort).")
    return Result(status, score, f"{head}\n{detail}", q.explanation)


def _grade_numeric(q: Question, answer: Any) -> Result:
    if isinstance(answer, str) and q.unit and len(answer) <= _MAX_TEXT:
        # « 6 mois » for a question in months: the unit is allowed after the number.
        stripped = answer.strip()
        if _fold(stripped).endswith(_fold(q.unit)):
            answer = stripped[: len(stripped) - len(q.unit)]
    value = parse_french_number(answer)
    if value is None:
        shown = f"« {_show(answer)} » n'est pas" if isinstance(answer, str) else "il faut"
        raise _Unreadable(
            f"{shown} un nombre écrit en chiffres, comme « 12 », « 1,5 », « 1 234 » ou « 12 % »"
        )
    assert q.answer is not None  # guaranteed by validation; not learner input
    target = q.answer
    unit = f" {q.unit}" if q.unit else ""
    if q.accepts(value):
        expected = format_french_number(target)
        return Result("correct", 1.0, f"Bonne réponse !\nLa valeur attendue est {expected}{unit}.",
                      q.explanation)
    for err in q.common_errors:
        if math.isclose(value, err.answer, rel_tol=1e-9, abs_tol=1e-9):
            return Result("incorrect", 0.0,
                          f"Ce n'est pas la bonne réponse.\n{err.feedback}", q.explanation)
    direction = "trop petit" if value < target else "trop grand"
    return Result("incorrect", 0.0,
                  f"Ce n'est pas la bonne réponse : {format_french_number(value)}{unit}, "
                  f"c'est {direction}.", q.explanation)


def _grade_order(q: Question, answer: Any) -> Result:
    values = _as_list(answer, "éléments dans l'ordre")
    pairs = [(i.id, i.text) for i in q.items]
    given = [_lookup(pairs, v, "élément") for v in values]
    expected = [i.id for i in q.items]
    if sorted(given) != sorted(expected):
        missing = [i.text for i in q.items if i.id not in given]
        doubles = sorted({g for g in given if given.count(g) > 1})
        parts = []
        if missing:
            parts.append("il manque " + ", ".join(f"« {m} »" for m in missing))
        if doubles:
            parts.append("en double : " + ", ".join(f"« {d} »" for d in doubles))
        raise _Unreadable("chaque élément doit apparaître une fois exactement ("
                          + " ; ".join(parts) + ")")
    placed = sum(1 for g, e in zip(given, expected, strict=True) if g == e)
    score = placed / len(expected)
    correct_order = " → ".join(i.text for i in q.items)
    if placed == len(expected):
        return Result("correct", 1.0, f"Bonne réponse !\nOrdre : {correct_order}.",
                      q.explanation)
    status: Status = "partial" if placed else "incorrect"
    head = ("Réponse partiellement juste" if placed else "Ce n'est pas le bon ordre")
    return Result(status, score,
                  f"{head} : {placed} élément(s) sur {len(expected)} à la bonne place "
                  f"(score {_percent(score)}).\nL'ordre attendu : {correct_order}.",
                  q.explanation)


def _grade_match(q: Question, answer: Any) -> Result:
    if not isinstance(answer, Mapping):
        raise _Unreadable("un dictionnaire {élément: choix} est attendu")
    if len(answer) > _MAX_ITEMS:
        raise _Unreadable(f"trop d'associations ({len(answer)})")
    items = [(i.id, i.text) for i in q.items]
    choices = [(c.id, c.text) for c in q.choices]
    given: dict[str, str] = {}
    for key, value in answer.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # an item left unpaired
        item_id = _lookup(items, key, "élément")
        given[item_id] = _lookup(choices, value, "choix")
    if not given:
        raise _Unreadable("associez au moins un élément à un choix")
    choice_text = {c.id: c.text for c in q.choices}
    right = 0
    lines = []
    for item in q.items:
        got = given.get(item.id)
        if got == item.match:
            right += 1
            continue
        assert item.match is not None  # guaranteed by validation
        expected = choice_text[item.match]
        reason = f" {item.feedback}" if item.feedback else ""
        if got is None:
            lines.append(f"« {item.text} » — non associé : « {expected} ».{reason}")
        else:
            lines.append(f"« {item.text} » — pas « {choice_text[got]} » mais "
                         f"« {expected} ».{reason}")
    score = right / len(q.items)
    if right == len(q.items):
        return Result("correct", 1.0, "Bonne réponse !\nToutes les associations sont justes.",
                      q.explanation)
    status: Status = "partial" if right else "incorrect"
    head = "Réponse partiellement juste" if right else "Ce n'est pas la bonne réponse"
    return Result(status, score,
                  f"{head} : {right} association(s) juste(s) sur {len(q.items)} "
                  f"(score {_percent(score)}).\n" + "\n".join(lines), q.explanation)


_GRADERS = {
    "single": _grade_single,
    "true_false": _grade_single,
    "multiple": _grade_multiple,
    "numeric": _grade_numeric,
    "order": _grade_order,
    "match": _grade_match,
}

_EXPECTED = {
    "single": "Choisissez une des options proposées.",
    "true_false": "Répondez « vrai » ou « faux ».",
    "multiple": "Cochez une ou plusieurs options.",
    "numeric": "Écrivez un nombre.",
    "order": "Donnez la liste complète des éléments, dans l'ordre.",
    "match": "Associez chaque élément à un choix.",
}


#: The first line of the feedback on an answer that could not be read: nothing is lost.
_UNREAD = "Cette réponse n'a pas pu être lue : elle n'est pas comptée, corrigez-la puis validez."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def grade(question: Question, answer: Any) -> Result:
    """Grade ``answer`` for ``question``; never raises on learner input."""
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return Result("unreadable", 0.0, f"Aucune réponse.\n{_EXPECTED[question.type]}")
    try:
        return _GRADERS[question.type](question, answer)
    except _Unreadable as exc:
        return Result("unreadable", 0.0,
                      f"{_UNREAD}\n{_capital(str(exc))}. {_EXPECTED[question.type]}")
    except RecursionError:
        return Result("unreadable", 0.0, f"{_UNREAD}\n{_EXPECTED[question.type]}")


def normalise_answer(answer: Any, _depth: int = 0) -> Any:
    """A JSON-safe copy of a learner answer, bounded in size and depth, for the store."""
    if _depth > 5:
        return _show(answer)
    if answer is None or isinstance(answer, bool | int):
        return answer if not isinstance(answer, int) or abs(answer) < 10**15 else str(answer)
    if isinstance(answer, float):
        return answer if math.isfinite(answer) else str(answer)
    if isinstance(answer, str):
        return answer[:_MAX_TEXT]
    if isinstance(answer, Mapping):
        return {str(k)[:_MAX_TEXT]: normalise_answer(v, _depth + 1)
                for k, v in list(answer.items())[:_MAX_ITEMS]}
    if isinstance(answer, list | tuple | set | frozenset):
        values = sorted(answer, key=str) if isinstance(answer, set | frozenset) else answer
        return [normalise_answer(v, _depth + 1) for v in list(values)[:_MAX_ITEMS]]
    return _show(answer)
