"""Reading numbers the way a French learner types them.

« 1,5 », « 1 234 », « 1 234,5 », « 12 % », « 0,9 € », « -3 », « 1.5 », « 2e3 » are
all numbers; « 1,234,5 », « douze » or « 1 2 3,4,5 » are not. Pure, no dependency.
"""

from __future__ import annotations

import math
import re

__all__ = ["parse_french_number"]

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
