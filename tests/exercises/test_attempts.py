"""Exercise checks are progress: `verifier` and the form record each readable check, the
reports show where the learner stands, and a store that fails never hides the verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fabrique_course._errors import ProgressError
from fabrique_course._home import Sommaire
from fabrique_course._report import exercise_title, summarise_notebooks, summary_lines
from fabrique_course._widgets import progress
from fabrique_course._workspace import open_store
from fabrique_course.cli import main
from fabrique_course.exercises import _verifier
from fabrique_course.exercises._engine import exercise
from fabrique_course.exercises._form import ExerciseForm

AB = "04_ab_test"


@pytest.fixture(autouse=True)
def _lenient(monkeypatch: pytest.MonkeyPatch) -> None:
    """`verifier` shows wrong answers instead of raising (as for a learner)."""
    monkeypatch.delenv(_verifier.STRICT_ENV, raising=False)


def shown(monkeypatch: pytest.MonkeyPatch, answer: Any, exercise_id: str = AB) -> str:
    """The text `verifier` displays for ``answer``."""
    out: list[Any] = []
    monkeypatch.setattr(_verifier, "_show", out.append)
    _verifier.verifier(exercise_id, answer)
    return repr(out[0])


def right_answer(exercise_id: str = AB) -> dict[str, Any]:
    """The expected value of every field (a choice by its key)."""
    return {f.key: f.expected for f in exercise(exercise_id).fields}


def test_verifier_records_each_readable_check_with_its_mistakes(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A check with a declared mistake is stored « partial » with that mistake's id; the
    template left at « ... » is not stored; the right answer is stored « correct »."""
    ex = exercise(AB)
    p_value = next(f for f in ex.fields if f.key == "p_valeur")
    mistake = p_value.mistakes[0]
    shown(monkeypatch, {f.key: ... for f in ex.fields})  # the untouched template
    assert open_store().exercise_checks() == []
    shown(monkeypatch, {**right_answer(), "p_valeur": mistake.value})
    shown(monkeypatch, right_answer())
    first, second = open_store().exercise_checks()
    assert (first.exercise_id, first.notebook, first.origin) == (AB, "04_acceleration", "code")
    assert first.status == "partial"
    assert first.fields["p_valeur"] == {"status": "incorrect", "mistake": mistake.id}
    assert first.score == pytest.approx((len(ex.fields) - 1) / len(ex.fields))
    assert first.answer["p_valeur"] == pytest.approx(mistake.value)
    assert second.status == "correct"
    assert second.correct


def test_form_checks_are_recorded_as_formulaire(workspace: Path) -> None:
    """The JupyterLab form stores its checks with origin « formulaire »; an empty form is
    not stored."""
    form = ExerciseForm(exercise("01_dimensionner"))
    form.submit()
    assert open_store().exercise_checks() == []
    form["objets_par_an"].inputs[0].value = "1 896"
    form.submit()
    [check] = open_store().exercise_checks()
    assert (check.origin, check.status, check.answer["objets_par_an"]) == (
        "formulaire", "partial", "1 896")
    assert check.fields["heures_agents_par_an"] == {"status": "vide", "mistake": ""}


def test_a_store_that_fails_keeps_the_verdict_and_says_so() -> None:
    """When the progress file cannot be written, the verdict still shows, with a note."""
    def broken() -> Any:
        raise ProgressError("disque plein")

    form = ExerciseForm(exercise("01_dimensionner"), store_factory=broken)
    form["objets_par_an"].inputs[0].value = "1896"
    result = form.submit()
    assert result.fields[0].status == "correct"
    assert "Votre vérification n&#x27;a pas pu être enregistrée : disque plein" in \
        form.feedback.value


def test_reports_say_where_the_learner_stands_on_each_exercise(
        workspace: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """progress(), the course map and `fabrique-course progression` list each lesson's
    exercises with the state of their last check; the export counts the checks."""
    shown(monkeypatch, {"objets_par_an": 145.84615384615384}, "01_dimensionner")
    shown(monkeypatch, right_answer(AB))
    text = repr(progress())
    title = exercise("01_dimensionner").title
    assert f"exercice d'impact « {title} » (01_dimensionner) : à revoir (1 vérification(s))" \
        in text
    assert f"« {exercise(AB).title} » ({AB}) : juste (1 vérification(s))" in text
    assert "(04_cohortes_couts) : pas encore fait" in text
    assert "Exercices d'impact — L&#x27;accélération" in progress("04_acceleration")._repr_html_()
    carte = repr(Sommaire())
    assert "exercices d'impact : 1/2 justes" in carte
    assert "exercices d'impact : 0/1 justes" in carte
    assert main(["progression", "--notebook", "04_acceleration"]) == 0
    assert f"({AB}) : juste" in capsys.readouterr().out
    target = workspace / "export.json"
    assert main(["progression", "--export", str(target)]) == 0
    assert "0 réponse(s), 2 vérification(s) d'exercice et 0 texte(s) écrit(s) exporté(s)" \
        in capsys.readouterr().out


def test_next_lesson_waits_for_exercises(workspace: Path) -> None:
    """A lesson whose questions are all answered but whose exercise was never checked is
    still the next step."""
    from fabrique_course._banks import load_bank

    store = open_store()
    for name in ("00_demarche", "01_investigation"):
        for q in load_bank(name).questions:
            store.record(name, q.id, "x", "correct", 1.0)
    nxt = Sommaire().next_lesson()
    assert nxt is not None
    assert nxt.name == "01_investigation"
    store.record_exercise("01_investigation", "01_dimensionner", {}, {
        "objets_par_an": {"status": "incorrect", "mistake": ""}}, "incorrect", 0.0)
    nxt = Sommaire().next_lesson()
    assert nxt is not None
    assert nxt.name == "02_conception"


def test_a_broken_exercise_file_does_not_break_the_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report shows the exercise id when its texts file is missing or broken."""
    root = tmp_path / "cours"
    (root / "content" / "exercices").mkdir(parents=True)
    (root / "content" / "exercices" / "01_dimensionner.yaml").write_text(
        "title: [non fermé\n", encoding="utf-8")
    monkeypatch.setenv("FABRIQUE_COURSE_ROOT", str(root))
    assert exercise_title("01_dimensionner") == "01_dimensionner"
    assert exercise_title("absent") == "absent"
    monkeypatch.delenv("FABRIQUE_COURSE_ROOT")
    assert exercise_title("01_dimensionner") == exercise("01_dimensionner").title
    lines = summary_lines(summarise_notebooks(["01_investigation"], []))
    assert any("pas encore fait" in line for line in lines)
