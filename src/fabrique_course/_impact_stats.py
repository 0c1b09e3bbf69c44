"""Rates, A/B tests, sample sizes and SUS scores for :mod:`fabrique_course.impact`, with
the input checks and the French names of the parameters every impact function shares.

Standard library only. The public names are re-exported by ``impact``, where learners
import them.
"""

from __future__ import annotations

import functools
import math
import numbers
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, TypeVar, cast

from ._errors import ImpactError
from ._numbers import format_french_number

__all__ = ["Rate", "TwoProportionTest", "checked_count", "checked_number", "rate_with_interval",
           "renamed", "sample_size_two_proportions", "sus_score", "two_proportion_test"]


# --------------------------------------------------------------------------- renamed parameters

_F = TypeVar("_F", bound=Callable[..., Any])


def renamed(**new_by_old: str) -> Callable[[_F], _F]:
    """Keep accepting the old (English) keyword names of renamed parameters.

    They are deprecated aliases for one release. A call using one still works and warns
    with a PendingDeprecationWarning: shown by pytest and ``python -W default``, silent
    in notebooks, which keep their outputs until they switch to the new names.
    """
    def decorate(function: _F) -> _F:
        @functools.wraps(function)
        def accept_old_names(*args: Any, **kwargs: Any) -> Any:
            for old, new in new_by_old.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise TypeError(f"{function.__name__}() : « {old} » et « {new} » "
                                    f"désignent le même paramètre ; gardez « {new} »")
                warnings.warn(f"{function.__name__}() : le paramètre « {old} » est remplacé "
                              f"par « {new} »", PendingDeprecationWarning, stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return cast(_F, accept_old_names)

    return decorate


# --------------------------------------------------------------------------- checks

def checked_count(value: Any, name: str) -> int:
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


def checked_number(value: Any, name: str, *, positive: bool = False) -> float:
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
    """Un taux et son intervalle de confiance (intervalle de Wilson).

    Attributs : ``successes`` (réussites), ``total``, ``rate`` (le taux, entre 0 et 1),
    ``low`` et ``high`` (les bornes de l'intervalle), ``confidence`` (le niveau de
    confiance, par exemple 0.95).
    """

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


@renamed(successes="reussites", confidence="confiance")
def rate_with_interval(reussites: int, total: int, confiance: float = 0.95) -> Rate:
    """Le taux ``reussites / total`` et son intervalle de confiance de Wilson.

    Paramètres :
        reussites : le nombre de réussites (par exemple de personnes qui ont réussi).
        total : le nombre de personnes (ou d'essais).
        confiance : le niveau de confiance, entre 0 et 1 (0.95 par défaut).

    L'intervalle de Wilson reste entre 0 et 1 et se comporte bien sur les petits
    échantillons des tests d'utilisabilité (5 ou 15 personnes), contrairement à la
    formule des manuels « p ± 1,96·√(p(1−p)/n) ».

    Exemple :
        rate_with_interval(4, 5)  # 4 sur 5 = 80,0 % (de 37,6 % à 96,4 % à 95 %)
    """
    k = checked_count(reussites, "réussites")
    n = checked_count(total, "total")
    if n == 0:
        raise ImpactError("impossible de calculer un taux sur 0 personne : le total est nul")
    if k > n:
        raise ImpactError(f"plus de réussites ({k}) que de personnes ({n}) : vérifiez le "
                          "dénominateur")
    level = _confidence(confiance)
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
    """La comparaison de deux taux, A puis B : écart B − A, son intervalle, p-valeur.

    Attributs : ``a`` et ``b`` (les deux taux, voir :class:`Rate`), ``difference``
    (B − A en proportion : 0.10 = 10 points), ``low`` et ``high`` (les bornes de
    l'intervalle de l'écart), ``p_value``, ``confidence`` (le niveau de confiance).
    """

    a: Rate
    b: Rate
    difference: float
    low: float
    high: float
    p_value: float
    confidence: float

    @property
    def relative_change(self) -> float:
        """(B − A) / A : la variation relative, en proportion de A (pas en points)."""
        if self.a.rate == 0:
            raise ImpactError("variation relative impossible : le taux de A est nul")
        return self.difference / self.a.rate

    @property
    def significant(self) -> bool:
        """Vrai quand la p-valeur est inférieure à 1 − niveau de confiance."""
        return self.p_value < 1 - self.confidence


@renamed(successes_a="reussites_a", successes_b="reussites_b", confidence="confiance")
def two_proportion_test(reussites_a: int, total_a: int, reussites_b: int, total_b: int,
                        confiance: float = 0.95) -> TwoProportionTest:
    """Compare deux taux, comme dans un test A/B.

    Paramètres :
        reussites_a, total_a : les réussites et l'effectif du groupe A.
        reussites_b, total_b : les réussites et l'effectif du groupe B.
        confiance : le niveau de confiance, entre 0 et 1 (0.95 par défaut).

    ``difference`` vaut B − A en proportion (0.10 = 10 points) ; son intervalle est
    celui de Wald (variances séparées) ; ``p_value`` est la p-valeur bilatérale du test
    z à variance commune.

    Exemple :
        test = two_proportion_test(201, 1000, 301, 1000)
        test.difference, test.p_value, test.significant
    """
    level = _confidence(confiance)
    a = rate_with_interval(reussites_a, total_a, level)
    b = rate_with_interval(reussites_b, total_b, level)
    diff = b.rate - a.rate
    se = math.sqrt(a.rate * (1 - a.rate) / a.total + b.rate * (1 - b.rate) / b.total)
    z = _z(level)
    pooled = (a.successes + b.successes) / (a.total + b.total)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / a.total + 1 / b.total))
    p_value = 1.0 if se_pooled == 0 else 2 * (1 - NormalDist().cdf(abs(diff) / se_pooled))
    return TwoProportionTest(a, b, diff, diff - z * se, diff + z * se, p_value, level)


