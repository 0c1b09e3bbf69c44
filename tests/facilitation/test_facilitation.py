"""Facilitated sessions: editions, agenda, class dashboard, Moodle export."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import nbformat
import pytest

from fabrique_course import bank_names, load_bank
from fabrique_course._content import Bank, Question
from fabrique_course._editions import answer_key_markdown, facilitator_edition, learner_edition
from fabrique_course._errors import AgendaError, UnknownLessonError
from fabrique_course._lessons import lessons
from fabrique_course._progress import EXPORT_FORMAT, EXPORT_VERSION
from fabrique_course.cli import main
from fabrique_course.facilitation._agenda import agenda, agenda_html, agenda_lines
from fabrique_course.facilitation._classe import (
    Classe,
    ClasseError,
    QuestionRow,
    read_class,
)
from fabrique_course.facilitation._demo import write_demo_exports
from fabrique_course.facilitation._moodle import moodle_xml, read_moodle_xml

from ..conftest import MARKDOWN_MARKERS, REPO, visible_text

LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


# --------------------------------------------------------------------------- editions

@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_edition_of_each_lesson(path: Path) -> None:
    """The learner edition drops notes and solutions; the facilitator's adds answer keys."""
    source = nbformat.read(path, as_version=4)
    notes = [c for c in source.cells if "animateur" in c.metadata.get("tags", [])]
    assert notes, "aucune note d'animation"
    assert any("Activité de groupe" in c.source for c in notes)
    learner = learner_edition(source)
    tags = [set(c.metadata.get("tags", [])) for c in learner.cells]
    assert not any({"animateur", "solution"} & t for t in tags)
    facilitator = facilitator_edition(source)
    ftags = [set(c.metadata.get("tags", [])) for c in facilitator.cells]
    assert sum("animateur" in t for t in ftags) > len(notes)  # notes + answer keys
    assert any("cle-reponses" in t for t in ftags)
    if any("solution" in t for t in (set(c.metadata.get("tags", [])) for c in source.cells)):
        assert any("solution" in t for t in ftags)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_facilitator_notes_minutes_add_up(path: Path) -> None:
    """The « (environ N min) » of the section notes add up to the lesson's minutes."""
    import re

    nb = nbformat.read(path, as_version=4)
    info = nb.metadata["fabrique_course"]
    total = 0
    for cell in nb.cells:
        if "animateur" in cell.metadata.get("tags", []) \
                and cell.source.startswith("**Animation"):
            match = re.search(r"\(environ (\d+) min", cell.source.splitlines()[0])
            assert match, cell.source.splitlines()[0]
            total += int(match.group(1))
    assert total == info["teaching_minutes"] + info["exercise_minutes"]


def test_answer_key_names_the_misconception_of_each_wrong_option() -> None:
    """The answer key lists every option and the feedback of each wrong one."""
    nb = facilitator_edition(nbformat.read(REPO / "notebooks" / "00_demarche.ipynb",
                                           as_version=4))
    keys = "\n".join(c.source for c in nb.cells
                     if "cle-reponses" in c.metadata.get("tags", []))
    q = load_bank("00_demarche").get("manifeste-pilier-impact")
    for option in q.options:
        assert f"`{option.id}`" in keys
        if not option.correct:
            assert " ".join(option.feedback.split()) in keys


def test_lab_animateur_prepares_the_facilitator_edition(tmp_path: Path) -> None:
    """`lab --animateur --preparer-seulement` writes the facilitator edition to the workspace."""
    ws = tmp_path / "salle"
    assert main(["lab", "--animateur", "--espace", str(ws), "--preparer-seulement"]) == 0
    nb = nbformat.read(ws / "01_investigation.ipynb", as_version=4)
    assert any("animateur" in c.metadata.get("tags", []) for c in nb.cells)
    assert any("solution" in c.metadata.get("tags", []) for c in nb.cells)


# --------------------------------------------------------------------------- agenda

