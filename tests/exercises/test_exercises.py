"""Impact exercises: the checkers with right answers and each classic mistake, their words
in content/exercices (every text reaches the learner, a broken file is refused in French),
the data sets against the fil rouge, the learner edition, and what importing costs."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pandas as pd
import pytest
import yaml
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from fabrique_course._editions import learner_edition
from fabrique_course._errors import ContentError, ExerciseNotSolvedError
from fabrique_course.exercises import _data
from fabrique_course.exercises._definitions import DEFINITIONS
from fabrique_course.exercises._engine import (
    Field,
    FieldVerdict,
    Mistake,
    UnknownExerciseError,
    check,
    check_exercises,
    exercise,
    exercise_ids,
    exercise_problems,
)
from fabrique_course.exercises._texts import read_texts
from fabrique_course.exercises._verifier import STRICT_ENV, verifier

from ..conftest import REPO, load_tool

NOTEBOOKS = REPO / "notebooks"


def table(name: str) -> pd.DataFrame:
    """The course data set ``name``, read straight from its CSV file with pandas."""
    return pd.read_csv(REPO / "content" / "data" / f"{name}.csv")


def wilson(k: int, n: int) -> tuple[float, float]:
    """The 95 % Wilson interval of ``k`` successes out of ``n``, by statsmodels."""
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    return float(low), float(high)


def sus(row: pd.Series) -> float:
    """Brooke's rule, written out independently of impact.sus_score."""
    odd = sum(row[f"sus_q{q}"] - 1 for q in (1, 3, 5, 7, 9))
    even = sum(5 - row[f"sus_q{q}"] for q in (2, 4, 6, 8, 10))
    return float((odd + even) * 2.5)


def two_prop_ci_points(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float]:
    """The 95 % Wald interval of the difference of two rates, in percentage points."""
    low, high = confint_proportions_2indep(k2, n2, k1, n1, method="wald", compare="diff")
    return 100 * float(low), 100 * float(high)


# --------------------------------------------------------------------------- right answers

def right_answers() -> dict[str, dict[str, Any]]:
    """Each exercise's answer, computed here with pandas and statsmodels only."""
    reg = table("registres_objets")
    k, n = int(reg["rendu"].sum()), len(reg)
    tests = table("tests_utilisabilite")
    c2, c3 = tests[tests["cycle"] == 2], tests[tests["cycle"] == 3]
    parcours = table("parcours_construction")
    agents = table("agents_semaines")
    ab = table("ab_test_formulaire")
    ka, na = int(ab[ab.version == "A"].complete.sum()), int((ab.version == "A").sum())
    kb, nb = int(ab[ab.version == "B"].complete.sum()), int((ab.version == "B").sum())
    months = table("agents_mois")
    first = months.groupby("agent_id")["mois"].min()
    cohort13 = set(first[first == 13].index)
    at16 = set(months[months.mois == 16].agent_id)
    suivi = table("suivi_mensuel")
    last12 = suivi.objets_rendus.tail(12).to_numpy(dtype=float)
    slope = float(np.polyfit(np.arange(12), last12, 1)[0])
    from statsmodels.stats.proportion import proportions_ztest

    _, p_ab = proportions_ztest([kb, ka], [nb, na])
    lbb = two_prop_ci_points(19990, 100000, 22100, 100000)
    return {
        "01_dimensionner": {
            "objets_par_an": n, "heures_agents_par_an": reg.minutes_enregistrement.sum() / 60,
            "taux_restitution": k / n, "intervalle_restitution": wilson(k, n),
            "indicateur": "c"},
        "02_tests": {
            "taux_reussite_cycle2": c2.tache_reussie.mean(),
            "intervalle_cycle2": wilson(int(c2.tache_reussie.sum()), len(c2)),
            "intervalle_15": wilson(12, 15),
            "sus_cycle2": c2.apply(sus, axis=1).mean(),
            "sus_cycle3": c3.apply(sus, axis=1).mean()},
        "03_entonnoir": {
            "taux_completion": parcours.a_complete.sum() / parcours.a_commence.sum(),
            "etape_plus_grosse_perte": "rapprochement",
            "rendus_par_declaration": parcours.objet_rendu.sum() / parcours.a_complete.sum(),
            "agents_actifs_semaine_26": agents[agents.semaine == 26].agent_id.nunique()},
        "04_ab_test": {
            "ecart_points": 100 * (kb / nb - ka / na),
            "hausse_relative": (kb / nb - ka / na) / (ka / na),
            "intervalle_ecart_points": two_prop_ci_points(ka, na, kb, nb),
            "p_valeur": p_ab,
            "taille_par_groupe_api": 294},
        "04_cohortes_couts": {
            "retention_cohorte_13_a_3_mois": len(cohort13 & at16) / len(cohort13),
            "penetration_agents_mois18": months[months.mois == 18].agent_id.nunique() / 128,
            "cout_par_utilisateur_mois18": 540000 / 1400},
        "05_cout_impact": {
            "cout_par_objet_mois30": 300, "cout_par_objet_cumule":
                suivi.budget_du_mois_eur.sum() / suivi.objets_rendus.sum(),
            "tendance_objets_par_mois": slope, "division_cout_refugies": 50 / 0.9},
        "05_bonne_boite": {
            "ecart_points": 22.1 - 19.99, "hausse_relative": (22.1 - 19.99) / 19.99,
            "intervalle_ecart_points": lbb, "personnes_en_plus": 8000,
            "personnes_en_plus_bas": 4000 * lbb[0]},
    }