@renamed(p_a="taux_a", p_b="taux_b", power="puissance")
def sample_size_two_proportions(taux_a: float, taux_b: float, alpha: float = 0.05,
                                puissance: float = 0.8) -> int:
    """Le nombre de personnes nécessaire dans CHAQUE groupe pour détecter le passage du
    taux ``taux_a`` au taux ``taux_b``.

    Paramètres :
        taux_a, taux_b : les deux taux, en proportion (0.201 pour 20,1 %).
        alpha : le risque de conclure à tort à un écart (0.05 par défaut).
        puissance : la probabilité de détecter l'écart s'il existe (0.8 par défaut).

    Formule classique de l'approximation normale pour un test bilatéral de deux
    proportions (variance commune sous H0), arrondie à l'entier supérieur.

    Exemple :
        sample_size_two_proportions(0.201, 0.301)
    """
    p_a, p_b, power = taux_a, taux_b, puissance
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


@renamed(responses="reponses")
def sus_score(reponses: Any) -> float | list[float]:
    """Le score SUS (System Usability Scale), de 0 à 100.

    Paramètres :
        reponses : les 10 réponses d'une personne (1 = pas du tout d'accord … 5 = tout à
            fait d'accord), ou un tableau de personnes (une liste de telles listes, ou
            un tableau pandas avec une ligne par personne) : une liste de scores.

    Les questions impaires comptent (réponse − 1), les paires (5 − réponse) ; la somme
    est multipliée par 2,5 (Brooke, 1996).

    Exemple :
        sus_score([4, 2, 4, 2, 4, 2, 4, 2, 4, 2])  # 75.0
    """
    rows = reponses.values.tolist() if hasattr(reponses, "values") and \
        hasattr(reponses, "columns") else reponses
    if isinstance(rows, str) or not isinstance(rows, Sequence):
        raise ImpactError("le SUS attend les 10 réponses d'une personne (liste) ou un tableau "
                          "de réponses")
    if rows and all(isinstance(r, Sequence) and not isinstance(r, str) for r in rows):
        return [_sus_one(r, f"répondant n° {k}") for k, r in enumerate(rows, start=1)]
    return _sus_one(rows, "réponses")
