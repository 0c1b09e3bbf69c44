"""Static (no-kernel) forms of the impact exercises for the web site and HTML exports.

Each exercise becomes a native HTML form that the self-hosted script
``site_assets/fabrique-exercise.js`` (a line-by-line port of
:func:`fabrique_course.exercises._engine.check`) grades in the browser, exactly like
``verifier(...)``; ``tests/data/exercise-vectors.json`` holds the two to each other.
The HTML contract the site's tests rely on:

- ``<form class="fc-exercise" data-exercise-id="…" data-notebook="…">`` (the notebook
  the exercise belongs to: a check is stored under it, as ``verifier`` stores it);
- one native, labelled input per value, ``name`` = the value's key; an interval has two,
  ``<key>-bas`` and ``<key>-haut``; a choice is a group of radio buttons;
- a submit button « Vérifier » (Enter submits);
- an element with ``role="status"`` (polite live region) whose ``data-state`` is
  correct | partial | incorrect | unreadable after grading; in it, each value's verdict
  carries ``data-field`` (its key) and ``data-state``;
- the exercise's data (values, tolerances, mistakes, and every text the engine writes,
  rendered here from the engine) in ``<script type="application/json"
  class="fc-exercise-data">``; the page script inserts only those texts, as text, and
  the learner's input is never inserted as HTML.

Pure: no IPython, no nbconvert.
"""

from __future__ import annotations

import dataclasses
import html
import json
from collections.abc import Mapping
from typing import Any

from ..exercises._engine import (
    Exercise,
    ExerciseResult,
    Field,
    FieldVerdict,
    _check_field,
    _sentence,
    check,
)

__all__ = ["REFERENCE_LABEL", "exercise_data", "exercise_form", "exercise_json",
           "fold_reference_output", "form_answer", "form_state"]

#: The label of the reference solution's verdict, inside the solution's fold.
REFERENCE_LABEL = "Résultat de la solution de référence"

#: The engine's overall status → the form's ``data-state`` (as ``verifier``'s HTML).
FORM_STATES = {"correct": "correct", "partial": "partial", "incorrect": "incorrect",
               "incomplet": "unreadable"}
#: The engine's status of a value → its verdict's ``data-state``.
FIELD_STATES = {"correct": "correct", "incorrect": "incorrect", "illisible": "unreadable",
                "vide": "empty"}
_MARKS = {"correct": "juste", "incorrect": "à revoir", "illisible": "illisible",
          "vide": "à compléter"}
_SENTINEL = "\ue000"  # a character no learner types: where the engine quotes an input


def form_state(result: ExerciseResult) -> str:
    """The form's ``data-state`` for ``result``."""
    return FORM_STATES[result.status]


def form_answer(ex: Exercise, inputs: Mapping[str, str]) -> dict[str, Any]:
    """The answer ``check`` grades for a form filled with ``inputs`` (input name → text).

    An empty input is a value left to fill in (``...``); an interval is its two bounds,
    or the one bound given (the engine then says an interval has two), or ``...``.
    """
    def given(name: str) -> Any:
        text = inputs.get(name, "")
        return ... if not text.strip() else text

    answer: dict[str, Any] = {}
    for f in ex.fields:
        if f.kind == "intervalle":
            low, high = given(f"{f.key}-bas"), given(f"{f.key}-haut")
            if low is ... and high is ...:
                answer[f.key] = ...
            elif low is ... or high is ...:
                answer[f.key] = high if low is ... else low
            else:
                answer[f.key] = (low, high)
        else:
            answer[f.key] = given(f.key)
    return answer


def _message(f: Field, value: Any) -> str:
    return _check_field(f, value).message


def _field_texts(f: Field) -> dict[str, str]:
    """The engine's texts for field ``f``: the fixed ones as it writes them; those that
    quote the learner's input with ``{value}``, ``{low}``, ``{high}``, ``{pct}``,
    ``{prop}`` where the script puts the (French-formatted) input."""
    bare = dataclasses.replace(f, mistakes=())
    texts = {"hint": _sentence(f.hint)}
    if f.kind == "choix":
        texts["unknown_choice"] = _message(f, _SENTINEL)
        return texts
    quoted = (_SENTINEL, "1") if f.kind == "intervalle" else _SENTINEL
    texts["not_a_number"] = _message(bare, quoted).replace(_SENTINEL, "{value}")
    if f.kind == "intervalle":
        texts["reversed"] = _message(bare, (2.0, 1.0))
        texts["single_number"] = _message(bare, "1")
        texts["two_bounds"] = _message(bare, _SENTINEL)
        texts["correct"] = "{low} à {high}" + (f" {f.unit}" if f.unit else "")
        if f.unit == "points":
            e_low, e_high = f.expected
            texts["bounds_as_proportion"] = _message(bare, (e_low / 100, e_high / 100))
        return texts
    if f.kind == "proportion":
        texts["percent_given"] = _sentence(
            "vous avez donné un pourcentage ({pct}) : écrivez la proportion, entre 0 et 1 "
            "({prop}), ou le texte \"{pct} %\"")
        texts["out_of_range"] = _message(bare, 1e12)
    if f.kind == "points":
        texts["proportion_given"] = _sentence(
            "vous avez donné l'écart en proportion ({prop}) : en points de pourcentage, "
            "multipliez par 100")
    return texts