RIGHT = right_answers()


def test_every_exercise_has_a_reference_answer() -> None:
    """Every exercise, and every field of it, has a reference answer here."""
    assert sorted(RIGHT) == sorted(exercise_ids())
    for ex_id in exercise_ids():
        assert sorted(RIGHT[ex_id]) == sorted(f.key for f in exercise(ex_id).fields)


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_right_answers_are_correct(ex_id: str) -> None:
    """The reference answer is graded right, fully, with the « Pour retenir » conclusion."""
    result = check(exercise(ex_id), RIGHT[ex_id])
    assert result.status == "correct", "\n".join(result.lines())
    assert result.score == 1.0
    assert "Pour retenir" in "\n".join(result.lines())


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_the_starter_dict_is_incomplete_not_an_error(ex_id: str) -> None:
    """The starter dict (all ``...``) is « incomplet », each field « vide », never an error."""
    ex = exercise(ex_id)
    result = check(ex, dict.fromkeys((f.key for f in ex.fields), ...))
    assert result.status == "incomplet"
    assert all(v.status == "vide" for v in result.fields)
    assert "à compléter" in "\n".join(result.lines()).lower()


# --------------------------------------------------------------------------- mistakes

def with_value(ex_id: str, key: str, value: Any) -> dict[str, Any]:
    """The reference answer of ``ex_id`` with ``key`` set to ``value``."""
    answer = dict(RIGHT[ex_id])
    answer[key] = value
    return answer


MISTAKES = [
    # wrong denominator
    ("01_dimensionner", "taux_restitution", 285 / (1896 - 285), "dénominateur"),
    ("03_entonnoir", "taux_completion", 410 / 2400, "tous les visiteurs"),
    ("03_entonnoir", "rendus_par_declaration", 58 / 2400, "divisé par les visiteurs"),
    ("03_entonnoir", "rendus_par_declaration", 58 / 760, "commencées"),
    ("04_cohortes_couts", "penetration_agents_mois18", 70 / 126, "128 agents"),
    ("04_cohortes_couts", "cout_par_utilisateur_mois18", 540000 / 4500,
     "visiteurs ne sont pas des utilisateurs actifs"),
    ("04_cohortes_couts", "cout_par_utilisateur_mois18", 45000 / 1400, "budget annuel"),
    ("05_cout_impact", "cout_par_objet_mois30", 540000 / 150, "même période"),
    ("05_bonne_boite", "personnes_en_plus", 2110, "400 000"),
    # percentage points vs percent
    ("01_dimensionner", "taux_restitution", 15.03, "pourcentage"),
    ("04_ab_test", "ecart_points", 0.12, "multipliez par 100"),
    ("04_ab_test", "ecart_points", 30, "hausse relative"),
    ("04_ab_test", "hausse_relative", 0.12, "écart en proportion"),
    ("04_ab_test", "hausse_relative", 30, "pourcentage"),
    ("04_ab_test", "hausse_relative", 234 / 180, "rapport"),
    ("05_bonne_boite", "ecart_points", 10.56, "hausse relative"),
    ("05_bonne_boite", "hausse_relative", 0.0211, "écart en proportion"),
    ("05_cout_impact", "division_cout_refugies", 98.2, "baisse en pour cent"),
    # interval ignored or wrong
    ("01_dimensionner", "intervalle_restitution", 0.1503, "un seul nombre"),
    ("02_tests", "intervalle_cycle2", 0.8, "un seul nombre"),
    ("02_tests", "intervalle_cycle2", (0.8 - 0.3506, 0.8 + 0.3506), "Wilson"),
    ("02_tests", "intervalle_15", wilson(11, 15), "additionné les trois cycles"),
    ("04_ab_test", "intervalle_ecart_points", 12, "un seul nombre"),
    ("04_ab_test", "intervalle_ecart_points", (0.055, 0.185), "multipliez par 100"),
    ("05_bonne_boite", "intervalle_ecart_points", 2.11, "un seul nombre"),
    # vanity and activity metrics
    ("01_dimensionner", "indicateur", "a", "vanité"),
    ("01_dimensionner", "indicateur", "b", "activité"),
    ("03_entonnoir", "agents_actifs_semaine_26", 91, "actions"),
    ("03_entonnoir", "agents_actifs_semaine_26", 15, "26 semaines"),
    # other classics
    ("01_dimensionner", "heures_agents_par_an", 19122, "minutes"),
    ("01_dimensionner", "objets_par_an", 1896 / 13, "par site"),
    ("02_tests", "sus_cycle2", 25.0, "2,5"),
    ("03_entonnoir", "etape_plus_grosse_perte", "commencer", "en nombre"),
    ("04_ab_test", "taille_par_groupe_api", 588, "chaque groupe"),
    ("04_cohortes_couts", "retention_cohorte_13_a_3_mois", 60 / 126, "cohorte"),
    ("05_cout_impact", "cout_par_objet_cumule", None, "moyenne des coûts mensuels"),
    # issue 12: one-sided p-value, p-value rounded to 0, the sheet's 10 min per object,
    # Wald interval clipped to [0, 1]
    ("04_ab_test", "p_valeur", 0.000152, "unilatérale"),
    ("04_ab_test", "p_valeur", 0.00015, "unilatérale"),
    ("04_ab_test", "p_valeur", 0, "jamais exactement nulle"),
    ("04_ab_test", "p_valeur", "0,000", "chiffres significatifs"),
    ("01_dimensionner", "heures_agents_par_an", 1896 * 10 / 60, "10 minutes par objet"),
    ("01_dimensionner", "heures_agents_par_an", 317, "minutes_enregistrement"),
    ("02_tests", "intervalle_cycle2", (0.8 - 0.3506, 1.0), "coupé à 100 %"),
    ("02_tests", "intervalle_15", (0.8 - 0.2024, 1.0), "Wilson"),
    ("02_tests", "intervalle_15", (0.8 - 0.2024, 0.8 + 0.2024), "Wald"),
]


