"""Spaced review: the scheduler's rules (shared vectors), and revision() in a notebook with
an injected clock — the issue's « done when » in Python."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest

from fabrique_course import _progress, _revision, load_bank
from fabrique_course._content import Question
from fabrique_course._progress import Event, ProgressWarning
from fabrique_course._revision import (
    INTERVALS,
    course_catalogue,
    day_number,
    parse_time,
    schedule,
)
from fabrique_course._revision_view import RevisionView, revision
from fabrique_course._widgets import Message

from .conftest import DATA, load_tool

VECTORS = DATA / "revision-vectors.json"


def test_vectors_file_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """tests/data/revision-vectors.json is what tools/make_revision_vectors.py writes."""
    assert load_tool("make_revision_vectors").main(["--check"]) == 0, capsys.readouterr().out


def _cases() -> list[dict[str, Any]]:
    return list(json.loads(VECTORS.read_text(encoding="utf-8"))["cases"])


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["name"])
def test_python_scheduler_gives_the_shared_vectors(case: dict[str, Any]) -> None:
    """The Python scheduler gives exactly each vector's session, plan and boxes."""
    doc = json.loads(VECTORS.read_text(encoding="utf-8"))
    events = [Event(e["notebook"], e["question_id"], None, e["status"], 0.0, e["created_at"])
              for e in case["events"]]
    session = schedule(events, doc["catalogues"][case["catalogue"]], case["now"],
                       case.get("n", 10), case.get("opened"))
    got = {"items": [[i.notebook, i.question_id, i.reason, i.box] for i in session.items],
           "left_today": session.left_today, "plan": [list(p) for p in session.plan],
           "cards": {f"{c.notebook}/{c.question_id}": [c.box, c.missed, c.due_day]
                     for c in session.cards.values()}}
    assert got == case["expected"]


def test_the_vectors_cover_every_rule() -> None:
    """The vectors hold sessions with missed and due questions, every box, a plan, and a
    session cut at n."""
    cases = _cases()
    reasons = {item[2] for c in cases for item in c["expected"]["items"]}
    boxes = {card[0] for c in cases for card in c["expected"]["cards"].values()}
    assert reasons == {"missed", "due"}
    assert boxes == {1, 2, 3, 4}
    assert any(c["expected"]["plan"] for c in cases)
    assert any(c["expected"]["left_today"] for c in cases)
    assert len(cases) > 50


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-05T10:00:00Z", "2026-12-05"), ("2026-12-05T23:30:00-02:00", "2026-12-06"),
    ("2026-12-05T00:30:00+01:00", "2026-12-04"), ("2026-12-05T10:00:00", "2026-12-05"),
    ("2026-12-05T10:00:00.999Z", "2026-12-05"),
])
def test_times_are_read_as_utc_calendar_days(text: str, expected: str) -> None:
    """A time's day is its UTC calendar day, whatever offset it was written with."""
    millis = parse_time(text)
    assert millis is not None
    ref = parse_time(expected + "T12:00:00Z")
    assert ref is not None
    assert day_number(millis) == day_number(ref)


@pytest.mark.parametrize("text", ["hier", "2026-02-30T10:00:00Z", "2026-12-05", None, 5,
                                  "2026-12-05T24:00:00Z"])
def test_unreadable_times_are_none(text: object) -> None:
    """A time that cannot be read gives None (its answer is then ignored)."""
    assert parse_time(text) is None


def test_the_scheduler_never_reads_the_clock() -> None:
    """`schedule` needs its clock from the caller: no default, no call to the clock."""
    assert inspect.signature(schedule).parameters["now"].default is inspect.Parameter.empty
    source = inspect.getsource(_revision)
    assert not re.search(r"\.now\(|\.today\(|time\.time|utcnow", source)


def test_intervals_are_one_three_seven_twenty_one_days() -> None:
    """The Leitner boxes 1 to 4 come back after 1, 3, 7 and 21 days."""
    assert dict(INTERVALS) == {1: 1, 2: 3, 3: 7, 4: 21}


def test_bad_session_size_is_refused_in_french() -> None:
    """A size that is not a positive whole number is refused with a French message."""
    for bad in (0, -1, True, 2.5):
        with pytest.raises(ValueError, match="entier positif"):
            schedule([], [], "2026-12-05T10:00:00Z", bad)  # type: ignore[arg-type]


# ---------------------------------------------------------------- revision() in a notebook

def _right(q: Question) -> Any:
    if q.type in ("single", "true_false"):
        return next(o.id for o in q.options if o.correct)
    if q.type == "multiple":
        return [o.id for o in q.options if o.correct]
    if q.type == "numeric":
        return q.answer
    if q.type == "order":
        return [i.id for i in q.items]
    return {i.id: i.match for i in q.items}


