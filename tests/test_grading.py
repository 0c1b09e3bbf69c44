"""Tests of pure grading (_grading): every type, partial credit, unreadable input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabrique_course import Question, grade, load_question

pytestmark = pytest.mark.usefixtures("course")


def q(question_id: str) -> Question:
    """Question ``question_id`` of the test bank ``99_essai``."""
    return load_question("99_essai", question_id)


@pytest.mark.parametrize(
    ("question_id", "answer", "status", "score"),
    [
        ("choix-unique", "impact", "correct", 1.0),
        ("choix-unique", "La mesure de l'impact", "correct", 1.0),
        ("choix-unique", "  la MESURE de l’impact ", "correct", 1.0),
        ("choix-unique", ["impact"], "correct", 1.0),
        ("choix-unique", "cahier", "incorrect", 0.0),
        ("choix-multiple", ["usagers", "confiance"], "correct", 1.0),
        ("choix-multiple", ("confiance", "usagers"), "correct", 1.0),
        ("choix-multiple", {"usagers"}, "partial", 0.5),
        ("choix-multiple", ["usagers", "confiance", "specs"], "partial", 0.5),
        ("choix-multiple", ["usagers", "reporting"], "incorrect", 0.0),
        ("choix-multiple", ["reporting", "specs"], "incorrect", 0.0),
        ("choix-multiple", "usagers", "partial", 0.5),
        ("vrai-faux", "faux", "correct", 1.0),
        ("vrai-faux", False, "correct", 1.0),
        ("vrai-faux", "Faux", "correct", 1.0),
        ("vrai-faux", "false", "correct", 1.0),
        ("vrai-faux", True, "incorrect", 0.0),
        ("vrai-faux", "vrai", "incorrect", 0.0),
        ("nombre", "6", "correct", 1.0),
        ("nombre", 6, "correct", 1.0),
        ("nombre", "6,0", "correct", 1.0),
        ("nombre", "6 mois", "correct", 1.0),
        ("nombre", "7", "incorrect", 0.0),
        ("nombre", "12", "incorrect", 0.0),
        ("nombre-relatif", "0,42 €", "correct", 1.0),
        ("nombre-relatif", "0,44", "correct", 1.0),
        ("nombre-relatif", "0,40", "correct", 1.0),
        ("nombre-relatif", "0,45", "incorrect", 0.0),
        ("nombre-relatif", 0.39, "incorrect", 0.0),
        ("ordre", ["investigation", "construction", "acceleration", "perennisation"],
         "correct", 1.0),
        ("ordre", ["Investigation", "Construction", "Accélération", "Pérennisation"],
         "correct", 1.0),
        ("ordre", ["investigation", "construction", "perennisation", "acceleration"],
         "partial", 0.5),
        ("ordre", ["perennisation", "acceleration", "construction", "investigation"],
         "incorrect", 0.0),
        ("associer", {"intrapreneur": "produit", "coach": "accompagne", "utilisateur": "teste"},
         "correct", 1.0),
        ("associer", {"Intrapreneur": "Responsable du produit", "coach": "accompagne",
                      "utilisateur": "teste"}, "correct", 1.0),
        ("associer", {"intrapreneur": "produit", "coach": "teste", "utilisateur": "teste"},
         "partial", pytest.approx(2 / 3)),
        ("associer", {"intrapreneur": "produit"}, "partial", pytest.approx(1 / 3)),
        ("associer", {"intrapreneur": "teste", "coach": "produit", "utilisateur": "accompagne"},
         "incorrect", 0.0),
    ],
)
def test_grades_each_type(question_id: str, answer: Any, status: str, score: Any) -> None:
    """Right, partial and wrong answers of every type get the expected status and score."""
    result = grade(q(question_id), answer)
    assert (result.status, result.score) == (status, score)
    assert result.correct is (status == "correct")
    assert result.message
    assert result.explanation == q(question_id).explanation


@pytest.mark.parametrize(
    ("question_id", "answer", "expected_words"),
    [
        ("choix-unique", None, "Aucune réponse"),
        ("choix-unique", "", "Aucune réponse"),
        ("choix-unique", "   ", "Aucune réponse"),
        ("choix-unique", "z", "ne correspond à aucune option"),
        ("choix-unique", 3.5, "attendu"),
        ("choix-unique", ["impact", "cahier"], "attendu"),
        ("choix-multiple", [], "cochez au moins une case"),
        ("choix-multiple", ["usagers", "inconnu"], "« inconnu »"),
        ("choix-multiple", 12, "liste"),
        ("choix-multiple", list(range(500)), "trop longue"),
        ("vrai-faux", "peut-être", "aucune option"),
        ("nombre", "douze", "« douze » n'est pas un nombre écrit en chiffres"),
        ("nombre", "1,2,3", "un nombre écrit en chiffres"),
        ("nombre", [6], "un nombre écrit en chiffres"),
        ("nombre", float("nan"), "un nombre écrit en chiffres"),
        ("nombre", "9" * 5000, "un nombre écrit en chiffres"),
        ("ordre", ["investigation"], "il manque"),
        ("ordre", ["investigation"] * 4, "en double"),
        ("ordre", "investigation", "liste"),
        ("associer", "produit", "dictionnaire"),
        ("associer", {}, "associez au moins"),
        ("associer", {"intrus": "produit"}, "aucun élément"),
        ("associer", {"coach": "intrus"}, "aucun choix"),
    ],
)
def test_unreadable_answers_say_what_is_expected(question_id: str, answer: Any,
                                                 expected_words: str) -> None:
    """An answer that cannot be read is 'unreadable', scores 0 and explains the format."""
    result = grade(q(question_id), answer)
    assert result.status == "unreadable"
    assert result.score == 0
    assert not result.correct
    assert expected_words.lower() in result.message.lower()
    assert result.explanation == ""


def test_wrong_option_feedback_names_the_misconception() -> None:
    """The feedback of the chosen wrong option is in the message."""
    result = grade(q("choix-unique"), "visites")
    assert "Idée reçue : l'usage suffit" in result.message


def test_common_numeric_error_gets_its_diagnosis() -> None:
    """A frequent wrong number gets the feedback written for it."""
    assert "durée de la construction" in grade(q("nombre"), "12").message
    assert "trop petit" in grade(q("nombre"), "3").message
    assert "trop grand" in grade(q("nombre"), "9").message


def test_multiple_lists_missed_and_wrong_boxes() -> None:
    """Partial credit on 'multiple' names the boxes missed and the boxes ticked wrongly."""
    message = grade(q("choix-multiple"), ["usagers", "specs"]).message
    assert "oubliée" in message
    assert "à ne pas cocher" in message


def test_match_feedback_explains_the_wrong_pair() -> None:
    """A wrong pair shows the expected pair and the item's own feedback."""
    message = grade(q("associer"), {"intrapreneur": "teste"}).message
    assert "L'intrapreneur porte le produit." in message
    assert "non associé" in message


