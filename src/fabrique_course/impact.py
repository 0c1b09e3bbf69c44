"""Les calculs de mesure d'impact des exercices du parcours (bibliothèque standard seule).

Chaque fonction vérifie ce qu'elle reçoit et lève :class:`ImpactError` (une
``ValueError``) avec un message en français pour ce qui ne peut pas se calculer
(effectifs négatifs, plus de réussites que de personnes, aucun utilisateur…) : jamais
de ``nan`` silencieux.

- :func:`rate_with_interval` : un taux et son intervalle de confiance de Wilson ;
- :func:`two_proportion_test` : l'écart entre deux taux, son intervalle (Wald) et la
  p-valeur bilatérale du test z à variance commune (un test A/B) ;
- :func:`sample_size_two_proportions` : le nombre de personnes par groupe pour détecter
  un écart ;
- :func:`sus_score` : le score SUS (System Usability Scale, de 0 à 100) d'une ou de
  plusieurs personnes ;
- :func:`funnel` : la conversion à chaque étape et de bout en bout, et l'étape qui perd
  le plus ;
- :func:`cohort_retention` : la rétention par cohorte ;
- :func:`cost_per_user`, :func:`cost_per_impact` : les indicateurs d'efficience de la
  matrice d'impact de la DINUM (budget annuel ÷ utilisateurs actifs mensuels) et le coût
  par unité d'impact ;
- :func:`north_star` : la tendance d'une série et l'écart à une cible.

Les paramètres portent des noms français ; leurs anciens noms anglais (``successes``,
``confidence``, ``user``, ``period``…) restent acceptés pour cette version.
"""

from __future__ import annotations

import functools
import itertools
import math
import numbers
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, TypeVar, cast

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


# --------------------------------------------------------------------------- renamed parameters

_F = TypeVar("_F", bound=Callable[..., Any])


def _renamed(**new_by_old: str) -> Callable[[_F], _F]:
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


@_renamed(successes="reussites", confidence="confiance")
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
    k = _count(reussites, "réussites")
    n = _count(total, "total")
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


@_renamed(successes_a="reussites_a", successes_b="reussites_b", confidence="confiance")
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


@_renamed(p_a="taux_a", p_b="taux_b", power="puissance")
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


@_renamed(responses="reponses")
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


# --------------------------------------------------------------------------- funnel

@dataclass(frozen=True)
class FunnelStep:
    """Une étape d'un entonnoir.

    Attributs : ``name`` (son nom), ``count`` (l'effectif qui l'atteint),
    ``from_previous`` (la part de l'étape précédente), ``from_start`` (la part de la
    première étape).
    """

    name: str
    count: int
    from_previous: float
    from_start: float


@dataclass(frozen=True)
class Funnel:
    """Un entonnoir de conversion : ``steps``, ses étapes dans l'ordre (:class:`FunnelStep`)."""

    steps: tuple[FunnelStep, ...]

    @property
    def overall(self) -> float:
        """La part de la première étape qui atteint la dernière."""
        return self.steps[-1].from_start

    @property
    def biggest_loss(self) -> FunnelStep:
        """L'étape qui garde la plus faible part de l'étape précédente."""
        return min(self.steps[1:], key=lambda s: s.from_previous)


@_renamed(counts_by_step="effectifs")
def funnel(effectifs: Mapping[str, int] | Iterable[tuple[str, int]]) -> Funnel:
    """La conversion à chaque étape et de bout en bout.

    Paramètres :
        effectifs : ``{étape: effectif}`` dans l'ordre du parcours (ou une liste de
            paires ``(étape, effectif)``).

    Exemple :
        etapes = funnel({"visite": 1000, "commencer": 400, "terminer": 120})
        etapes.overall, etapes.biggest_loss.name
    """
    pairs = list(effectifs.items()) if isinstance(effectifs, Mapping) \
        else list(effectifs)
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
    """La rétention par cohorte.

    Attributs : ``cohorts`` (la période d'arrivée de chaque cohorte), ``sizes`` (leurs
    effectifs), ``rates`` (``rates[i][k]`` : la part de la cohorte i encore active k
    périodes plus tard).
    """

    cohorts: tuple[int, ...]
    sizes: tuple[int, ...]
    rates: tuple[tuple[float, ...], ...]

    def rows(self) -> list[dict[str, Any]]:
        """Un dictionnaire par cohorte (à passer tel quel à ``pandas.DataFrame``)."""
        return [{"cohorte": c, "taille": n, **{f"+{k}": r for k, r in enumerate(rates)}}
                for c, n, rates in zip(self.cohorts, self.sizes, self.rates, strict=True)]


