"""The no-code form of each impact exercise: graded exactly as `verifier`, labelled, helped."""

from __future__ import annotations

import re
from typing import Any

import ipywidgets as widgets
import pytest

from fabrique_course._numbers import format_french_number
from fabrique_course._widgets import Message
from fabrique_course.exercises import _verifier
from fabrique_course.exercises._engine import Field, exercise, exercise_ids
from fabrique_course.exercises._form import HELP_STAGES, ExerciseForm, formulaire, help_texts

IDS = exercise_ids()


@pytest.fixture(autouse=True)
def _lenient(monkeypatch: pytest.MonkeyPatch) -> None:
    """`verifier` shows wrong answers instead of raising (as for a learner)."""
    monkeypatch.delenv(_verifier.STRICT_ENV, raising=False)


def shown_by_verifier(monkeypatch: pytest.MonkeyPatch, exercise_id: str, answer: Any) -> str:
    """The verdict HTML `verifier(exercise_id, answer)` displays."""
    shown: list[Any] = []
    monkeypatch.setattr(_verifier, "_show", shown.append)
    _verifier.verifier(exercise_id, answer)
    return str(shown[0]._repr_mimebundle_()["text/html"])


def french(f: Field, value: Any) -> Any:
    """``value`` as a learner types it in French: a percentage for a proportion, spaces
    between thousands (plain spaces), a decimal comma; two bounds for an interval."""
    if f.kind == "choix":
        return value
    if f.kind == "intervalle":
        return tuple(french(Field("b", "", "nombre", 0.0), v) for v in value)
    if f.kind == "proportion":
        return format_french_number(100 * value, 4, trim_zeros=True) + " %"
    return format_french_number(value).replace("\u202f", " ")


def fill(form: ExerciseForm, values: dict[str, Any]) -> None:
    """Type ``values`` (field key -> French text, pair of texts, or choice key)."""
    for ff in form.fields:
        given = values.get(ff.field.key, "")
        if ff.field.kind == "choix":
            ff.inputs[0].value = given or None
        elif ff.field.kind == "intervalle":
            low, high = given or ("", "")
            ff.inputs[0].value, ff.inputs[1].value = low, high
        else:
            ff.inputs[0].value = given


def built(exercise_id: str) -> ExerciseForm:
    """The form of ``exercise_id``."""
    form = formulaire(exercise_id)
    assert isinstance(form, ExerciseForm)
    return form


@pytest.mark.parametrize("exercise_id", IDS)
def test_expected_values_typed_in_french_get_verifiers_verdict(
        monkeypatch: pytest.MonkeyPatch, exercise_id: str) -> None:
    """The expected values, typed in French, get the very verdict `verifier` gives."""
    ex = exercise(exercise_id)
    form = built(exercise_id)
    fill(form, {f.key: french(f, f.expected) for f in ex.fields})
    result = form.submit()
    assert result.correct, result.lines()
    assert form.feedback.value == shown_by_verifier(
        monkeypatch, exercise_id, {f.key: f.expected for f in ex.fields})
    assert 'data-state="correct"' in form.feedback.value


MISTAKES = [(ex_id, f.key, m.id) for ex_id in IDS for f in exercise(ex_id).fields
            for m in f.mistakes]


def test_every_exercise_has_a_mistake_to_try() -> None:
    """Each exercise declares at least one mistake (so each is tried below)."""
    assert {ex_id for ex_id, _key, _mistake in MISTAKES} == set(IDS)


@pytest.mark.parametrize(("exercise_id", "key", "mistake_id"), MISTAKES)
def test_each_declared_mistake_gets_its_message(
        monkeypatch: pytest.MonkeyPatch, exercise_id: str, key: str, mistake_id: str) -> None:
    """A declared mistake typed in the form gets its message, as in `verifier`."""
    ex = exercise(exercise_id)
    f = next(f for f in ex.fields if f.key == key)
    mistake = next(m for m in f.mistakes if m.id == mistake_id)
    raw = {g.key: g.expected for g in ex.fields} | {key: mistake.value}
    form = built(exercise_id)
    fill(form, {g.key: french(g, raw[g.key]) for g in ex.fields})
    result = form.submit()
    verdict = next(v for v in result.fields if v.key == key)
    assert verdict.status == "incorrect"
    assert verdict.message.rstrip(".") in mistake.message[:1].upper() + mistake.message[1:]
    assert form.feedback.value == shown_by_verifier(monkeypatch, exercise_id, raw)


@pytest.mark.parametrize("exercise_id", IDS)
def test_empty_inputs_are_to_complete(monkeypatch: pytest.MonkeyPatch,
                                      exercise_id: str) -> None:
    """Empty inputs are « à compléter », as the `...` of the code path."""
    form = built(exercise_id)
    result = form.submit()
    assert result.status == "incomplet"
    assert form.feedback.value.count(": à compléter</li>") == len(form.fields)
    assert form.feedback.value == shown_by_verifier(
        monkeypatch, exercise_id, {f.key: ... for f in form.exercise.fields})


