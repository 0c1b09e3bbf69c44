"""The learner's progress: every validated answer is an event in an embedded SQLite file,
every check of an impact exercise (code, form or site) an exercise check beside it, and
every save of a writing task (« À vous ») a writing: each save is kept, the latest shown.

The file lives in the learner workspace (``.progression/progression.sqlite3``). WAL
journal and one short transaction per answer: two notebooks writing at once wait
for each other (busy timeout) instead of failing, and a process killed in the middle
of a write leaves the last committed answers intact. A file that is not a sound
SQLite database is moved aside (``….corrompu-N``) with a French warning, and a fresh
one is started: learning goes on, nothing is overwritten.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ._errors import ProgressError
from ._grading import STATUSES

__all__ = [
    "EXERCISE_ORIGINS",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "EXPORT_VERSIONS",
    "WRITING_MAX_CHARS",
    "WRITING_ORIGINS",
    "Event",
    "ExerciseCheck",
    "ProgressStore",
    "ProgressWarning",
    "Writing",
]

#: The export document (``fabrique-course progression --export``, the site's download,
#: the class dashboard's input): its ``format`` and ``version``, defined here only — the
#: shipped schema (``schemas/progress-export.schema.json``) says the same, the site's
#: script gets them at build time, and tests hold them together.
EXPORT_FORMAT = "fabrique-course/progression"
EXPORT_VERSION = 2
#: Every export version a reader still loads (version 1 had no exercise checks).
EXPORT_VERSIONS = (1, 2)
#: Where an exercise check comes from: ``verifier(...)`` in a notebook, the no-code form
#: in JupyterLab (``formulaire(...)``), the static site's form.
EXERCISE_ORIGINS = ("code", "formulaire", "site")
#: Where a writing comes from: the text area of ``ecrire(...)`` in JupyterLab, its
#: ``texte=`` argument (no widgets), the static site's text area.
WRITING_ORIGINS = ("jupyter", "texte", "site")
#: The longest text a writing task keeps (the export schema says the same).
WRITING_MAX_CHARS = 20_000
_SCHEMA_VERSION = 3
_BUSY_TIMEOUT_MS = 15_000

_DDL = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    notebook    TEXT    NOT NULL,
    question_id TEXT    NOT NULL,
    answer      TEXT    NOT NULL,   -- JSON
    status      TEXT    NOT NULL CHECK (status IN ({",".join(f"'{s}'" for s in STATUSES)})),
    score       REAL    NOT NULL CHECK (score >= 0 AND score <= 1),
    created_at  TEXT    NOT NULL,   -- ISO 8601, UTC
    origin      TEXT    NOT NULL DEFAULT 'jupyter'
);
CREATE INDEX IF NOT EXISTS events_by_question ON events (notebook, question_id, id);
CREATE TABLE IF NOT EXISTS exercise_checks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    notebook    TEXT    NOT NULL,
    exercise_id TEXT    NOT NULL,
    answer      TEXT    NOT NULL,   -- JSON object: value key -> what the learner gave
    fields      TEXT    NOT NULL,   -- JSON object: value key -> its status and mistake
    status      TEXT    NOT NULL CHECK (status IN ({",".join(f"'{s}'" for s in STATUSES)})),
    score       REAL    NOT NULL CHECK (score >= 0 AND score <= 1),
    created_at  TEXT    NOT NULL,   -- ISO 8601, UTC
    origin      TEXT    NOT NULL CHECK (origin IN ({",".join(f"'{o}'" for o in EXERCISE_ORIGINS)}))
);
CREATE INDEX IF NOT EXISTS checks_by_exercise ON exercise_checks (exercise_id, id);
CREATE TABLE IF NOT EXISTS writings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    notebook    TEXT    NOT NULL,
    task_id     TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,   -- ISO 8601, UTC
    origin      TEXT    NOT NULL CHECK (origin IN ({",".join(f"'{o}'" for o in WRITING_ORIGINS)}))
);
CREATE INDEX IF NOT EXISTS writings_by_task ON writings (notebook, task_id, id);
"""
_DDL_STATEMENTS = [s.strip() for s in _DDL.split(";") if s.strip()]


class ProgressWarning(UserWarning):
    """A problem with the progress file that was recovered from (shown in French)."""


@dataclass(frozen=True)
class Event:
    """One validated answer."""

    notebook: str
    question_id: str
    answer: Any
    status: str
    score: float
    created_at: str
    origin: str = "jupyter"

    @property
    def correct(self) -> bool:
        """True when the answer earned the full score."""
        return self.status == "correct"

    def to_json(self) -> dict[str, Any]:
        """The event as it appears in the export document."""
        return {
            "notebook": self.notebook,
            "question_id": self.question_id,
            "answer": self.answer,
            "status": self.status,
            "score": self.score,
            "correct": self.correct,
            "created_at": self.created_at,
            "origin": self.origin,
        }


