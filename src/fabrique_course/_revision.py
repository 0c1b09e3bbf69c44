"""Spaced review (« Révision »): which questions a learner should answer again today.

A pure scheduler over the progress store's answers, deterministic given the answers and a
clock the caller passes in (it never reads the clock). The site runs the same rules in
``publishing/site_assets/fabrique-revision.js``; the shared vectors
(``tests/data/revision-vectors.json``, written by ``tools/make_revision_vectors.py``) hold
the two together.

The rules, in full:

- **Which questions.** Only questions the learner has answered, of lessons the learner has
  opened. A lesson counts as opened when the store holds at least one quiz answer or one
  impact-exercise check of it (the store does not record that a page was merely opened).
  A question never answered is never asked: a lesson read in part may hold questions on
  sections not studied yet. Answers « unreadable », answers with an unreadable date and
  answers to questions no longer in the course are ignored.
- **Boxes (Leitner).** Each question's answers are replayed in time order (store order
  for equal times). A wrong or partly right answer puts the question in box 1, *missed*:
  due at once. A right answer to a missed or never-answered question leaves it in box 1,
  due 1 day later; a right answer given on or after its due day moves it up one box (box
  2, 3, then 4, where it stays), due again 3, 7 or 21 days after that answer
  (:data:`INTERVALS`); a right answer given before the due day changes nothing.
- **Days.** Dates are compared by calendar day in UTC (a question answered right on
  Monday at 16:00 is due on Tuesday, all day): due when today's day is on or after its
  due day.
- **The session.** At most ``n`` questions (default 10): first the missed ones, then the
  due ones; each group interleaved across lessons (one question of each lesson in turn,
  lessons in course order); within a lesson, missed questions in question order, due ones
  most overdue first, then in question order.
- **The plan.** The answered questions not due today, counted by how many days until
  they are due (« demain : 3, dans 7 jours : 5 »).

Pure: imports the store's event type and, in :func:`course_catalogue`, the banks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from ._progress import Event, ExerciseCheck

__all__ = [
    "DEFAULT_SIZE",
    "INTERVALS",
    "MAX_BOX",
    "Card",
    "Catalogue",
    "ReviewItem",
    "Session",
    "course_catalogue",
    "day_number",
    "in_days_words",
    "opened_lessons",
    "parse_time",
    "schedule",
]

#: Days until a question is due again after a right answer, by the box it is then in.
INTERVALS: Mapping[int, int] = {1: 1, 2: 3, 3: 7, 4: 21}
MAX_BOX = 4
#: Questions in a review session unless the learner asks for another number.
DEFAULT_SIZE = 10
#: The course's lessons in order, each with its question ids in order: (notebook, ids).
Catalogue = Sequence[tuple[str, Sequence[str]]]
Reason = Literal["missed", "due"]

_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?"
                   r"(Z|[+-]\d{2}:\d{2})?")
_ANSWERED = ("correct", "partial", "incorrect")
_DAY_MS = 86_400_000


def parse_time(text: object) -> int | None:
    """Milliseconds since 1970 (UTC) of an ISO 8601 time as the stores write it
    (``2026-12-05T10:00:00Z``; an offset or none, read as UTC, is accepted); None when it
    cannot be read. The site's script reads times by the same rule."""
    if not isinstance(text, str):
        return None
    match = _TIME.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(k)) for k in range(1, 7))
    fraction, zone = match.group(7), match.group(8)
    millis = int((fraction[1:] + "000")[:3]) if fraction else 0
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            moment -= sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    except (OverflowError, ValueError):
        return None
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (moment - epoch) // timedelta(milliseconds=1) + millis


def day_number(millis: int) -> int:
    """The UTC calendar day of a time, as a count of days since 1970-01-01."""
    return millis // _DAY_MS


def _now_millis(now: datetime | str) -> int:
    if isinstance(now, datetime):
        moment = now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)
        epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
        return (moment - epoch) // timedelta(milliseconds=1)
    millis = parse_time(now)
    if millis is None:
        raise ValueError(f"heure illisible : {now!r} (attendu : 2026-12-05T10:00:00Z)")
    return millis


@dataclass(frozen=True)
class Card:
    """Where one answered question stands: its box (1 to 4), whether its latest answer
    was wrong (missed), and the day it is due (days since 1970, UTC)."""

    notebook: str
    question_id: str
    box: int
    missed: bool
    due_day: int


@dataclass(frozen=True)
class ReviewItem:
    """One question of a review session, and why it is there."""

    notebook: str
    question_id: str
    reason: Reason
    box: int

    def why(self) -> str:
        """« manquée » or « à revoir aujourd'hui (boîte 2) »."""
        if self.reason == "missed":
            return "manquée la dernière fois"
        return f"à revoir aujourd'hui (boîte {self.box})"


