"""The facilitator's answer key of each impact exercise: made from the engine, every value
it writes graded by the checker as it says, French numbers, Markdown that renders; placed
after each exercise's form in the three facilitator front ends (the workspace, the site's
``animateur/`` pages, the deck's speaker notes) and never in the learner's; the note on
running the two paths side by side."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from fabrique_course._editions import (
    edition,
    edition_bytes,
    exercise_key_places,
    facilitator_edition,
    learner_edition,
)
from fabrique_course._errors import FabriqueError, UnknownExerciseError
from fabrique_course._lessons import lessons
from fabrique_course._workspace import prepare_workspace
from fabrique_course.cli import main
from fabrique_course.exercises._answer_key import answer_key, answer_key_markdown, field_keys
from fabrique_course.exercises._engine import (
    GENERIC_MISTAKES,
    Exercise,
    Field,
    check,
    exercise,
    exercise_ids,
)
from fabrique_course.publishing.exporter import FabriqueExporter, FabriqueSlidesExporter

from ..conftest import MARKDOWN_MARKERS, REPO, visible_text

NOTEBOOKS = REPO / "notebooks"
#: A lesson of each exercise, from the lessons' metadata.
LESSON_OF = {ex: lesson.name for lesson in lessons() for ex in lesson.exercises}
#: The first line of every exercise key (the quiz keys' is « Clé des réponses (animation) »).
KEY_TITLE = "Clé des réponses (animation) — exercice"
#: A number as the key writes it: decimal comma, thousands by a narrow no-break space.
FRENCH_NUMBER = re.compile(r"-?\d{1,3}(?:\u202f\d{3})*(?:,\d+)?(?:\u202f%)?")
#: The engine-wide mistakes a value of each kind can meet.
GENERIC_BY_KIND = {"nombre": set(), "choix": set(),
                   "proportion": {"pourcentage-pour-proportion", "proportion-hors-limites"},
                   "points": {"proportion-pour-points"},
                   "intervalle": {"bornes-inversees", "un-seul-nombre", "bornes-en-proportion"}}


def one_line(text: str) -> str:
    """``text`` on one line, as the key writes an author's text."""
    return " ".join(text.split())


def verdict(ex: Exercise, f: Field, typed: Any) -> Any:
    """The checker's verdict on ``typed`` given for field ``f`` alone."""
    return next(v for v in check(ex, {f.key: typed}).fields if v.key == f.key)


def blocks(markdown: str) -> list[list[str]]:
    """The key's lines, one list per value (each starts with « - ** »)."""
    out: list[list[str]] = []
    for line in markdown.splitlines():
        if line.startswith("- **"):
            out.append([line])
        elif line.startswith("  ") and out:
            out[-1].append(line)
    return out


def said(f: Field, mistake: str) -> str:
    """What the key says of a recognised mistake: a wrong choice's feedback, else the
    text the learner reads for it (one line, final full stop)."""
    text = f.choices[mistake[6:]][1] if mistake.startswith("choix-") else f.mistake_text(mistake)
    text = one_line(text)
    text = text[:1].upper() + text[1:] if f.kind == "choix" else text
    return text if text.endswith(".") else text + "."


def quoted(text: str) -> list[str]:
    """The parts of ``text`` between « and »."""
    return re.findall(r"« ([^»]*?) »", text)


def typed_of(f: Field, shown: str) -> Any:
    """What a learner types for a value the key shows: its quoted parts, as read by the
    checker (an interval's two bounds as a pair)."""
    values = quoted(shown)
    return tuple(values) if f.kind == "intervalle" and len(values) == 2 else values[0]


# --------------------------------------------------------------------------- the key itself