@dataclass(frozen=True)
class ExerciseCheck:
    """One check of an impact exercise: what was given, and the verdict per value
    (``fields``: value key → ``{"status": "correct"|"incorrect"|"illisible"|"vide",
    "mistake": <recognised mistake id, or "">}``)."""

    notebook: str
    exercise_id: str
    answer: dict[str, Any]
    fields: dict[str, dict[str, str]]
    status: str
    score: float
    created_at: str
    origin: str = "code"

    @property
    def correct(self) -> bool:
        """True when every value was right."""
        return self.status == "correct"

    def to_json(self) -> dict[str, Any]:
        """The check as it appears in the export document (version 2)."""
        return {
            "notebook": self.notebook,
            "exercise_id": self.exercise_id,
            "answer": self.answer,
            "fields": self.fields,
            "status": self.status,
            "score": self.score,
            "correct": self.correct,
            "created_at": self.created_at,
            "origin": self.origin,
        }


@dataclass(frozen=True)
class Writing:
    """One save of a writing task: the learner's text, as it was when saved."""

    notebook: str
    task_id: str
    text: str
    created_at: str
    origin: str = "jupyter"

    def to_json(self) -> dict[str, Any]:
        """The writing as it appears in the export document (``writings``)."""
        return {"notebook": self.notebook, "task_id": self.task_id, "text": self.text,
                "created_at": self.created_at, "origin": self.origin}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class ProgressStore:
    """Progress events of one learner, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProgressError(
                f"impossible de créer le dossier de progression {self.path.parent} : "
                f"{exc.strerror}"
            ) from exc
        self._ensure_sound()

    # ------------------------------------------------------------------ opening
    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            yield conn
        finally:
            conn.close()

    def _ensure_sound(self) -> None:
        try:
            self._initialise()
        except sqlite3.OperationalError as exc:
            # Locked, read-only, disk full, I/O error: the file itself may be fine.
            raise ProgressError(
                f"le fichier de progression {self.path} est inutilisable pour l'instant "
                f"({exc}) ; vérifiez l'espace disque et les droits, puis réessayez"
            ) from exc
        except sqlite3.DatabaseError as exc:
            # Not a database, or a malformed one: set it aside, never overwrite it.
            aside = self._set_aside()
            warnings.warn(
                f"Le fichier de progression était endommagé ({exc}). Il a été mis de côté "
                f"sous le nom « {aside.name} » et un nouveau fichier a été créé : "
                "vos prochaines réponses seront enregistrées normalement.",
                ProgressWarning, stacklevel=3,
            )
            try:
                self._initialise()
            except sqlite3.DatabaseError as exc2:
                raise ProgressError(
                    f"impossible de créer un nouveau fichier de progression : {exc2}"
                ) from exc2

    def _initialise(self) -> None:
        with self._connect() as conn:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # e.g. a network file system
                conn.execute("PRAGMA journal_mode = DELETE")
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"contrôle d'intégrité : {check}")
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _DDL_STATEMENTS:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value "
                    "WHERE CAST(value AS INTEGER) < CAST(excluded.value AS INTEGER)",
                    (str(_SCHEMA_VERSION),),
                )
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('learner_id', ?)",
                    (uuid.uuid4().hex,),
                )
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise

    def _set_aside(self) -> Path:
        n = 1
        while True:
            aside = self.path.with_name(f"{self.path.name}.corrompu-{n}")
            if not aside.exists():
                break
            n += 1
        self.path.replace(aside)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.replace(aside.with_name(aside.name + suffix))
        return aside

    # ------------------------------------------------------------------ writing
    def _insert(self, sql: str, row: Sequence[Any], failure: str) -> None:
        """Run one INSERT in its own short transaction; ``failure`` begins the French
        error (« la réponse n'a pas pu être enregistrée »)."""
        try:
            with self._connect() as conn:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.execute(sql, row)
                    conn.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise ProgressError(f"{failure} : {exc}") from exc

    def record(self, notebook: str, question_id: str, answer: Any, status: str,
               score: float, origin: str = "jupyter") -> Event:
        """Store one validated answer; return the stored event."""
        event = Event(notebook, question_id, answer, status, float(score), _now(), origin)
        self._insert("INSERT INTO events (notebook, question_id, answer, status, score, "
                     "created_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (notebook, question_id, json.dumps(answer, ensure_ascii=False, default=str),
                      status, event.score, event.created_at, origin),
                     "la réponse n'a pas pu être enregistrée")
        return event

    def record_exercise(self, notebook: str, exercise_id: str, answer: dict[str, Any],
                        fields: dict[str, dict[str, str]], status: str, score: float,
                        origin: str = "code") -> ExerciseCheck:
        """Store one check of an impact exercise; return it."""
        check = ExerciseCheck(notebook, exercise_id, answer, fields, status, float(score),
                              _now(), origin)
        self._insert("INSERT INTO exercise_checks (notebook, exercise_id, answer, fields, "
                     "status, score, created_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (notebook, exercise_id, json.dumps(answer, ensure_ascii=False, default=str),
                      json.dumps(fields, ensure_ascii=False), status, check.score,
                      check.created_at, origin),
                     "la vérification n'a pas pu être enregistrée")
        return check

    def record_writing(self, notebook: str, task_id: str, text: str,
                       origin: str = "jupyter") -> Writing:
        """Keep one save of a writing task (every save is kept); return it."""
        if not text.strip():
            raise ProgressError("rien à enregistrer : le texte est vide")
        if len(text) > WRITING_MAX_CHARS:
            raise ProgressError(
                f"le texte n'a pas pu être enregistré : il fait {len(text)} caractères, "
                f"au-delà des {WRITING_MAX_CHARS} que garde le parcours ; raccourcissez-le "
                "(rien n'est effacé de la zone de texte)")
        writing = Writing(notebook, task_id, text, _now(), origin)
        self._insert("INSERT INTO writings (notebook, task_id, text, created_at, origin) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (notebook, task_id, text, writing.created_at, origin),
                     "le texte n'a pas pu être enregistré")
        return writing

    # ------------------------------------------------------------------ reading
    def _rows(self, sql: str, notebook: str | None) -> list[tuple[Any, ...]]:
        """The rows of ``sql`` (a SELECT on one table), oldest first, of one notebook if
        given."""
        params: Sequence[str] = ()
        if notebook is not None:
            sql += " WHERE notebook = ?"
            params = (notebook,)
        try:
            with self._connect() as conn:
                rows: list[tuple[Any, ...]] = conn.execute(sql + " ORDER BY id",
                                                           params).fetchall()
        except sqlite3.Error as exc:
            raise ProgressError(f"lecture de la progression impossible : {exc}") from exc
        return rows

    def writings(self, notebook: str | None = None) -> list[Writing]:
        """Every save of every writing task, oldest first (of one notebook if given)."""
        return [Writing(*row) for row in self._rows(
            "SELECT notebook, task_id, text, created_at, origin FROM writings", notebook)]

    def latest_writing(self, notebook: str, task_id: str) -> Writing | None:
        """The last save of one writing task, if any."""
        last = [w for w in self.writings(notebook) if w.task_id == task_id]
        return last[-1] if last else None

    def exercise_checks(self, notebook: str | None = None) -> list[ExerciseCheck]:
        """All exercise checks, oldest first (of one notebook if given)."""
        rows = self._rows("SELECT notebook, exercise_id, answer, fields, status, score, "
                          "created_at, origin FROM exercise_checks", notebook)
        out = []
        for nb, ex_id, answer, fields, status, score, created, origin in rows:
            try:
                given, verdicts = json.loads(answer), json.loads(fields)
            except ValueError:
                continue  # cannot happen through record_exercise; skipped, never fatal
            out.append(ExerciseCheck(nb, ex_id, given, verdicts, status, float(score),
                                     created, origin))
        return out

    def events(self, notebook: str | None = None) -> list[Event]:
        """All events, oldest first (of one notebook if given)."""
        rows = self._rows("SELECT notebook, question_id, answer, status, score, created_at, "
                          "origin FROM events", notebook)
        out = []
        for nb, qid, answer, status, score, created, origin in rows:
            try:
                value = json.loads(answer)
            except ValueError:
                value = answer
            out.append(Event(nb, qid, value, status, float(score), created, origin))
        return out

    def latest(self, notebook: str | None = None) -> dict[tuple[str, str], Event]:
        """The last event of each (notebook, question id)."""
        return {(e.notebook, e.question_id): e for e in self.events(notebook)}

    @property
    def learner_id(self) -> str:
        """A random, stable pseudonym of this workspace's learner."""
        with self._connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'learner_id'").fetchone()
        return str(row[0])

    def export(self) -> dict[str, Any]:
        """The versioned export document (see docs/export-progression.md). ``writings``
        is an optional field of version 2: present only when a text was saved, so that
        an export without any stays readable by a dashboard that predates it."""
        document = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "learner_id": self.learner_id,
            "exported_at": _now(),
            "events": [e.to_json() for e in self.events()],
            "exercises": [c.to_json() for c in self.exercise_checks()],
        }
        if writings := self.writings():
            document["writings"] = [w.to_json() for w in writings]
        return document
