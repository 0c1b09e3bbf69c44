"""A timed session schedule built from the notebooks' minutes, in the Carpentries way.

Nothing is kept by hand: each lesson contributes its ``teaching_minutes`` and
``exercise_minutes`` (notebook metadata). The day opens with a welcome, takes a short
break after about 90 minutes of work, a lunch break once noon is reached, and ends
with a wrap-up where learners export their answers for the class dashboard. With
``revision=True`` each day's last slot before that wrap-up is a 10-minute spaced review
(``revision()`` or ``revision.html``: the questions missed, then those due).

A lesson is two blocks, as its notebook is laid out: its numbered sections, read with
the quizzes placed in them (« cours », the teaching minutes), then its impact exercises
and its closing scenario, a role play with its own quiz (« exercices », the exercise
minutes; a group activity for a lesson without impact exercises). There is no block of
quizzes: a quiz is answered in the section it checks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from .._errors import AgendaError
from .._lessons import lessons, select_lessons

__all__ = ["Slot", "agenda", "agenda_html", "agenda_lines"]

WELCOME = 15
WRAP_UP = 15
BREAK = 15
LUNCH = 60
REVIEW = 10
WORK_BEFORE_BREAK = 90


@dataclass(frozen=True)
class Slot:
    """One line of the schedule."""

    start: int  # minutes since midnight
    minutes: int
    kind: str  # accueil | cours | exercices | pause | dejeuner | revision | bilan
    label: str
    notebook: str = ""
    day: int = 1

    @property
    def end(self) -> int:
        return self.start + self.minutes


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_time(text: str) -> int:
    match = re.fullmatch(r"\s*(\d{1,2})\s*[:hH]\s*(\d{2})?\s*", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        raise AgendaError(f"heure illisible : « {text} » (écrivez par exemple 09:30 ou 9h30)")
    return int(match.group(1)) * 60 + int(match.group(2) or 0)


def _block_label(kind: str, impact_exercises: bool) -> str:
    """What the room does in a lesson's block (see the module's docstring)."""
    if kind == "cours":
        return "cours, avec les quiz de ses sections"
    if impact_exercises:
        return "exercices d'impact et mise en situation"
    return "activité de groupe"


def agenda(start: str, selection: str | None = None, *, lunch_at: str = "12:00",
           end: str = "17:30", folder: Path | None = None,
           revision: bool = False) -> list[Slot]:
    """The schedule of a session starting at ``start`` over the chosen lessons.

    A block that would end after ``end`` (plus the wrap-up) moves to the next day,
    which starts at ``start`` again with a short welcome. With ``revision``, each day ends
    with a 10-minute spaced review just before its wrap-up.
    """
    first = _parse_time(start)
    noon = _parse_time(lunch_at)
    close = _parse_time(end)
    closing = WRAP_UP + (REVIEW if revision else 0)
    if close <= first + WELCOME + closing:
        raise AgendaError(f"la journée finit ({end}) avant d'avoir commencé ({start})")
    chosen = select_lessons(selection, lessons(folder))
    if not chosen:
        raise AgendaError("aucune leçon à programmer")
    blocks = []
    for lesson in chosen:
        blocks.append((lesson, "cours", lesson.teaching_minutes))
        if lesson.exercise_minutes:
            blocks.append((lesson, "exercices", lesson.exercise_minutes))
    slots: list[Slot] = []
    day = 0
    now = worked = 0
    lunched = False

    def open_day() -> None:
        nonlocal day, now, worked, lunched
        day += 1
        now = first
        label = ("Accueil, installation, tour de table" if day == 1
                 else "Accueil, retour sur la veille")
        slots.append(Slot(now, WELCOME, "accueil", label, day=day))
        now += WELCOME
        worked = WELCOME
        lunched = now >= noon + 2 * 60  # a session that starts in the afternoon

    def close_day(last: bool) -> None:
        nonlocal now
        if revision:
            slots.append(Slot(now, REVIEW, "revision", "Révision espacée", day=day))
            now += REVIEW
        label = ("Bilan, questions, export des réponses pour le tableau de bord" if last
                 else "Bilan de la journée")
        slots.append(Slot(now, WRAP_UP, "bilan", label, day=day))
        now += WRAP_UP

    open_day()
    for lesson, kind, minutes in blocks:
        if not lunched and now >= noon:
            slots.append(Slot(now, LUNCH, "dejeuner", "Déjeuner", day=day))
            now += LUNCH
            worked = 0
            lunched = True
        elif worked >= WORK_BEFORE_BREAK:
            slots.append(Slot(now, BREAK, "pause", "Pause", day=day))
            now += BREAK
            worked = 0
        if now + minutes + closing > close and slots[-1].kind not in ("accueil",):
            if slots[-1].kind == "pause":
                slots.pop()
                now -= BREAK
            close_day(last=False)
            open_day()
        label = f"{lesson.title} — {_block_label(kind, bool(lesson.exercises))}"
        slots.append(Slot(now, minutes, kind, label, lesson.name, day=day))
        now += minutes
        worked += minutes
    close_day(last=True)
    return slots


def agenda_lines(slots: list[Slot]) -> list[str]:
    """The schedule as text lines."""
    work = sum(s.minutes for s in slots if s.kind in ("cours", "exercices"))
    days = slots[-1].day
    out: list[str] = []
    for s in slots:
        if days > 1 and (not out or s.kind == "accueil"):
            out.append(f"Jour {s.day}")
        out.append(f"{_clock(s.start)}–{_clock(s.end)}  {s.label} ({s.minutes} min)")
    out.append(f"{days} jour(s), fin à {_clock(slots[-1].end)} ; {work} min de cours et "
               "d'exercices.")
    return out


def agenda_html(slots: list[Slot]) -> str:
    """The schedule as an accessible HTML table."""
    e = html.escape
    days = slots[-1].day
    rows = "".join(
        (f'<tr><th scope="rowgroup" colspan="3">Jour {s.day}</th></tr>'
         if days > 1 and s.kind == "accueil" else "")
        + f'<tr class="fc-agenda-{s.kind}"><td>{_clock(s.start)}–{_clock(s.end)}</td>'
        f"<td>{e(s.label)}</td><td>{s.minutes} min</td></tr>" for s in slots)
    return ('<table class="fc-agenda"><caption>Déroulé de la séance</caption><thead><tr>'
            '<th scope="col">Horaire</th><th scope="col">Activité</th>'
            f'<th scope="col">Durée</th></tr></thead><tbody>{rows}</tbody></table>')