@pytest.mark.parametrize("ex_id", exercise_ids())
def test_every_value_the_key_writes_is_graded_as_the_key_says(ex_id: str) -> None:
    """Read from the Markdown, each value's expected spellings are graded right, and each
    mistake line's value gets the very message (or meaning) the line gives."""
    ex = exercise(ex_id)
    text = answer_key(ex_id)
    assert text.startswith(f"**{KEY_TITLE} « {ex.title} »**")
    found = blocks(text)
    assert len(found) == len(ex.fields)
    for f, lines in zip(ex.fields, found, strict=True):
        assert f"(`{f.key}` :" in lines[0]
        assert one_line(f.label)[1:] in lines[0]  # its first letter is capitalised
        if f.unit and f.unit != "points":
            assert f", en {f.unit})" in lines[0]
        right = lines[1].split(" : ", 1)[1].split(" ; ")[0].split(" — ")[0]
        spellings = right.split(" ou ") if f.kind != "intervalle" else [right]
        for shown in spellings:
            assert verdict(ex, f, typed_of(f, shown)).status == "correct", (f.key, shown)
        seen = set()
        for line in (x for x in lines if x.startswith("    - ")):
            shown, tells = line[6:].split(" — ", 1)
            if not quoted(shown):  # a family of values: no single example
                mistake = next(k for k in GENERIC_MISTAKES if tells == said(f, k))
            else:
                got = verdict(ex, f, typed_of(f, shown))
                assert got.status == "incorrect", (f.key, shown)
                mistake = got.mistake
                assert mistake, (f.key, shown)
                assert tells == said(f, mistake), (f.key, shown)
            seen.add(mistake)
        declared = {m.id for m in f.mistakes} | {f"choix-{k}" for k in f.choices
                                                 if k != f.expected}
        assert declared <= seen, (f.key, declared - seen)
        assert seen - declared <= GENERIC_BY_KIND[f.kind], (f.key, seen - declared)
        if f.kind == "proportion":
            assert "pourcentage-pour-proportion" in seen
        if f.kind == "intervalle":
            assert {"bornes-inversees", "un-seul-nombre"} <= seen
            assert ("bornes-en-proportion" in seen) == (f.unit == "points")
        if f.hint and f.kind != "choix":
            assert one_line(f.hint)[1:] in lines[-1]
    assert text.endswith(one_line(ex.conclusion)[1:].rstrip(".") + ".")


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_the_keys_entries_are_what_the_checker_does(ex_id: str) -> None:
    """The structured key: right values graded right, each mistake's example recognised
    as that very mistake, every declared mistake and wrong choice present."""
    ex = exercise(ex_id)
    for key in field_keys(ex):
        f = key.field
        assert key.right
        for entry in key.right:
            assert verdict(ex, f, entry.typed).status == "correct", (f.key, entry)
        for entry in key.mistakes:
            assert entry.text == said(f, entry.mistake), entry
            if entry.typed is not None:
                got = verdict(ex, f, entry.typed)
                assert (got.status, got.mistake) == ("incorrect", entry.mistake), entry
        ids = [e.mistake for e in key.mistakes]
        assert len(ids) == len(set(ids))
        assert {m.id for m in f.mistakes} <= set(ids)


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_numbers_are_written_the_french_way(ex_id: str) -> None:
    """Every number the key quotes has a decimal comma and narrow-space thousands."""
    ex = exercise(ex_id)
    numbers = 0
    for f, lines in zip(ex.fields, blocks(answer_key(ex_id)), strict=True):
        if f.kind == "choix":
            continue
        for line in lines[1:]:
            if line.startswith("  - Toute autre valeur fausse"):
                continue  # the hint, in the author's words
            shown = line.split(" — ")[0].split(" ; ")[0]
            for value in quoted(shown):
                assert FRENCH_NUMBER.fullmatch(value), (f.key, value)
                numbers += 1
    assert numbers >= len(ex.fields)
    assert "\u202f" in answer_key("01_dimensionner")  # « 1 896 », « 19 122 »


def test_the_key_is_made_from_the_engine_not_typed_in() -> None:
    """Change an exercise's values or words: its key follows."""
    ex = exercise("04_ab_test")
    f = ex.fields[0]
    changed = dataclasses.replace(
        f, expected=42.0,
        mistakes=(dataclasses.replace(f.mistakes[0], message="message d'essai inédit"),))
    text = answer_key_markdown(dataclasses.replace(ex, fields=(changed, *ex.fields[1:])))
    assert "Attendu : « 42 » points" in text
    assert "Message d'essai inédit." in text
    assert "« 12 » points" not in text