@pytest.mark.parametrize(("ex_id", "key", "value", "words"), MISTAKES)
def test_classic_mistakes_get_a_precise_message(ex_id: str, key: str, value: Any,
                                                words: str) -> None:
    """Each classic mistake gets its own message; the other fields stay right."""
    if value is None:  # computed: the mean of the monthly costs
        suivi = table("suivi_mensuel")
        value = float((suivi.budget_du_mois_eur / suivi.objets_rendus).mean())
    result = check(exercise(ex_id), with_value(ex_id, key, value))
    verdict = next(v for v in result.fields if v.key == key)
    assert verdict.status == "incorrect", verdict
    assert words.lower() in verdict.message.lower(), verdict.message
    assert result.status == "partial"
    others = [v for v in result.fields if v.key != key]
    assert all(v.status == "correct" for v in others)


def test_sus_without_reversing_even_items_is_recognised() -> None:
    """A SUS score computed without reversing the even items is named as such."""
    tests = table("tests_utilisabilite")
    c2 = tests[tests.cycle == 2]
    wrong = float(c2[[f"sus_q{q}" for q in range(1, 11)]].sub(1).sum(axis=1).mul(2.5).mean())
    result = check(exercise("02_tests"), with_value("02_tests", "sus_cycle2", wrong))
    assert "paires" in result.fields[3].message


def test_a_wrong_value_without_a_known_mistake_gets_the_hint() -> None:
    """A wrong value that matches no known mistake gets the field's hint."""
    result = check(exercise("03_entonnoir"), with_value("03_entonnoir", "taux_completion", 0.9))
    verdict = result.fields[0]
    assert verdict.status == "incorrect"
    assert "Déclarations complètes ÷ déclarations commencées" in verdict.message


# --------------------------------------------------------------------------- invariants

def field_verdict(ex_id: str, key: str, value: Any) -> FieldVerdict:
    """The verdict on one field answered alone."""
    return next(v for v in check(exercise(ex_id), {key: value}).fields if v.key == key)


def field_of(ex_id: str, key: str) -> Field:
    """The field ``key`` of exercise ``ex_id``."""
    return next(f for f in exercise(ex_id).fields if f.key == key)


EXPECTED_CASES = [
    pytest.param(ex_id, f.key, value, id=f"{ex_id}-{f.key}-{name}")
    for ex_id in exercise_ids() for f in exercise(ex_id).fields
    for name, value in (("attendue", f.expected),
                        *((("plage-basse", f.accepted[0]), ("plage-haute", f.accepted[1]))
                          if f.accepted is not None else ()))]
MISTAKE_CASES = [
    pytest.param(ex_id, f.key, k, id=f"{ex_id}-{f.key}-erreur{k}")
    for ex_id in exercise_ids() for f in exercise(ex_id).fields
    for k in range(len(f.mistakes))]


@pytest.mark.parametrize(("ex_id", "key", "value"), EXPECTED_CASES)
def test_every_expected_value_and_accepted_bound_is_graded_right(ex_id: str, key: str,
                                                                 value: Any) -> None:
    """Each field's expected value, and both ends of an accepted range, are graded right."""
    verdict = field_verdict(ex_id, key, value)
    assert verdict.status == "correct", verdict


@pytest.mark.parametrize(("ex_id", "key", "index"), MISTAKE_CASES)
def test_every_declared_mistake_is_graded_as_that_mistake(ex_id: str, key: str,
                                                          index: int) -> None:
    """Each declared mistake value gets its own message: never right, never another one."""
    mistake = field_of(ex_id, key).mistakes[index]
    verdict = field_verdict(ex_id, key, mistake.value)
    assert verdict.status == "incorrect", verdict
    assert verdict.message[:1].lower() + verdict.message[1:] == \
        mistake.message[:1].lower() + mistake.message[1:]


def test_the_invariant_covers_every_field_and_mistake() -> None:
    """The parametrized cases are not silently empty: all fields, all mistakes."""
    fields = [f for i in exercise_ids() for f in exercise(i).fields]
    assert len(MISTAKE_CASES) == sum(len(f.mistakes) for f in fields) >= 40
    assert len(EXPECTED_CASES) == len(fields) + 2 * sum(f.accepted is not None for f in fields)


def test_the_course_exercises_pass_the_consistency_check() -> None:
    """check_exercises builds every exercise from the data and finds no contradiction."""
    built, problems = check_exercises()
    assert [ex.id for ex in built] == exercise_ids()
    assert problems == [], [str(p) for p in problems]


def _with_field(ex_id: str, key: str, **changes: Any) -> list[str]:
    """The consistency problems of exercise ``ex_id`` with one field changed."""
    ex = exercise(ex_id)
    fields = tuple(dataclasses.replace(f, **changes) if f.key == key else f
                   for f in ex.fields)
    return [str(p) for p in exercise_problems(dataclasses.replace(ex, fields=fields))]


