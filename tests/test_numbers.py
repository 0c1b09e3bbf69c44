"""Tests of French number reading (_numbers)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fabrique_course import parse_french_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,5", 1.5),
        ("1 234", 1234.0),
        ("1\u00a0234", 1234.0),
        ("1\u202f234,5", 1234.5),
        ("12 %", 12.0),
        ("12%", 12.0),
        ("0,9 €", 0.9),
        ("0,9€", 0.9),
        ("-3", -3.0),
        ("\u22123", -3.0),
        ("1.5", 1.5),
        ("1 000 000", 1_000_000.0),
        ("1.234.567,8", 1_234_567.8),
        ("1,234.5", 1234.5),
        ("2e3", 2000.0),
        (",5", 0.5),
        ("  42  ", 42.0),
        ("250 000 €", 250_000.0),
        (7, 7.0),
        (0.25, 0.25),
    ],
)
def test_reads_french_and_plain_numbers(text: object, expected: float) -> None:
    """French separators, units and plain notation all give the written value."""
    assert parse_french_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "douze", "1,2,3", "1 2 3,4,5", "12 34", "%", "€", "nan", "inf", "1e999",
     True, None, [1], {"a": 1}, float("nan"), "1" * 100, "--1", "1..2"],
)
def test_rejects_what_is_not_a_number(text: object) -> None:
    """Words, ambiguous groupings, non-finite values and non-strings give None."""
    assert parse_french_number(text) is None


@given(st.text(max_size=80))
def test_never_raises_and_returns_finite(text: str) -> None:
    """Any string gives None or a finite float, never an exception."""
    value = parse_french_number(text)
    assert value is None or math.isfinite(value)


@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_round_trip_of_french_formatting(whole: int, cents: int) -> None:
    """A number formatted the French way (grouped thousands, decimal comma) reads back."""
    grouped = f"{abs(whole):,}".replace(",", "\u202f")
    sign = "-" if whole < 0 else ""
    text = f"{sign}{grouped},{cents:02d}"
    expected = (abs(whole) + cents / 100) * (-1 if whole < 0 else 1)
    assert parse_french_number(text) == pytest.approx(expected)