def test_the_key_renders_as_markdown_and_escapes_raw_html() -> None:
    """Rendered like any Markdown cell, a key shows no Markdown marker and no raw HTML."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    for ex_id in exercise_ids():
        shown = visible_text(markdown2html_mistune(answer_key(ex_id)))
        assert not MARKDOWN_MARKERS.search(shown), (ex_id, MARKDOWN_MARKERS.search(shown))
    ex = exercise("04_ab_test")
    f = ex.fields[0]
    hostile = dataclasses.replace(f, mistakes=(dataclasses.replace(
        f.mistakes[0], message="<script>alert(1)</script> *petite*"),))
    page = markdown2html_mistune(answer_key_markdown(
        dataclasses.replace(ex, fields=(hostile, *ex.fields[1:]))))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <em>petite</em>" in page


# --------------------------------------------------------------------------- where it goes

def code(source: str, cell_id: str) -> Any:
    """A code cell."""
    return nbformat.v4.new_code_cell(source, id=cell_id)


def test_key_places_are_the_form_else_the_check() -> None:
    """After the form cell if any, else after the first ``verifier`` cell; once each."""
    cells = [code('verifier("04_ab_test", reponse)', "v1"),
             code('formulaire("04_ab_test")', "f1"),
             code('verifier("02_tests", reponse)', "v2"),
             code('verifier("02_tests", reponse)\nverifier(nom, reponse)', "v3"),
             nbformat.v4.new_markdown_cell('formulaire("01_dimensionner")', id="texte")]
    places = exercise_key_places(cells)
    assert [(c.id, ex_id) for c, ex_id in places] == [("f1", "04_ab_test"), ("v2", "02_tests")]


def small_lesson() -> Any:
    """A lesson with one exercise's form, template and check, and an unknown exercise."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["fabrique_course"] = {"phase": 4, "title": "Essai"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Essai", id="titre"),
                code('formulaire("04_ab_test")', "form"),
                code('reponse = {"ecart_points": ...}', "modele"),
                code('verifier("04_ab_test", reponse)', "verif"),
                code('formulaire("inconnu")', "autre")]
    return nb


def test_facilitator_edition_puts_each_key_after_its_form_and_learners_never_see_it() -> None:
    """The edition with a key maker: the key, tagged like a quiz's, after the form; an
    exercise the maker cannot build gets none; the learner edition has no key at all."""
    nb = small_lesson()
    out = facilitator_edition(nb, answer_key)
    ids = [c.id for c in out.cells]
    assert ids == ["titre", "form", "cle-exercice-04_ab_test", "modele", "verif", "autre"]
    key = out.cells[2]
    assert key.cell_type == "markdown"
    assert key.metadata["tags"] == ["animateur", "cle-reponses"]
    assert key.source == answer_key("04_ab_test")
    assert [c.id for c in facilitator_edition(nb).cells] == [c.id for c in nb.cells]
    for learner in (learner_edition(nb), edition(nb, "apprenant", answer_key)):
        assert not any(KEY_TITLE in c.source for c in learner.cells)

    def broken(exercise_id: str) -> str:
        raise UnknownExerciseError(f"exercice inconnu : « {exercise_id} »")

    assert [c.id for c in facilitator_edition(nb, broken).cells] == [c.id for c in nb.cells]
    with pytest.raises(FabriqueError):
        answer_key("inconnu")


def test_workspace_facilitator_edition_has_every_lessons_exercise_keys(tmp_path: Path) -> None:
    """`lab --animateur` writes each exercise's key right after its form in the lessons;
    the learner workspace has none."""
    ws = tmp_path / "salle"
    assert main(["lab", "--animateur", "--espace", str(ws), "--preparer-seulement"]) == 0
    assert LESSON_OF
    for ex_id, lesson in LESSON_OF.items():
        cells = nbformat.read(ws / f"{lesson}.ipynb", as_version=4).cells
        ids = [c.id for c in cells]
        at = ids.index(f"cle-exercice-{ex_id}")
        assert ids[at - 1] == f"formulaire-{ex_id}"
        assert cells[at].source == answer_key(ex_id)
        assert set(cells[at].metadata["tags"]) == {"animateur", "cle-reponses"}
    learner = tmp_path / "apprenant"
    assert main(["lab", "--espace", str(learner), "--preparer-seulement"]) == 0
    for path in learner.glob("*.ipynb"):
        assert KEY_TITLE not in path.read_text(encoding="utf-8"), path.name
    prepare_workspace(tmp_path / "direct", edition="apprenant", exercise_keys=answer_key)
    assert not any(KEY_TITLE in p.read_text(encoding="utf-8")
                   for p in (tmp_path / "direct").glob("*.ipynb"))


def test_edition_bytes_pass_the_key_maker_down() -> None:
    """The bytes the workspace writes carry the keys only for the facilitator."""
    path = NOTEBOOKS / "05_perennisation.ipynb"
    facilitator = edition_bytes(path, "animateur", answer_key).decode("utf-8")
    assert facilitator.count(KEY_TITLE) == 2
    assert KEY_TITLE not in edition_bytes(path, "apprenant", answer_key).decode("utf-8")


