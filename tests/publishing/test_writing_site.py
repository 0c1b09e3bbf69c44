"""The site's side of writing tasks and readable progress: ``ecrire(...)`` cells become
labelled native text areas, progress blocks carry each question's number, short title and
address, the course map and lesson pages link « Mon relevé », a page of its own."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from fabrique_course import load_bank
from fabrique_course._lessons import lessons
from fabrique_course._render import dom_id
from fabrique_course._report import question_numbers, short_title
from fabrique_course.publishing._static import releve_block, releve_data, writing_form
from fabrique_course.publishing.exporter import FabriqueExporter, course_map, progress_block

from ..conftest import REPO


def test_writing_form_contract() -> None:
    """A form with a stable id, a textarea with a real label and a description, a submit
    button « Enregistrer », a polite status line; the instruction is escaped."""
    form = writing_form("00_demarche", "fil-rouge-exercice", "Votre <texte> « court »")
    base = "fc-ecrit-00-demarche-fil-rouge-exercice"
    assert form.startswith(f'<form class="fc-ecrit" id="{base}" data-notebook="00_demarche" '
                           'data-task-id="fil-rouge-exercice" novalidate>')
    assert f'<label for="{base}-texte">Votre &lt;texte&gt; « court »</label>' in form
    assert f'<textarea id="{base}-texte" name="{base}-texte" rows="8" ' \
           f'aria-describedby="{base}-aide"></textarea>' in form
    assert '<button type="submit">Enregistrer</button>' in form
    assert 'role="status" aria-live="polite"' in form
    assert "envoyé nulle part" in form


def _questions_data(block: str) -> dict[str, Any]:
    found = re.search(r'data-questions="([^"]*)"', block)
    assert found is not None
    return dict(json.loads(html.unescape(found.group(1))))


def test_progress_block_names_questions_by_number_and_title_with_their_address() -> None:
    """Each question of the bank: its number in the lesson, its short title, the address
    of its form (« #… » on its own page, « <page>#… » on the course map); the writing
    tasks' count; the link to « Mon relevé » only when asked."""
    bank = load_bank("04_acceleration")
    numbers = question_numbers("04_acceleration")
    block = progress_block("04_acceleration", len(bank.questions), "L'accélération")
    data = _questions_data(block)
    assert sorted(data) == sorted(q.id for q in bank.questions)
    for q in bank.questions:
        assert data[q.id] == [numbers[q.id], short_title(q.prompt), f"#{dom_id(q)}"]
    assert data["budget-acceleration"][0] == 2
    assert '<div class="fc-progres-revoir"></div>' in block
    assert "Mon relevé" not in block
    tasks = next(x.writings for x in lessons() if x.name == "04_acceleration")
    assert [t for t, _ in tasks] == ["matrice-retrouve"]
    assert f'data-fc-ecrits="{html.escape(json.dumps(["matrice-retrouve"]))}"' in block
    assert "Textes écrits : 0 sur 1." in block
    linked = progress_block("04_acceleration", 25, "L'accélération", page="04_acceleration.html",
                            releve="releve.html")
    assert _questions_data(linked)["budget-acceleration"][2] == \
        "04_acceleration.html#fc-04-acceleration-budget-acceleration"
    assert '<a href="releve.html">Mon relevé' in linked
    page = course_map(releve="releve.html")
    assert page.count('href="releve.html"') == 1
    assert 'data-questions="' in page
    assert "00_demarche.html#fc-00-demarche-" in html.unescape(page)


def _page(cells: list[Any], releve: str = "") -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["fabrique_course"] = {"phase": 0, "title": "Essai"}
    nb.cells = cells
    body, _ = FabriqueExporter(inline_assets=False, releve=releve).from_notebook_node(
        nb, resources={"metadata": {"name": "00_demarche"}})
    return str(body)


def test_an_ecrire_cell_becomes_a_text_area_and_its_answer_stays_folded() -> None:
    """The site shows the text area, not the call; the « Une réponse possible » of the
    Markdown stays a closed <details>; the progress cell links « Mon relevé » when the
    site has one."""
    page = _page([
        nbformat.v4.new_markdown_cell("### À vous : reformuler\n\nRéécrivez la phrase.",
                                      id="fil-rouge-exercice"),
        nbformat.v4.new_code_cell('from fabrique_course import ecrire\n\n'
                                  'ecrire("00_demarche", "fil-rouge-exercice", "Votre phrase")',
                                  id="ecrire-fil-rouge-exercice"),
        nbformat.v4.new_markdown_cell("<details>\n<summary>Une réponse possible</summary>\n\n"
                                      "Un exemple.\n</details>", id="fil-rouge-reponse"),
        nbformat.v4.new_code_cell('progress("00_demarche")', id="progres"),
    ], releve="releve.html")
    assert 'id="fc-ecrit-00-demarche-fil-rouge-exercice"' in page
    assert "ecrire(" not in page
    assert "<details>\n<summary>Une réponse possible</summary>" in page
    assert "<details open" not in page
    assert '<a href="releve.html">Mon relevé' in page
    assert "Mon relevé" not in _page([nbformat.v4.new_code_cell('progress("00_demarche")',
                                                                id="progres")])


def test_the_releve_page_is_a_template_and_the_lessons_data() -> None:
    """releve.html: its words in templates/pages/releve.md.j2, its record a releve() cell
    the exporter fills with every lesson's questions, exercises and writing tasks."""
    from fabrique_course.publishing._pages import learner_releve

    nb = learner_releve()
    assert nb.metadata["fabrique_course"]["title"] == "Mon relevé"
    assert [c.id for c in nb.cells] == ["introduction", "releve"]
    assert nb.cells[1].source == "releve()"
    assert nb.cells[0].source.startswith("# Mon relevé\n")
    data = releve_data()
    assert [x["notebook"] for x in data] == [x.name for x in lessons()]
    for lesson, entry in zip(lessons(), data, strict=True):
        assert entry["page"] == f"{lesson.name}.html"
        assert entry["writings"] == [[t, i or t, f"{lesson.name}.html#fc-ecrit-"
                                      + f"{lesson.name}-{t}".replace("_", "-")]
                                     for t, i in lesson.writings]
        assert len(entry["questions"]) == len(load_bank(lesson.name).questions)
    block = releve_block()
    assert '<div class="fc-releve" id="fc-releve" lang="fr">' in block
    payload = re.search(r'class="fc-releve-donnees">(.*?)</script>', block, re.S)
    assert payload is not None
    assert "<" not in payload.group(1)
    assert json.loads(payload.group(1)) == data
    page = FabriqueExporter(inline_assets=False, releve="releve.html").from_notebook_node(
        nb, resources={"metadata": {"name": "releve"}})[0]
    assert page.count("<h1") == 1
    assert 'id="fc-releve"' in page
    assert "releve()" not in page


def test_the_releve_page_depends_on_every_bank(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """« Mon relevé » names every lesson's questions: fixing any question's prompt changes
    its page key, as for the course map."""
    from fabrique_course import _banks
    from fabrique_course.publishing._cache import page_key
    from fabrique_course.publishing._pages import learner_releve

    root = tmp_path / "cours"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    monkeypatch.setenv("FABRIQUE_COURSE_ROOT", str(root))
    before = page_key("commun", "apprenant", "releve", learner_releve())
    bank = root / "content" / "quiz" / "03_construction.yaml"
    _banks._load.cache_clear()
    first = load_bank("03_construction").questions[0].prompt.splitlines()[0]
    bank.write_text(bank.read_text(encoding="utf-8").replace(first, "Corrigé : " + first, 1),
                    encoding="utf-8")
    assert page_key("commun", "apprenant", "releve", learner_releve()) != before