hostile = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=300)
    | st.binary(max_size=50),
    lambda children: st.lists(children, max_size=8)
    | st.dictionaries(st.text(max_size=20), children, max_size=8)
    | st.tuples(children, children) | st.frozensets(st.integers(), max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    question_id=st.sampled_from(
        ["choix-unique", "choix-multiple", "vrai-faux", "nombre", "nombre-relatif", "ordre",
         "associer"]),
    answer=hostile,
)
def test_grade_never_raises(question_id: str, answer: Any) -> None:
    """Whatever a learner (or a bug) passes, grade() returns a well-formed result."""
    result = grade(q(question_id), answer)
    assert result.status in ("correct", "partial", "incorrect", "unreadable")
    assert 0.0 <= result.score <= 1.0
    assert isinstance(result.message, str)
    assert result.message
    assert result.correct == (result.score == 1.0 and result.status == "correct")


def test_grading_path_imports_no_ipython(course: Path, tmp_path: Path) -> None:
    """Loading and grading a valid question imports no UI or data library; once the bank
    has its checked form (written by the first load), no schema library either."""
    code = (
        "import sys, fabrique_course as f;"
        "r = f.grade(f.load_question('99_essai', 'choix-unique'), 'impact');"
        "assert r.correct;"
        "bad = [m for m in ('IPython', 'ipywidgets', 'nbformat', 'jsonschema', 'pandas', "
        "'matplotlib') if m in sys.modules];"
        "print(bad)"
    )
    env = dict(os.environ, FABRIQUE_COURSE_CACHE=str(tmp_path / "cache"))
    env.pop("FABRIQUE_COURSE_EDITIONS", None)
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=False, env=env) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert runs[0].stdout.strip() == "['jsonschema']"  # the first load checks in full
    assert runs[1].stdout.strip() == "[]"


@settings(max_examples=200)
@given(answer=hostile)
def test_normalised_answers_are_json_and_bounded(answer: Any) -> None:
    """Whatever the answer, what goes to the progress store is small, valid JSON."""
    import json

    from fabrique_course._grading import normalise_answer

    text = json.dumps(normalise_answer(answer), ensure_ascii=False)
    assert len(text) < 2_000_000


def test_deeply_nested_answer_is_handled() -> None:
    """A pathological nested answer is graded as unreadable and stored in short form."""
    from fabrique_course._grading import normalise_answer

    nested: Any = "x"
    for _ in range(5000):
        nested = [nested]
    assert grade(q("ordre"), nested).status == "unreadable"
    assert isinstance(normalise_answer(nested), list)