def test_a_mistake_inside_the_tolerance_is_refused() -> None:
    """The old p-value field (absolute tolerance 0.0002) is refused: one-sided graded right."""
    old = field_of("04_ab_test", "p_valeur").mistakes[:1]  # before issue 12: no « 0 »
    problems = _with_field("04_ab_test", "p_valeur", tolerance=0.0002, relative_tolerance=0.0,
                           mistakes=old)
    assert len(problems) == 1, problems
    text = problems[0]
    assert "exercice « 04_ab_test », champ « p_valeur »" in text
    assert "unilatérale" in text
    assert "serait jugée juste" in text
    assert "tolérance de la valeur attendue" in text


@pytest.mark.parametrize(("ex_id", "key", "changes", "words"), [
    ("05_bonne_boite", "personnes_en_plus_bas",
     {"mistakes": (Mistake(7005, "une erreur dans la plage"),)}, "plage acceptée"),
    ("02_tests", "intervalle_cycle2",
     {"mistakes": (Mistake((0.376, 0.962), "Wilson à peine arrondi"),)},
     "tolérance des bornes attendues"),
    ("04_ab_test", "taille_par_groupe_api",
     {"mistakes": (Mistake(588, "le total"), Mistake(588.2, "le total, arrondi"))},
     "prise pour une autre erreur"),
    ("05_bonne_boite", "personnes_en_plus", {"accepted": (8000, 8100)},
     "la valeur attendue"),
    ("01_dimensionner", "objets_par_an", {"mistakes": (Mistake((1, 2), "deux bornes"),)},
     "n'obtient pas son message"),
    ("01_dimensionner", "indicateur", {"expected": "e"}, "réponses possibles"),
])
def test_contradictory_grading_is_refused_naming_exercise_and_field(
        ex_id: str, key: str, changes: dict[str, Any], words: str) -> None:
    """Every kind of self-contradiction gets a French message naming exercise and field."""
    problems = _with_field(ex_id, key, **changes)
    assert problems
    assert f"exercice « {ex_id} », champ « {key} »" in problems[0]
    assert words in problems[0], problems


# --------------------------------------------------------------------------- texts

def yaml_texts(ex_id: str) -> dict[str, Any]:
    """The texts file of ``ex_id``, read with plain PyYAML, its placeholders filled in."""
    text = (REPO / "content" / "exercices" / f"{ex_id}.yaml").read_text(encoding="utf-8")
    for name, value in DEFINITIONS[ex_id]().placeholders.items():
        text = text.replace(f"{{{name}}}", value)
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def same_sentence(shown: str, written: str) -> bool:
    """Whether ``shown`` is ``written`` (the verdict capitalises the first letter)."""
    return shown[:1].lower() + shown[1:] == written[:1].lower() + written[1:]


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_every_text_of_the_exercise_file_reaches_the_learner(ex_id: str) -> None:
    """Title, conclusion, labels, units, hints, choices and each mistake's message of the
    YAML file appear, word for word, in the verdicts the learner reads."""
    words, ex = yaml_texts(ex_id), exercise(ex_id)
    right = {f.key: f.expected for f in ex.fields}
    lines = check(ex, right).lines()
    assert lines[0].startswith(words["title"] + " — Tout est juste")
    assert same_sentence(lines[-1].removeprefix("Pour retenir : "), words["conclusion"])
    assert [f.key for f in ex.fields] == list(DEFINITIONS[ex_id]().fields)
    assert sorted(words["fields"]) == sorted(right)
    for f in ex.fields:
        texts = words["fields"][f.key]
        assert any(line.startswith(f"- {texts['label']} [{f.key}] : ✓ juste") for line in lines)
        assert [m.id for m in f.mistakes] == list(DEFINITIONS[ex_id]().fields[f.key].mistakes)
        assert sorted(m.id for m in f.mistakes) == sorted(texts.get("mistakes", {}))
        for m in f.mistakes:
            verdict = field_verdict(ex_id, f.key, m.value)
            assert verdict.status == "incorrect"
            assert same_sentence(verdict.message, texts["mistakes"][m.id]), m.id
        for key, choice in texts.get("choices", {}).items():
            message = field_verdict(ex_id, f.key, key).message
            assert message == f"« {key} » ({choice['text']}) : {choice['feedback']}"
        far: Any = -12345.6
        if f.kind == "intervalle":  # the unit is shown after the bounds graded right
            low, high = f.expected
            far = (low - 50, high + 50)
            shown = field_verdict(ex_id, f.key, f.expected).message
            assert shown.endswith(f" {texts['unit']}") if "unit" in texts else \
                shown[-1].isdigit()
        if f.kind != "choix":
            assert field_verdict(ex_id, f.key, far).message.lower().endswith(
                texts["hint"].lower()), f.key


def test_the_exercise_schema_is_a_valid_json_schema() -> None:
    """The shipped exercise schema is itself a valid JSON Schema."""
    from fabrique_course._files import schema_validator

    assert schema_validator("exercise").schema["$id"].startswith("urn:fabrique-course")


@pytest.fixture
def texts_course(course: Path) -> Path:
    """The test course with the real data sets and exercise texts, ready to be broken."""
    for folder in ("data", "exercices"):
        shutil.copytree(REPO / "content" / folder, course / "content" / folder)
    # the exercise values name the objectives of their lesson's bank
    shutil.copytree(REPO / "content" / "quiz", course / "content" / "quiz", dirs_exist_ok=True)
    return course


def edit(course: Path, ex_id: str, old: str, new: str) -> None:
    """Replace ``old`` (found exactly once) by ``new`` in the texts file of ``ex_id``."""
    path = course / "content" / "exercices" / f"{ex_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


