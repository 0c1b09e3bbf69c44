"""Shape and hygiene of the course notebooks (nbval runs them; these tests read them)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

from fabrique_course import load_bank
from fabrique_course._lessons import PHASES, lessons
from fabrique_course.cli import quiz_references

from .conftest import LESSONS, NOTEBOOKS, REPO, load_tool

#: Every notebook the normaliser looks after: the course's and the facilitator's.
NORMALISED = NOTEBOOKS + sorted((REPO / "notebooks" / "animateur").glob("*.ipynb"))


def _tool() -> ModuleType:
    return load_tool("normalise_notebooks")


def _markdown(nb: nbformat.NotebookNode) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_course_has_a_home_and_lessons() -> None:
    """The course ships its home notebook and at least the first lesson."""
    names = [p.name for p in NOTEBOOKS]
    assert "accueil.ipynb" in names
    assert "00_demarche.ipynb" in names


@pytest.mark.parametrize("path", NORMALISED, ids=lambda p: p.stem)
def test_notebook_is_normalised(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`tools/normalise_notebooks.py --check` passes: no execution counts, no widget state,
    outputs only on NBVAL_CHECK_OUTPUT cells, each of which has its reference output."""
    assert _tool().main(["--check", str(path)]) == 0, capsys.readouterr().err
    assert '"output_type": "error"' not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_cell_ids_are_readable_and_unique(path: Path) -> None:
    """Cell ids are stable, human-chosen names (no random hex), unique in the notebook."""
    nb = nbformat.read(path, as_version=4)
    ids = [c.id for c in nb.cells]
    assert len(ids) == len(set(ids))
    for cell_id in ids:
        assert not re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){0,3}(-[0-9a-f]{12})?", cell_id)
        assert sum(ch.isalpha() for ch in cell_id) >= 3, cell_id


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_has_the_carpentries_shape(path: Path) -> None:
    """Questions and objectives in the first cell, minutes in metadata, a fiction notice
    (the headings' order is test_lesson_follows_the_common_skeleton's)."""
    nb = nbformat.read(path, as_version=4)
    info = nb.metadata["fabrique_course"]
    assert isinstance(info["phase"], int)
    assert info["title"]
    assert info["teaching_minutes"] > 0
    assert info["exercise_minutes"] > 0
    first = next(c.source for c in nb.cells
                 if not {"navigation", "animateur"} & set(c.metadata.get("tags", [])))
    assert "Questions" in first
    assert "Objectifs" in first
    assert "fictif" in _markdown(nb).lower()


#: The `##` headings every lesson has, in this order (its numbered sections go between
#: « Comment utiliser ce notebook » and « Où en êtes-vous ? »), in JupyterLab; on the site,
#: the instructions are those of the page (cells tagged ``site``, not ``jupyter``).
SKELETON = ["Questions", "Objectifs", "Comment utiliser ce notebook",
            "Où en êtes-vous ?", "Points clés", "Références"]
SITE_SKELETON = [h.replace("ce notebook", "cette page") for h in SKELETON]
#: What a lesson may add after its references.
AFTER_REFERENCES = {"Et maintenant ?"}


def _headings(nb: nbformat.NotebookNode, elsewhere: str = "site") -> list[str]:
    """The lesson's `##` headings, in order (navigation and facilitator cells left out), as
    JupyterLab shows them — or the site, with ``elsewhere="jupyter"``."""
    return [line[3:].strip() for c in nb.cells
            if c.cell_type == "markdown"
            and not {"navigation", "animateur", elsewhere} & set(c.metadata.get("tags", []))
            for line in c.source.splitlines() if line.startswith("## ")]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
