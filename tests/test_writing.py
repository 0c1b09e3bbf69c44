"""Writing tasks (« À vous ») and readable progress: the store keeps every save of a text,
the export carries them (an optional field of version 2), the class dashboard reads such
files; ``ecrire(...)`` is a labelled text area that saves and restores; questions are
named by their number in the lesson and a short title; ``releve()`` shows it all."""

from __future__ import annotations

import json
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import jsonschema
import nbformat
import pytest

from fabrique_course import ProgressError, ecrire, load_bank, quiz, releve
from fabrique_course._lessons import lessons
from fabrique_course._progress import (
    EXPORT_VERSION,
    WRITING_MAX_CHARS,
    WRITING_ORIGINS,
    ProgressStore,
)
from fabrique_course._report import question_numbers, short_title, summarise_notebooks
from fabrique_course._widgets import Message, QuizView, ReleveView
from fabrique_course._workspace import open_store
from fabrique_course._writing import WritingView
from fabrique_course.facilitation._exports import read_export

from .conftest import REPO


def _schema() -> dict[str, Any]:
    text = resources.files("fabrique_course").joinpath("schemas/progress-export.schema.json")
    return dict(json.loads(text.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- the store

def test_every_save_of_a_text_is_kept_and_the_latest_wins(tmp_path: Path) -> None:
    """Two saves of a task are both kept, oldest first; the latest is the one shown."""
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record_writing("00_demarche", "fil-rouge-exercice", "Premier jet")
    store.record_writing("00_demarche", "fil-rouge-exercice", "Second jet\nsur deux lignes")
    store.record_writing("01_investigation", "a-vous-fiche", "Le drame…", origin="site")
    kept = store.writings("00_demarche")
    assert [w.text for w in kept] == ["Premier jet", "Second jet\nsur deux lignes"]
    latest = store.latest_writing("00_demarche", "fil-rouge-exercice")
    assert latest is not None
    assert latest.text == "Second jet\nsur deux lignes"
    assert store.latest_writing("00_demarche", "autre") is None
    assert [w.origin for w in store.writings()] == ["jupyter", "jupyter", "site"]


@pytest.mark.parametrize(("text", "origin", "message"), [
    ("   \n", "jupyter", "rien à enregistrer"),
    ("x" * (WRITING_MAX_CHARS + 1), "jupyter", "raccourcissez-le"),
    ("Un texte", "ailleurs", "n'a pas pu être enregistré"),
])
def test_a_text_the_store_cannot_keep_is_refused_in_french(tmp_path: Path, text: str,
                                                           origin: str, message: str) -> None:
    """Empty, too long, or from an unknown origin: a French ProgressError, nothing kept."""
    store = ProgressStore(tmp_path / "p.sqlite3")
    with pytest.raises(ProgressError, match=message):
        store.record_writing("00_demarche", "t", text, origin=origin)
    assert store.writings() == []


def test_export_carries_the_texts_only_when_there_are_some(tmp_path: Path) -> None:
    """Without any text the export has no « writings » (an older dashboard still reads
    it); with texts, every save is there, valid against the shipped schema, same version."""
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record("00_demarche", "q", "a", "correct", 1.0)
    bare = store.export()
    assert "writings" not in bare
    jsonschema.validate(bare, _schema())
    store.record_writing("00_demarche", "fil-rouge-exercice", "Quand je perds un objet…")
    store.record_writing("00_demarche", "fil-rouge-exercice", "Version 2", origin="texte")
    document = store.export()
    jsonschema.validate(document, _schema())
    assert document["version"] == EXPORT_VERSION == 2
    assert [(w["task_id"], w["text"], w["origin"]) for w in document["writings"]] == [
        ("fil-rouge-exercice", "Quand je perds un objet…", "jupyter"),
        ("fil-rouge-exercice", "Version 2", "texte")]
    assert set(document["writings"][0]) == {"notebook", "task_id", "text", "created_at",
                                           "origin"}


def test_schema_holds_the_writing_origins_and_limits() -> None:
    """The schema's origins and maximum length are _progress's; a blank or unknown-origin
    text is refused by it."""
    item = _schema()["properties"]["writings"]["items"]
    assert tuple(item["properties"]["origin"]["enum"]) == WRITING_ORIGINS
    assert item["properties"]["text"]["maxLength"] == WRITING_MAX_CHARS
    base = {"format": "fabrique-course/progression", "version": 2, "learner_id": "ab" * 16,
            "exported_at": "2026-05-12T10:00:00Z", "events": [], "exercises": []}
    good = {"notebook": "00_demarche", "task_id": "t", "text": "x",
            "created_at": "2026-05-12T10:00:00Z", "origin": "site"}
    jsonschema.validate(base | {"writings": [good]}, _schema())
    for bad in ({**good, "text": ""}, {**good, "origin": "courriel"}, {**good, "extra": 1}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(base | {"writings": [bad]}, _schema())


def test_a_version_2_file_without_texts_gains_them(tmp_path: Path) -> None:
    """A progress file written before writing tasks existed (schema 2, no table) opens,
    keeps everything, and keeps texts from then on."""
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).record("00_demarche", "q", "a", "correct", 1.0)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE writings")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    store = ProgressStore(path)
    assert len(store.events()) == 1
    store.record_writing("00_demarche", "t", "Un texte")
    assert [w.text for w in store.writings()] == ["Un texte"]


def test_the_dashboard_reads_files_with_texts_and_drops_a_bad_one(tmp_path: Path) -> None:
    """The class dashboard never refuses a file for its texts: sound ones are kept, a
    malformed one is dropped with a French warning, the answers still count."""
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record("00_demarche", "q", "a", "correct", 1.0)
    store.record_writing("00_demarche", "t", "Un texte")
    document = store.export()
    document["writings"].append({"notebook": "00_demarche", "task_id": "t", "text": 42,
                                 "created_at": "2026-05-12T10:00:00Z", "origin": "site"})
    path = tmp_path / "reponses-camille-2026-05-12.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    warnings: list[str] = []
    read = read_export(path, warnings)
    assert read is not None
    assert len(read["events"]) == 1
    assert [w["text"] for w in read["writings"]] == ["Un texte"]
    assert warnings == ["reponses-camille-2026-05-12.json : 1 texte(s) écrit(s) mal formée(s) "
                        "écartée(s), le reste est compté"]
    document["writings"] = "pas une liste"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert read_export(path, warnings) is None
    assert warnings[-1].endswith("liste des textes écrits invalide, ignoré")
    del document["writings"]
    path.write_text(json.dumps(document), encoding="utf-8")
    read = read_export(path, warnings)
    assert read is not None
    assert read["writings"] == []


# --------------------------------------------------------------------------- the lessons

def _lesson_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["fabrique_course"] = {"phase": 9, "title": "Essai", "teaching_minutes": 1,
                                      "exercise_minutes": 1}
    nb.cells = [
        nbformat.v4.new_markdown_cell("### À vous : écrire", id="a-vous"),
        nbformat.v4.new_code_cell('ecrire("99_essai", "a-vous", "Votre texte d\'essai")',
                                  id="ecrire-a-vous"),
        nbformat.v4.new_code_cell('quiz("99_essai", ["nombre", "vrai-faux"])', id="q1"),
        nbformat.v4.new_code_cell('quiz("99_essai", "choix-unique")', id="q2",
                                  metadata={"tags": ["animateur"]}),
        nbformat.v4.new_code_cell('quiz("99_essai", "ordre")\necrire(nom, "x")', id="q3"),
    ]
    path = folder / "99_essai.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_lesson_knows_its_questions_in_page_order_and_its_writing_tasks(
        course: Path) -> None:
    """Read from the literal calls of its code cells: the quiz questions in page order
    (facilitator cells left out, as in the learner edition) and the writing tasks with
    their instruction (a call whose arguments are not literals is not one)."""
    _lesson_notebook(course / "notebooks")
    [lesson] = lessons()
    assert lesson.questions == ("99_essai/nombre", "99_essai/vrai-faux", "99_essai/ordre")
    assert lesson.writings == (("a-vous", "Votre texte d'essai"),)
    numbers = question_numbers("99_essai")
    assert [numbers[q] for q in ("nombre", "vrai-faux", "ordre")] == [1, 2, 3]
    bank = [q.id for q in load_bank("99_essai").questions]
    rest = [q for q in bank if q not in ("nombre", "vrai-faux", "ordre")]
    assert [numbers[q] for q in rest] == list(range(4, 4 + len(rest)))


def test_questions_are_numbered_as_their_lesson_page_shows_them() -> None:
    """The course's lessons: « Question n » is the question's place in the page (lesson
    04 asks two questions out of bank order), every question of the bank numbered once."""
    numbers = question_numbers("04_acceleration")
    order = [q.id for q in load_bank("04_acceleration").questions]
    assert numbers["budget-acceleration"] == 2
    assert numbers["criteres-entree-preuves"] == 3
    assert order.index("criteres-entree-preuves") == 1
    for lesson in lessons(REPO / "notebooks"):
        numbers = question_numbers(lesson.name)
        assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize(("prompt", "title"), [
    ("Qui pilote une **Startup d'État** ?", "Qui pilote une Startup d'État ?"),
    ("Selon [le manifeste](https://beta.gouv.fr/manifeste), `impact` ou _usage_ ?",
     "Selon le manifeste, impact ou usage ?"),
    ("> Une citation\n1. puis une liste", "Une citation puis une liste"),
    ("Laquelle de ces descriptions correspond le mieux à une Startup d'État, telle que\nla "
     "définit le guide ?", "Laquelle de ces descriptions correspond le mieux à une Startup…"),
])
def test_short_title_is_the_prompts_first_words_as_plain_text(prompt: str, title: str) -> None:
    """No Markdown marker, no link address; a long prompt is cut at a word, with « … »."""
    assert short_title(prompt) == title
    assert len(short_title(prompt)) <= 70


LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_writing_task_has_its_text_area_then_its_folded_answer(path: Path) -> None:
    """Each « ### À vous » cell that asks to write is followed by its ecrire(...) cell
    (id « ecrire-<task> », this lesson, this task, an instruction), then by its answer,
    « Une réponse possible », in a closed <details> (never « open »), alone in its cell."""
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    found = []
    for k, cell in enumerate(cells):
        if cell.cell_type != "markdown" or not cell.source.lstrip().startswith("### À vous"):
            continue
        assert "<details" not in cell.source, cell.id  # the answer comes after the area
        writing, answer = cells[k + 1], cells[k + 2]
        assert writing.cell_type == "code"
        assert writing.id == f"ecrire-{cell.id}"
        assert f'ecrire("{path.stem}", "{cell.id}", "' in writing.source
        assert answer.cell_type == "markdown"
        assert answer.id == f"{cell.id}-reponse"
        assert answer.source.startswith("<details>\n<summary>Une réponse possible")
        assert answer.source.rstrip().endswith("</details>")
        assert "open" not in answer.source.split(">", 1)[0]
        found.append((cell.id, writing.source.rsplit('"', 2)[-2]))
    [lesson] = [x for x in lessons(REPO / "notebooks") if x.name == path.stem]
    assert list(lesson.writings) == found
    assert all(instruction for _, instruction in found)


def test_the_course_has_its_nine_writing_tasks() -> None:
    """The writing tasks the course asks for, lesson by lesson (a calculation graded by
    verifier or formulaire is not one)."""
    assert {x.name: [t for t, _ in x.writings] for x in lessons(REPO / "notebooks")} == {
        "00_demarche": ["fil-rouge-exercice"],
        "01_investigation": ["a-vous-guide-entretien", "a-vous-fiche", "a-vous-arreter"],
        "02_conception": [],
        "03_construction": ["a-vous-semaine-3", "a-vous-donnees"],
        "04_acceleration": ["matrice-retrouve"],
        "05_perennisation": ["arreter-exercice", "retrouve-exercice"],
    }


# --------------------------------------------------------------------------- ecrire


@pytest.mark.usefixtures("workspace")
def test_text_area_is_labelled_saves_every_version_and_comes_back(workspace: Path) -> None:
    """A labelled Textarea, « Enregistrer », a polite status; each save is kept, an
    unchanged or empty text is not; a new view (a new session) shows the latest text."""
    view = ecrire("00_demarche", "fil-rouge-exercice", "Votre reformulation du problème")
    assert isinstance(view, WritingView)
    assert isinstance(view.area, widgets.Textarea)
    assert view.area.continuous_update is False  # sent on blur: no echo over the typing
    assert view.area.description == "Votre reformulation du problème"
    assert view.save_button.description == "Enregistrer"
    assert 'aria-live="polite"' in view.status.value
    assert "fc-ecrit-00-demarche-fil-rouge-exercice" in view.box._dom_classes
    view.save_button.click()
    assert "Rien à enregistrer" in view.message
    view.area.value = "Quand je perds un objet, je ne sais pas où le chercher."
    view.save_button.click()
    assert view.message.startswith("Texte enregistré le ")
    assert view.message.endswith(". Il reste sur votre machine.")
    view.save_button.click()
    assert view.message == "Ce texte est déjà enregistré."
    view.area.value += "\nEt je dois appeler plusieurs services."
    view.save_button.click()
    assert "la version précédente reste gardée" in view.message
    kept = open_store(workspace).writings()
    assert [w.text.count("\n") for w in kept] == [0, 1]
    again = ecrire("00_demarche", "fil-rouge-exercice", "Votre reformulation du problème")
    assert isinstance(again, WritingView)
    assert again.area.value == kept[-1].text
    assert again.message.startswith("Dernière version enregistrée le ")


@pytest.mark.usefixtures("workspace")
def test_a_text_that_cannot_be_kept_stays_in_the_area(workspace: Path) -> None:
    """A store that cannot be opened, or a text too long: a French message, and the text
    is still in the area."""
    def broken() -> tuple[None, str]:
        return None, "Votre réponse n'a pas pu être enregistrée : disque plein."

    view = WritingView("00_demarche", "t", "Consigne", store_factory=broken)
    view.area.value = "Mon texte"
    assert view.save() is None
    assert "disque plein" in view.message
    assert "copiez-le" in view.message
    assert view.area.value == "Mon texte"
    long = WritingView("00_demarche", "t", "Consigne")
    long.area.value = "x" * (WRITING_MAX_CHARS + 5)
    long.save_button.click()
    assert "raccourcissez-le" in long.message
    assert len(long.area.value) == WRITING_MAX_CHARS + 5
    assert open_store(workspace).writings() == []


@pytest.mark.usefixtures("workspace")
def test_without_widgets_a_text_is_saved_with_texte(workspace: Path) -> None:
    """ecrire(..., texte=…) saves (origin « texte ») and says so; the view's text
    fallback tells how; bad arguments give a French message."""
    shown = ecrire("01_investigation", "a-vous-fiche", texte="Le drame : …")
    assert repr(shown).startswith("Texte enregistré le ")
    assert [(w.task_id, w.origin) for w in open_store(workspace).writings()] == [
        ("a-vous-fiche", "texte")]
    view = ecrire("01_investigation", "a-vous-fiche", "Votre fiche")
    bundle = view._repr_mimebundle_()  # type: ignore[union-attr]
    assert 'ecrire("01_investigation", "a-vous-fiche", texte="…votre texte…")' \
        in bundle["text/plain"]
    assert "Le drame : …" in bundle["text/plain"]
    assert "<pre>" in bundle["text/html"]
    assert isinstance(ecrire("", "x"), Message)


# --------------------------------------------------------------------------- progress, relevé

@pytest.mark.usefixtures("workspace")
def test_quiz_widgets_carry_their_number_in_the_lesson() -> None:
    """A lesson's question shows « Question n » as its page does, even alone in a cell."""
    view = quiz("04_acceleration", ["criteres-entree-preuves", "budget-acceleration"])
    assert isinstance(view, QuizView)
    assert [qw.number for qw in view.questions] == [3, 2]
    alone = quiz("04_acceleration", "comite-objectifs")
    assert isinstance(alone, QuizView)
    assert alone.questions[0].number == question_numbers("04_acceleration")["comite-objectifs"]


@pytest.mark.usefixtures("workspace")
def test_releve_lists_answers_scores_exercises_texts_and_what_to_review(
        workspace: Path) -> None:
    """releve(): per lesson, each question answered by number and short title with its
    state and score, the exercises, the texts (escaped), and what to review."""
    store = open_store(workspace)
    bank = load_bank("04_acceleration")
    question = bank.get("budget-acceleration")
    store.record("04_acceleration", question.id, "x", "partial", 0.5)
    store.record_exercise("04_acceleration", "04_ab_test", {"p_valeur": "1"},
                          {"p_valeur": {"status": "incorrect", "mistake": ""}},
                          "incorrect", 0.0)
    store.record_writing("04_acceleration", "matrice-retrouve", "Coût <b>600 €</b>\nPuis 386 €")
    shown = releve("04_acceleration")
    assert isinstance(shown, ReleveView)
    page = shown._repr_html_()
    name = f"Question 2 — {short_title(question.prompt)}"
    assert f"<td>{name.replace(chr(39), '&#x27;')}</td><td>en partie juste</td><td>50 %</td>" \
        in page
    assert "Lire un A/B test" in page
    assert "<b>" not in page
    assert "Coût &lt;b&gt;600 €&lt;/b&gt;\nPuis 386 €</blockquote>" in page
    assert "<p><strong>À revoir :</strong></p><ul>" in page
    assert "(à revoir)</li>" in page  # the exercise
    text = repr(shown)
    assert "à revoir : Question 2 — " in text
    assert "    Puis 386 €" in text
    summary = summarise_notebooks(["04_acceleration"], store.events(),
                                  store.exercise_checks(), store.writings())[0]
    assert summary.written == 1