def test_french_numbers_are_read_as_in_the_code_path() -> None:
    """« 12 », « 30 % », « 1 896 », « 62,5 » and a half-given interval are read right."""
    ab = built("04_ab_test")
    fill(ab, {"ecart_points": "12", "hausse_relative": "30 %",
              "intervalle_ecart_points": ("5,54", "")})
    verdicts = {v.key: v.status for v in ab.submit().fields}
    assert verdicts["ecart_points"] == verdicts["hausse_relative"] == "correct"
    assert verdicts["intervalle_ecart_points"] == "vide"
    assert verdicts["p_valeur"] == "vide"
    first = built("01_dimensionner")
    fill(first, {"objets_par_an": "1 896"})
    assert first.submit().fields[0].status == "correct"
    fill(first, {"objets_par_an": "1\u00a0896"})
    assert first.submit().fields[0].status == "correct"
    tests = built("02_tests")
    fill(tests, {"sus_cycle2": "62,5"})
    assert next(v for v in tests.submit().fields if v.key == "sus_cycle2").status == "correct"


@pytest.mark.parametrize("exercise_id", IDS)
def test_help_reveals_hint_method_then_computation(exercise_id: str) -> None:
    """Each value's help shows a hint, then the method, then the computation, recorded."""
    form = built(exercise_id)
    for ff in form.fields:
        texts = help_texts(ff.field, form.exercise.conclusion)
        assert all(texts)
        for k, stage in enumerate(HELP_STAGES):
            assert ff.help_button.description == stage
            assert ff.reveal() == texts[k]
            shown = ff.help.value
            places = [shown.find(f"<strong>{s} :</strong>") for s in HELP_STAGES[:k + 1]]
            assert -1 not in places
            assert places == sorted(places)
            assert f"<strong>{HELP_STAGES[k + 1]} :" not in shown if k < 2 else True
            assert 'aria-live="polite"' in shown
        assert ff.help_button.disabled
        assert ff.reveal() == ""
    assert form.reveals == [(ff.field.key, stage) for ff in form.fields
                            for stage in HELP_STAGES]


def test_help_starts_with_the_texts_hint_and_ends_with_the_expected_value() -> None:
    """The hint is the exercise's, the computation gives the expected value and unit."""
    ex = exercise("04_ab_test")
    f = ex.fields[0]
    hint, method, computed = help_texts(f, ex.conclusion)
    assert hint.lower() == f.hint.lower()
    assert f.mistakes[0].message[:30] in method.lower()
    assert "valeur attendue : 12 points" in computed


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_input_is_labelled_with_its_unit_and_key_figures_shown(exercise_id: str) -> None:
    """Every input has a French label, the unit is shown, the key figures are on screen."""
    form = built(exercise_id)
    for ff in form.fields:
        for control in ff.inputs:
            assert control.description.rstrip(" :").lower().startswith(ff.field.label[:20].lower())
        if ff.field.kind == "intervalle":
            assert [c.description.split(", ")[-1] for c in ff.inputs] == [
                "borne basse :", "borne haute :"]
        if ff.field.kind == "choix":
            assert isinstance(ff.inputs[0], widgets.RadioButtons)
            assert len(ff.inputs[0].options) == len(ff.field.choices)
        if ff.field.unit:
            units = [w.value for w in ff.box.children if isinstance(w, widgets.HBox)
                     for w in w.children if isinstance(w, widgets.Label)]
            assert ff.field.unit in units
    assert form.figures
    header = form.box.children[0].value
    assert "Données fictives" in header or "La Bonne Boîte" in header
    assert "<caption>" in header
    assert '<th scope="col">' in header
    assert form.check_button.description == "Vérifier"


def test_unknown_exercise_is_a_french_message() -> None:
    """An unknown exercise id gives a French message, not a traceback."""
    shown = formulaire("99_inconnu")
    assert isinstance(shown, Message)
    assert "exercice inconnu" in shown.text


def test_without_widgets_the_form_says_how_to_answer() -> None:
    """Without widgets, the form lists its values and points to `verifier`."""
    bundle = built("04_ab_test")._repr_mimebundle_()
    assert "ecart_points" in bundle["text/plain"]
    assert 'verifier("04_ab_test", reponse)' in bundle["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_form_has_a_chart_that_never_shows_a_value_to_find(exercise_id: str) -> None:
    """One chart of raw figures per exercise, with its text alternative in the form and
    in the text fallback; no expected value appears in it (a chart must not give the
    answer away)."""
    from fabrique_course.exercises._form import key_charts

    [chart] = key_charts(exercise_id)
    form = built(exercise_id)
    assert 'role="img"' in form.box.children[0].value
    assert chart.alternative in repr(form)
    values = re.findall(r" : ([\d\u202f ]+(?:,\d+)?(?: %)?)", chart.alternative)
    assert len(values) >= 2
    for f in exercise(exercise_id).fields:
        if f.kind in ("nombre", "points") and f.accepted is None:
            shown = format_french_number(f.expected, f.decimals, trim_zeros=True)
            assert shown not in values, (f.key, shown)
        if f.kind == "proportion":
            shown = format_french_number(100 * f.expected, 1)
            assert f"{shown} %" not in values, (f.key, shown)
