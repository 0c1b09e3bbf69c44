"""The impact exercises on the static site: the forms' HTML contract, the shared checking
vectors against the Python engine, and where the exporter puts forms and the reference
solution's verdict (no browser; tests/e2e/test_site.py runs the page's script)."""

from __future__ import annotations

import html
import json
import re

import nbformat
import pytest

from fabrique_course.exercises._engine import check, exercise, exercise_ids
from fabrique_course.exercises._verifier import result_html
from fabrique_course.publishing._exercise_forms import (
    REFERENCE_LABEL,
    exercise_data,
    exercise_form,
    form_answer,
)
from fabrique_course.publishing.exporter import (
    FabriqueExporter,
    course_map,
    lesson_exercises,
    progress_block,
)

from ..conftest import REPO, load_tool

VECTORS = REPO / "tests" / "data" / "exercise-vectors.json"


def test_python_engine_still_matches_the_shared_exercise_vectors() -> None:
    """The engine gives the vectors' results exactly, and the vectors file is up to date."""
    doc = json.loads(VECTORS.read_text(encoding="utf-8"))
    assert list(doc["exercises"]) == exercise_ids()
    for case in doc["cases"]:
        ex = exercise(case["exercise"])
        r = check(ex, form_answer(ex, case["inputs"]))
        got = {"status": r.status, "headline": r.headline,
               "fields": [{"key": v.key, "status": v.status, "message": v.message,
                           "mistake": v.mistake} for v in r.fields]}
        assert got == case["expected"], case
    for ex_id in exercise_ids():  # each exercise: right, every mistake, every status
        cases = [c for c in doc["cases"] if c["exercise"] == ex_id]
        assert {c["expected"]["status"] for c in cases} >= {"correct", "partial", "incomplet"}
        messages = {f["message"] for c in cases for f in c["expected"]["fields"]}
        for f in exercise(ex_id).fields:
            assert {m["message"] for m in exercise_data(exercise(ex_id))["fields"][
                [g.key for g in exercise(ex_id).fields].index(f.key)]["mistakes"]} <= messages
    mistakes = {f["mistake"] for c in doc["cases"] for f in c["expected"]["fields"]}
    assert mistakes >= {"bornes-inversees", "un-seul-nombre", "bornes-en-proportion",
                        "pourcentage-pour-proportion", "proportion-pour-points",
                        "proportion-hors-limites", "hausse-relative", ""}
    statuses = {f["status"] for c in doc["cases"] for f in c["expected"]["fields"]}
    assert statuses == {"correct", "incorrect", "illisible", "vide"}
    assert load_tool("make_exercise_vectors").main(["--check"]) == 0


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_form_contract(ex_id: str) -> None:
    """One labelled native input per value (name = key; an interval: -bas and -haut; a
    choice: radios), a submit button, a polite status region, the data as safe JSON."""
    ex = exercise(ex_id)
    page = exercise_form(ex)
    assert re.search(rf'<form class="fc-exercise" id="[^"]+" data-exercise-id="{ex_id}" '
                     rf'data-notebook="{ex.notebook}"', page)
    for f in ex.fields:
        if f.kind == "choix":
            radios = re.findall(
                rf'<input type="radio" id="([^"]+)" name="{f.key}" value="([^"]+)">', page)
            assert sorted(v for _, v in radios) == sorted(f.choices)
            ids = [i for i, _ in radios]
        elif f.kind == "intervalle":
            ids = [re.search(rf'id="([^"]+)"\s+name="{f.key}-{end}"', page).group(1)  # type: ignore[union-attr]
                   for end in ("bas", "haut")]
        else:
            ids = [re.search(rf'id="([^"]+)" name="{f.key}"', page).group(1)]  # type: ignore[union-attr]
        for control in ids:
            assert f'<label for="{control}"' in page, (f.key, control)
    assert '<button type="submit">Vérifier</button>' in page
    assert 'role="status" aria-live="polite"' in page
    data = re.search(r'class="fc-exercise-data">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    assert "<" not in data
    assert json.loads(data) == exercise_data(ex)


def lesson(with_form_cell: bool) -> nbformat.NotebookNode:
    """A lesson with an exercise: template, solution, verifier (its verdict as the site
    build gets it), and optionally the ``formulaire`` cell before the template."""
    ex = exercise("01_dimensionner")
    verdict = nbformat.v4.new_output("display_data", data={
        "text/html": result_html(check(ex, form_answer(ex, {
            "objets_par_an": "1896", "heures_agents_par_an": "318,7",
            "taux_restitution": "0,15", "intervalle_restitution-bas": "0,135",
            "intervalle_restitution-haut": "0,167", "indicateur": "c"}))),
        "text/plain": "…"})
    nb = nbformat.v4.new_notebook()
    nb.metadata["fabrique_course"] = {"phase": 1, "title": "Essai"}
    cells = [nbformat.v4.new_markdown_cell("# Essai", id="titre")]
    if with_form_cell:
        cells.append(nbformat.v4.new_code_cell('formulaire("01_dimensionner")', id="form"))
    cells += [
        nbformat.v4.new_code_cell('reponse = {"objets_par_an": ...}', id="modele"),
        nbformat.v4.new_code_cell("reponse = {}", id="sol", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell('verifier("01_dimensionner", reponse)', id="verif",
                                  outputs=[verdict]),
    ]
    nb.cells = cells
    return nb


@pytest.mark.parametrize("with_form_cell", [False, True])
def test_form_placed_and_reference_verdict_folded(with_form_cell: bool) -> None:
    """The form is at the ``formulaire`` cell if any, else at the ``verifier`` cell; the
    reference solution's verdict is inside the solution's fold, labelled, announced by
    no live region, and never under the learner's template."""
    body, _ = FabriqueExporter(inline_assets=False).from_notebook_node(
        lesson(with_form_cell), resources={"metadata": {"name": "01_investigation"}})
    page = str(body)
    forms = re.findall(r'<form [^>]*class="fc-exercise"[^>]*>', page)
    assert len(forms) == 1
    assert 'data-exercise-id="01_dimensionner"' in forms[0]
    fold = re.search(r'<details class="fc-solution">(.*?)</details>', page, re.S).group(1)  # type: ignore[union-attr]
    assert REFERENCE_LABEL in fold
    assert "Tout est juste (5 sur 5)" in fold
    outside = re.sub(r"<script.*?</script>", "", page.replace(fold, ""), flags=re.S)
    assert "Tout est juste" not in outside
    assert 'role="status" aria-live="polite" class="fc-feedback' not in fold
    form_at = page.index(forms[0])
    if with_form_cell:
        assert form_at < page.index("fc-solution")
        assert "formulaire(" not in page  # the helper's code is not shown
    else:
        assert form_at > page.index("</details>")
    assert 'src="assets/fabrique-exercise.js"' in page


def test_single_file_export_inlines_the_exercise_script() -> None:
    """The single-file export carries the exercise checker inline."""
    body, _ = FabriqueExporter().from_notebook_node(
        lesson(False), resources={"metadata": {"name": "01_investigation"}})
    assert "FabriqueExercise" in str(body)
    assert "<script src=" not in str(body)


# --------------------------------------------------------------------------- progress


def exercise_lines(block: str) -> list[tuple[str, str, str]]:
    """The exercise lines of a progress block: (id, title, text)."""
    return re.findall(r'<li data-fc-exercice="([^"]+)" data-titre="([^"]+)">([^<]*)</li>', block)


def test_progress_block_has_a_polite_line_per_impact_exercise() -> None:
    """Each impact exercise of the block gets a line « Exercice d'impact « … » : pas
    encore fait. » (the page script rewrites it) in a polite live region; a block without
    exercise has no such list. Titles are escaped."""
    block = progress_block("01_investigation", 21, "L'investigation",
                           [("01_dimensionner", "Dimensionner <vite>")])
    assert '<ul class="fc-progres-exercices" aria-live="polite">' in block
    assert exercise_lines(block) == [
        ("01_dimensionner", "Dimensionner &lt;vite&gt;",
         "Exercice d'impact « Dimensionner &lt;vite&gt; » : pas encore fait.")]
    bare = progress_block("00_demarche", 18, "La démarche")
    assert "data-fc-exercice" not in bare
    assert "aria-live" not in bare


def test_course_map_and_lesson_progress_name_each_lessons_exercises() -> None:
    """The course map's block of each lesson lists the lesson's impact exercises (ids from
    _lessons, titles from the engine), in order; lesson 00 has none; a lesson page's
    ``progress(...)`` block lists its own."""
    from fabrique_course._lessons import lessons

    page = course_map()
    blocks = dict(re.findall(r'data-fc-progres="([^"]+)"(.*?)(?=data-fc-progres=|$)', page,
                             re.S))
    seen = []
    for lesson in lessons():
        lines = exercise_lines(blocks[lesson.name])
        assert [x for x, _, _ in lines] == list(lesson.exercises)
        assert [t for _, t, _ in lines] == [html.escape(exercise(x).title)
                                            for x in lesson.exercises]
        assert lesson_exercises(lesson.name) == [(x, exercise(x).title)
                                                 for x in lesson.exercises]
        seen += lesson.exercises
    assert "Progression — " in blocks["00_demarche"]
    assert exercise_lines(blocks["00_demarche"]) == []
    assert sorted(seen) == sorted(exercise_ids())
    assert lesson_exercises("glossaire") == []
    nb = nbformat.v4.new_notebook()
    nb.metadata["fabrique_course"] = {"phase": 4, "title": "Essai"}
    nb.cells = [nbformat.v4.new_code_cell('progress("04_acceleration")', id="progres")]
    body, _ = FabriqueExporter(inline_assets=False).from_notebook_node(
        nb, resources={"metadata": {"name": "04_acceleration"}})
    assert [x for x, _, _ in exercise_lines(str(body))] == ["04_ab_test", "04_cohortes_couts"]
