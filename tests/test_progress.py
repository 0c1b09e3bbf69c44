"""Tests of the progress store (_progress): concurrency, crashes, corruption, export."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fabrique_course import ProgressError
from fabrique_course._grading import STATUSES
from fabrique_course._progress import (
    EXERCISE_ORIGINS,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    EXPORT_VERSIONS,
    ProgressStore,
    ProgressWarning,
)
from fabrique_course.cli import main

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from fabrique_course._progress import ProgressStore
    store = ProgressStore(Path(sys.argv[1]))
    tag, count = sys.argv[2], int(sys.argv[3])
    print("ready", flush=True)
    for i in range(count):
        store.record("00_demarche", f"{tag}-{i}", {"i": i, "texte": "é" * 50}, "correct", 1.0)
    """
)


def _export_schema() -> dict[str, object]:
    text = resources.files("fabrique_course").joinpath("schemas/progress-export.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_records_and_reads_back(tmp_path: Path) -> None:
    """An answer recorded is read back with its status, score and answer."""
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record("00_demarche", "q1", ["a", "b"], "partial", 0.5)
    store.record("00_demarche", "q1", ["a"], "correct", 1.0)
    store.record("01_investigation", "q2", "12,5", "incorrect", 0.0)
    events = store.events()
    assert [(e.question_id, e.status) for e in events] == [
        ("q1", "partial"), ("q1", "correct"), ("q2", "incorrect")]
    assert events[0].answer == ["a", "b"]
    assert len(store.events("00_demarche")) == 2
    assert store.latest()[("00_demarche", "q1")].correct


def test_uses_wal_journal(tmp_path: Path) -> None:
    """The database is in WAL mode, so readers never block the writer."""
    path = tmp_path / "p.sqlite3"
    ProgressStore(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_rejects_impossible_scores(tmp_path: Path) -> None:
    """The database refuses a score outside [0, 1] with a French ProgressError."""
    store = ProgressStore(tmp_path / "p.sqlite3")
    with pytest.raises(ProgressError, match="n'a pas pu être enregistrée"):
        store.record("00_demarche", "q", "x", "correct", 2.0)


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    """Two notebooks (processes) writing 300 answers each at the same time keep all 600."""
    path = tmp_path / "p.sqlite3"
    ProgressStore(path)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, "300"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for tag in ("a", "b")]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    events = ProgressStore(path).events()
    assert len(events) == 600
    assert {e.question_id for e in events} == {f"{t}-{i}" for t in "ab" for i in range(300)}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_killed_writer_corrupts_nothing(tmp_path: Path) -> None:
    """A process killed (SIGKILL) in the middle of writing leaves a sound database."""
    path = tmp_path / "p.sqlite3"
    ProgressStore(path)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "k", "100000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with sqlite3.connect(path) as conn:
            if conn.execute("SELECT count(*) FROM events").fetchone()[0] >= 200:
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = ProgressStore(path)
    events = store.events()
    assert len(events) >= 200
    ids = [int(e.question_id.split("-")[1]) for e in events]
    assert ids == list(range(len(ids))), "a committed answer went missing"
    store.record("00_demarche", "after", "x", "correct", 1.0)
    assert store.events()[-1].question_id == "after"


@pytest.mark.parametrize("garbage", [b"ceci n'est pas une base SQLite" * 100,
                                     b"SQLite format 3\x00" + b"\xff" * 4000])
def test_corrupt_file_is_set_aside(tmp_path: Path, garbage: bytes) -> None:
    """A corrupt file is renamed (kept), a French warning is given, a fresh store starts."""
    path = tmp_path / "p.sqlite3"
    path.write_bytes(garbage)
    with pytest.warns(ProgressWarning, match="endommagé.*mis de côté"):
        store = ProgressStore(path)
    aside = tmp_path / "p.sqlite3.corrompu-1"
    assert aside.read_bytes() == garbage
    store.record("00_demarche", "q", "x", "correct", 1.0)
    assert len(store.events()) == 1


def test_second_corruption_does_not_overwrite_the_first(tmp_path: Path) -> None:
    """Each corrupt file gets its own name; none is overwritten."""
    path = tmp_path / "p.sqlite3"
    for n in (1, 2):
        path.write_bytes(b"x" * 2048)
        with pytest.warns(ProgressWarning):
            ProgressStore(path)
        assert (tmp_path / f"p.sqlite3.corrompu-{n}").exists()


def test_unwritable_folder_gives_french_error(tmp_path: Path) -> None:
    """A progress path that cannot be created raises ProgressError, not OSError."""
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    with pytest.raises(ProgressError, match="impossible de créer"):
        ProgressStore(blocker / "sous-dossier" / "p.sqlite3")


def test_export_follows_the_documented_schema(tmp_path: Path) -> None:
    """The export document validates against the shipped, versioned JSON Schema."""
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record("00_demarche", "q1", {"a": "b"}, "partial", 0.5)
    store.record("00_demarche", "q2", "6", "correct", 1.0, origin="texte")
    document = store.export()
    jsonschema.validate(document, _export_schema(),
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert document["version"] == EXPORT_VERSION
    assert document["learner_id"] == store.learner_id
    assert ProgressStore(tmp_path / "p.sqlite3").learner_id == store.learner_id


def test_one_definition_of_the_export_format_version_and_statuses(tmp_path: Path) -> None:
    """The shipped schema says what _progress (format, version) and _grading (statuses)
    define; the progress file takes every status, and nothing else."""
    schema = _export_schema()
    properties: Any = schema["properties"]
    assert properties["format"] == {"const": EXPORT_FORMAT}
    assert properties["version"] == {"enum": list(EXPORT_VERSIONS)}
    assert max(EXPORT_VERSIONS) == EXPORT_VERSION
    assert properties["events"]["items"]["properties"]["status"]["enum"] == list(STATUSES)
    checks = properties["exercises"]["items"]["properties"]
    assert checks["origin"]["enum"] == list(EXERCISE_ORIGINS)
    assert set(checks["status"]["enum"]) < set(STATUSES)
    store = ProgressStore(tmp_path / "p.sqlite3")
    for status in STATUSES:
        store.record("00_demarche", f"q-{status}", "x", status, 0.5)
    with pytest.raises(ProgressError, match="n'a pas pu être enregistrée"):
        store.record("00_demarche", "q", "x", "peut-être", 0.5)
    assert store.export()["format"] == EXPORT_FORMAT


def test_cli_progress_and_export(course: Path, workspace: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course progression` reports per notebook and `--export` writes valid JSON."""
    store = ProgressStore(workspace / ".progression" / "progression.sqlite3")
    store.record("99_essai", "choix-unique", "cahier", "incorrect", 0.0)
    store.record("99_essai", "nombre", "6", "correct", 1.0)
    assert main(["progression"]) == 0
    out = capsys.readouterr().out
    assert "2/7 questions répondues, 1 justes" in out
    assert "à revoir : Question 1 — Qui pilote une Startup d'État ? (à revoir)" in out
    assert "choix-unique" not in out  # named by number and title, not by id
    target = workspace / "export.json"
    assert main(["progression", "--export", str(target)]) == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(document, _export_schema())
    assert [e["question_id"] for e in document["events"]] == ["choix-unique", "nombre"]


def test_cli_export_to_bad_place_is_a_message(course: Path, workspace: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Exporting into a folder that does not exist gives a French message and exit 1."""
    assert main(["progression", "--export", str(workspace / "absent" / "x.json")]) == 1
    assert "Export impossible" in capsys.readouterr().err


def test_exercise_checks_are_stored_and_exported(tmp_path: Path) -> None:
    """An exercise check keeps what was given and each value's verdict; the export (version
    2) carries it, valid against the schema; a bad origin or status is refused."""
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record("04_acceleration", "q", "a", "correct", 1.0)
    fields = {"p_valeur": {"status": "incorrect", "mistake": "unilaterale"},
              "ecart_points": {"status": "correct", "mistake": ""}}
    store.record_exercise("04_acceleration", "04_ab_test", {"p_valeur": "0,000152",
                          "ecart_points": 3.5, "intervalle": None}, fields, "partial", 0.5,
                          origin="formulaire")
    [check] = store.exercise_checks()
    assert (check.exercise_id, check.fields, check.origin) == ("04_ab_test", fields,
                                                               "formulaire")
    assert check.answer["intervalle"] is None
    assert not check.correct
    assert store.exercise_checks("01_investigation") == []
    document = store.export()
    jsonschema.validate(document, _export_schema())
    assert document["version"] == 2
    assert document["exercises"][0]["fields"]["p_valeur"]["mistake"] == "unilaterale"
    assert [e["question_id"] for e in document["events"]] == ["q"]
    for origin, status in (("ailleurs", "correct"), ("code", "unreadable_x")):
        with pytest.raises(ProgressError, match="n'a pas pu être enregistrée"):
            store.record_exercise("04_acceleration", "04_ab_test", {}, fields, status, 0.5,
                                  origin=origin)


def test_a_version_1_progress_file_gains_exercise_checks(tmp_path: Path) -> None:
    """A progress file written before exercise checks existed (no table) opens, keeps its
    answers and learner id, and records checks from then on."""
    path = tmp_path / "p.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('schema_version', '1'), ('learner_id', '" + "ab" * 16
            + "');CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, notebook TEXT "
            "NOT NULL, question_id TEXT NOT NULL, answer TEXT NOT NULL, status TEXT NOT NULL,"
            " score REAL NOT NULL, created_at TEXT NOT NULL, origin TEXT NOT NULL DEFAULT "
            "'jupyter');INSERT INTO events (notebook, question_id, answer, status, score, "
            "created_at) VALUES ('00_demarche', 'q', '\"a\"', 'correct', 1.0, "
            "'2026-11-01T10:00:00Z');")
    store = ProgressStore(path)
    assert store.learner_id == "ab" * 16
    assert len(store.events()) == 1
    store.record_exercise("01_investigation", "01_dimensionner", {"objets_par_an": 1896},
                          {"objets_par_an": {"status": "correct", "mistake": ""}},
                          "correct", 1.0)
    assert [c.exercise_id for c in store.exercise_checks()] == ["01_dimensionner"]
    with sqlite3.connect(path) as conn:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == ("3",)
