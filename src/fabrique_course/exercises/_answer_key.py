"""The answer key of an impact exercise, for the facilitator edition (Markdown, French).

For each value to give: its label, its key and its unit or kind; what the checker grades
right — the expected value, the accepted range, the interval's bounds or the right
choice —, written as a learner types it, the French way, and the tolerance in words;
each mistake the checker recognises for it, with a value that triggers it and what the
learner then reads (a declared mistake's message, a wrong choice's feedback, the meaning
of an engine-wide mistake); what the checker says to any other wrong value (the hint).

Everything comes from the engine (:func:`._engine.exercise`): nothing is typed by hand.
Each value the key writes is one the checker grades as the key says — the expected
value right, each mistake's value as that mistake — and an engine-wide mistake is listed
only when the checker does recognise the key's example of it for this value.

The facilitator edition is built by the core (``_editions``), below this add-on: it
cannot import this module, so the callers hand :func:`answer_key` down to it as its
``exercise_keys`` (``fabrique-course lab --animateur``); the site's exporter, above both,
calls it itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .._editions import markdown_line
from .._numbers import format_french_number, tolerance_margin
from ._engine import GENERIC_MISTAKES, Exercise, Field, _sentence, check, exercise

__all__ = ["FieldKey", "KeyEntry", "answer_key", "answer_key_markdown", "field_keys"]

#: Significant digits a value of the key shows at least (« 0,018 », not « 0 »).
_SIGNIFICANT = 2
_MAX_DECIMALS = 8


@dataclass(frozen=True)
class KeyEntry:
    """One line of a value's key: a value as a learner may give it, and what the checker
    makes of it. ``typed`` is that value as the checker receives it (French text, a pair
    of them for an interval, a choice's letter); None when the line describes a family
    of values rather than one (« toute autre valeur négative ou supérieure à 1 »). ``mistake``
    is the id of the recognised mistake, empty for the expected value."""

    shown: str  # Markdown: the value as the key writes it
    typed: Any
    text: str  # Markdown: what the checker tells the learner, or what the mistake reveals
    mistake: str = ""


@dataclass(frozen=True)
class FieldKey:
    """The key of one value: what is right, how precise it must be, the mistakes."""

    field: Field
    right: tuple[KeyEntry, ...]  # the expected value (and its other spellings)
    tolerance: str
    mistakes: tuple[KeyEntry, ...]


# --------------------------------------------------------------------------- numbers

def _decimals(f: Field, value: float) -> int:
    """How many decimals to write ``value`` with: enough for the rounding to stay within
    the field's tolerance, to show two significant digits, and at least the field's
    own ``decimals`` (trailing zeros are dropped)."""
    margin = tolerance_margin(value, f.tolerance, f.relative_tolerance)
    wanted = [f.decimals]
    if margin > 0:
        wanted.append(math.ceil(-math.log10(margin) - 1e-9))
    if value:
        wanted.append(_SIGNIFICANT - 1 - math.floor(math.log10(abs(value))))
    return min(max(0, *wanted), _MAX_DECIMALS)


def _number(value: float, decimals: int) -> str:
    """``value`` as a learner types it, the French way: « 1 896 », « 0,15 »."""
    return format_french_number(value, max(decimals, 0), trim_zeros=True)


def _quoted(text: str) -> str:
    return f"« {text} »"


def _unit(f: Field) -> str:
    return f" {f.unit}" if f.unit else ""


def _margin_words(f: Field) -> str:
    """The field's margin in words: « ± 0,002 », « ± 0,05 point », « ± 5 % de la
    valeur »."""
    parts = []
    if f.tolerance:
        unit = _unit(f)
        if f.unit == "points" and f.tolerance < 2:
            unit = " point"
        parts.append(f"± {format_french_number(f.tolerance)}{unit}")
    if f.relative_tolerance:
        parts.append(f"± {format_french_number(100 * f.relative_tolerance)} % de la valeur")
    return " ou ".join(parts) + (" (la plus large des deux marges)" if len(parts) > 1 else "")


def _points(share: float) -> str:
    value = 100 * share
    return f"{format_french_number(value)} point{'s' if value >= 2 else ''} de pourcentage"


def _tolerance(f: Field) -> str:
    """How precise a value must be, in words."""
    if f.kind == "choix":
        return "une seule bonne réponse"
    margin = _margin_words(f)
    if f.kind == "intervalle":
        return f"chaque borne est juste à {margin} près" if margin else \
            "chaque borne exacte, sans tolérance"
    if not margin:
        return "valeur exacte, sans tolérance"
    if f.accepted is not None:
        low, high = f.accepted
        return (f"toute valeur de {_number(low, _decimals(f, low))} à "
                f"{_number(high, _decimals(f, high))}{_unit(f)} est juste, à {margin} "
                "près aux bornes")
    words = f"juste à {margin} près"
    if f.kind == "proportion" and f.tolerance and not f.relative_tolerance:
        words += f" ({_points(f.tolerance)})"
    return words


# --------------------------------------------------------------------------- entries

def _text(message: str) -> str:
    """A checker's text as one line of the key: capital letter, final full stop."""
    text = markdown_line(_sentence(message.strip()))
    return text if text.endswith((".", "!", "?", "…")) or not text else text + "."


def _interval(f: Field, bounds: tuple[float, float], decimals: int | None = None,
              unit: bool = True) -> tuple[str, tuple[str, str]]:
    """An interval as the key writes it (« de 0,135 à 0,167 ») and as typed, both bounds
    with ``decimals`` (default: enough for either, :func:`_decimals`)."""
    places = max(_decimals(f, bounds[0]), _decimals(f, bounds[1])) \
        if decimals is None else decimals
    typed = (_number(bounds[0], places), _number(bounds[1], places))
    return (f"de {_quoted(typed[0])} à {_quoted(typed[1])}{_unit(f) if unit else ''}",
            typed)


def _right(f: Field) -> tuple[KeyEntry, ...]:
    """The expected value, as the key writes it and as typed."""
    if f.kind == "choix":
        title, feedback = f.choices.get(f.expected, ("", ""))  # the content check flags it
        return (KeyEntry(_quoted(f.expected) + (f" ({markdown_line(title)})" if title else ""),
                         f.expected, _text(feedback)),)
    if f.kind == "intervalle":
        shown, typed = _interval(f, tuple(f.expected))
        return (KeyEntry(shown, typed, ""),)
    decimals = _decimals(f, f.expected)
    typed_value = _number(f.expected, decimals)
    entries = [KeyEntry(_quoted(typed_value) + _unit(f), typed_value, "")]
    if f.kind == "proportion":
        percent = f"{_number(100 * f.expected, decimals - 2)}\u202f%"
        entries.append(KeyEntry(_quoted(percent), percent, ""))
    return tuple(entries)


def _declared(f: Field) -> Iterator[KeyEntry]:
    """The field's declared mistakes: each one's value and its message."""
    for m in f.mistakes:
        text = _text(f.mistake_text(m.id))
        if isinstance(m.value, tuple):
            shown, bounds = _interval(f, m.value)
            yield KeyEntry(shown, bounds, text, m.id)
        else:
            typed = _number(m.value, _decimals(f, m.value))
            yield KeyEntry(_quoted(typed) + _unit(f), typed, text, m.id)


def _generic(f: Field) -> Iterator[KeyEntry]:
    """The engine-wide mistakes that can apply to this kind of value, each with an
    example the checker recognises as such (None: a family of values, not one)."""
    reveals = {k: _text(v) for k, v in GENERIC_MISTAKES.items()}
    if f.kind == "intervalle":
        low, high = f.expected
        shown, typed = _interval(f, (high, low))
        yield KeyEntry(shown, typed, reveals["bornes-inversees"], "bornes-inversees")
        single = _number((low + high) / 2, _decimals(f, (low + high) / 2))
        yield KeyEntry(f"un seul nombre (par exemple {_quoted(single)})", single,
                       reveals["un-seul-nombre"], "un-seul-nombre")
        if f.unit == "points":
            places = max(_decimals(f, low), _decimals(f, high)) + 2
            shown, typed = _interval(f, (low / 100, high / 100), places, unit=False)
            yield KeyEntry(shown, typed, reveals["bornes-en-proportion"],
                           "bornes-en-proportion")
    elif f.kind == "proportion":
        percent = _number(100 * f.expected, _decimals(f, f.expected) - 2)
        yield KeyEntry(_quoted(percent), percent, reveals["pourcentage-pour-proportion"],
                       "pourcentage-pour-proportion")
        yield KeyEntry("toute autre valeur négative ou supérieure à 1", None,
                       reveals["proportion-hors-limites"], "proportion-hors-limites")
    elif f.kind == "points":
        share = _number(f.expected / 100, _decimals(f, f.expected) + 2)
        yield KeyEntry(_quoted(share), share, reveals["proportion-pour-points"],
                       "proportion-pour-points")


def _wrong_choices(f: Field) -> Iterator[KeyEntry]:
    for key, (title, feedback) in f.choices.items():
        if key != f.expected:
            yield KeyEntry(f"{_quoted(key)} ({markdown_line(title)})", key, _text(feedback),
                           f"choix-{key}")


def _graded_as(ex: Exercise, f: Field, entry: KeyEntry) -> bool:
    """Whether the checker recognises ``entry``'s example as its mistake (always true
    for a family of values, which has no single example)."""
    if entry.typed is None:
        return True
    verdict = next(v for v in check(ex, {f.key: entry.typed}).fields if v.key == f.key)
    return verdict.status == "incorrect" and verdict.mistake == entry.mistake


def field_keys(ex: Exercise) -> list[FieldKey]:
    """The key of each value of exercise ``ex``, in the exercise's order."""
    out = []
    for f in ex.fields:
        if f.kind == "choix":
            mistakes = list(_wrong_choices(f))
        else:
            mistakes = [*_declared(f), *(g for g in _generic(f) if _graded_as(ex, f, g))]
        out.append(FieldKey(f, _right(f), _tolerance(f), tuple(mistakes)))
    return out


# --------------------------------------------------------------------------- Markdown

_KINDS = {
    "nombre": "un nombre",
    "proportion": "une proportion entre 0 et 1, ou un pourcentage suivi de « % »",
    "points": "un écart en points de pourcentage",
    "intervalle": "deux bornes, la basse puis la haute",
}


def _what(f: Field) -> str:
    """What the value is: its key, and its kind and unit."""
    if f.kind == "choix":
        return f"`{f.key}` : une réponse parmi " + ", ".join(_quoted(k) for k in f.choices)
    kind = _KINDS[f.kind]
    if f.unit and f.kind != "points":
        kind += ", en points de pourcentage" if f.unit == "points" else f", en {f.unit}"
    return f"`{f.key}` : {kind}"


def answer_key_markdown(ex: Exercise) -> str:
    """The answer key of exercise ``ex``, in Markdown, for the facilitator."""
    lines = [f"**Clé des réponses (animation) — exercice {_quoted(markdown_line(ex.title))}**",
             "",
             "Le formulaire et la cellule `reponse = {...}` passent par le même "
             "vérificateur : mêmes valeurs attendues, mêmes messages. Les valeurs sont "
             "écrites comme dans le formulaire, à la française (dans la cellule de code, "
             "le point décimal : `0.15`).",
             ""]
    for key in field_keys(ex):
        f = key.field
        lines.append(f"- **{markdown_line(_sentence(f.label))}** ({_what(f)})")
        right = " ou ".join(e.shown for e in key.right)
        if f.kind == "choix":
            said = f" — {key.right[0].text}" if key.right[0].text else ""
            lines.append(f"  - Bonne réponse : {right}{said}")
        else:
            lines.append(f"  - Attendu : {right} ; {key.tolerance}.")
        if key.mistakes:
            lines.append("  - " + ("Mauvais choix :" if f.kind == "choix"
                                   else "Erreurs reconnues :"))
            lines += [f"    - {e.shown} — {e.text}" for e in key.mistakes]
        if f.kind != "choix" and f.hint:
            lines.append(f"  - Toute autre valeur fausse : le vérificateur donne l'indice "
                         f"{_quoted(markdown_line(_sentence(f.hint)))}.")
    lines += ["", "**À retenir** (affiché quand tout est juste) : "
              + _text(ex.conclusion)]
    return "\n".join(lines)


def answer_key(exercise_id: str) -> str:
    """The answer key of exercise ``exercise_id`` in Markdown: what the facilitator
    edition puts after the exercise (``_editions.ExerciseKeys``). Raises the engine's
    French errors (an unknown exercise, a broken texts file)."""
    return answer_key_markdown(exercise(exercise_id))