def test_agenda_is_built_from_the_lessons_minutes() -> None:
    """The agenda sums the lessons' minutes, with welcome, breaks and lunch, no block too long."""
    slots = agenda("09:30", "00,01,02")
    work = [s for s in slots if s.kind in ("cours", "exercices")]
    chosen = [lesson for lesson in lessons() if lesson.name[:2] in ("00", "01", "02")]
    assert sum(s.minutes for s in work) == sum(lesson.minutes for lesson in chosen)
    assert slots[0].label.startswith("Accueil")
    assert slots[0].start == 9 * 60 + 30
    assert any(s.kind == "dejeuner" for s in slots)
    assert any(s.kind == "pause" for s in slots)
    for before, after in itertools.pairwise(slots):
        assert after.start == before.end or after.day == before.day + 1
    run = 0
    for s in slots:  # never more than 90 min of work plus one block without a break
        run = 0 if s.kind in ("pause", "dejeuner", "accueil") else run + s.minutes
        assert run <= 90 + max(lesson.exercise_minutes for lesson in lessons())
    assert agenda_lines(slots)[-1].endswith("min de cours et d'exercices.")
    assert "<caption>Déroulé de la séance</caption>" in agenda_html(slots)


def test_agenda_spreads_the_whole_course_over_days() -> None:
    """The whole course spreads over two days, none ending after 17:30."""
    slots = agenda("09:30")
    assert slots[-1].day == 2
    assert all(s.end <= 17 * 60 + 30 for s in slots)


def test_agenda_blocks_follow_where_the_quizzes_sit() -> None:
    """No block of quizzes: every quiz of a lesson sits in one of its numbered sections,
    so the lesson's « cours » block announces them; its « exercices » block is what follows
    them: impact exercises and the closing scenario (a group activity in lesson 00)."""
    import re

    slots = {(s.notebook, s.kind): s.label for s in agenda("09:30") if s.notebook}
    for lesson in lessons():
        nb = nbformat.read(REPO / "notebooks" / f"{lesson.name}.ipynb", as_version=4)
        section, quiz_sections, impact_sections = "", [], []
        for cell in nb.cells:
            if "animateur" in cell.metadata.get("tags", []):
                continue
            if cell.cell_type == "markdown":
                section = next((line[3:] for line in reversed(cell.source.splitlines())
                                if line.startswith("## ")), section)
            elif "quiz(" in cell.source:
                quiz_sections.append(section)
            elif "formulaire(" in cell.source:
                impact_sections.append(section)
        assert quiz_sections, lesson.name
        assert all(re.match(r"\d+\. ", s) for s in quiz_sections), (lesson.name, quiz_sections)
        assert all(s.startswith("Exercice d'impact") for s in impact_sections), lesson.name
        assert "avec les quiz de ses sections" in slots[(lesson.name, "cours")]
        after = slots[(lesson.name, "exercices")]
        assert "quiz" not in after, after
        assert ("exercices d'impact" in after) == bool(lesson.exercises), after


@pytest.mark.parametrize(("start", "selection", "words"), [
    ("25:00", None, "heure illisible"), ("9h", "07", "leçon inconnue"),
    ("09:00", "00", None)])
def test_agenda_input(start: str, selection: str | None, words: str | None) -> None:
    """A bad hour or an unknown lesson gets a French message; a good input a schedule."""
    if words is None:
        assert agenda(start, selection)[0].start == 9 * 60
        return
    with pytest.raises((AgendaError, UnknownLessonError), match=words):
        agenda(start, selection)


