"""What a learner has done, per notebook: questions answered, right, to revisit, and where
they stand on the lesson's impact exercises (the last check of each). Pure."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ._content import Bank, bank_names, load_bank
from ._files import read_yaml_file
from ._lessons import lessons
from ._paths import content_root
from ._progress import Event, ExerciseCheck

__all__ = ["ExerciseState", "NotebookSummary", "QuestionState", "exercise_title",
           "summarise", "summarise_notebooks", "summary_lines"]


@dataclass(frozen=True)
class QuestionState:
    """The state of one question for this learner."""

    question_id: str
    prompt: str
    attempts: int
    status: str  # last status, or "" when never answered

    @property
    def label(self) -> str:
        """French label of the state."""
        return {
            "correct": "juste",
            "partial": "en partie juste",
            "incorrect": "à revoir",
            "": "pas encore répondu",
        }.get(self.status, self.status)


@dataclass(frozen=True)
class ExerciseState:
    """Where this learner stands on one impact exercise (its last check)."""

    exercise_id: str
    title: str
    checks: int
    status: str  # status of the last check, or "" when never checked

    @property
    def label(self) -> str:
        """French label of the state."""
        return {
            "correct": "juste",
            "partial": "en partie juste",
            "incorrect": "à revoir",
            "": "pas encore fait",
        }.get(self.status, self.status)


@dataclass
class NotebookSummary:
    """Per-notebook progress."""

    notebook: str
    title: str
    questions: list[QuestionState] = field(default_factory=list)
    exercises: list[ExerciseState] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Number of questions in the bank."""
        return len(self.questions)

    @property
    def answered(self) -> int:
        """Questions answered at least once."""
        return sum(1 for q in self.questions if q.attempts)

    @property
    def right(self) -> int:
        """Questions whose last answer was fully right."""
        return sum(1 for q in self.questions if q.status == "correct")

    @property
    def to_revisit(self) -> list[QuestionState]:
        """Answered questions whose last answer was not fully right."""
        return [q for q in self.questions if q.attempts and q.status != "correct"]

    @property
    def not_answered(self) -> list[QuestionState]:
        """Questions never answered."""
        return [q for q in self.questions if not q.attempts]

    @property
    def exercises_right(self) -> int:
        """Impact exercises whose last check was all right."""
        return sum(1 for x in self.exercises if x.status == "correct")

    @property
    def exercises_not_done(self) -> list[ExerciseState]:
        """Impact exercises never checked."""
        return [x for x in self.exercises if not x.checks]


def _short(prompt: str, width: int = 90) -> str:
    text = " ".join(prompt.replace("*", "").replace("`", "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


@functools.lru_cache(maxsize=64)
def _title(exercise_id: str, path_text: str, mtime: int) -> str:
    data, _lines, problems = read_yaml_file(Path(path_text))
    title = data.get("title") if isinstance(data, dict) and not problems else None
    return title if isinstance(title, str) and title.strip() else exercise_id


def exercise_title(exercise_id: str) -> str:
    """The title of an impact exercise (``content/exercices/<id>.yaml``), or its id when
    that file is missing or broken: a progress report never fails on it."""
    path = content_root() / "exercices" / f"{exercise_id}.yaml"
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return exercise_id
    return _title(exercise_id, str(path), mtime)


def summarise(banks: Sequence[Bank], events: Iterable[Event],
              checks: Iterable[ExerciseCheck] = (),
              exercises: Mapping[str, Sequence[tuple[str, str]]] | None = None,
              ) -> list[NotebookSummary]:
    """Combine the banks and the learner's events into one summary per notebook; with
    ``exercises`` (notebook → its exercises' (id, title)), the learner's exercise
    ``checks`` too."""
    attempts: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], str] = {}
    for e in events:
        key = (e.notebook, e.question_id)
        attempts[key] = attempts.get(key, 0) + 1
        last[key] = e.status
    tried: dict[str, int] = {}
    outcome: dict[str, str] = {}
    for c in checks:
        tried[c.exercise_id] = tried.get(c.exercise_id, 0) + 1
        outcome[c.exercise_id] = c.status
    out = []
    for bank in banks:
        summary = NotebookSummary(bank.notebook, bank.title)
        for q in bank.questions:
            key = (bank.notebook, q.id)
            summary.questions.append(
                QuestionState(q.id, _short(q.prompt), attempts.get(key, 0), last.get(key, ""))
            )
        for ex_id, title in (exercises or {}).get(bank.notebook, ()):
            summary.exercises.append(ExerciseState(ex_id, title, tried.get(ex_id, 0),
                                                   outcome.get(ex_id, "")))
        out.append(summary)
    return out


def summarise_notebooks(names: Sequence[str] | None, events: Iterable[Event],
                        checks: Iterable[ExerciseCheck] = ()) -> list[NotebookSummary]:
    """:func:`summarise` for the banks of ``names`` (every bank when None), with the
    impact exercises each lesson names."""
    exercises = {lesson.name: [(x, exercise_title(x)) for x in lesson.exercises]
                 for lesson in lessons()}
    return summarise([load_bank(n) for n in (bank_names() if names is None else names)],
                     events, checks, exercises)


def summary_lines(summaries: Sequence[NotebookSummary]) -> list[str]:
    """A plain-text French report, for the terminal and for text-only front ends."""
    lines: list[str] = []
    for s in summaries:
        lines.append(f"{s.notebook} — {s.title}")
        lines.append(f"  {s.answered}/{s.total} questions répondues, {s.right} justes")
        for q in s.to_revisit:
            lines.append(f"  à revoir : {q.question_id} ({q.label}) — {q.prompt}")
        if s.answered and s.not_answered:
            ids = ", ".join(q.question_id for q in s.not_answered)
            lines.append(f"  pas encore répondu : {ids}")
        for x in s.exercises:
            tries = f" ({x.checks} vérification(s))" if x.checks else ""
            lines.append(f"  exercice d'impact « {x.title} » ({x.exercise_id}) : "
                         f"{x.label}{tries}")
    return lines
