"""What a learner has done, per notebook: answered, right, to revisit. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ._content import Bank, bank_names, load_bank
from ._progress import Event

__all__ = ["NotebookSummary", "QuestionState", "summarise", "summarise_notebooks",
           "summary_lines"]


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


@dataclass
class NotebookSummary:
    """Per-notebook progress."""

    notebook: str
    title: str
    questions: list[QuestionState] = field(default_factory=list)

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


def _short(prompt: str, width: int = 90) -> str:
    text = " ".join(prompt.replace("*", "").replace("`", "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def summarise(banks: Sequence[Bank], events: Iterable[Event]) -> list[NotebookSummary]:
    """Combine the banks and the learner's events into one summary per notebook."""
    attempts: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], str] = {}
    for e in events:
        key = (e.notebook, e.question_id)
        attempts[key] = attempts.get(key, 0) + 1
        last[key] = e.status
    out = []
    for bank in banks:
        summary = NotebookSummary(bank.notebook, bank.title)
        for q in bank.questions:
            key = (bank.notebook, q.id)
            summary.questions.append(
                QuestionState(q.id, _short(q.prompt), attempts.get(key, 0), last.get(key, ""))
            )
        out.append(summary)
    return out


def summarise_notebooks(names: Sequence[str] | None,
                        events: Iterable[Event]) -> list[NotebookSummary]:
    """:func:`summarise` for the banks of ``names`` (every bank when None)."""
    return summarise([load_bank(n) for n in (bank_names() if names is None else names)],
                     events)


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
    return lines
