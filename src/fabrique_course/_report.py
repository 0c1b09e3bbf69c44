"""What a learner has done, per notebook: questions answered, right, to revisit (each
named by its number in the lesson and a short title), where they stand on the lesson's
impact exercises (the last check of each), and the texts of its writing tasks (the last
save of each). Pure."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ._banks import load_bank, question_numbers
from ._files import read_yaml_file
from ._lessons import lessons
from ._model import Bank
from ._paths import bank_names, content_root
from ._progress import Event, ExerciseCheck, Writing

__all__ = ["ExerciseState", "NotebookSummary", "QuestionState", "WritingState",
           "exercise_title", "question_numbers", "short_title", "summarise",
           "summarise_notebooks", "summary_lines"]

#: French labels of a question's or an exercise's last status.
_LABELS = {"correct": "juste", "partial": "en partie juste", "incorrect": "à revoir"}


@dataclass(frozen=True)
class QuestionState:
    """The state of one question for this learner."""

    question_id: str
    prompt: str
    attempts: int
    status: str  # last status, or "" when never answered
    number: int = 0  # its number in its lesson's page (« Question 3 »); 0 when unknown
    title: str = ""  # the first words of its prompt, plain text
    score: float | None = None  # the last answer's score, None when never answered

    @property
    def label(self) -> str:
        """French label of the state."""
        return _LABELS.get(self.status, self.status) if self.status else "pas encore répondu"

    @property
    def name(self) -> str:
        """How a learner finds the question: « Question 3 — Laquelle de ces… »."""
        head = f"Question {self.number}" if self.number else "Question"
        return f"{head} — {self.title or self.question_id}"


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
        return _LABELS.get(self.status, self.status) if self.status else "pas encore fait"


@dataclass(frozen=True)
class WritingState:
    """One writing task of a lesson and the learner's last save of it."""

    task_id: str
    instruction: str
    text: str = ""  # the last saved text, "" when never saved
    saved_at: str = ""  # when it was saved (ISO 8601, UTC)
    versions: int = 0  # how many saves are kept

    @property
    def label(self) -> str:
        """French label of the state."""
        return "écrit" if self.versions else "pas encore écrit"


@dataclass
class NotebookSummary:
    """Per-notebook progress."""

    notebook: str
    title: str
    questions: list[QuestionState] = field(default_factory=list)
    exercises: list[ExerciseState] = field(default_factory=list)
    writings: list[WritingState] = field(default_factory=list)

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

    @property
    def exercises_to_revisit(self) -> list[ExerciseState]:
        """Impact exercises whose last check was not all right."""
        return [x for x in self.exercises if x.checks and x.status != "correct"]

    @property
    def written(self) -> int:
        """Writing tasks saved at least once."""
        return sum(1 for w in self.writings if w.versions)


