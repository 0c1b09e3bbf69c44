"""The question model: a bank, its objectives and its questions, as immutable records.

What a validated bank is made of, whichever way it was read: checked from its YAML file
(``_content``) or taken from its checked form kept by ``_banks``. Nothing here reads a
file or imports a parser, so a notebook's first quiz pays only for these classes.

They are named tuples, not frozen dataclasses: the same immutable, comparable, hashable
records (``_replace`` and ``_asdict`` instead of ``dataclasses.replace`` and ``asdict``),
created about five times faster at import, which a lesson's first quiz waits for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple, get_args

from ._errors import UnknownQuestionError
from ._paths import display_path

__all__ = ["LEVELS", "Bank", "Choice", "CommonError", "Item", "Objective", "Option",
           "Question", "QuestionLevel", "QuestionType"]

QuestionType = Literal["single", "multiple", "true_false", "numeric", "order", "match"]
#: What a question asks of the learner (field ``niveau`` of the banks): recall a fact or a
#: definition; use a rule or a method on a given case; judge a situation.
QuestionLevel = Literal["rappel", "application", "analyse"]
LEVELS: tuple[QuestionLevel, ...] = get_args(QuestionLevel)


class Objective(NamedTuple):
    """One objective of a lesson: its stable id and the Markdown line the learner reads
    in the lesson's « Objectifs » list (without the bullet)."""

    id: str
    text: str
    competence: str = ""  # id of the certification competence it serves


class Option(NamedTuple):
    """One option of a choice question (single, multiple, true_false)."""

    id: str
    text: str
    correct: bool
    feedback: str


class Item(NamedTuple):
    """An element to put in order, or to match with a choice (``match`` is set then)."""

    id: str
    text: str
    match: str | None = None
    feedback: str | None = None


class Choice(NamedTuple):
    """A category or description that ``match`` items are paired with."""

    id: str
    text: str


class CommonError(NamedTuple):
    """A frequent wrong numeric answer and the misconception it reveals."""

    answer: float
    feedback: str


class Question(NamedTuple):
    """A validated question; which fields are filled depends on ``type``."""

    bank: str
    id: str
    type: QuestionType
    prompt: str
    explanation: str
    source: str
    level: QuestionLevel
    shuffle: bool = False
    options: tuple[Option, ...] = ()
    items: tuple[Item, ...] = ()
    choices: tuple[Choice, ...] = ()
    answer: float | None = None
    tolerance_absolute: float | None = None
    tolerance_relative: float | None = None
    unit: str | None = None
    common_errors: tuple[CommonError, ...] = ()
    objectives: tuple[str, ...] = ()  # ids of the bank's objectives this question assesses

    @property
    def key(self) -> str:
        """Stable identifier across the course: ``<bank>/<question id>``."""
        return f"{self.bank}/{self.id}"

    @property
    def margin(self) -> float:
        """How far from the expected answer a numeric answer may be and still be right."""
        from ._numbers import tolerance_margin

        return tolerance_margin(self.answer or 0.0, self.tolerance_absolute,
                                self.tolerance_relative)

    def accepts(self, value: float) -> bool:
        """Whether ``value`` is a right answer to this numeric question (the tolerance
        rule of :func:`fabrique_course._numbers.within_tolerance`)."""
        if self.answer is None:
            return False
        from ._numbers import within_tolerance

        return within_tolerance(value, self.answer, self.tolerance_absolute,
                                self.tolerance_relative)


class Bank(NamedTuple):
    """The question bank of one notebook."""

    notebook: str
    title: str
    path: Path
    questions: tuple[Question, ...] = ()
    objectives: tuple[Objective, ...] = ()

    def objectives_markdown(self) -> str:
        """The lesson's « Objectifs » list, one Markdown bullet per objective."""
        return "\n".join(f"- {objective.text}" for objective in self.objectives)

    def get(self, question_id: str) -> Question:
        """Return the question ``question_id`` or raise :class:`UnknownQuestionError`."""
        for question in self.questions:
            if question.id == question_id:
                return question
        known = ", ".join(q.id for q in self.questions)
        raise UnknownQuestionError(
            f"la banque « {self.notebook} » n'a pas de question « {question_id} ». "
            f"Questions connues : {known}.",
            file=display_path(self.path),
        )