@pytest.mark.parametrize("where", ["jupyter", "site"])
def test_lesson_follows_the_common_skeleton(path: Path, where: str) -> None:
    """The `##` headings give the skeleton in order, numbered sections 1, 2… in between,
    in JupyterLab and on the site (where the instructions say how the page works)."""
    skeleton = SITE_SKELETON if where == "site" else SKELETON
    headings = _headings(nbformat.read(path, as_version=4),
                         elsewhere="jupyter" if where == "site" else "site")
    assert [h for h in headings if h in skeleton] == skeleton, headings
    start = 3  # Questions, Objectifs, Comment utiliser…
    assert headings[:start] == skeleton[:start], headings
    end = headings.index("Où en êtes-vous ?")
    assert headings[end:end + 3] == skeleton[start:], headings
    assert set(headings[end + 3:]) <= AFTER_REFERENCES, headings
    numbers = [int(m.group(1)) for h in headings[start:end]
               if (m := re.match(r"(\d+)\. ", h))]
    assert numbers, headings
    assert numbers == list(range(1, len(numbers) + 1)), headings


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_quiz_call_names_an_existing_question(path: Path) -> None:
    """Each literal quiz()/repondre() call names a bank of the course and one of its
    questions (the notebook half of `fabrique-course verifier`, whatever the bank)."""
    for cell, bank, qid in quiz_references(path):
        assert qid in {q.id for q in load_bank(bank).questions}, (cell, bank, qid)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_checks_understanding_every_twenty_minutes(path: Path) -> None:
    """A quiz cell per 20 minutes of lesson at least, covering every question of the bank."""
    nb = nbformat.read(path, as_version=4)
    info = nb.metadata["fabrique_course"]
    minutes = info["teaching_minutes"] + info["exercise_minutes"]
    refs = quiz_references(path)
    quiz_cells = {cell for cell, _, _ in refs}
    assert len(quiz_cells) >= math.ceil(minutes / 20) - 1, (len(quiz_cells), minutes)
    bank = load_bank(path.stem)
    used = {qid for _, b, qid in refs if b == path.stem}
    assert used == {q.id for q in bank.questions}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_bank_is_rich_enough(path: Path) -> None:
    """Each lesson has at least 10 questions using at least 4 question types."""
    bank = load_bank(path.stem)
    assert len(bank.questions) >= 10
    assert len({q.type for q in bank.questions}) >= 4


def test_home_notebook_opens_with_the_map() -> None:
    """The home notebook explains how to use the course and shows the course map."""
    nb = json.loads((REPO / "notebooks" / "accueil.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in nb["cells"])
    assert "Comment utiliser ce cours" in text
    assert "sommaire()" in text
    assert "--reinitialiser" in text


def test_normaliser_keeps_only_reference_outputs() -> None:
    """The normaliser keeps outputs of NBVAL_CHECK_OUTPUT cells and strips all the rest."""
    tool = _tool()
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {}}, "kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    kept = nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\n1 + 1", id="garde-sortie",
                                     execution_count=3)
    kept.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"},
                                           execution_count=3)]
    dropped = nbformat.v4.new_code_cell("quiz('x')", id="sans-sortie", execution_count=4,
                                        metadata={"scrolled": True, "tags": ["t"]})
    dropped.outputs = [nbformat.v4.new_output("stream", name="stdout", text="bruit")]
    nb.cells = [kept, dropped]
    out = tool.normalise(nb)
    assert "widgets" not in out.metadata
    assert out.cells[0].outputs[0]["data"]["text/plain"] == "2"
    assert out.cells[0].outputs[0].execution_count is None
    assert out.cells[1].outputs == []
    assert out.cells[1].metadata == {"tags": ["t"]}
    assert all(c.execution_count is None for c in out.cells)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_says_where_it_stands_in_the_method(path: Path) -> None:
    """Top and bottom navigation cells give the lesson's number, previous, next (or the end of
    the course) and home links."""
    nb = nbformat.read(path, as_version=4)
    top, bottom = nb.cells[0], nb.cells[-1]
    assert top.id == "navigation-haut"
    assert bottom.id == "navigation-bas"
    phase = nb.metadata["fabrique_course"]["phase"]
    assert top.source.startswith(f"**Leçon {phase:02d} · ")
    assert bottom.source.startswith(f"**Fin de la leçon {phase:02d}.**")
    last = phase == PHASES[-1][0]
    for cell in (top, bottom):
        assert "[Accueil du parcours](accueil.ipynb)" in cell.source
        assert ("Suivant" in cell.source) != last
        assert ("fin du parcours" in cell.source) == last
        assert "pas encore publiée" not in cell.source
        assert ("Précédent" in cell.source) == (phase > 0)
    for target in re.findall(r"\]\(([^)]+\.ipynb)\)", top.source + bottom.source):
        assert (REPO / "notebooks" / target).is_file(), target


PHASE_NAMES = ["00_demarche", "01_investigation", "02_conception", "03_construction",
               "04_acceleration", "05_perennisation"]


def test_course_covers_every_phase_of_the_method() -> None:
    """Six lessons (00–05), 70 questions or more, all six question types used."""
    assert [p.stem for p in LESSONS] == PHASE_NAMES
    banks = [load_bank(name) for name in PHASE_NAMES]
    assert sum(len(b.questions) for b in banks) >= 70
    assert {q.type for b in banks for q in b.questions} == {
        "single", "multiple", "true_false", "numeric", "order", "match"}


