"""The agenda's optional spaced-review slot at the end of each day."""

from __future__ import annotations

import pytest

from fabrique_course.cli import main
from fabrique_course.facilitation._agenda import REVIEW, agenda, agenda_html, agenda_lines


def test_without_the_option_there_is_no_review_slot() -> None:
    """By default the day ends with its wrap-up, as before."""
    assert not [s for s in agenda("09:30") if s.kind == "revision"]


def test_each_day_ends_with_ten_minutes_of_review_before_its_wrap_up() -> None:
    """With revision=True, every day's last slot before the wrap-up is the 10-minute review."""
    slots = agenda("09:30", revision=True)
    days = sorted({s.day for s in slots})
    assert len(days) > 1  # the whole course takes several days
    for day in days:
        mine = [s for s in slots if s.day == day]
        assert [s.kind for s in mine[-2:]] == ["revision", "bilan"]
        assert mine[-2].minutes == REVIEW == 10
        assert mine[-2].end == mine[-1].start
        assert mine[-1].end <= 17 * 60 + 30
    assert sum(1 for s in slots if s.kind == "revision") == len(days)
    lines = agenda_lines(slots)
    assert sum(1 for line in lines if "Révision espacée (10 min)" in line) == len(days)
    assert agenda_html(slots).count('class="fc-agenda-revision"') == len(days)


def test_the_lessons_still_fit_the_day_with_the_review() -> None:
    """The review takes its minutes from the day: the same lessons, no day past its end."""
    plain = [(s.notebook, s.kind) for s in agenda("09:30") if s.notebook]
    spaced = [(s.notebook, s.kind) for s in agenda("09:30", revision=True) if s.notebook]
    assert plain == spaced


def test_agenda_cli_revision_option(capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course agenda --revision` prints the review slot before the wrap-up."""
    assert main(["agenda", "--notebooks", "00,01", "--revision"]) == 0
    lines = capsys.readouterr().out.splitlines()
    review = next(k for k, line in enumerate(lines) if "Révision espacée (10 min)" in line)
    assert "Bilan" in lines[review + 1]
