"""Lesson metadata and the one rule for naming lessons (agenda, slides, CLI)."""

from __future__ import annotations

import pytest

from fabrique_course._errors import UnknownLessonError
from fabrique_course._lessons import lessons, select_lessons

from .conftest import REPO


@pytest.mark.parametrize(("selection", "names"), [
    ("00", ["00_demarche"]),
    ("2", ["02_conception"]),
    ("02_conception", ["02_conception"]),
    ("03, 01", ["03_construction", "01_investigation"]),
    (["04", "04_acceleration"], ["04_acceleration"]),
    ("", ["00_demarche", "01_investigation", "02_conception", "03_construction",
          "04_acceleration", "05_perennisation"]),
])
def test_select_lessons_by_number_or_name(selection: str | list[str], names: list[str]) -> None:
    """« 00 », « 2 » or « 02_conception » name a lesson; order given, no duplicates."""
    chosen = select_lessons(selection, lessons(REPO / "notebooks"))
    assert [lesson.name for lesson in chosen] == names


def test_unknown_lesson_is_refused_in_french() -> None:
    """An unknown lesson gets a French message listing the lessons."""
    with pytest.raises(UnknownLessonError, match=r"leçon inconnue : « 09 ».*00_demarche"):
        select_lessons("09", lessons(REPO / "notebooks"))
