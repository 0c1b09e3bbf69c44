"""Reading a learner's answer: a number or an interval, from whatever a notebook gives.

Python numbers, numpy and pandas scalars (a one-value Series too), French text (« 15,03 %
», « 1 234 »), an interval as a pair or as the result of ``rate_with_interval``. What
cannot be read raises :class:`Unreadable` with a French reason, which the engine shows.
Pure: no pandas import (its objects are read through ``.item()``, ``.iloc`` and
``float()``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .._numbers import parse_french_number

__all__ = ["Unreadable", "read_interval", "read_number"]


class Unreadable(ValueError):
    """An answer that cannot be read; its text says why, in French (« vide » for a value
    left to fill in). Not raised to anyone: the engine turns it into a verdict."""


def read_number(value: Any) -> float:
    """A finite number from ints, floats, numpy/pandas scalars, or French text."""
    if value is None or value is Ellipsis:
        raise Unreadable("vide")
    if isinstance(value, bool):
        raise Unreadable("une case à cocher (True/False) n'est pas un nombre")
    if isinstance(value, str):
        parsed = parse_french_number(value)
        if parsed is None:
            raise Unreadable(f"« {value} » n'est pas un nombre")
        return parsed / 100 if value.strip().endswith("%") else parsed
    size = getattr(value, "size", None)
    if size is not None and size != 1:
        raise Unreadable("un tableau ou une colonne entière a été donné : il faut un seul "
                         "nombre (par exemple avec .sum(), .mean() ou len(...))")
    if size == 1 and hasattr(value, "item"):
        value = value.item() if not hasattr(value, "iloc") else value.iloc[0]
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Unreadable(f"{type(value).__name__} n'est pas un nombre") from None
    if not math.isfinite(number):
        raise Unreadable("la valeur n'est pas un nombre fini (nan ou infini) : une "
                         "division par zéro ou une cellule vide ?")
    return number


def read_interval(value: Any) -> tuple[float, float]:
    """Two bounds (low, high) from a pair, or from an object with ``.low`` and ``.high``
    (``rate_with_interval(...)``); a single number is told apart from a typo."""
    if value is None or value is Ellipsis:
        raise Unreadable("vide")
    if hasattr(value, "low") and hasattr(value, "high"):
        return read_number(value.low), read_number(value.high)
    if isinstance(value, str) or not isinstance(value, Sequence):
        try:
            read_number(value)
        except Unreadable:
            raise Unreadable("attendu : deux bornes (basse, haute)") from None
        raise Unreadable("un seul nombre a été donné, or un intervalle a deux bornes : "
                         "ne vous arrêtez pas au taux, dites aussi de combien il peut "
                         "varier — (borne basse, borne haute)")
    if len(value) != 2:
        raise Unreadable(f"{len(value)} valeurs données : un intervalle a deux bornes "
                         "(basse, haute)")
    return read_number(value[0]), read_number(value[1])
