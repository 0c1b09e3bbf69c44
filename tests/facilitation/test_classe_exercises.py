"""The class dashboard's impact exercises, and the demo room's exercise checks."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fabrique_course._paths import content_root
from fabrique_course._progress import EXERCISE_ORIGINS, EXPORT_FORMAT, EXPORT_VERSION
from fabrique_course.cli import main
from fabrique_course.exercises._attempts import plain_answer, stored_status
from fabrique_course.exercises._engine import check, exercise, exercise_ids
from fabrique_course.facilitation._classe import read_class
from fabrique_course.facilitation._demo import write_demo_exports

AB = exercise("04_ab_test")
#: Every value of 04_ab_test right (the values the engine expects).
RIGHT = {f.key: f.expected for f in AB.fields}
UNILATERAL = next(m.value for m in AB.fields[3].mistakes if m.id == "unilaterale")
ROUNDED = next(m.value for m in AB.fields[3].mistakes if m.id == "arrondie-a-zero")
SCHEMA = json.loads((Path(__file__).parents[2] / "src" / "fabrique_course" / "schemas"
                     / "progress-export.schema.json").read_text(encoding="utf-8"))


def _entry(ex_id: str, answer: dict[str, Any], minute: int,
           origin: str = "code") -> dict[str, Any]:
    """A check of ``answer`` graded by the real engine, as the progress store exports it."""
    ex = exercise(ex_id)
    result = check(ex, answer)
    status = stored_status(result)
    assert status is not None
    return {"notebook": ex.notebook, "exercise_id": ex_id,
            "answer": plain_answer(result, answer),
            "fields": {v.key: {"status": v.status, "mistake": v.mistake} for v in result.fields},
            "status": status, "score": result.score, "correct": status == "correct",
            "created_at": f"2026-11-30T10:{minute:02d}:00Z", "origin": origin}


def _doc(learner: str, checks: list[dict[str, Any]], version: int = EXPORT_VERSION,
         exported_at: str = "2026-11-30T17:00:00Z") -> dict[str, Any]:
    doc: dict[str, Any] = {"format": EXPORT_FORMAT, "version": version,
                           "learner_id": learner * 32, "exported_at": exported_at,
                           "events": [], "exercises": checks}
    if version == 1:
        del doc["exercises"]
    jsonschema.validate(doc, SCHEMA)
    return doc


def _write(folder: Path, name: str, doc: Any) -> None:
    (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _with(**values: Any) -> dict[str, Any]:
    return {**RIGHT, **values}


def _ab_room(folder: Path) -> None:
    """Five learners on 04_ab_test: p_valeur right at the last check for 2 of 5; 3 made
    the one-sided p-value at least once (one corrected it), 2 the p-value rounded to 0."""
    _write(folder, "a.json", _doc("a", [_entry("04_ab_test", RIGHT, 1, "site")]))
    _write(folder, "b.json", _doc("b", [
        _entry("04_ab_test", _with(p_valeur=UNILATERAL, hausse_relative=0.12), 1),
        _entry("04_ab_test", RIGHT, 5, "formulaire")]))
    _write(folder, "c.json", _doc("c", [
        _entry("04_ab_test", _with(p_valeur=UNILATERAL, hausse_relative=1.3,
                                   taille_par_groupe_api=None), 2)]))
    _write(folder, "d.json", _doc("d", [
        _entry("04_ab_test", _with(p_valeur=UNILATERAL), 1),
        _entry("04_ab_test", _with(p_valeur=ROUNDED), 3)]))
    _write(folder, "e.json", _doc("e", [_entry("04_ab_test", _with(p_valeur=ROUNDED), 4),
                                        _entry("01_dimensionner", {
                                            f.key: f.expected
                                            for f in exercise("01_dimensionner").fields}, 9)]))


# --------------------------------------------------------------------------- the dashboard

def test_each_value_gets_its_success_rate_and_most_frequent_mistake(tmp_path: Path) -> None:
    """Last check of each learner for the rate; the mistake made at least once by the most
    learners, with its share of those who checked and the text the learners read."""
    _ab_room(tmp_path)
    room = read_class(tmp_path)
    assert room.warnings == []
    ab = next(ex for ex in room.exercises if ex.exercise_id == "04_ab_test")
    assert (ab.checked, ab.right, ab.notebook, ab.title) == (5, 2, "04_acceleration", AB.title)
    p = next(v for v in room.exercise_values if (v.exercise_id, v.key) == ("04_ab_test",
                                                                           "p_valeur"))
    assert (p.checked, p.given, p.right) == (5, 5, 2)
    assert (p.mistake, p.mistake_count) == ("unilaterale", 3)
    assert p.mistake_share == pytest.approx(0.6)
    assert p.mistake_text == AB.fields[3].mistake_text("unilaterale") != ""
    line = ("  - 04_ab_test / p_valeur : 40 % de réussite (2/5) ; erreur la plus fréquente : "
            "60 % (3 sur 5) l'ont faite au moins une fois — C'est une p-valeur unilatérale ; "
            "le test compare dans les deux sens (bilatéral)")
    assert line in room.lines()
    # A tie (1 « ecart-en-proportion », 1 « rapport ») is broken by the id, every time.
    relative = next(v for v in room.exercise_values if (v.exercise_id, v.key) == (
        "04_ab_test", "hausse_relative"))
    assert (relative.mistake, relative.mistake_count, relative.right) == (
        "ecart-en-proportion", 1, 4)
    # A value left empty at the last check is not « given ».
    size = next(v for v in room.exercise_values if v.key == "taille_par_groupe_api")
    assert (size.given, size.right, size.mistake) == (4, 4, "")
    learners = {row.learner_id[0]: row for row in room.learners}
    assert (learners["e"].exercises_checked, learners["e"].exercises_right,
            learners["e"].exercises_total) == (2, 1, len(exercise_ids()))
    assert "exercices justes : 1/7 (2 vérifié(s))" in "\n".join(room.lines())
    acceleration = next(n for n in room.notebooks if n.notebook == "04_acceleration")
    assert acceleration.exercises == 2
    assert acceleration.exercise_completion == pytest.approx(0.5)  # 1 of 2, for all five
    assert acceleration.learners_started == 5  # exercises only: started all the same


def test_dashboard_on_thirty_demo_learners(tmp_path: Path) -> None:
    """Thirty demo learners: a row per exercise and per value, whose counts are those of
    the files (recomputed here), and the most frequent mistake with its message."""
    write_demo_exports(tmp_path, 30)
    started = time.perf_counter()
    room = read_class(tmp_path)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert room.warnings == []
    assert [ex.exercise_id for ex in room.exercises] == exercise_ids()
    assert [(v.exercise_id, v.key) for v in room.exercise_values] == [
        (ex_id, f.key) for ex_id in exercise_ids() for f in exercise(ex_id).fields]
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("*.json"))]
    for row in room.exercise_values:
        mine = [[c for c in sorted(d["exercises"], key=lambda c: c["created_at"])
                 if c["exercise_id"] == row.exercise_id] for d in docs]
        last = [checks[-1]["fields"][row.key]["status"] for checks in mine if checks]
        made = Counter(m for checks in mine
                       for m in {c["fields"][row.key]["mistake"] for c in checks
                                 if c["fields"][row.key]["status"] == "incorrect"} if m)
        assert row.checked == len(last)
        assert row.given == sum(s != "vide" for s in last)
        assert row.right == last.count("correct")
        if made:
            top = max(made.values())
            assert row.mistake == min(m for m, n in made.items() if n == top)
            assert row.mistake_count == top
            field = next(f for f in exercise(row.exercise_id).fields if f.key == row.key)
            assert row.mistake_text == field.mistake_text(row.mistake) != ""
        else:
            assert (row.mistake, row.mistake_count) == ("", 0)
    rows_with_mistakes = [v for v in room.exercise_values if v.mistake]
    assert len(rows_with_mistakes) >= 10
    assert any(v.rate is not None and v.rate < 1 for v in room.exercise_values)
    text = room.lines()
    assert any(line.startswith("Exercices d'impact") for line in text)
    hardest = min(rows_with_mistakes, key=lambda v: (v.rate or 0.0))
    assert any(line.startswith(f"  - {hardest.exercise_id} / {hardest.key} : ")
               and line.endswith(f"— {hardest.mistake_text}") for line in text)
    page = room.html()
    assert "<caption>Exercices d'impact, valeur par valeur" in page
    assert page.count('<th scope="col">') >= 9 + 5 + 4
    assert any(learner.exercises_right for learner in room.learners)


def test_a_version_1_export_is_still_counted(tmp_path: Path) -> None:
    """A version 1 export (no exercises) counts: its learner, no exercise check."""
    _write(tmp_path, "ancien.json", _doc("a", [], version=1))
    _write(tmp_path, "nouveau.json", _doc("b", [_entry("04_ab_test", RIGHT, 1)]))
    room = read_class(tmp_path)
    assert room.warnings == []
    assert len(room.learners) == 2
    ab = next(ex for ex in room.exercises if ex.exercise_id == "04_ab_test")
    assert (ab.checked, ab.right) == (1, 1)
    old = next(row for row in room.learners if row.learner_id == "a" * 32)
    assert (old.exercises_checked, old.exercises_right) == (0, 0)


def test_a_malformed_exercise_check_is_dropped_and_the_rest_counted(tmp_path: Path) -> None:
    """A check the schema refuses is dropped with a French warning; the file's other
    checks count."""
    good = _entry("04_ab_test", RIGHT, 1)
    bad = [{**good, "status": "peut-être"}, {**good, "fields": {}},
           {**good, "fields": {"p_valeur": {"status": "correct"}}}, "pas un objet"]
    doc = _doc("a", [good])
    doc["exercises"] += bad
    _write(tmp_path, "en-partie.json", doc)
    room = read_class(tmp_path)
    assert room.warnings == [f"en-partie.json : {len(bad)} vérification(s) d'exercice "
                             "mal formée(s) écartée(s), le reste est compté"]
    ab = next(ex for ex in room.exercises if ex.exercise_id == "04_ab_test")
    assert (ab.checked, ab.right) == (1, 1)


def test_unknown_exercises_and_values_are_warned_never_fatal(tmp_path: Path) -> None:
    """Checks of an exercise, or values, another version of the course has: counted in a
    French warning per file; the rest counted."""
    other = {**_entry("04_ab_test", RIGHT, 1), "exercise_id": "06_futur"}
    extra = _entry("04_ab_test", RIGHT, 2)
    extra["fields"]["valeur_future"] = {"status": "incorrect", "mistake": "inconnue"}
    _write(tmp_path, "futur.json", _doc("a", [other, other, extra]))
    room = read_class(tmp_path)
    assert room.warnings == [
        "futur.json : 2 vérification(s) d'exercices inconnus de cette version du cours, "
        "ignorée(s)",
        "futur.json : 1 valeur(s) d'exercice inconnue(s) de cette version du cours, "
        "ignorée(s)"]
    ab = next(ex for ex in room.exercises if ex.exercise_id == "04_ab_test")
    assert (ab.checked, ab.right) == (1, 1)
    assert not any(v.key == "valeur_future" for v in room.exercise_values)
    assert not any(ex.exercise_id == "06_futur" for ex in room.exercises)


def test_an_exercise_that_cannot_be_built_does_not_break_the_dashboard(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken texts file: a French warning, the exercise's checks counted without
    labels or mistake texts, every other exercise as usual."""
    root = tmp_path / "cours"
    shutil.copytree(content_root(), root / "content")
    (root / "notebooks").mkdir()
    (root / "content" / "exercices" / "04_ab_test.yaml").write_text("title: [non fermé\n",
                                                                     encoding="utf-8")
    exports = tmp_path / "exports"
    exports.mkdir()
    _ab_room(exports)
    monkeypatch.setenv("FABRIQUE_COURSE_ROOT", str(root))
    room = read_class(exports)
    assert len(room.warnings) == 1
    assert room.warnings[0].startswith("exercice « 04_ab_test » : impossible de lire ses "
                                       "textes ou ses données")
    ab = next(ex for ex in room.exercises if ex.exercise_id == "04_ab_test")
    assert (ab.checked, ab.right, ab.title, ab.notebook) == (5, 2, "04_ab_test",
                                                             "04_acceleration")
    p = next(v for v in room.exercise_values if (v.exercise_id, v.key) == ("04_ab_test",
                                                                           "p_valeur"))
    assert (p.given, p.right, p.mistake, p.mistake_count, p.mistake_text) == (
        5, 2, "unilaterale", 3, "")
    assert any("erreur « unilaterale » (texte indisponible)" in line for line in room.lines())
    dim = next(ex for ex in room.exercises if ex.exercise_id == "01_dimensionner")
    assert dim.title == exercise("01_dimensionner").title
    assert "<caption>Exercices d'impact" in room.html()
    assert "04_ab_test;04_acceleration;04_ab_test;5;2;p_valeur;p_valeur;5;2;0.400;unilaterale" \
        in room.csv_files()["exercices.csv"]