def test_agenda_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course agenda` prints the timetable and writes a French page with no URL."""
    page = tmp_path / "agenda.html"
    assert main(["agenda", "--debut", "09:30", "--notebooks", "00,01,02", "--html",
                 str(page)]) == 0
    out = capsys.readouterr().out
    assert "09:30–09:45  Accueil, installation, tour de table (15 min)" in out
    text = page.read_text(encoding="utf-8")
    assert '<html lang="fr">' in text
    assert "http" not in text


# --------------------------------------------------------------------------- dashboard

def test_dashboard_with_a_room_of_thirty(tmp_path: Path) -> None:
    """Thirty demo exports give pseudonymised learners, hard questions and CSV files."""
    write_demo_exports(tmp_path, 30)
    room = read_class(tmp_path)
    assert len(room.learners) == 30
    assert room.warnings == []
    assert [learner.pseudonym for learner in room.learners][:2] == ["Apprenant·e 01",
                                                                    "Apprenant·e 02"]
    hard = [q for q in room.questions if q.answered and q.wrong_count]
    assert hard
    choice = next(q for q in hard if q.misconception)
    assert choice.rate is not None
    assert 0 <= choice.rate < 1
    text = "\n".join(room.lines())
    assert "Questions à reprendre en priorité" in text
    assert {n.notebook for n in room.notebooks} == set(bank_names())
    csvs = room.csv_files()
    assert csvs["apprenants.csv"].count("\n") == 31
    assert all(learner.learner_id not in csvs["apprenants.csv"] for learner in room.learners)


def test_dashboard_counts_each_learner_once_and_the_latest_answer(tmp_path: Path) -> None:
    """A learner exported twice counts once, with the newer file's latest answer."""
    q = load_bank("00_demarche").get("manifeste-pilier-impact")
    wrong = next(o.id for o in q.options if not o.correct)
    right = next(o.id for o in q.options if o.correct)

    def doc(exported: str, answers: list[tuple[str, bool]]) -> dict[str, object]:
        return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
                "learner_id": "a" * 32, "exported_at": exported,
                "events": [{"notebook": "00_demarche", "question_id": q.id, "answer": a,
                            "status": "correct" if ok else "incorrect", "score": float(ok),
                            "correct": ok, "created_at": f"2026-11-30T10:0{k}:00Z",
                            "origin": "site"} for k, (a, ok) in enumerate(answers)],
                "exercises": []}

    (tmp_path / "matin.json").write_text(json.dumps(doc("2026-11-30T12:00:00Z",
                                                        [(wrong, False)])))
    (tmp_path / "soir.json").write_text(json.dumps(doc("2026-11-30T17:00:00Z",
                                                       [(wrong, False), (right, True)])))
    room = read_class(tmp_path)
    row = next(r for r in room.questions if r.question_id == q.id)
    assert (row.answered, row.right) == (1, 1)
    assert len(room.learners) == 1
    assert any("matin.json" in w and "plus récent" in w for w in room.warnings)


def test_bad_files_are_skipped_escaped_and_listed(tmp_path: Path) -> None:
    """Truncated, foreign, duplicate, huge or hostile files are skipped, escaped and listed."""
    write_demo_exports(tmp_path, 5)
    good = json.loads((tmp_path / "apprenant-0001.json").read_text())
    (tmp_path / "tronque.json").write_text((tmp_path / "apprenant-0002.json").read_text()[:200])
    (tmp_path / "pas-json.json").write_text("<html>bonjour</html>")
    (tmp_path / "latin1.json").write_bytes("é".encode("latin-1"))
    (tmp_path / "futur.json").write_text(json.dumps({**good, "version": EXPORT_VERSION + 1}))
    (tmp_path / "autre.json").write_text(json.dumps({"format": "autre chose"}))
    shutil.copyfile(tmp_path / "apprenant-0003.json", tmp_path / "copie.json")
    hostile = dict(good, learner_id="b" * 32)
    hostile["events"] = [dict(good["events"][0], answer="<script>alert(1)</script>",
                              status="incorrect", correct=False, score=0.0),
                         {"notebook": "<img src=x onerror=alert(1)>", "question_id": 5}]
    (tmp_path / "<b>hostile<b>.json").write_text(json.dumps(hostile))
    (tmp_path / "gros.json").write_bytes(b" " * 5_000_001)
    room = read_class(tmp_path)
    assert len(room.learners) == 6  # 5 demo learners + the hostile one (its good event kept)
    joined = "\n".join(room.warnings)
    for name in ("tronque.json", "pas-json.json", "latin1.json", "futur.json", "autre.json",
                 "copie.json", "gros.json"):
        assert name in joined, name
    assert f"version {EXPORT_VERSION + 1} non prise en charge" in joined
    assert "1 réponse(s) mal formée(s)" in joined
    page = room.html()
    assert "<script>" not in page
    assert "<img" not in page
    assert "&lt;b&gt;hostile&lt;b&gt;.json" in page


def _schema_cases(good: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    """Export documents the shipped schema refuses, each with the reason the dashboard gives."""
    event = good["events"][0]
    return {
        "liste.json": ([good], "pas un export de progression du parcours"),
        "autre-format.json": ({**good, "format": "autre/chose"},
                              "pas un export de progression du parcours"),
        "version-texte.json": ({**good, "version": str(EXPORT_VERSION)},
                               f'version "{EXPORT_VERSION}" non prise en charge'),
        "sans-version.json": ({k: v for k, v in good.items() if k != "version"},
                              "version absente non prise en charge"),
        "identifiant.json": ({**good, "learner_id": "Camille"},
                             "identifiant d'apprenant·e invalide"),
        "reponses.json": ({**good, "events": {"0": event}}, "liste des réponses absente"),
        "sans-date.json": ({k: v for k, v in good.items() if k != "exported_at"},
                           "date d'export absente ou invalide"),
        "champ-en-trop.json": ({**good, "nom": "Camille"}, "champ inattendu « nom »"),
    }


def _bad_answers(good: dict[str, Any]) -> list[Any]:
    """Answers the shipped schema refuses (a file keeps its other answers)."""
    event = good["events"][0]
    return [{**event, "status": "peut-être"}, {**event, "score": True}, {**event, "score": 2},
            {k: v for k, v in event.items() if k != "answer"}, {**event, "origin": "ailleurs"},
            {**event, "notebook": ""}, {**event, "correct": "oui"}, {**event, "en_plus": 1}, 7]


def test_schema_invalid_files_are_skipped_with_a_french_reason(tmp_path: Path) -> None:
    """A file the export schema refuses is skipped with a short French reason, never a
    traceback; an answer it refuses is dropped and the rest of its file counted."""
    write_demo_exports(tmp_path, 1)
    good = json.loads((tmp_path / "apprenant-0001.json").read_text())
    cases = _schema_cases(good)
    for name, (doc, _) in cases.items():
        (tmp_path / name).write_text(json.dumps(doc))
    mixed = {**good, "learner_id": "c" * 32, "events": [*good["events"], *_bad_answers(good)]}
    (tmp_path / "en-partie.json").write_text(json.dumps(mixed))
    (tmp_path / "profond.json").write_text("[" * 100_000 + "]" * 100_000)
    room = read_class(tmp_path)
    assert len(room.learners) == 2  # the demo learner, and the one with some bad answers
    for name, (_, reason) in cases.items():
        assert any(w.startswith(f"{name} : {reason}") and w.endswith(", ignoré")
                   for w in room.warnings), (name, room.warnings)
    assert (f"en-partie.json : {len(_bad_answers(good))} réponse(s) mal formée(s) écartée(s), "
            "le reste est compté") in room.warnings
    assert "profond.json : JSON imbriqué trop profondément, ignoré" in room.warnings
    assert len(room.warnings) == len(cases) + 2
    mine = next(learner for learner in room.learners if learner.learner_id == "c" * 32)
    assert mine.answered == len({(e["notebook"], e["question_id"]) for e in good["events"]})


def test_the_fast_check_and_jsonschema_agree_on_every_case(tmp_path: Path) -> None:
    """fastjsonschema (the fast path) and jsonschema (the last word) read the one schema
    alike: sound documents pass both, each refused document and answer fails both."""
    from fastjsonschema import JsonSchemaException

    from fabrique_course._files import schema_validator
    from fabrique_course.facilitation._exports import EXPORT_SCHEMA, _fast_check

    write_demo_exports(tmp_path, 3)
    sound = [json.loads(p.read_text()) for p in sorted(tmp_path.glob("*.json"))]
    refused = [doc for doc, _ in _schema_cases(sound[0]).values()]
    refused += [{**sound[0], "events": [answer]} for answer in _bad_answers(sound[0])]
    for doc, expected in [*((d, True) for d in sound), *((d, False) for d in refused)]:
        try:
            _fast_check()(doc)
            fast = True
        except JsonSchemaException:
            fast = False
        assert fast == schema_validator(EXPORT_SCHEMA).is_valid(doc) == expected, doc


def test_a_sound_room_is_read_without_importing_jsonschema(tmp_path: Path) -> None:
    """Reading sound exports never imports jsonschema (more than a second): only a file
    the fast check refuses needs it, to say why."""
    write_demo_exports(tmp_path, 3)
    code = ("import sys; from fabrique_course.facilitation._classe import read_class; "
            "room = read_class(sys.argv[1]); assert not room.warnings, room.warnings; "
            "print('jsonschema' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


def test_demo_exports_follow_the_shipped_schema(tmp_path: Path) -> None:
    """The demo room is written in the export format and version, valid for the schema."""
    from fabrique_course._files import schema_validator
    from fabrique_course.facilitation._exports import EXPORT_SCHEMA

    for path in write_demo_exports(tmp_path, 3):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert (doc["format"], doc["version"]) == (EXPORT_FORMAT, EXPORT_VERSION)
        assert schema_validator(EXPORT_SCHEMA).is_valid(doc)


def test_csv_cells_cannot_become_formulas(tmp_path: Path) -> None:
    """An answer starting with « = » cannot become a spreadsheet formula in the CSV."""
    write_demo_exports(tmp_path, 1)
    doc = json.loads((tmp_path / "apprenant-0001.json").read_text())
    event = dict(doc["events"][0], answer="=HYPERLINK(\"http://x\")", status="incorrect",
                 correct=False, score=0.0)
    doc["events"] = [event]
    (tmp_path / "apprenant-0001.json").write_text(json.dumps(doc))
    csv_text = read_class(tmp_path).csv_files()["questions.csv"]
    assert ";=HYPERLINK" not in csv_text


def test_dashboard_reads_a_thousand_files_quickly(tmp_path: Path) -> None:
    """The dashboard reads 1,000 export files in under ten seconds."""
    write_demo_exports(tmp_path, 1000, seed=7)
    started = time.perf_counter()
    room = read_class(tmp_path)
    elapsed = time.perf_counter() - started
    assert len(room.learners) == 1000
    assert elapsed < 10, f"{elapsed:.1f} s"  # « a few seconds »; make bench measures it


def test_classe_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course classe` writes its CSV files, and exits 2 on a missing folder."""
    write_demo_exports(tmp_path / "exports", 30)
    assert main(["classe", str(tmp_path / "exports"), "--csv", str(tmp_path / "csv"),
                 "--html", str(tmp_path / "classe.html")]) == 0
    assert "30 apprenant·e(s)" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "apprenants.csv", "exercices.csv", "notebooks.csv", "objectifs.csv", "questions.csv"]
    assert "Exercices d'impact" in (tmp_path / "classe.html").read_text(encoding="utf-8")
    assert main(["classe", str(tmp_path / "absent")]) == 2
    with pytest.raises(ClasseError):
        read_class(tmp_path / "absent")


# --------------------------------------------------------------------------- Moodle

def test_moodle_export_has_each_types_required_elements() -> None:
    """Each question becomes a Moodle question of the right type with its required elements."""
    banks = [load_bank(n) for n in bank_names()]
    root = ET.fromstring(moodle_xml(banks))
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    categories = [q for q in root.findall("question") if q.get("type") == "category"]
    assert len(categories) == len(banks)
    assert len(questions) == sum(len(b.questions) for b in banks)
    by_key = {q.key: q for b in banks for q in b.questions}
    for node in questions:
        key = node.findtext("name/text")
        q = by_key[key]
        assert node.findtext("idnumber") == key
        assert node.find("questiontext/text") is not None
        kind = node.get("type")
        expected = {"single": "multichoice", "multiple": "multichoice", "true_false":
                    "truefalse", "numeric": "numerical", "order": "matching",
                    "match": "matching"}[q.type]
        assert kind == expected, key
        if kind in ("multichoice", "truefalse"):
            answers = node.findall("answer")
            assert len(answers) == len(q.options)
            assert all(a.find("feedback/text") is not None for a in answers)
            total = sum(float(a.get("fraction", "0")) for a in answers
                        if float(a.get("fraction", "0")) > 0)
            assert total == pytest.approx(100, abs=0.01)
        if kind == "numerical":
            assert node.find("answer/tolerance") is not None
        if kind == "matching":
            subs = [s for s in node.findall("subquestion") if s.findtext("text")]
            assert len(subs) == len(q.items)


def test_moodle_round_trip_for_the_types_that_allow_it() -> None:
    """Read back, the Moodle XML gives the options, answers and pairs of the banks again."""
    from fabrique_course._render import markdown_html

    banks = [load_bank(n) for n in bank_names()]
    read = {entry["key"]: entry for entry in read_moodle_xml(moodle_xml(banks))}

    def plain(text: str) -> str:
        html = markdown_html(text)
        return html[3:-4] if html.startswith("<p>") and html.count("<p>") == 1 else html

    checked = set()
    for bank in banks:
        for q in bank.questions:
            entry = read[q.key]
            if q.type in ("single", "multiple", "true_false"):
                got = entry["options"]
                if q.type == "true_false":
                    assert [c for _, c, _ in got] == [o.correct for o in q.options]
                else:
                    assert got == [(plain(o.text), o.correct, plain(o.feedback))
                                   for o in q.options]
                assert entry["single"] == (q.type != "multiple")
            elif q.type == "numeric":
                assert entry["answer"] == pytest.approx(q.answer)
                assert [a for a, _ in entry["common_errors"]] == pytest.approx(
                    [e.answer for e in q.common_errors])
            elif q.type == "match":
                text = {c.id: c.text for c in q.choices}
                pairs = [(p, a) for p, a in entry["pairs"] if p]
                assert [a for _, a in pairs] == [text[str(i.match)] for i in q.items]
            checked.add(q.type)
    assert checked == {"single", "multiple", "true_false", "numeric", "order", "match"}


def test_moodle_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course moodle` exports the chosen lessons and refuses an unknown one."""
    out = tmp_path / "banque.xml"
    assert main(["moodle", "--sortie", str(out), "--notebooks", "00,02_conception"]) == 0
    root = ET.parse(out).getroot()
    names = [n.findtext("category/text") for n in root.findall("question")
             if n.get("type") == "category"]
    assert len(names) == 2
    assert "http" not in out.read_text(encoding="utf-8")  # no outside URL
    assert main(["moodle", "--sortie", str(out), "--notebooks", "09"]) == 2
    assert "leçon inconnue : « 09 »" in capsys.readouterr().err


