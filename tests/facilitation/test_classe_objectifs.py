"""The class dashboard per objective: a hand-built room of three exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from fabrique_course import load_bank
from fabrique_course._content import Question
from fabrique_course._progress import EXPORT_FORMAT, EXPORT_VERSION
from fabrique_course.exercises._attempts import plain_answer, stored_status
from fabrique_course.exercises._engine import check, exercise, exercise_ids
from fabrique_course.facilitation._classe import read_class

BANK = load_bank("00_demarche")
FIRST = BANK.objectives[0].id
SECOND = BANK.objectives[1].id


def _only(objective: str) -> list[Question]:
    """Questions of lesson 00 assessing ``objective`` and not the other one of the pair."""
    other = SECOND if objective == FIRST else FIRST
    return [q for q in BANK.questions if objective in q.objectives and other not in q.objectives]


def _right(q: Question) -> str:
    return next(o.id for o in q.options if o.correct)


def _wrong(q: Question) -> str:
    return next(o.id for o in q.options if not o.correct)


def _event(q: Question, answer: str, minute: int) -> dict[str, Any]:
    correct = answer == _right(q)
    return {"notebook": q.bank, "question_id": q.id, "answer": answer,
            "status": "correct" if correct else "incorrect", "score": 1.0 if correct else 0.0,
            "correct": correct, "created_at": f"2026-12-01T10:{minute:02d}:00Z",
            "origin": "jupyter"}


def _write(folder: Path, learner: str, events: list[dict[str, Any]],
           checks: list[dict[str, Any]] | None = None) -> None:
    doc = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "learner_id": learner * 32,
           "exported_at": "2026-12-01T17:00:00Z", "events": events, "exercises": checks or []}
    (folder / f"{learner}.json").write_text(json.dumps(doc, ensure_ascii=False),
                                            encoding="utf-8")


def _choice(questions: list[Question]) -> list[Question]:
    return [q for q in questions if q.type in ("single", "true_false")][:2]


def test_each_objective_counts_learners_and_right_latest_answers(tmp_path: Path) -> None:
    """Per objective: learners who answered one of its questions, right latest answers
    over its questions, the least mastered objective first; a later right answer counts."""
    a1, a2 = _choice(_only(FIRST))
    b1, b2 = _choice(_only(SECOND))
    # Learner a: FIRST all wrong; SECOND right after a wrong try.
    _write(tmp_path, "a", [_event(a1, _wrong(a1), 1), _event(a2, _wrong(a2), 2),
                           _event(b1, _wrong(b1), 3), _event(b1, _right(b1), 4)])
    # Learner b: FIRST half right; SECOND right.
    _write(tmp_path, "b", [_event(a1, _right(a1), 1), _event(a2, _wrong(a2), 2),
                           _event(b2, _right(b2), 3)])
    # Learner c: answered nothing of lesson 00.
    _write(tmp_path, "c", [])
    room = read_class(tmp_path)
    rows = {(o.notebook, o.objective_id): o for o in room.objectives}
    first, second = rows[("00_demarche", FIRST)], rows[("00_demarche", SECOND)]
    assert (first.learners, first.answers, first.right) == (2, 4, 1)
    assert (second.learners, second.answers, second.right) == (2, 2, 2)
    assert first.text == BANK.objectives[0].text
    order = [(o.notebook, o.objective_id) for o in room.objectives]
    assert order.index(("00_demarche", FIRST)) < order.index(("00_demarche", SECOND))
    assert room.objectives[0].rate == min(o.rate for o in room.objectives if o.rate is not None)
    unanswered = [o for o in room.objectives if o.rate is None]
    assert unanswered
    assert room.objectives[-len(unanswered):] == unanswered
    assert all(o.learners == 0 for o in unanswered)

    text = "\n".join(room.lines())
    assert f"00_demarche / {FIRST}" in text
    assert "25 % de réponses justes (1/4), 2 apprenant·e(s)" in text
    page = room.html()
    assert '<table class="fc-t-objectifs"><caption>' in page
    assert "<h3>Objectifs</h3>" in page
    table = list(csv.reader(io.StringIO(room.csv_files()["objectifs.csv"]), delimiter=";"))
    assert table[0] == ["notebook", "objectif", "texte", "apprenants", "reponses", "justes",
                        "taux_reussite"]
    line = next(r for r in table if r[1] == FIRST)
    assert line[3:] == ["2", "4", "1", "0.250"]


def test_exercise_values_count_for_their_objectives(tmp_path: Path) -> None:
    """A value given in a learner's latest check counts for the objectives it names."""
    ex_id = next(x for x in exercise_ids() if exercise(x).fields[0].objectives)
    ex = exercise(ex_id)
    field = ex.fields[0]
    answer = {f.key: f.expected for f in ex.fields}
    result = check(ex, answer)
    status = stored_status(result)
    assert status is not None
    entry = {"notebook": ex.notebook, "exercise_id": ex_id,
             "answer": plain_answer(result, answer),
             "fields": {v.key: {"status": v.status, "mistake": v.mistake} for v in result.fields},
             "status": status, "score": result.score, "correct": status == "correct",
             "created_at": "2026-12-01T10:00:00Z", "origin": "formulaire"}
    _write(tmp_path, "d", [], [entry])
    room = read_class(tmp_path)
    row = next(o for o in room.objectives
               if o.notebook == ex.notebook and o.objective_id == field.objectives[0])
    assert row.learners == 1
    assert row.right == row.answers >= 1