BROKEN_TEXTS = [
    pytest.param("      moyenne-par-site:", "      moyenne-site:",
                 [r"ligne \d+ : exercice « 01_dimensionner », champ « objets_par_an », "
                  r"« mistakes » : l'erreur « moyenne-site » n'est pas déclarée par le code "
                  r"\(src/fabrique_course/exercises/_definitions\.py\) ; erreurs déclarées : "
                  r"moyenne-par-site, moyenne-par-mois, objets-rendus",
                  r"champ « objets_par_an » : l'erreur « moyenne-par-site », déclarée par le "
                  r"code, n'a pas de message"], id="erreur-renommee"),
    pytest.param("  taux_restitution:", "  taux_restitutoin:",
                 [r"champ « taux_restitutoin » : le code .* ne définit pas ce champ",
                  r"champ « taux_restitution » : ce champ, défini par le code, n'a pas de "
                  r"textes"], id="champ-mal-ecrit"),
    pytest.param("    hint: additionnez", "    hnit: additionnez",
                 [r"ligne \d+ : exercice « 01_dimensionner », champ « heures_agents_par_an » "
                  r": « hnit » n'est pas attendu ici \(faute de frappe \?\)"], id="cle-inconnue"),
    pytest.param("    label: objets enregistrés en un an, tous sites\n",
                 "    label: objets enregistrés en un an, tous sites\n    label: doublon\n",
                 [r"ligne \d+ : exercice « 01_dimensionner » : YAML invalide : clé « label » "
                  r"en double"], id="cle-en-double"),
    pytest.param("    label: objets enregistrés en un an, tous sites",
                 "    label: objets enregistrés la semaine {semaine}",
                 [r"champ « objets_par_an », « label » : « \{semaine\} » : le code ne fournit "
                  r"pas de valeur de ce nom \(valeurs fournies : aucune\)"], id="valeur-inconnue"),
    pytest.param("        text: les visites d'un futur site\n", "",
                 [r"champ « indicateur », « choices\.a » : champ obligatoire « text » manquant"],
                 id="choix-sans-texte"),
    pytest.param("    objectifs: [evaluer-dossier-comite]\n", "",
                 [r"champ « indicateur » : champ obligatoire « objectifs » manquant"],
                 id="valeur-sans-objectif"),
    pytest.param("    objectifs: [evaluer-dossier-comite]\n", "    objectifs: []\n",
                 [r"champ « indicateur », « objectifs » : "], id="objectifs-vides"),
    pytest.param("notebook: 01_investigation", "notebook: 02_conception",
                 [r"exercice « 01_dimensionner », « notebook » : « 02_conception » n'est pas un "
                  r"notebook de la leçon 01"], id="mauvaise-lecon"),
]


@pytest.mark.parametrize(("old", "new", "patterns"), BROKEN_TEXTS)
def test_a_broken_texts_file_is_refused_naming_file_exercise_and_field(
        texts_course: Path, old: str, new: str, patterns: list[str]) -> None:
    """`check_exercises` (run by `fabrique-course verifier`) refuses a texts file that does
    not fit the schema or the code, in French, naming file, line, exercise and field."""
    edit(texts_course, "01_dimensionner", old, new)
    built, problems = check_exercises()
    shown = [str(p) for p in problems]
    assert "01_dimensionner" not in [ex.id for ex in built]
    assert len(built) == len(exercise_ids()) - 1
    for pattern in patterns:
        assert any(re.search("^content/exercices/01_dimensionner.yaml, .*" + pattern, text)
                   for text in shown), (pattern, shown)


def test_a_missing_or_orphan_texts_file_is_refused(texts_course: Path) -> None:
    """An exercise without texts file, and a texts file without exercise, are both named."""
    folder = texts_course / "content" / "exercices"
    (folder / "05_bonne_boite.yaml").rename(folder / "05_bonne_boitte.yaml")
    shown = [str(p) for p in check_exercises()[1]]
    assert ("content/exercices/05_bonne_boite.yaml : exercice « 05_bonne_boite » : fichier "
            "introuvable (chaque exercice a ses textes dans content/exercices/)") in shown
    assert any(text.startswith("content/exercices/05_bonne_boitte.yaml : exercice "
                               "« 05_bonne_boitte » : le code") and "05_bonne_boite" in text
               for text in shown), shown


def test_a_choice_field_needs_choices_and_nothing_else(texts_course: Path) -> None:
    """Texts written for a value (hint, mistakes) do not fit a field the code makes a choice."""
    definition = DEFINITIONS["01_dimensionner"]()
    fields = dict(definition.fields)
    fields["taux_restitution"] = dataclasses.replace(fields["taux_restitution"], kind="choix")
    _, problems = read_texts("01_dimensionner", dataclasses.replace(definition, fields=fields))
    shown = "\n".join(str(p) for p in problems)
    assert "champ « taux_restitution », « hint » : un champ à choix n'a pas de « hint »" in shown
    assert "un champ à choix a besoin de « choices »" in shown