@pytest.mark.parametrize("path", sorted((REPO / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.stem)
def test_every_notebook_has_facilitator_notes_the_learners_never_get(path: Path) -> None:
    """Each notebook has facilitator notes, and its learner edition has none."""
    nb = nbformat.read(path, as_version=4)
    assert any("animateur" in c.metadata.get("tags", []) for c in nb.cells)
    assert not any("animateur" in c.metadata.get("tags", []) for c in learner_edition(nb).cells)


# --------------------------------------------------------------------------- feedback Markdown

FEEDBACK = "Une *petite* équipe, **gras**, <script>alert(1)</script>."
RENDERED = ("Une <em>petite</em> équipe, <strong>gras</strong>, "
            "&lt;script&gt;alert(1)&lt;/script&gt;.")

def _markdown_questions() -> list[Question]:
    """Real questions of three kinds whose every feedback is ``FEEDBACK``."""
    picked = [load_bank("00_demarche").get("manifeste-pilier-impact"),
              next(q for b in bank_names() for q in load_bank(b).questions
                   if q.type == "numeric" and q.common_errors),
              next(q for b in bank_names() for q in load_bank(b).questions if q.type == "match")]
    return [q._replace(options=tuple(o._replace(feedback=FEEDBACK) for o in q.options),
                    items=tuple(i._replace(feedback=FEEDBACK) for i in q.items),
                    common_errors=tuple(e._replace(feedback=FEEDBACK)
                                        for e in q.common_errors)) for q in picked]


def test_answer_key_renders_feedback_markdown_and_escapes_raw_html() -> None:
    """Rendered like any Markdown cell of the page, the key shows <em>, never a <script>."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    page = markdown2html_mistune(answer_key_markdown(_markdown_questions()))
    assert page.count(RENDERED) >= 3  # wrong option, frequent numeric error, match item
    assert "<script>" not in page


def test_moodle_feedback_is_html_rendered_from_markdown_with_raw_html_escaped() -> None:
    """Moodle gets each feedback (per answer, per match item) as HTML, never a <script>."""
    bank = Bank("00_demarche", "Essai", REPO, tuple(_markdown_questions()))
    root = ET.fromstring(moodle_xml([bank]))
    texts = [node.findtext("text", "") for node in root.iter()
             if node.tag in ("feedback", "generalfeedback")]
    assert sum(RENDERED in t for t in texts) >= 3
    assert not any("<script>" in t or "*petite*" in t for t in texts)
    for node in root.iter():
        if node.tag in ("feedback", "generalfeedback"):
            assert node.get("format") == "html"


def test_dashboard_renders_the_misconception_markdown() -> None:
    """The class dashboard shows a misconception's emphasis, and raw HTML as text."""
    room = Classe(REPO, questions=[QuestionRow("00_demarche", "q", "?", 2, 0, "a", 2,
                                               FEEDBACK)])
    assert RENDERED in room.html()
    assert "<script>" not in room.html()


def test_no_answer_key_or_moodle_feedback_of_the_course_shows_markdown_markers() -> None:
    """Every real bank: the rendered keys and the Moodle feedback read no « ** » or « *mot* »."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    banks = [load_bank(n) for n in bank_names()]
    for bank in banks:
        key = visible_text(markdown2html_mistune(answer_key_markdown(bank.questions)))
        assert not MARKDOWN_MARKERS.search(key), (bank.notebook, MARKDOWN_MARKERS.search(key))
    root = ET.fromstring(moodle_xml(banks))
    for node in root.iter():
        if node.tag in ("feedback", "generalfeedback"):
            text = visible_text(node.findtext("text", ""))
            assert not MARKDOWN_MARKERS.search(text), text