def _headlines(ex: Exercise) -> dict[str, Any]:
    """Every headline the engine can write for ``ex``, by status and count."""
    n = len(ex.fields)

    def headline(status: Any, right: int, empty: int) -> str:
        statuses = ["correct"] * right + ["vide"] * empty + ["incorrect"] * (n - right - empty)
        verdicts = tuple(FieldVerdict(f.key, f.label, s, "")  # type: ignore[arg-type]
                         for f, s in zip(ex.fields, statuses, strict=True))
        return ExerciseResult(ex, status, verdicts).headline

    return {"correct": headline("correct", n, 0),
            "incomplet": [headline("incomplet", n - k, k) for k in range(n + 1)],
            "other": [headline("incorrect", k, 0) for k in range(n + 1)]}


def exercise_data(ex: Exercise) -> dict[str, Any]:
    """What the browser checker needs: the exercise model and every text the engine
    writes (rendered here, from the engine; the script only assembles them)."""
    def value(v: Any) -> Any:
        return list(v) if isinstance(v, tuple) else v

    fields = []
    for f in ex.fields:
        fields.append({
            "key": f.key, "label": f.label, "kind": f.kind, "unit": f.unit,
            "decimals": f.decimals, "expected": value(f.expected),
            "tolerance": f.tolerance, "relative_tolerance": f.relative_tolerance,
            "accepted": value(f.accepted) if f.accepted is not None else None,
            "hint": f.hint,
            "choices": [{"key": k, "text": text, "feedback": feedback,
                         "message": _message(f, k)}
                        for k, (text, feedback) in f.choices.items()],
            "mistakes": [{"id": m.id, "value": value(m.value), "message": _sentence(m.message)}
                         for m in f.mistakes],
            "texts": _field_texts(f),
        })
    words = ex.conclusion
    return {
        "id": ex.id, "title": ex.title, "conclusion": words[:1].upper() + words[1:],
        "fields": fields, "headlines": _headlines(ex),
        "marks": _MARKS, "field_states": FIELD_STATES, "form_states": FORM_STATES,
        # the engine's message for an answer that is not a dictionary
        "not_a_mapping": check(ex, 0).fields[0].message,
    }


def exercise_json(ex: Exercise) -> str:
    """The exercise's data as JSON safe inside ``<script type="application/json">``."""
    text = json.dumps(exercise_data(ex), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _unit(f: Field) -> str:
    if f.kind == "proportion":
        return "proportion entre 0 et 1, ou en % : « 0,15 » ou « 15 % »"
    return f"en {f.unit}" if f.unit else ""


def exercise_form(ex: Exercise) -> str:
    """Exercise ``ex`` as an accessible native HTML form (see the module's contract)."""
    e = html.escape
    base = "fc-exercice-" + "".join(c if c.isalnum() else "-" for c in ex.id)
    parts = [
        f'<form class="fc-exercise" id="{base}" data-exercise-id="{e(ex.id)}" '
        f'data-notebook="{e(ex.notebook)}" lang="fr" '
        f'novalidate aria-labelledby="{base}-titre">',
        f'<p class="fc-exercise-titre" id="{base}-titre"><strong>Sans code — '
        f"{e(ex.title)}</strong></p>",
        f'<p class="fc-aide" id="{base}-aide">Calculez chaque valeur (avec une calculatrice ou '
        "un tableur : les données se téléchargent depuis la carte du parcours), écrivez-la "
        "dans sa case, puis cliquez sur « Vérifier ». Les nombres s'écrivent à la française "
        "(« 12,5 », « 1 234 », « 30 % »). Chaque vérification est gardée dans ce "
        "navigateur avec vos réponses.</p>",
    ]
    for f in ex.fields:
        fid = f"{base}-{f.key}"
        unit = f' <span class="fc-unite">({e(_unit(f))})</span>' if _unit(f) else ""
        name = f'{e(f.label[:1].upper() + f.label[1:])} <code>{e(f.key)}</code>'
        if f.kind == "choix":
            options = "".join(
                f'<div class="fc-option"><input type="radio" id="{fid}-{e(k)}" '
                f'name="{e(f.key)}" value="{e(k)}"> <label for="{fid}-{e(k)}">'
                f"{e(k)}) {e(text)}</label></div>"
                for k, (text, _feedback) in f.choices.items())
            parts.append(f'<fieldset class="fc-champ" data-field="{e(f.key)}"><legend>{name}'
                         f"</legend>{options}</fieldset>")
            continue
        if f.kind == "intervalle":
            bounds = "".join(
                f'<div class="fc-nombre"><label for="{fid}-{end}">Borne {word}{unit}</label> '
                f'<input type="text" inputmode="decimal" id="{fid}-{end}" '
                f'name="{e(f.key)}-{end}" autocomplete="off" spellcheck="false"></div>'
                for end, word in (("bas", "basse"), ("haut", "haute")))
            parts.append(f'<fieldset class="fc-champ" data-field="{e(f.key)}"><legend>{name}'
                         f"</legend>{bounds}</fieldset>")
            continue
        parts.append(f'<div class="fc-champ fc-nombre" data-field="{e(f.key)}">'
                     f'<label for="{fid}">{name}{unit}</label> '
                     f'<input type="text" inputmode="decimal" id="{fid}" name="{e(f.key)}" '
                     'autocomplete="off" spellcheck="false"></div>')
    parts += [
        '<div class="fc-actions"><button type="submit">Vérifier</button></div>',
        f'<div class="fc-retour" role="status" aria-live="polite" id="{base}-retour"></div>',
        f'<script type="application/json" class="fc-exercise-data">{exercise_json(ex)}</script>',
        "</form>",
    ]
    return "\n".join(parts)


def fold_reference_output(text: str) -> str:
    """A reference solution's verdict (``verifier``'s HTML) as shown inside the fold:
    labelled as such, and no longer a live region (nothing is announced)."""
    return text.replace(' role="status" aria-live="polite"', "")