@_renamed(events="evenements", user="utilisateur", period="periode",
          last_period="derniere_periode")
def cohort_retention(evenements: Iterable[tuple[Any, int]] | Any,
                     utilisateur: str = "utilisateur", periode: str = "periode",
                     derniere_periode: int | None = None) -> CohortTable:
    """Le tableau de rétention par cohorte, à partir d'événements d'activité.

    Paramètres :
        evenements : des paires ``(identifiant, numéro de période)``, ou un tableau
            pandas avec une ligne par personne active dans une période.
        utilisateur, periode : pour un tableau pandas, les noms de ses colonnes
            « identifiant » et « période ».
        derniere_periode : la dernière période du tableau (par défaut : la dernière vue).

    La cohorte d'une personne est sa première période d'activité ; ``rates[i][k]`` est la
    part de la cohorte i de nouveau active k périodes plus tard (k = 0 vaut toujours
    100 %). Les périodes sont des entiers (numéros de semaine ou de mois).

    Exemple :
        cohort_retention(agents, utilisateur="agent_id", periode="mois")
    """
    user, period, last_period = utilisateur, periode, derniere_periode
    if hasattr(evenements, "columns"):
        table: Any = evenements
        missing = [c for c in (user, period) if c not in table.columns]
        if missing:
            raise ImpactError(f"colonnes manquantes : {', '.join(missing)} (colonnes "
                              f"présentes : {', '.join(map(str, table.columns))})")
        pairs = list(zip(table[user].tolist(), table[period].tolist(), strict=True))
    else:
        pairs = list(evenements)
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

@_renamed(annual_budget="budget_annuel", monthly_active_users="utilisateurs_actifs")
def cost_per_user(budget_annuel: float, utilisateurs_actifs: float) -> float:
    """Le coût par usager de la matrice d'impact de la DINUM : budget annuel ÷
    utilisateurs actifs mensuels.

    Paramètres :
        budget_annuel : le budget de l'année, en euros.
        utilisateurs_actifs : le nombre d'utilisateurs actifs dans le mois.

    Exemple :
        cost_per_user(540_000, 1_400)
    """
    budget = _number(budget_annuel, "budget annuel")
    users = _number(utilisateurs_actifs, "utilisateurs actifs mensuels", positive=True)
    return budget / users


@_renamed(cost="cout", impact_units="unites_impact")
def cost_per_impact(cout: float, unites_impact: float) -> float:
    """Le coût par unité d'impact (par exemple budget ÷ objets rendus, ÷ personnes
    informées).

    Paramètres :
        cout : le coût, en euros.
        unites_impact : le nombre d'unités d'impact obtenues sur la même période.

    Exemple :
        cost_per_impact(45_000, 300)
    """
    amount = _number(cout, "coût")
    units = _number(unites_impact, "unités d'impact", positive=True)
    return amount / units


# --------------------------------------------------------------------------- north star

@dataclass(frozen=True)
class NorthStar:
    """Une série d'indicateur « étoile polaire » (North Star Metric).

    Attributs : ``values`` (les valeurs), ``trend`` (la tendance : la variation moyenne
    par période), ``target`` (la cible, ou None).
    """

    values: tuple[float, ...]
    trend: float
    target: float | None

    @property
    def last(self) -> float:
        """La dernière valeur."""
        return self.values[-1]

    @property
    def gap(self) -> float | None:
        """La cible moins la dernière valeur (None sans cible)."""
        return None if self.target is None else self.target - self.last

    @property
    def periods_to_target(self) -> float | None:
        """Les périodes nécessaires au rythme actuel (None sans cible ou sans progrès)."""
        if self.gap is None:
            return None
        if self.gap <= 0:
            return 0.0
        return self.gap / self.trend if self.trend > 0 else None


@_renamed(values="valeurs", target="cible")
def north_star(valeurs: Sequence[float], cible: float | None = None) -> NorthStar:
    """La tendance d'une série (pente des moindres carrés, par période) et l'écart à une
    cible.

    Paramètres :
        valeurs : les valeurs de l'indicateur, une par période, dans l'ordre.
        cible : la valeur visée (facultative).

    Exemple :
        north_star([60, 70, 80, 90], cible=150).periods_to_target  # 6.0
    """
    target = cible
    series = tuple(_number(v, f"valeur n° {k}") for k, v in enumerate(valeurs, start=1))
    if len(series) < 2:
        raise ImpactError("il faut au moins deux valeurs pour parler de tendance")
    goal = None if target is None else _number(target, "cible")
    n = len(series)
    mean_x = (n - 1) / 2
    mean_y = sum(series) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(series)) / \
        sum((x - mean_x) ** 2 for x in range(n))
    return NorthStar(series, slope, goal)