def page(nb: Any, name: str, edition_name: str) -> str:
    """The site page of ``nb`` in edition ``edition_name``."""
    body, _ = FabriqueExporter(edition=edition_name, inline_assets=False).from_notebook_node(
        nbformat.from_dict(nb), resources={"metadata": {"name": name}})
    return str(body)


def rendered(markdown: str) -> list[str]:
    """Lines a reader sees in the key: its value lines, as HTML text."""
    return [html.escape(visible_text(line), quote=False)
            for line in re.findall(r"<li>(.*?)</li>", _mistune(markdown))]


def _mistune(markdown: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return str(markdown2html_mistune(markdown))


def test_site_facilitator_page_has_the_key_after_the_form_learner_page_not() -> None:
    """The site's facilitator page: each exercise's key, in a facilitator note, after
    its form; the learner page of the same lesson has no key."""
    nb = nbformat.read(NOTEBOOKS / "04_acceleration.ipynb", as_version=4)
    facilitator = page(nb, "04_acceleration", "animateur")
    for ex_id in ("04_ab_test", "04_cohortes_couts"):
        at = facilitator.index(f'id="cell-id=cle-exercice-{ex_id}"')
        assert facilitator.index(f'data-exercise-id="{ex_id}"') < at
        note = facilitator.rindex('<div class="fc-animateur" role="note"', 0, at)
        assert facilitator[note:at].count("<div") <= 2  # the key is that note's cell
        key = answer_key(ex_id)
        assert html.escape(f"{KEY_TITLE} « {exercise(ex_id).title} »", quote=False) \
            in facilitator
        for f in exercise(ex_id).fields:
            for m in f.mistakes:
                assert html.escape(one_line(m.message)[1:], quote=False) in facilitator, m.id
        assert all(line in facilitator for line in rendered(key)[:3])
    learner = page(nb, "04_acceleration", "apprenant")
    assert "cle-exercice" not in learner
    assert KEY_TITLE not in learner


def test_facilitator_deck_has_the_key_as_speaker_notes_learner_deck_not() -> None:
    """In the facilitator deck each exercise's key is a speaker note; not in the learner's."""
    nb = nbformat.read(NOTEBOOKS / "01_investigation.ipynb", as_version=4)
    deck, _ = FabriqueSlidesExporter(edition="animateur").from_notebook_node(
        nbformat.from_dict(nb), resources={"metadata": {"name": "01_investigation"}})
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', str(deck), re.S)
    keyed = [n for n in notes if 'id="cell-id=cle-exercice-01_dimensionner"' in n]
    assert len(keyed) == 1
    assert html.escape(f"{KEY_TITLE} « {exercise('01_dimensionner').title} »",
                       quote=False) in keyed[0]
    learner, _ = FabriqueSlidesExporter().from_notebook_node(
        nbformat.from_dict(nb), resources={"metadata": {"name": "01_investigation"}})
    assert KEY_TITLE not in str(learner)
    assert "cle-exercice" not in str(learner)


def test_the_facilitator_page_is_the_same_on_every_export() -> None:
    """The exercise keys have stable ids: two exports write the same page."""
    nb = small_lesson()
    first = page(nb, "04_acceleration", "animateur")
    assert 'id="cell-id=cle-exercice-04_ab_test"' in first
    assert "cle-exercice-inconnu" not in first  # an exercise that cannot be built
    assert page(nb, "04_acceleration", "animateur") == first


# --------------------------------------------------------------------------- the room note

def test_the_two_paths_note_opens_the_first_exercise_for_facilitators_only() -> None:
    """Lesson 01 says, before its exercise, how to run the form and the code side by side
    with the course's own tools; the learner edition does not have it."""
    nb = nbformat.read(NOTEBOOKS / "01_investigation.ipynb", as_version=4)
    ids = [c.id for c in nb.cells]
    at = ids.index("animateur-01-deux-chemins")
    note = nb.cells[at]
    assert note.metadata["tags"] == ["animateur"]
    assert at < ids.index("formulaire-01_dimensionner-consigne")
    assert ids[at + 1] == "exercice-01-consigne"
    assert not note.source.startswith("**Animation")  # adds no minutes to the lesson's
    for words in ("formulaire", "donnees-tableur/", "reponse = {...}", "verifier(",
                  "même vérificateur", "binôme", "fabrique-course classe", "clé des réponses",
                  "site hors ligne"):
        assert words in note.source, words
    assert not re.search(r"\d+\s*min", note.source)  # no timing it could not source
    assert "animateur-01-deux-chemins" not in [c.id for c in learner_edition(nb).cells]
