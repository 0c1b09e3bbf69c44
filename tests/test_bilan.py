"""Tests of the bilan: competences (content/competences.yaml and the banks' objectives),
the pure mastery computation (_bilan), ``bilan()`` in a notebook (_bilan_view), the site's
map (publishing._bilan_page) and the shared vectors held with the site's script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from fabrique_course import bilan, check_content, load_bank
from fabrique_course._bilan import (
    NOT_STARTED,
    _Value,
    bilan_data,
    bilan_json,
    compute,
    heading_anchor,
    mastery_status,
    notebook_links,
)
from fabrique_course._content import competence_counts, load_competences
from fabrique_course._progress import ProgressStore
from fabrique_course._workspace import progress_path
from fabrique_course.cli import main

from .conftest import load_tool, visible_text

REPO = Path(__file__).resolve().parents[1]
VECTORS = REPO / "tests" / "data" / "bilan-vectors.json"


# --------------------------------------------------------------------------- competences

def test_competences_are_the_eight_of_the_fact_base() -> None:
    """The list is the certification page's 8 competences, labelled as the fact base says,
    with its source and a note naming the version and the other versions."""
    found = load_competences()
    assert not found.problems
    assert [c.label for c in found.competences] == [
        "pitch", "investigation du problème", "conception/priorisation", "prototypage",
        "test", "déploiement", "financement",
        "mettre en place et maintenir une cohésion d'équipe"]
    assert found.source == ("[DOC:travailler-chez-beta.gouv.fr/les-differents-metiers/"
                            "intrapreneur/certification-des-intrapreneurs/README.md]")
    assert "2ba8e2b8" in found.note
    assert "7 compétences" in found.note
    assert "« stratégie produit » au lieu de « prototypage »" in found.note
    assert "pas une préparation officielle" in found.note


def test_every_objective_names_a_known_competence() -> None:
    """Each objective of each bank serves one competence of the list; each competence is
    served by at least one objective."""
    known = set(load_competences().ids)
    banks, problems = check_content()
    assert not problems
    used = {o.competence for b in banks for o in b.objectives}
    assert used <= known
    assert used == known
    counts = competence_counts(banks)
    assert sum(c.objectives for c in counts) == sum(len(b.objectives) for b in banks)


def test_verifier_refuses_an_unknown_competence(tmp_path: Path) -> None:
    """A bank whose objective names an unknown competence is refused, with the file, the
    objective and the field."""
    source = (REPO / "content" / "quiz" / "00_demarche.yaml").read_text(encoding="utf-8")
    old = "    competence: cohesion-equipe\n"
    assert old in source
    path = tmp_path / "00_demarche.yaml"
    path.write_text(source.replace(old, "    competence: esprit-d-equipe\n", 1),
                    encoding="utf-8")
    banks, problems = check_content([path])
    assert banks == []
    assert len(problems) == 1
    problem = problems[0]
    assert problem.field == "objectifs.associer-acteurs-roles.competence"
    assert problem.file.endswith("00_demarche.yaml")
    assert problem.line is not None
    assert ("l'objectif « associer-acteurs-roles » nomme la compétence « esprit-d-equipe », "
            "inconnue de content/competences.yaml") in problem.message


def test_verifier_refuses_an_objective_without_competence(tmp_path: Path) -> None:
    """The old shape (id: text) is refused by the schema, in French."""
    source = (REPO / "content" / "quiz" / "00_demarche.yaml").read_text(encoding="utf-8")
    path = tmp_path / "00_demarche.yaml"
    path.write_text(source.replace("    competence: cohesion-equipe\n", "", 1), encoding="utf-8")
    _banks, problems = check_content([path])
    assert [p.message for p in problems] == ["champ obligatoire « competence » manquant"]


def test_verifier_prints_one_line_per_competence(capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course verifier` lists, for each competence, its objectives, questions and
    exercise values."""
    assert main(["verifier"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("✔ compétences"))
    for label in ("pitch", "prototypage", "mettre en place et maintenir une cohésion d'équipe"):
        assert re.search(re.escape(label) + r" \d+/\d+/\d+", line), label


def test_broken_competences_file_is_reported(course: Path) -> None:
    """A broken competences file is a content problem named by its file."""
    (course / "content" / "competences.yaml").write_text("competences: [a, b]\n",
                                                         encoding="utf-8")
    _banks, problems = check_content()
    assert any(p.file.endswith("competences.yaml") for p in problems)


# --------------------------------------------------------------------------- mastery

@pytest.mark.parametrize(("answered", "right", "expected"), [
    (0, 0, NOT_STARTED),
    (1, 1, "en cours"),  # one right answer is not enough to say « maîtrisé »
    (1, 0, "à revoir"),
    (2, 2, "maîtrisé"),
    (2, 1, "en cours"),  # 50 %: not under the review threshold
    (5, 4, "maîtrisé"),  # 80 %: the mastered threshold itself
    (10, 7, "en cours"),
    (10, 8, "maîtrisé"),
    (10, 4, "à revoir"),
    (3, 1, "à revoir"),
])
def test_status_thresholds_at_their_edges(answered: int, right: int, expected: str) -> None:
    """The status rule: ≥ 80 % with at least 2 items is « maîtrisé », < 50 % « à revoir »."""
    assert mastery_status(answered, right) == expected


def _test_map(values: list[_Value] | None = None) -> dict[str, object]:
    """The map of the test bank 99_essai (its objectives serve « test » and « financement »)."""
    return bilan_data([load_bank("99_essai")], values=values or [])


def test_empty_progress_is_not_started(course: Path) -> None:
    """Without any answer, every lesson, objective and competence is « pas encore commencé »."""
    result = compute(_test_map(), [])
    assert not result.started
    summary = bilan_json(result)
    assert summary["lessons"]["99_essai"]["mastery"] == [0, 0, 7, NOT_STARTED]
    assert all(v[-1] == NOT_STARTED for v in summary["competences"].values())
    assert result.lessons[0].review == ()


def test_latest_answer_wins(course: Path) -> None:
    """A wrong answer then a right one counts as right, and leaves « À revoir »."""
    data = _test_map()
    wrong = compute(data, [("99_essai", "choix-unique", "incorrect")])
    assert [r.key for r in wrong.lessons[0].review] == ["choix-unique"]
    assert wrong.lessons[0].review[0].name.startswith("Question 1 — ")
    fixed = compute(data, [("99_essai", "choix-unique", "incorrect"),
                           ("99_essai", "choix-unique", "correct")])
    lesson = fixed.lessons[0]
    assert (lesson.mastery.answered, lesson.mastery.right) == (1, 1)
    assert lesson.review == ()
    objective = next(o for o in lesson.objectives if o.id == "piloter-par-impact")
    assert objective.mastery.status == "en cours"
    assert objective.mastery.rate_text() == "100 % sur 1 question ou valeur"


def test_partial_answer_is_not_right(course: Path) -> None:
    """A partly right answer is answered, not right, and listed « en partie juste »."""
    result = compute(_test_map(), [("99_essai", "choix-multiple", "partial")])
    assert result.lessons[0].mastery.right == 0
    assert [r.state for r in result.lessons[0].review] == ["en partie juste"]


def test_exercise_values_count_for_their_objectives(course: Path) -> None:
    """Each exercise value counts for its objectives (latest verdict; empty or unreadable
    verdicts are not answers) and for the competences they serve."""
    value = _Value("99_essai", "99_ex", "Exercice", "taux", "le taux", ("situer-phases",))
    data = _test_map([value])
    checks = [("99_essai", "99_ex", {"taux": {"status": "incorrect"}}),
              ("99_essai", "99_ex", {"taux": {"status": "correct"}}),
              ("99_essai", "99_ex", {"taux": {"status": "vide"}})]
    result = compute(data, [], checks)
    objective = next(o for o in result.lessons[0].objectives if o.id == "situer-phases")
    assert (objective.mastery.answered, objective.mastery.right) == (1, 1)
    financement = next(c for c in result.competences if c.id == "financement")
    assert (financement.mastery.answered, financement.mastery.right) == (1, 1)
    wrong = compute(data, [], checks[:1])
    assert [r.key for r in wrong.lessons[0].review] == ["99_ex/taux"]


def test_competence_aggregates_its_objectives(course: Path) -> None:
    """A competence's items are those of its objectives, across lessons, each counted once."""
    data = _test_map()
    answers = [(q.bank, q.id, "correct") for q in load_bank("99_essai").questions]
    result = compute(data, answers)
    by_id = {c.id: c for c in result.competences}
    bank = load_bank("99_essai")
    serving = {"test": "piloter-par-impact", "financement": "situer-phases"}
    for cid, oid in serving.items():
        expected = sum(1 for q in bank.questions if oid in q.objectives)
        assert by_id[cid].mastery.total == expected
        assert by_id[cid].mastery.status == "maîtrisé"
        assert by_id[cid].objectives == 1
    assert by_id["pitch"].mastery.status == NOT_STARTED


def test_shared_vectors_match_python() -> None:
    """Python gives exactly the shared vectors' results (the site's script runs them too)."""
    doc = json.loads(VECTORS.read_text(encoding="utf-8"))
    assert doc["format"] == "fabrique-course/vecteurs-du-bilan"
    for case in doc["cases"]:
        if case["kind"] == "etat":
            assert mastery_status(case["answered"], case["right"]) == case["expected"], case
        else:
            result = compute(doc["maps"][case["map"]],
                             [(e["notebook"], e["question_id"], e["status"])
                              for e in case["events"]],
                             [(c["notebook"], c["exercise_id"], c["fields"])
                              for c in case["exercises"]])
            assert bilan_json(result) == case["expected"], case["name"]


def test_vectors_file_is_current() -> None:
    """tests/data/bilan-vectors.json is what tools/make_bilan_vectors.py writes now."""
    assert load_tool("make_bilan_vectors").main(["--check"]) == 0


# --------------------------------------------------------------------------- bilan()

def test_bilan_html_before_any_answer(workspace: Path) -> None:
    """With an empty progress, bilan() shows a « pas encore commencé » bilan: French,
    captioned tables with header scopes, the certification sentence, no error."""
    page = bilan()._repr_html_()
    assert 'lang="fr"' in page
    assert page.count("<caption>") >= 3
    assert '<th scope="col">' in page
    assert '<th scope="row">' in page
    text = visible_text(page)
    assert "Ce cours n'est pas une préparation officielle à cette certification" in text
    assert "certification des intrapreneur·es que propose beta.gouv.fr" in text
    assert "rien n'est envoyé nulle part" in text
    assert "Pas encore commencé" in text
    assert "Rien à revoir pour l'instant." in text
    assert "2ba8e2b8" in text  # the version of the page the list comes from
    assert "@media print" in page


def test_bilan_lists_a_wrong_answer_with_a_link_to_its_section(workspace: Path) -> None:
    """A wrong answer is listed under « À revoir », linked to its lesson's section."""
    store = ProgressStore(progress_path(workspace))
    question = load_bank("00_demarche").questions[0]
    store.record("00_demarche", question.id, "x", "incorrect", 0.0)
    view = bilan()
    page = view._repr_html_()
    links = notebook_links("00_demarche", REPO / "notebooks")
    href = links[question.id]
    assert href.startswith("00_demarche.ipynb#")
    assert f'href="{href}"' in page.replace("&#x27;", "'")
    assert "à revoir" in repr(view)
    review = page.split("<h2>À revoir</h2>")[1]
    assert "Question" in review
    assert "00_demarche.ipynb#" in review


def test_bilan_says_when_the_progress_file_cannot_be_read(workspace: Path) -> None:
    """A corrupt progress file: the bilan says so in French, and still shows."""
    path = progress_path(workspace)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"pas une base SQLite" * 200)
    page = bilan()._repr_html_()
    assert 'role="alert"' in page
    assert "n'a pas pu être lu" in visible_text(page)
    assert "Par compétence" in page