def test_hostile_strings_from_the_files_are_escaped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mistake ids, value keys and notebooks read from files never reach the page as
    HTML, nor the CSV as a formula."""
    import fabrique_course.facilitation._classe as classe

    hostile = _entry("04_ab_test", _with(p_valeur=UNILATERAL), 1)
    hostile["fields"]["p_valeur"]["mistake"] = "<script>alert(1)</script>"
    _write(tmp_path, "a.json", _doc("a", [hostile]))
    broken = {**_entry("02_tests", {f.key: f.expected for f in exercise("02_tests").fields},
                       2), "notebook": "<b>nb</b>"}
    broken["fields"]["<img src=x onerror=alert(1)>"] = {"status": "incorrect",
                                                        "mistake": "=HYPERLINK(\"x\")"}
    _write(tmp_path, "b.json", _doc("b", [broken]))
    real = classe.exercise

    def unbuildable(ex_id: str) -> Any:
        if ex_id == "02_tests":
            raise ValueError("<i>données</i> absentes")
        return real(ex_id)

    monkeypatch.setattr(classe, "exercise", unbuildable)
    room = read_class(tmp_path)
    page = room.html()
    for raw in ("<script>", "<img", "<b>nb", "<i>données"):
        assert raw not in page, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    rows = list(csv.reader(io.StringIO(room.csv_files()["exercices.csv"]), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"x\")" in cells
    assert not any(cell.startswith("=") for cell in cells)


def test_exercises_csv_has_one_row_per_value(tmp_path: Path) -> None:
    """``exercices.csv``: a header, then a row per value of each exercise, in course
    order, with the rate, the mistake, its share and its text."""
    _ab_room(tmp_path)
    files = read_class(tmp_path).csv_files()
    rows = list(csv.DictReader(io.StringIO(files["exercices.csv"]), delimiter=";"))
    assert len(rows) == sum(len(exercise(ex_id).fields) for ex_id in exercise_ids())
    p = next(r for r in rows if (r["exercice"], r["valeur"]) == ("04_ab_test", "p_valeur"))
    assert p == {
        "exercice": "04_ab_test", "notebook": "04_acceleration", "titre": AB.title,
        "ont_verifie": "5", "tout_juste": "2", "valeur": "p_valeur",
        "libelle": AB.fields[3].label, "ont_donne_la_valeur": "5", "justes": "2",
        "taux_reussite": "0.400", "erreur_la_plus_frequente": "unilaterale",
        "apprenants_l_ayant_faite": "3", "part_de_ceux_qui_ont_verifie": "0.600",
        "ce_que_dit_l_erreur": AB.fields[3].mistake_text("unilaterale")}
    learners = list(csv.DictReader(io.StringIO(files["apprenants.csv"]), delimiter=";"))
    assert sorted(r["exercices_justes"] for r in learners) == ["0", "0", "1", "1", "1"]


# --------------------------------------------------------------------------- the demo room

def test_demo_learners_check_exercises_graded_by_the_real_engine(tmp_path: Path) -> None:
    """Every demo check is what the engine says of its answer; the room has every kind
    of learner, every origin, recognised mistakes; every file follows the schema; the
    same seed writes the same bytes."""
    paths = write_demo_exports(tmp_path / "a", 30)
    again = write_demo_exports(tmp_path / "b", 30)
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]
    kinds: Counter[str] = Counter()
    origins: Counter[str] = Counter()
    mistakes: set[str] = set()
    for path in paths:
        doc = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(doc, SCHEMA)
        by_exercise: dict[str, list[dict[str, Any]]] = {}
        for entry in doc["exercises"]:
            origins[entry["origin"]] += 1
            ex = exercise(entry["exercise_id"])
            result = check(ex, entry["answer"])
            assert entry["fields"] == {v.key: {"status": v.status, "mistake": v.mistake}
                                       for v in result.fields}
            assert entry["status"] == stored_status(result)
            assert entry["score"] == result.score
            assert entry["notebook"] == ex.notebook
            mistakes |= {v.mistake for v in result.fields if v.mistake}
            by_exercise.setdefault(ex.id, []).append(entry)
        for ex_id in exercise_ids():
            checks = by_exercise.get(ex_id, [])
            if not checks:
                kinds["jamais"] += 1
            elif checks[0]["correct"]:
                kinds["juste du premier coup"] += 1
            elif checks[-1]["correct"]:
                kinds["erreur puis corrigé"] += 1
            else:
                kinds["laissé faux"] += 1
    assert set(kinds) == {"jamais", "juste du premier coup", "erreur puis corrigé",
                          "laissé faux"}
    assert min(kinds.values()) >= 5, kinds
    assert set(origins) == set(EXERCISE_ORIGINS)
    declared = {m.id for ex_id in exercise_ids() for f in exercise(ex_id).fields
                for m in f.mistakes}
    assert len(mistakes & declared) >= 15
    assert any(m.startswith("choix-") for m in mistakes)


def test_moodle_says_what_it_does_with_the_exercises(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course moodle` names the chosen lessons' exercises it does not export and
    where to follow them; a lesson without exercises gets no such line."""
    assert main(["moodle", "--sortie", str(tmp_path / "b.xml"), "--notebooks", "04"]) == 0
    out = capsys.readouterr().out
    assert "Exercices d'impact non exportés (2 : 04_ab_test, 04_cohortes_couts)" in out
    assert "fabrique-course classe DOSSIER" in out
    assert "04_ab_test" not in (tmp_path / "b.xml").read_text(encoding="utf-8")
    assert main(["moodle", "--sortie", str(tmp_path / "b.xml"), "--notebooks", "00"]) == 0
    assert "Exercices d'impact" not in capsys.readouterr().out