@pytest.mark.parametrize("name", PHASE_NAMES[1:])
def test_phase_lesson_ends_with_a_comite_scenario(name: str) -> None:
    """Each phase has 12+ questions and a comité d'investissement scenario shown near the end."""
    bank = load_bank(name)
    assert len(bank.questions) >= 12
    comite = [q.id for q in bank.questions if q.id.startswith("comite-")]
    assert comite, "no comité scenario question"
    nb = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
    cells = [c.id for c in nb.cells]
    refs = {qid: cell for cell, _, qid in quiz_references(REPO / "notebooks" / f"{name}.ipynb")}
    last_third = cells[2 * len(cells) // 3:]
    assert all(refs[qid] in last_third for qid in comite)


def _has_exercises(nb: nbformat.NotebookNode) -> bool:
    return any((c.cell_type == "code" and "quiz(" in c.source)
               or (c.cell_type == "markdown" and "À vous" in c.source) for c in nb.cells)


def test_minutes_add_up_and_exercises_are_timed() -> None:
    """The course map sums the lessons' minutes; a lesson with exercises has exercise minutes."""
    total = 0
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        info = nb.metadata["fabrique_course"]
        if _has_exercises(nb):
            assert info["exercise_minutes"] > 0, path.name
        total += info["teaching_minutes"] + info["exercise_minutes"]
    assert sum(lesson.minutes for lesson in lessons(REPO / "notebooks")) == total
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"{total} minutes" in readme
    questions = sum(len(load_bank(path.stem).questions) for path in LESSONS)
    assert f"{questions} questions" in readme


def test_readme_course_map_matches_the_notebooks() -> None:
    """Each lesson's row in the README's course map gives its metadata minutes."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for lesson in lessons(REPO / "notebooks"):
        row = next((line for line in readme.splitlines()
                    if line.startswith(f"| `{lesson.name}` |")), None)
        assert row is not None, lesson.name
        assert f"{lesson.teaching_minutes} + {lesson.exercise_minutes} min" in row


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_banner_gives_the_metadata_minutes(path: Path) -> None:
    """The « environ N minutes de lecture, M minutes d'exercices » line never goes stale."""
    nb = nbformat.read(path, as_version=4)
    info = nb.metadata["fabrique_course"]
    banner = (f"environ {info['teaching_minutes']} minutes de lecture, "
              f"{info['exercise_minutes']} minutes d'exercices")
    assert any(banner in c.source for c in nb.cells)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_objectives_are_the_banks(path: Path) -> None:
    """The « Objectifs » list of each lesson is its bank's objectives, in the same order."""
    bank = load_bank(path.stem)
    nb = nbformat.read(path, as_version=4)
    assert bank.objectives
    assert bank.objectives_markdown() in _markdown(nb)


def test_normaliser_regenerates_objectives_and_check_fails_on_drift(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A hand-edited « Objectifs » list is not normalised: `--check` fails, and normalising
    writes back the bank's list."""
    tool = _tool()
    source = REPO / "notebooks" / "01_investigation.ipynb"
    copy = tmp_path / source.name
    bank = load_bank("01_investigation")
    first = f"- {bank.objectives[0].text}"
    text = source.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    cell = next(c for c in nb.cells if first in c.source)
    cell.source = cell.source.replace(first, "- **formuler** un besoin.")
    nbformat.write(nb, copy)
    copy.write_text(copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert tool.main(["--check", str(copy)]) == 1
    assert "01_investigation.ipynb : pas normalisé" in capsys.readouterr().err
    assert tool.main([str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == text
    assert tool.main(["--check", str(copy)]) == 0


def test_normaliser_refuses_a_lesson_without_objectives_list(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A lesson whose « Objectifs » heading or list is gone cannot be generated: `--check`
    names it."""
    tool = _tool()
    source = REPO / "notebooks" / "00_demarche.ipynb"
    nb = nbformat.read(source, as_version=4)
    cell = next(c for c in nb.cells if "## Objectifs" in c.source)
    cell.source = cell.source.replace("## Objectifs", "## Buts")
    copy = tmp_path / source.name
    nbformat.write(nb, copy)
    assert tool.main(["--check", str(copy)]) == 1
    assert "00_demarche.ipynb : pas de liste sous « ## Objectifs »" in capsys.readouterr().err
