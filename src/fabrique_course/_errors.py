"""Exceptions raised by fabrique_course.

The tree::

    FabriqueError                 base of everything the package raises on purpose
    ├── ContentError              one or more problems in content/ (YAML, schema, consistency)
    │   └── UnknownQuestionError  a bank or question id that does not exist
    ├── ProgressError             the progress store cannot be opened or written
    ├── WorkspaceError            the learner workspace cannot be prepared
    ├── UnknownLessonError (LookupError)  a lesson selection names no lesson
    ├── ImpactError (ValueError)  input an impact computation cannot use
    ├── DataError (LookupError)   an unknown or unreadable data set
    ├── UnknownExerciseError (LookupError)  no impact exercise has this id
    ├── AgendaError               a session agenda that cannot be built
    ├── ClasseError               a class folder that cannot be read
    └── SiteError                 the site or the slides could not be built

    ExerciseNotSolvedError (AssertionError)  strict mode only (tests): a source notebook's
                                             solution is not graded right

Every message is in French and meant to be shown to a person as is. Grading never
raises on learner input: an unreadable answer is a result, not an exception.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "AgendaError",
    "ClasseError",
    "ContentError",
    "ContentProblem",
    "DataError",
    "ExerciseNotSolvedError",
    "FabriqueError",
    "ImpactError",
    "ProgressError",
    "SiteError",
    "UnknownExerciseError",
    "UnknownLessonError",
    "UnknownQuestionError",
    "WorkspaceError",
]


class FabriqueError(Exception):
    """Base class of the package's deliberate errors (French message)."""


class ContentProblem(NamedTuple):
    """One problem found in a content file: where it is and what is wrong."""

    file: str
    message: str
    question_id: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", ligne {self.line}"
        if self.question_id is not None:
            where += f", question « {self.question_id} »"
        if self.field:
            where += f", champ « {self.field} »"
        return f"{where} : {self.message}"


class ContentError(FabriqueError):
    """Content that does not load or does not validate; carries every problem found."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnknownQuestionError(ContentError):
    """A bank or a question id that the content does not define."""

    def __init__(self, message: str, file: str = "content/quiz") -> None:
        super().__init__([ContentProblem(file=file, message=message)])


class ProgressError(FabriqueError):
    """The learner progress store cannot be opened or written."""


class WorkspaceError(FabriqueError):
    """The learner workspace cannot be prepared."""


class ImpactError(FabriqueError, ValueError):
    """Input that an impact computation cannot use (French message)."""


class DataError(FabriqueError, LookupError):
    """An unknown or unreadable data set (French message)."""


class UnknownExerciseError(FabriqueError, LookupError):
    """No exercise has this id."""


class AgendaError(FabriqueError):
    """An agenda that cannot be built (French message)."""


class ClasseError(FabriqueError):
    """The folder itself cannot be read (French message)."""


class SiteError(FabriqueError):
    """The site could not be built (French message)."""


class ExerciseNotSolvedError(AssertionError):
    """Raised in strict mode (tests) when a source notebook's solution is not right."""


class UnknownLessonError(FabriqueError, LookupError):
    """A lesson selection (« 00 », « 02_conception ») that names no lesson."""
