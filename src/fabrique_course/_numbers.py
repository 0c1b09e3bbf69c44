"""Numbers the French way: reading them as a learner types them, writing them as a French
reader expects, and the one tolerance rule every checker uses.

« 1,5 », « 1 234 », « 1 234,5 », « 12 % », « 0,9 € », « -3 », « 1.5 », « 2e3 » are
all numbers; « 1,234,5 », « douze » or « 1 2 3,4,5 » are not. Pure, no dependency.
"""

from __future__ import annotations

import math
import re

__all__ = ["format_french_number", "parse_french_number", "tolerance_margin",
           "within_tolerance"]

# Spaces a French keyboard or a word processor may put inside a number:
# normal, no-break, narrow no-break, thin.
_SPACES = " \u00a0\u202f\u2009"
_UNITS = ("%", "€", "eur", "euros", "euro", "k€", "m€")
_MAX_LEN = 64

_PLAIN = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}([ ]\d{3})+([.,]\d+)?")
_GROUPED_DOT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3}){2,}(,\d+)?")
_GROUPED_COMMA_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+\.\d+")


def parse_french_number(text: object) -> float | None:
    """Return the number written in ``text``, or ``None`` when it is not one.

    Accepts ints and floats as they are (finite only), and strings in French or
    English notation with an optional trailing unit (%, €). A percentage keeps its
    written value: « 12 % » is 12, not 0.12.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        value = float(text)
        return value if math.isfinite(value) else None
    if not isinstance(text, str) or len(text) > _MAX_LEN:
        return None
    s = text.strip().lower()
    for space in _SPACES:
        s = s.replace(space, " ")
    s = s.replace("\u2212", "-")  # the typographic minus sign
    for unit in _UNITS:
        if s.endswith(unit):
            s = s[: -len(unit)].rstrip()
            break
    s = re.sub(" +", " ", s)
    if not s:
        return None
    if _GROUPED.fullmatch(s):
        s = s.replace(" ", "").replace(",", ".")
    elif _GROUPED_DOT_THOUSANDS.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    elif _GROUPED_COMMA_THOUSANDS.fullmatch(s):
        s = s.replace(",", "")
    elif _PLAIN.fullmatch(s):
        s = s.replace(",", ".")
    else:
        return None
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def format_french_number(value: float, decimals: int | None = None, *,
                         trim_zeros: bool = False, group: bool = True) -> str:
    """``value`` written for a French reader: decimal comma, thousands separated by a
    narrow no-break space (unless ``group`` is false).

    With ``decimals``, that many decimals (trailing zeros dropped if ``trim_zeros``);
    without, a whole number as is and any other value with 6 significant digits.
    """
    sep = "," if group else ""
    if decimals is not None:
        text = f"{value:{sep}.{decimals}f}"
    elif value == int(value) and abs(value) < 1e15:
        text = f"{int(value):{sep}}"
    else:
        text = f"{value:{sep}.6g}"
    text = text.replace(",", "\u202f").replace(".", ",")
    if trim_zeros and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def tolerance_margin(reference: float, absolute: float | None = None,
                     relative: float | None = None) -> float:
    """How far from ``reference`` a value may be and still be right: the larger of the
    ``absolute`` margin and ``relative`` × |reference| (a question sets one of the two; an
    exercise value may set both)."""
    return max(absolute or 0.0, (relative or 0.0) * abs(reference))


def within_tolerance(value: float, reference: float, absolute: float | None = None,
                     relative: float | None = None) -> bool:
    """Whether ``value`` is right for ``reference`` under that tolerance. The one rule of
    the course: the quiz grader, the content check, the exercise checker, the class
    dashboard and the Moodle export all use it (the browser's grader mirrors it)."""
    margin = tolerance_margin(reference, absolute, relative)
    return abs(value - reference) <= margin + 1e-9 * max(1.0, abs(reference))