def _short(prompt: str, width: int = 90) -> str:
    text = " ".join(prompt.replace("*", "").replace("`", "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[*`]+|(?<!\w)_+(?=\S)|(?<=\S)_+(?!\w)")
_BLOCK_MARK = re.compile(r"^\s*(?:#+|>+|\d+[.)]|[-+])\s+", re.M)


def short_title(prompt: str, width: int = 70) -> str:
    """The first words of a question's prompt as plain text (links, emphasis and block
    marks of its Markdown dropped), cut at a word with « … » beyond ``width``
    characters: how a list of questions names each one."""
    text = _EMPHASIS.sub("", _BLOCK_MARK.sub("", _LINK.sub(r"\1", prompt)))
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-(«")
    return cut + "…"


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
              writings: Iterable[Writing] = (),
              tasks: Mapping[str, Sequence[tuple[str, str]]] | None = None,
              numbers: Mapping[str, Mapping[str, int]] | None = None,
              ) -> list[NotebookSummary]:
    """Combine the banks and the learner's events into one summary per notebook; with
    ``exercises`` (notebook → its exercises' (id, title)), the learner's exercise
    ``checks`` too; with ``tasks`` (notebook → its writing tasks' (id, instruction)), the
    last save of each of ``writings`` (a saved text whose task the lesson no longer has
    is still shown, never hidden). ``numbers`` (notebook → question id → number) numbers
    the questions as their lesson does; by default, in bank order."""
    attempts: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], str] = {}
    scores: dict[tuple[str, str], float] = {}
    for e in events:
        key = (e.notebook, e.question_id)
        attempts[key] = attempts.get(key, 0) + 1
        last[key] = e.status
        scores[key] = e.score
    saves: dict[tuple[str, str], list[Writing]] = {}
    for w in writings:
        saves.setdefault((w.notebook, w.task_id), []).append(w)
    tried: dict[str, int] = {}
    outcome: dict[str, str] = {}
    for c in checks:
        tried[c.exercise_id] = tried.get(c.exercise_id, 0) + 1
        outcome[c.exercise_id] = c.status
    out = []
    for bank in banks:
        summary = NotebookSummary(bank.notebook, bank.title)
        order = (numbers or {}).get(bank.notebook, {})
        for k, q in enumerate(bank.questions, start=1):
            key = (bank.notebook, q.id)
            summary.questions.append(
                QuestionState(q.id, _short(q.prompt), attempts.get(key, 0), last.get(key, ""),
                              order.get(q.id, k), short_title(q.prompt), scores.get(key))
            )
        for ex_id, title in (exercises or {}).get(bank.notebook, ()):
            summary.exercises.append(ExerciseState(ex_id, title, tried.get(ex_id, 0),
                                                   outcome.get(ex_id, "")))
        known = list((tasks or {}).get(bank.notebook, ()))
        known += [(task_id, "") for nb, task_id in saves
                  if nb == bank.notebook and task_id not in {t for t, _ in known}]
        for task_id, instruction in known:
            kept = saves.get((bank.notebook, task_id), [])
            summary.writings.append(WritingState(
                task_id, instruction or task_id, kept[-1].text if kept else "",
                kept[-1].created_at if kept else "", len(kept)))
        out.append(summary)
    return out


def summarise_notebooks(names: Sequence[str] | None, events: Iterable[Event],
                        checks: Iterable[ExerciseCheck] = (),
                        writings: Iterable[Writing] = ()) -> list[NotebookSummary]:
    """:func:`summarise` for the banks of ``names`` (every bank when None), with the
    impact exercises and the writing tasks each lesson names, its questions numbered as
    its page numbers them."""
    available = lessons()
    exercises = {lesson.name: [(x, exercise_title(x)) for x in lesson.exercises]
                 for lesson in available}
    tasks = {lesson.name: list(lesson.writings) for lesson in available}
    chosen = bank_names() if names is None else names
    numbers = {n: question_numbers(n, available) for n in chosen}
    return summarise([load_bank(n) for n in chosen], events, checks, exercises, writings,
                     tasks, numbers)


def summary_lines(summaries: Sequence[NotebookSummary]) -> list[str]:
    """A plain-text French report, for the terminal and for text-only front ends."""
    lines: list[str] = []
    for s in summaries:
        lines.append(f"{s.notebook} — {s.title}")
        lines.append(f"  {s.answered}/{s.total} questions répondues, {s.right} justes")
        for q in s.to_revisit:
            lines.append(f"  à revoir : {q.name} ({q.label})")
        if s.answered and s.not_answered:
            numbers = ", ".join(str(q.number) if q.number else q.question_id
                                for q in s.not_answered)
            lines.append(f"  pas encore répondu : question(s) {numbers}")
        for x in s.exercises:
            tries = f" ({x.checks} vérification(s))" if x.checks else ""
            lines.append(f"  exercice d'impact « {x.title} » ({x.exercise_id}) : "
                         f"{x.label}{tries}")
        for w in s.writings:
            kept = f" ({w.versions} version(s) gardée(s))" if w.versions else ""
            lines.append(f"  texte « {w.instruction} » : {w.label}{kept}")
    return lines