def test_the_cli_refuses_a_broken_texts_file(texts_course: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course verifier` exits 1 on a broken texts file, in French, no traceback."""
    from fabrique_course.cli import main

    assert main(["verifier"]) == 0
    edit(texts_course, "02_tests", "    mistakes:\n      wald:", "    mistakes:\n      wal:")
    assert main(["verifier"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.search(r"content/exercices/02_tests\.yaml, ligne \d+ : exercice « 02_tests », "
                     r"champ « intervalle_cycle2 », « mistakes » : l'erreur « wal »", err), err


def test_an_edited_texts_file_is_read_again(texts_course: Path) -> None:
    """A notebook sees an edit of the texts file at its next check (no restart)."""
    assert exercise("04_ab_test").title == "Lire un A/B test, et dimensionner le suivant"
    edit(texts_course, "04_ab_test", "title: Lire un A/B test,", "title: Lire un test A/B (bis),")
    assert exercise("04_ab_test").title == "Lire un test A/B (bis), et dimensionner le suivant"


def test_verifier_on_a_broken_texts_file_says_so_in_french(
        texts_course: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A learner's verifier() on a broken texts file prints a French message, no traceback;
    in strict mode (tests of the course) it raises."""
    edit(texts_course, "04_ab_test", "    label: p-valeur du test\n", "")
    monkeypatch.delenv(STRICT_ENV, raising=False)
    assert verifier("04_ab_test", RIGHT["04_ab_test"]) is None
    out = capsys.readouterr().out
    assert out.startswith("L'exercice ne peut pas être vérifié.\ncontent/exercices/04_ab_test"
                          ".yaml, ligne "), out
    assert "champ « p_valeur » : champ obligatoire « label » manquant" in out
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(ContentError, match="champ obligatoire « label » manquant"):
        verifier("04_ab_test", RIGHT["04_ab_test"])


# --------------------------------------------------------------------------- reading

@pytest.mark.parametrize("value", [
    np.float64(285 / 1896), pd.Series([285 / 1896]), "15,03 %", "0,1503", np.array(285 / 1896)])
def test_numbers_from_numpy_pandas_and_french_text_are_read(value: Any) -> None:
    """Numbers given as numpy, pandas or French text (« 15,03 % ») are read."""
    result = check(exercise("01_dimensionner"),
                   with_value("01_dimensionner", "taux_restitution", value))
    assert result.fields[2].status == "correct", result.fields[2]


@pytest.mark.parametrize(("value", "words"), [
    (pd.Series([0.1, 0.2]), "un seul nombre"), ("quinze", "n'est pas un nombre"),
    (True, "case à cocher"), (float("nan"), "division par zéro"), ([1, 2], "pas un nombre")])
def test_unreadable_values_get_a_french_message(value: Any, words: str) -> None:
    """An unreadable value is « illisible », with a French message saying why."""
    result = check(exercise("01_dimensionner"),
                   with_value("01_dimensionner", "taux_restitution", value))
    verdict = result.fields[2]
    assert verdict.status == "illisible"
    assert words in verdict.message


def test_intervals_accept_a_rate_object_and_reject_reversed_bounds() -> None:
    """An interval may be a rate object; reversed bounds get a message."""
    from fabrique_course.impact import rate_with_interval

    ok = check(exercise("02_tests"),
               with_value("02_tests", "intervalle_cycle2", rate_with_interval(4, 5)))
    assert ok.status == "correct"
    low, high = RIGHT["02_tests"]["intervalle_cycle2"]
    reversed_ = check(exercise("02_tests"), with_value("02_tests", "intervalle_cycle2",
                                                        (high, low)))
    assert "borne basse est plus grande" in reversed_.fields[1].message


def test_answers_that_are_not_a_dict_and_unknown_keys() -> None:
    """A non-dict answer is incorrect; a misspelt key makes it incomplete and is named."""
    result = check(exercise("02_tests"), 0.8)
    assert result.status == "incorrect"
    assert "dictionnaire" in result.fields[0].message
    typo = dict(RIGHT["02_tests"])
    typo["sus_cyle3"] = typo.pop("sus_cycle3")
    result = check(exercise("02_tests"), typo)
    assert result.status == "incomplet"
    assert result.extra_keys == ("sus_cyle3",)
    assert "orthographe" in "\n".join(result.lines())


def test_choices_are_read_leniently_and_unknown_ones_listed() -> None:
    """A choice is read whatever its case and spaces; an unknown one lists the choices."""
    ex = exercise("01_dimensionner")
    assert check(ex, with_value("01_dimensionner", "indicateur", " C ")).status == "correct"
    result = check(ex, with_value("01_dimensionner", "indicateur", "e"))
    assert result.fields[4].status == "illisible"
    assert "« a », « b », « c », « d »" in result.fields[4].message


def test_the_bonne_boite_rounded_source_figure_and_exact_figure_are_both_accepted() -> None:
    """Both the source's rounded figure (8 000) and the exact one (8 440) are accepted."""
    ex = exercise("05_bonne_boite")
    for value in (8000, 8440, "8 440"):
        assert check(ex, with_value("05_bonne_boite", "personnes_en_plus", value)).correct
    assert not check(ex, with_value("05_bonne_boite", "personnes_en_plus", 9000)).correct


def test_a_small_p_value_is_judged_on_its_significant_digits() -> None:
    """The two-sided p-value, rounded to 1 or 2 significant digits, is right."""
    ex = exercise("04_ab_test")
    assert RIGHT["04_ab_test"]["p_valeur"] == pytest.approx(0.000304, rel=0.01)
    for value in (0.000304, 0.0003, 0.00030, "0,0003", 3e-4, 0.00031):
        assert check(ex, with_value("04_ab_test", "p_valeur", value)).correct, value
    for value in (0.0002, 0.0004, 0.00028):
        assert not check(ex, with_value("04_ab_test", "p_valeur", value)).correct, value


def test_the_bonne_boite_lower_bound_accepts_the_lesson_figure() -> None:
    """« probablement au moins 7 000 » (lesson 05) and the exact 7 011 are both right."""
    ex = exercise("05_bonne_boite")
    for value in (7000, "7 000", 7011, 7011.3):
        assert check(ex, with_value("05_bonne_boite", "personnes_en_plus_bas", value)).correct
    for value in (6900, 7100):
        assert not check(ex, with_value("05_bonne_boite", "personnes_en_plus_bas",
                                        value)).correct


def test_unknown_exercise_lists_the_known_ones() -> None:
    """An unknown exercise id raises an error that lists the known ones."""
    with pytest.raises(UnknownExerciseError, match="01_dimensionner"):
        exercise("01_dimensioner")


# --------------------------------------------------------------------------- verifier

def test_verifier_displays_text_and_html_and_never_raises_for_learners(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """For learners verifier() displays text and accessible HTML, and never raises."""
    monkeypatch.delenv(STRICT_ENV, raising=False)
    assert verifier("04_ab_test", {"ecart_points": 0.12}) is None
    out = capsys.readouterr().out
    assert "multipliez par 100" in out
    assert "à compléter" in out
    from fabrique_course.exercises._verifier import result_html

    page = result_html(check(exercise("04_ab_test"), RIGHT["04_ab_test"]))
    assert 'role="status"' in page
    assert 'aria-live="polite"' in page
    assert 'data-state="correct"' in page
    assert 'lang="fr"' in page


def test_verifier_raises_in_strict_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """In strict mode (nbval) verifier() raises on an unsolved exercise, not on a solved one."""
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(ExerciseNotSolvedError, match="à compléter"):
        verifier("01_dimensionner", ...)
    verifier("01_dimensionner", RIGHT["01_dimensionner"])


# --------------------------------------------------------------------------- data sets

def test_data_files_are_exactly_what_the_seeded_script_writes() -> None:
    """content/data/ is byte for byte what tools/make_datasets.py writes (its --check)."""
    tool = load_tool("make_datasets")
    files = tool.render()
    assert files == tool.render()  # same bytes twice in one run
    for name, data in files.items():
        assert (REPO / "content" / "data" / name).read_bytes() == data, name
    assert tool.main(["--check"]) == 0


def test_dashboard_active_agents_match_the_agent_level_data() -> None:
    """Dashboard agents_actifs = agents_mois's distinct active agents, every shared month."""
    dashboard = table("suivi_mensuel").set_index("mois").agents_actifs
    distinct = table("agents_mois").groupby("mois").agent_id.nunique()
    shared = distinct.index.intersection(dashboard.index)
    assert list(shared) == list(range(7, 19))
    assert dashboard.loc[shared].tolist() == distinct.loc[shared].tolist()


def test_dictionary_describes_every_column_and_says_fictional() -> None:
    """The data dictionary describes each column and row count, says FICTIVES, is in LISEZMOI."""
    for name in _data.dataset_names():
        info = _data.dataset(name)
        frame = table(name)
        assert list(frame.columns) == [c.name for c in info.columns], name
        assert len(frame) == info.rows
        assert "FICTIVES" in info.warning
        assert all(c.description for c in info.columns)
        assert (NOTEBOOKS / f"{info.lesson}.ipynb").is_file()
    text = (REPO / "content" / "data" / "LISEZMOI.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in text for name in _data.dataset_names())


def test_data_sets_keep_the_fil_rouge_landmarks() -> None:
    """The figures content/fil-rouge.md and the lessons already give (all fictional)."""
    reg = table("registres_objets")
    assert 1850 <= len(reg) <= 1950
    assert reg.site.nunique() == 13
    assert reg.minutes_enregistrement.mean() == pytest.approx(10, abs=0.5)
    assert reg.rendu.mean() == pytest.approx(0.15, abs=0.005)
    tests = table("tests_utilisabilite")
    assert tests.groupby("cycle").tache_reussie.sum().tolist() == [2, 4, 5]
    assert tests.groupby("cycle").duree_secondes.median().tolist() == [390, 250, 170]
    assert tests.groupby("cycle").satisfaction.mean().round(1).tolist() == [-0.4, 0.6, 1.2]
    parcours = table("parcours_construction")
    assert parcours.groupby("mois").objet_rendu.sum().tolist() == [6, 6, 8, 10, 12, 16]
    assert parcours.a_complete.sum() == 410
    agents = table("agents_semaines")
    assert agents[agents.semaine >= 20].groupby("semaine").agent_id.nunique().eq(12).all()
    assert agents.agent_id.nunique() == 15
    ab = table("ab_test_formulaire")
    assert ab.groupby("version").complete.agg(["sum", "count"]).values.tolist() == \
        [[180, 450], [234, 450]]
    months = table("agents_mois")
    per_month = months.groupby("mois").agent_id.nunique()
    assert (per_month[12], per_month[18]) == (40, 70)
    suivi = table("suivi_mensuel").set_index("mois")
    assert suivi.loc[[12, 18, 24, 30], "objets_rendus"].tolist() == [60, 90, 120, 150]
    assert suivi.loc[1:6, "budget_du_mois_eur"].sum() == 200000
    assert suivi.loc[7:12, "budget_du_mois_eur"].sum() == 200000
    cost = suivi.budget_du_mois_eur / suivi.objets_rendus
    assert cost.loc[[12, 18, 24, 30]].tolist() == [750, 500, 375, 300]
    assert round(cost.loc[6]) == 2083  # lesson 03: « environ 2 080 € au 6e mois »
    assert suivi.loc[[12, 18, 24, 30], "visiteurs"].tolist() == [3000, 4500, 6000, 6500]
    assert suivi.loc[[12, 18, 24, 30], "agents_actifs"].tolist() == [40, 70, 96, 108]
    assert suivi.loc[[12, 18, 24], "utilisateurs_actifs_mensuels"].tolist() == [900, 1400, 1800]


def test_donnees_and_dictionnaire(monkeypatch: pytest.MonkeyPatch) -> None:
    """donnees() gives a flagged table, dictionnaire() its text and HTML; a typo is named."""
    frame = _data.donnees("ab_test_formulaire")
    assert len(frame) == 900
    assert "fictif" in frame.attrs
    assert "version" in repr(_data.dictionnaire("ab_test_formulaire"))
    assert "<table>" in _data.dictionnaire("ab_test_formulaire")._repr_html_()
    with pytest.raises(_data.DataError, match="registres_objets"):
        _data.donnees("registre")


def test_a_broken_dictionary_gives_a_french_message(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken data dictionary gives a French message with the line and the fix."""
    (tmp_path / "content" / "data").mkdir(parents=True)
    (tmp_path / "content" / "quiz").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "content" / "data" / "dictionnaire.yaml").write_text("jeux: [\n",
                                                                     encoding="utf-8")
    monkeypatch.setenv("FABRIQUE_COURSE_ROOT", str(tmp_path))
    with pytest.raises(_data.DataError, match=r"(?s)illisible.*ligne 2.*make_datasets"):
        _data.dataset_names()


# --------------------------------------------------------------------------- editions

EXERCISE_NOTEBOOKS = sorted({exercise(i).notebook for i in exercise_ids()})


@pytest.mark.parametrize("name", EXERCISE_NOTEBOOKS)
def test_each_lesson_calls_its_checkers_after_a_solution(name: str) -> None:
    """Each exercise is checked once, after a solution cell and a starter dict to fill in."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    ids = [i for i in exercise_ids() if exercise(i).notebook == name]
    for ex_id in ids:
        calls = [k for k, c in enumerate(nb.cells)
                 if c.cell_type == "code" and f'verifier("{ex_id}"' in c.source]
        assert len(calls) == 1, ex_id
        before = nb.cells[:calls[0]]
        assert any("solution" in c.metadata.get("tags", []) for c in before[-2:]), ex_id
        assert any("reponse = {" in c.source and "..." in c.source
                   for c in before if "solution" not in c.metadata.get("tags", [])), ex_id
    assert nb.metadata["fabrique_course"]["exercise_minutes"] >= 40


@pytest.mark.parametrize("name", EXERCISE_NOTEBOOKS)
def test_learner_edition_runs_top_to_bottom_with_friendly_messages(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without solutions, every verifier(...) says « à compléter »: no traceback."""
    from nbclient import NotebookClient

    monkeypatch.delenv(STRICT_ENV, raising=False)
    monkeypatch.setenv("FABRIQUE_COURSE_WORKSPACE", str(tmp_path / "espace"))
    nb = learner_edition(nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4))
    assert not any({"solution", "animateur"} & set(c.metadata.get("tags", []))
                   for c in nb.cells)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    checks = [c for c in nb.cells if c.cell_type == "code" and "verifier(" in c.source]
    assert checks
    for cell in checks:
        text = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        assert "Exercice à compléter" in text, text
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
            assert not [o for o in cell.outputs if o.get("name") == "stderr"], cell.source


def test_workspace_copies_are_learner_editions(tmp_path: Path) -> None:
    """Workspace copies have no solutions but the verifier calls, and a rerun rewrites nothing."""
    from fabrique_course._workspace import prepare_workspace

    prepare_workspace(tmp_path)
    for name in EXERCISE_NOTEBOOKS:
        nb = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
        assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells)
        assert any('verifier("' in c.source for c in nb.cells)
    report = prepare_workspace(tmp_path)  # nothing changed: nothing rewritten
    assert not report.updated
    assert not report.newer_available


# --------------------------------------------------------------------------- weight

def test_importing_the_package_loads_neither_pandas_nor_matplotlib() -> None:
    """Importing the package and its helpers loads none of pandas, matplotlib, numpy, IPython."""
    code = ("import sys, fabrique_course, fabrique_course.impact, fabrique_course.graphiques;"
            "from fabrique_course import verifier, donnees;"
            "import fabrique_course.exercises._engine;"
            "print(sorted(m for m in ('pandas', 'matplotlib', 'numpy', 'IPython') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=dict(os.environ))
    assert out.stdout.strip() == "[]"


def test_each_lesson_names_its_exercises_in_the_order_it_shows_them() -> None:
    """A lesson's ``exercises`` metadata (what the course map and the progress report
    list) are the exercises its cells check, in order; together, every exercise once, in
    course order, each in the lesson its texts file names."""
    from fabrique_course._lessons import lessons

    found: list[str] = []
    for lesson in lessons():
        nb = nbformat.read(REPO / "notebooks" / f"{lesson.name}.ipynb", as_version=4)
        called: list[str] = []
        for cell in nb.cells:
            for ex_id in re.findall(r'(?:verifier|formulaire)\("([^"]+)"', cell.source):
                if cell.cell_type == "code" and ex_id not in called:
                    called.append(ex_id)
        assert list(lesson.exercises) == called, lesson.name
        assert all(exercise(ex_id).notebook == lesson.name for ex_id in called)
        found += called
    assert found == exercise_ids()