def _three_choice_questions() -> list[Question]:
    """The first three single-choice questions of lesson 00, in the lesson's order."""
    bank = load_bank("00_demarche")
    ids = dict(course_catalogue())["00_demarche"]
    singles = [bank.get(qid) for qid in ids if bank.get(qid).type == "single"]
    return singles[:3]


def _at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """Answers recorded from now on carry the time ``when`` (the store's clock)."""
    monkeypatch.setattr(_progress, "_now", lambda: when)


def _session(when: str) -> RevisionView:
    view = revision(maintenant=when)
    assert isinstance(view, RevisionView), view
    return view


def _keys(view: RevisionView) -> list[tuple[str, str, str, int]]:
    return [(i.notebook, i.question_id, i.reason, i.box) for i in view.session.items]


def test_three_missed_questions_come_back_first_then_when_due(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three questions missed in 00 open the first session; answered right, they are gone
    until the next day (box 1), then after a second right answer until 3 days later."""
    from fabrique_course import repondre

    missed = _three_choice_questions()
    _at(monkeypatch, "2026-12-01T09:00:00Z")
    for q in missed:
        repondre(q.bank, q.id, next(o.id for o in q.options if not o.correct))
    first = _session("2026-12-01T09:30:00Z")
    assert _keys(first)[:3] == [(q.bank, q.id, "missed", 1) for q in missed]
    assert "manquée la dernière fois" in first.reasons[0]
    _at(monkeypatch, "2026-12-01T09:40:00Z")
    for qw in first.quiz.questions if first.quiz else []:
        result = qw.submit(_right(qw.question))
        assert result.status == "correct"
    later = _session("2026-12-01T23:59:00Z")
    assert _keys(later) == []
    assert later.lines[0].startswith("Rien à revoir aujourd'hui")
    assert "demain : 3" in " ".join(later.lines)
    tomorrow = _session("2026-12-02T07:00:00Z")
    assert _keys(tomorrow) == [(q.bank, q.id, "due", 1) for q in missed]
    assert "à revoir aujourd'hui (boîte 1)" in tomorrow.reasons[0]
    _at(monkeypatch, "2026-12-02T07:10:00Z")
    for qw in tomorrow.quiz.questions if tomorrow.quiz else []:
        qw.submit(_right(qw.question))
    assert _keys(_session("2026-12-04T20:00:00Z")) == []
    assert "dans 3 jours : 3" in " ".join(_session("2026-12-02T08:00:00Z").lines)
    assert _keys(_session("2026-12-05T06:00:00Z")) == [(q.bank, q.id, "due", 2) for q in missed]


def test_empty_progress_says_there_is_nothing_to_review_yet(workspace: Path) -> None:
    """With no answer at all, revision() says so in French, and shows no question."""
    view = _session("2026-12-05T10:00:00Z")
    assert view.quiz is None
    text = repr(view)
    assert "Rien à revoir pour l'instant" in text
    bundle = view._repr_mimebundle_()
    assert 'lang="fr"' in bundle["text/html"]
    assert re.search(r"\d{2}:\d{2}", bundle["text/html"]) is None  # no clock in the output


def test_session_header_says_why_and_the_plan(workspace: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The header counts missed and due questions and gives the plan of the next days."""
    from fabrique_course import repondre

    a, b, c = _three_choice_questions()
    _at(monkeypatch, "2026-12-01T09:00:00Z")
    repondre(a.bank, a.id, _right(a))
    repondre(b.bank, b.id, next(o.id for o in b.options if not o.correct))
    _at(monkeypatch, "2026-12-03T09:00:00Z")
    repondre(c.bank, c.id, _right(c))
    view = _session("2026-12-03T10:00:00Z")
    assert _keys(view) == [(b.bank, b.id, "missed", 1), (a.bank, a.id, "due", 1)]
    assert view.lines[0].startswith("Séance de révision : 2 question(s) (1 manquée(s) la "
                                    "dernière fois, 1 à revoir aujourd'hui)")
    assert view.lines[-1] == "À venir : demain : 1."
    assert "Question" in repr(view)
    assert "repondre" in view._repr_mimebundle_()["text/html"]


def test_corrupt_progress_file_gives_a_french_warning_and_loses_nothing(
        workspace: Path) -> None:
    """A damaged progress file is set aside (kept) with a French warning; review goes on."""
    store = workspace / ".progression" / "progression.sqlite3"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"pas une base SQLite" * 100)
    with pytest.warns(ProgressWarning, match="endommagé"):
        view = revision(maintenant="2026-12-05T10:00:00Z")
    assert isinstance(view, RevisionView)
    assert (store.parent / "progression.sqlite3.corrompu-1").read_bytes().startswith(b"pas une")


def test_bad_arguments_give_a_french_message(workspace: Path) -> None:
    """A wrong size or an unreadable date is a French message, not a traceback."""
    assert isinstance(revision(0), Message)
    message = revision(maintenant="demain")
    assert isinstance(message, Message)
    assert "heure illisible" in message.text
