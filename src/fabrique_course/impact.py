"""Impact-measurement maths for the course's exercises. Pure: standard library only.

Every function checks its input and raises :class:`ImpactError` (a ``ValueError``) with
a French message for what cannot be computed (negative counts, successes above the
total, zero users…): never a silent ``nan``.

- :func:`rate_with_interval` — a rate and its Wilson score interval;
- :func:`two_proportion_test` — difference of two rates, its (Wald) interval and the
  two-sided p-value of the pooled z-test (an A/B test);
- :func:`sample_size_two_proportions` — users needed per group to detect a difference;
- :func:`sus_score` — System Usability Scale score (0–100) of one or several respondents;
- :func:`funnel` — conversion per step and overall, and the step that loses most;
- :func:`cohort_retention` — retention table by cohort period;
- :func:`cost_per_user`, :func:`cost_per_impact` — the efficiency indicators of the
  DINUM impact matrix (annual budget ÷ monthly active users) and cost per unit of impact;
- :func:`north_star` — trend of a metric series and the gap to a target.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from ._errors import ImpactError
from ._numbers import format_french_number

__all__ = [
    "CohortTable",
    "Funnel",
    "FunnelStep",
    "NorthStar",
    "Rate",
    "TwoProportionTest",
    "cohort_retention",
    "cost_per_impact",
    "cost_per_user",
    "funnel",
    "north_star",
    "rate_with_interval",
    "sample_size_two_proportions",
    "sus_score",
    "two_proportion_test",
]


# --------------------------------------------------------------------------- checks

def _count(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ImpactError(f"« {name} » doit être un nombre entier, pas {value!r}")
    if isinstance(value, numbers.Integral):
        value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value) or value != int(value):
            raise ImpactError(f"« {name} » doit être un nombre entier, pas {value!r}")
        value = int(value)
    if value < 0:
        raise ImpactError(f"« {name} » ne peut pas être négatif ({value})")
    return int(value)


def _number(value: Any, name: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not math.isfinite(float(value)):
        raise ImpactError(f"« {name} » doit être un nombre, pas {value!r}")
    value = float(value)
    if value < 0 or (positive and value == 0):
        raise ImpactError(f"« {name} » doit être {'strictement ' if positive else ''}positif "
                          f"({value})")
    return float(value)


def _confidence(confidence: Any) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) \
            or not 0 < float(confidence) < 1:
        raise ImpactError(f"le niveau de confiance doit être entre 0 et 1 (par exemple 0.95), "
                          f"pas {confidence!r}")
    return float(confidence)


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


# --------------------------------------------------------------------------- rates

@dataclass(frozen=True)
class Rate:
    """A rate with its confidence interval (Wilson score interval)."""

    successes: int
    total: int
    rate: float
    low: float
    high: float
    confidence: float

    def __str__(self) -> str:
        pct = round(self.confidence * 100)
        return (f"{self.successes}/{self.total} = {_pct(self.rate)} "
                f"(intervalle de confiance à {pct} % : {_pct(self.low)} à {_pct(self.high)})")


def _pct(value: float) -> str:
    return f"{format_french_number(value * 100, 1)} %"


def rate_with_interval(successes: int, total: int, confidence: float = 0.95) -> Rate:
    """Rate ``successes / total`` and its Wilson score interval.

    The Wilson interval stays inside [0, 1] and behaves well on the small samples of
    usability tests (5 or 15 users), unlike the textbook « p ± 1,96·√(p(1−p)/n) ».
    """
    k = _count(successes, "réussites")
    n = _count(total, "total")
    if n == 0:
        raise ImpactError("impossible de calculer un taux sur 0 personne : le total est nul")
    if k > n:
        raise ImpactError(f"plus de réussites ({k}) que de personnes ({n}) : vérifiez le "
                          "dénominateur")
    level = _confidence(confidence)
    z = _z(level)
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if k == 0 else max(0.0, centre - half)  # exact bounds at 0 % and 100 %
    high = 1.0 if k == n else min(1.0, centre + half)
    return Rate(k, n, p, low, high, level)


@dataclass(frozen=True)
class TwoProportionTest:
    """Comparison of two rates (A, then B): difference B − A in points, interval, p-value."""

    a: Rate
    b: Rate
    difference: float
    low: float
    high: float
    p_value: float
    confidence: float

    @property
    def relative_change(self) -> float:
        """(B − A) / A: the change in percent of A (not in points)."""
        if self.a.rate == 0:
            raise ImpactError("variation relative impossible : le taux de A est nul")
        return self.difference / self.a.rate

    @property
    def significant(self) -> bool:
        """True when the p-value is below 1 − confidence."""
        return self.p_value < 1 - self.confidence


def two_proportion_test(successes_a: int, total_a: int, successes_b: int, total_b: int,
                        confidence: float = 0.95) -> TwoProportionTest:
    """Compare two rates, as in an A/B test.

    ``difference`` is B − A in proportion (0.10 = 10 points); its interval is the Wald
    (unpooled) interval; ``p_value`` is the two-sided p-value of the pooled z-test.
    """
    level = _confidence(confidence)
    a = rate_with_interval(successes_a, total_a, level)
    b = rate_with_interval(successes_b, total_b, level)
    diff = b.rate - a.rate
    se = math.sqrt(a.rate * (1 - a.rate) / a.total + b.rate * (1 - b.rate) / b.total)
    z = _z(level)
    pooled = (a.successes + b.successes) / (a.total + b.total)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / a.total + 1 / b.total))
    p_value = 1.0 if se_pooled == 0 else 2 * (1 - NormalDist().cdf(abs(diff) / se_pooled))
    return TwoProportionTest(a, b, diff, diff - z * se, diff + z * se, p_value, level)


def sample_size_two_proportions(p_a: float, p_b: float, alpha: float = 0.05,
                                power: float = 0.8) -> int:
    """Users needed in EACH group to detect a change from ``p_a`` to ``p_b``.

    Classic normal-approximation formula for a two-sided test of two proportions
    (pooled variance under H0), rounded up.
    """
    for value, name in ((p_a, "taux de A"), (p_b, "taux de B")):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
            raise ImpactError(f"le {name} doit être une proportion entre 0 et 1 exclus "
                              f"(ex. 0.201 pour 20,1 %), pas {value!r}")
    if p_a == p_b:
        raise ImpactError("les deux taux sont égaux : aucune taille d'échantillon ne permet "
                          "de détecter une différence nulle")
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not 0 < alpha < 1:
        raise ImpactError(f"alpha doit être entre 0 et 1 (ex. 0.05), pas {alpha!r}")
    if isinstance(power, bool) or not isinstance(power, numbers.Real) or not 0 < power < 1:
        raise ImpactError(f"la puissance doit être entre 0 et 1 (ex. 0.8), pas {power!r}")
    z_alpha = NormalDist().inv_cdf(1 - alpha / 2)
    z_beta = NormalDist().inv_cdf(power)
    mean = (p_a + p_b) / 2
    numerator = (z_alpha * math.sqrt(2 * mean * (1 - mean))
                 + z_beta * math.sqrt(p_a * (1 - p_a) + p_b * (1 - p_b))) ** 2
    return math.ceil(numerator / (p_a - p_b) ** 2 - 1e-9)


# --------------------------------------------------------------------------- SUS

def _sus_one(answers: Sequence[Any], who: str) -> float:
    values = list(answers)
    if len(values) != 10:
        raise ImpactError(f"{who} : le questionnaire SUS a 10 questions, {len(values)} "
                          "réponse(s) reçue(s)")
    total = 0
    for i, value in enumerate(values, start=1):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            raise ImpactError(f"{who}, question {i} : réponse manquante (cellule vide) ; "
                              "gardez seulement les personnes qui ont rempli le "
                              "questionnaire")
        if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                or value not in (1, 2, 3, 4, 5):
            raise ImpactError(f"{who}, question {i} : réponse {value!r} hors de l'échelle "
                              "1 à 5")
        answer = int(float(value))
        total += (answer - 1) if i % 2 == 1 else (5 - answer)
    return total * 2.5


def sus_score(responses: Any) -> float | list[float]:
    """System Usability Scale score (0–100).

    ``responses`` is one respondent's 10 answers (1 = pas du tout d'accord … 5 = tout à
    fait d'accord), or a table of respondents (a list of such lists, or a pandas
    DataFrame with one row per respondent). Odd items count (answer − 1), even items
    (5 − answer); the sum is multiplied by 2.5 (Brooke, 1996).
    """
    rows = responses.values.tolist() if hasattr(responses, "values") and \
        hasattr(responses, "columns") else responses
    if isinstance(rows, str) or not isinstance(rows, Sequence):
        raise ImpactError("le SUS attend les 10 réponses d'une personne (liste) ou un tableau "
                          "de réponses")
    if rows and all(isinstance(r, Sequence) and not isinstance(r, str) for r in rows):
        return [_sus_one(r, f"répondant n° {k}") for k, r in enumerate(rows, start=1)]
    return _sus_one(rows, "réponses")


# --------------------------------------------------------------------------- funnel

@dataclass(frozen=True)
class FunnelStep:
    """One step of a funnel: how many reached it, from the previous step and from the top."""

    name: str
    count: int
    from_previous: float
    from_start: float


@dataclass(frozen=True)
class Funnel:
    """A conversion funnel."""

    steps: tuple[FunnelStep, ...]

    @property
    def overall(self) -> float:
        """Share of the first step that reaches the last one."""
        return self.steps[-1].from_start

    @property
    def biggest_loss(self) -> FunnelStep:
        """The step with the lowest conversion from the previous one."""
        return min(self.steps[1:], key=lambda s: s.from_previous)


def funnel(counts_by_step: Mapping[str, int] | Iterable[tuple[str, int]]) -> Funnel:
    """Conversion per step and overall, from ordered ``{step: count}`` (or pairs)."""
    pairs = list(counts_by_step.items()) if isinstance(counts_by_step, Mapping) \
        else list(counts_by_step)
    if len(pairs) < 2:
        raise ImpactError("un entonnoir a au moins deux étapes")
    counts = [(str(name), _count(count, f"effectif de l'étape « {name} »"))
              for name, count in pairs]
    first = counts[0][1]
    if first == 0:
        raise ImpactError(f"personne à la première étape (« {counts[0][0]} ») : aucun taux "
                          "ne peut être calculé")
    steps = [FunnelStep(counts[0][0], first, 1.0, 1.0)]
    for (prev_name, prev), (name, count) in itertools.pairwise(counts):
        if count > prev:
            raise ImpactError(f"l'étape « {name} » ({count}) compte plus de personnes que "
                              f"l'étape précédente « {prev_name} » ({prev}) : un entonnoir ne "
                              "peut que perdre du monde ; vérifiez l'ordre des étapes")
        steps.append(FunnelStep(name, count, count / prev if prev else 0.0, count / first))
    return Funnel(tuple(steps))


# --------------------------------------------------------------------------- cohorts

@dataclass(frozen=True)
class CohortTable:
    """Retention by cohort: ``rates[i][k]`` = share of cohort i active k periods later."""

    cohorts: tuple[int, ...]
    sizes: tuple[int, ...]
    rates: tuple[tuple[float, ...], ...]

    def rows(self) -> list[dict[str, Any]]:
        """One dict per cohort (easy to turn into a pandas DataFrame)."""
        return [{"cohorte": c, "taille": n, **{f"+{k}": r for k, r in enumerate(rates)}}
                for c, n, rates in zip(self.cohorts, self.sizes, self.rates, strict=True)]


def cohort_retention(events: Iterable[tuple[Any, int]] | Any, user: str = "utilisateur",
                     period: str = "periode", last_period: int | None = None) -> CohortTable:
    """Retention table from activity events.

    ``events`` are ``(user id, period number)`` pairs — or a pandas DataFrame with the
    columns ``user`` and ``period``. A user's cohort is the first period they were
    active; ``rates[i][k]`` is the share of cohort i active again k periods later (k = 0
    is always 100 %). Periods are integers (week or month numbers); the table stops at
    ``last_period`` (default: the last period seen).
    """
    if hasattr(events, "columns"):
        table: Any = events
        missing = [c for c in (user, period) if c not in table.columns]
        if missing:
            raise ImpactError(f"colonnes manquantes : {', '.join(missing)} (colonnes "
                              f"présentes : {', '.join(map(str, table.columns))})")
        pairs = list(zip(table[user].tolist(), table[period].tolist(), strict=True))
    else:
        pairs = list(events)
    if not pairs:
        raise ImpactError("aucun événement : impossible de calculer une rétention")
    active: dict[Any, set[int]] = {}
    for item in pairs:
        try:
            who, when = item
        except (TypeError, ValueError):
            raise ImpactError(f"événement illisible : {item!r} (attendu : (utilisateur, "
                              "période))") from None
        active.setdefault(who, set()).add(_count(when, "période"))
    end = max(max(p) for p in active.values()) if last_period is None \
        else _count(last_period, "dernière période")
    first_of = {who: min(periods) for who, periods in active.items()}
    cohorts = sorted(set(first_of.values()))
    sizes, rates = [], []
    for cohort in cohorts:
        members = [who for who, first in first_of.items() if first == cohort]
        sizes.append(len(members))
        rates.append(tuple(
            sum(1 for who in members if cohort + k in active[who]) / len(members)
            for k in range(end - cohort + 1)
        ))
    return CohortTable(tuple(cohorts), tuple(sizes), tuple(rates))


# --------------------------------------------------------------------------- costs

def cost_per_user(annual_budget: float, monthly_active_users: float) -> float:
    """Cost per use in the DINUM impact matrix: annual budget ÷ monthly active users."""
    budget = _number(annual_budget, "budget annuel")
    users = _number(monthly_active_users, "utilisateurs actifs mensuels", positive=True)
    return budget / users


def cost_per_impact(cost: float, impact_units: float) -> float:
    """Cost per unit of impact (e.g. budget ÷ objects returned, ÷ informed visitors)."""
    amount = _number(cost, "coût")
    units = _number(impact_units, "unités d'impact", positive=True)
    return amount / units


# --------------------------------------------------------------------------- north star

@dataclass(frozen=True)
class NorthStar:
    """A North Star Metric series: last value, trend per period, gap to the target."""

    values: tuple[float, ...]
    trend: float
    target: float | None

    @property
    def last(self) -> float:
        """The latest value."""
        return self.values[-1]

    @property
    def gap(self) -> float | None:
        """Target minus last value (None without a target)."""
        return None if self.target is None else self.target - self.last

    @property
    def periods_to_target(self) -> float | None:
        """Periods needed at the current trend (None if no target or no progress)."""
        if self.gap is None:
            return None
        if self.gap <= 0:
            return 0.0
        return self.gap / self.trend if self.trend > 0 else None


def north_star(values: Sequence[float], target: float | None = None) -> NorthStar:
    """Trend (least-squares slope per period) of a metric series and its gap to a target."""
    series = tuple(_number(v, f"valeur n° {k}") for k, v in enumerate(values, start=1))
    if len(series) < 2:
        raise ImpactError("il faut au moins deux valeurs pour parler de tendance")
    goal = None if target is None else _number(target, "cible")
    n = len(series)
    mean_x = (n - 1) / 2
    mean_y = sum(series) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(series)) / \
        sum((x - mean_x) ** 2 for x in range(n))
    return NorthStar(series, slope, goal)
