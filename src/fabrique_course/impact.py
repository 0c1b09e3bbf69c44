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

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._errors import ImpactError
from ._impact_stats import (
    Rate,
    TwoProportionTest,
    checked_count,
    checked_number,
    rate_with_interval,
    renamed,
    sample_size_two_proportions,
    sus_score,
    two_proportion_test,
)

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


@renamed(counts_by_step="effectifs")
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
    counts = [(str(name), checked_count(count, f"effectif de l'étape « {name} »"))
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


@renamed(events="evenements", user="utilisateur", period="periode",
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
        active.setdefault(who, set()).add(checked_count(when, "période"))
    end = max(max(p) for p in active.values()) if last_period is None \
        else checked_count(last_period, "dernière période")
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

@renamed(annual_budget="budget_annuel", monthly_active_users="utilisateurs_actifs")
def cost_per_user(budget_annuel: float, utilisateurs_actifs: float) -> float:
    """Le coût par usager de la matrice d'impact de la DINUM : budget annuel ÷
    utilisateurs actifs mensuels.

    Paramètres :
        budget_annuel : le budget de l'année, en euros.
        utilisateurs_actifs : le nombre d'utilisateurs actifs dans le mois.

    Exemple :
        cost_per_user(540_000, 1_400)
    """
    budget = checked_number(budget_annuel, "budget annuel")
    users = checked_number(utilisateurs_actifs, "utilisateurs actifs mensuels", positive=True)
    return budget / users


@renamed(cost="cout", impact_units="unites_impact")
def cost_per_impact(cout: float, unites_impact: float) -> float:
    """Le coût par unité d'impact (par exemple budget ÷ objets rendus, ÷ personnes
    informées).

    Paramètres :
        cout : le coût, en euros.
        unites_impact : le nombre d'unités d'impact obtenues sur la même période.

    Exemple :
        cost_per_impact(45_000, 300)
    """
    amount = checked_number(cout, "coût")
    units = checked_number(unites_impact, "unités d'impact", positive=True)
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


@renamed(values="valeurs", target="cible")
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
    series = tuple(checked_number(v, f"valeur n° {k}") for k, v in enumerate(valeurs, start=1))
    if len(series) < 2:
        raise ImpactError("il faut au moins deux valeurs pour parler de tendance")
    goal = None if target is None else checked_number(target, "cible")
    n = len(series)
    mean_x = (n - 1) / 2
    mean_y = sum(series) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(series)) / \
        sum((x - mean_x) ** 2 for x in range(n))
    return NorthStar(series, slope, goal)