@dataclass(frozen=True)
class Session:
    """A review session: its questions, what stays due today beyond them, and the plan
    of the next days ((days from today, questions due then), soonest first)."""

    items: tuple[ReviewItem, ...]
    left_today: int
    plan: tuple[tuple[int, int], ...]
    cards: Mapping[tuple[str, str], Card]

    @property
    def next_due(self) -> int | None:
        """Days until the next question not in this session is due, if any."""
        return self.plan[0][0] if self.plan else None

    def plan_words(self) -> str:
        """« demain : 3, dans 7 jours : 5 » (empty without a plan)."""
        return ", ".join(f"{in_days_words(days)} : {count}" for days, count in self.plan)


def in_days_words(days: int) -> str:
    """« aujourd'hui », « demain », « dans 3 jours »."""
    if days <= 0:
        return "aujourd'hui"
    return "demain" if days == 1 else f"dans {days} jours"


def opened_lessons(events: Iterable[Event], checks: Iterable[ExerciseCheck] = ()) -> set[str]:
    """The lessons with at least one quiz answer or one exercise check in the store."""
    return {e.notebook for e in events} | {c.notebook for c in checks}


def _replay(answers: list[tuple[int, bool]]) -> tuple[int, bool, int]:
    """(box, missed, due day) after a question's answers, (time, right), in time order."""
    box, missed, due = 0, False, 0
    for millis, right in answers:
        day = day_number(millis)
        if not right:
            box, missed, due = 1, True, day
        elif missed or box == 0:
            box, missed, due = 1, False, day + INTERVALS[1]
        elif day >= due:
            box = min(box + 1, MAX_BOX)
            due = day + INTERVALS[box]
    return box, missed, due


def _interleave(groups: list[list[ReviewItem]]) -> list[ReviewItem]:
    """One item of each group in turn (groups in order), until all are taken."""
    out: list[ReviewItem] = []
    depth = 0
    while any(depth < len(group) for group in groups):
        out += [group[depth] for group in groups if depth < len(group)]
        depth += 1
    return out


def schedule(events: Iterable[Event], catalogue: Catalogue, now: datetime | str,
             n: int = DEFAULT_SIZE, opened: Iterable[str] | None = None) -> Session:
    """The review session due at ``now`` (the caller's clock), of at most ``n`` questions,
    from the learner's answers (``events``, store order) over the course ``catalogue``;
    ``opened`` lessons (default: those the events answer) bound what may be asked."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"le nombre de questions doit être un entier positif, pas {n!r}")
    today = day_number(_now_millis(now))
    events = list(events)
    allowed = set(opened) if opened is not None else opened_lessons(events)
    place = {(notebook, qid): (k, j) for k, (notebook, ids) in enumerate(catalogue)
             for j, qid in enumerate(ids)}
    history: dict[tuple[str, str], list[tuple[int, int, bool]]] = {}
    for order, event in enumerate(events):
        key = (event.notebook, event.question_id)
        millis = parse_time(event.created_at)
        if (event.status not in _ANSWERED or key not in place or millis is None
                or event.notebook not in allowed):
            continue
        history.setdefault(key, []).append((millis, order, event.status == "correct"))
    cards: dict[tuple[str, str], Card] = {}
    for key in sorted(history, key=place.__getitem__):
        answers = [(millis, right) for millis, _, right in sorted(history[key])]
        box, missed, due = _replay(answers)
        cards[key] = Card(key[0], key[1], box, missed, due)
    missed_groups: list[list[ReviewItem]] = [[] for _ in catalogue]
    due_groups: list[list[tuple[int, int, ReviewItem]]] = [[] for _ in catalogue]
    waiting: dict[int, int] = {}
    for key, card in cards.items():
        lesson, position = place[key]
        if card.missed:
            missed_groups[lesson].append(ReviewItem(*key, "missed", card.box))
        elif card.due_day <= today:
            due_groups[lesson].append((card.due_day, position,
                                       ReviewItem(*key, "due", card.box)))
        else:
            waiting[card.due_day - today] = waiting.get(card.due_day - today, 0) + 1
    due_sorted = [[item for _, _, item in sorted(group, key=lambda g: (g[0], g[1]))]
                  for group in due_groups]
    queue = _interleave(missed_groups) + _interleave(due_sorted)
    return Session(tuple(queue[:n]), max(0, len(queue) - n), tuple(sorted(waiting.items())),
                   cards)


def course_catalogue() -> list[tuple[str, list[str]]]:
    """The course's banks in course order, each with its question ids in the order its
    lesson numbers them (« Question 3 »); a bank that cannot be read is left out."""
    from ._banks import bank_names, load_bank
    from ._errors import FabriqueError
    from ._report import question_numbers

    out: list[tuple[str, list[str]]] = []
    for name in bank_names():
        try:
            bank = load_bank(name)
        except FabriqueError:
            continue
        numbers = question_numbers(name)
        ranked = sorted(enumerate(q.id for q in bank.questions),
                        key=lambda pair: (numbers.get(pair[1], 10**6), pair[0]))
        out.append((name, [qid for _, qid in ranked]))
    return out