def test_heading_anchor_is_jupyterlab_s() -> None:
    """A heading's anchor is its plain text with spaces as dashes, as JupyterLab writes it."""
    assert heading_anchor("Le **comité** d'investissement") == "Le-comité-d'investissement"


# --------------------------------------------------------------------------- the site

def test_site_map_comes_from_the_content() -> None:
    """bilan.html's data island is written from the banks: every question with its
    objectives and a link to its form, every objective with its competence."""
    from fabrique_course.publishing._bilan_page import bilan_block

    block = bilan_block()
    raw = block.split('class="fc-bilan-donnees">')[1].split("</script>")[0]
    data = json.loads(raw)
    assert [c[0] for c in data["competences"]] == load_competences().ids
    for lesson in data["lessons"]:
        bank = load_bank(lesson["notebook"])
        assert set(lesson["questions"]) == {q.id for q in bank.questions}
        for q in bank.questions:
            info = lesson["questions"][q.id]
            assert info["objectives"] == list(q.objectives)
            assert info["link"].startswith(f"{bank.notebook}.html#fc-")
        assert [o[2] for o in lesson["objectives"]] == [o.competence for o in bank.objectives]
    assert "<style>" in block
    assert 'lang="fr"' in block


def test_bank_objectives_keep_their_schema_shape() -> None:
    """Every bank's objectives are {texte, competence} mappings (the documented format)."""
    for path in sorted((REPO / "content" / "quiz").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for oid, objective in data["objectifs"].items():
            assert set(objective) == {"texte", "competence"}, (path.name, oid)
