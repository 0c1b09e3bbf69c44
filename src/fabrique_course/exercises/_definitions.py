"""The seven impact exercises as the code computes them: no words, only values.

For each field of each exercise: its kind, its expected value — computed from the
fictional data sets or the sourced figures with :mod:`fabrique_course.impact`, never
typed in by hand — its tolerance or accepted range, and the value of each classic
mistake it recognises, under a stable id (``"moyenne-par-site"``). What the learner
reads (title, labels, hints, the message of each mistake, the conclusion) is in
``content/exercices/<exercise id>.yaml``, which refers to the same ids; the engine
(:mod:`._engine`) puts the two halves together. Pure: standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from .. import impact
from ._data import rows

__all__ = ["DEFINITIONS", "Definition", "Grading", "Kind", "MistakeValue"]

Kind = Literal["nombre", "proportion", "points", "intervalle", "choix"]
MistakeValue = float | tuple[float, float]


@dataclass(frozen=True)
class Grading:
    """How one field is graded: its kind, expected value, margins and known mistakes."""

    kind: Kind
    expected: Any
    tolerance: float = 0.0
    # A share of the value compared with (the expected value, an accepted bound or a
    # mistake): for values whose size matters more than their last digits (a p-value).
    relative_tolerance: float = 0.0
    accepted: tuple[float, float] | None = None  # a range of accepted values (nombre)
    mistakes: Mapping[str, MistakeValue] = field(default_factory=dict)  # id -> value
    decimals: int = 1


@dataclass(frozen=True)
class Definition:
    """An exercise as computed: each field's grading by key (in the order shown), and
    the computed values its texts may insert (``{semaine}`` in a label)."""

    fields: Mapping[str, Grading]
    placeholders: Mapping[str, str] = field(default_factory=dict)


def _wald(k: int, n: int, clipped: bool = False) -> tuple[float, float]:
    """The Wald interval p ± 1.96 √(p(1−p)/n), a classic mistake on small samples;
    ``clipped``: cut to [0, 1], as someone who sees a bound beyond 100 % does."""
    p = k / n
    half = 1.959964 * math.sqrt(p * (1 - p) / n)
    if clipped:
        return max(0.0, p - half), min(1.0, p + half)
    return p - half, p + half


def _dimensionner() -> Definition:
    data = rows("registres_objets")
    n = len(data)
    minutes = sum(r["minutes_enregistrement"] for r in data)
    returned = sum(r["rendu"] for r in data)
    rate = impact.rate_with_interval(returned, n)
    return Definition({
        "objets_par_an": Grading(
            kind="nombre", expected=n, tolerance=0.5, decimals=0,
            mistakes={"moyenne-par-site": n / 13, "moyenne-par-mois": n / 12,
                      "objets-rendus": returned}),
        "heures_agents_par_an": Grading(
            kind="nombre", expected=minutes / 60, tolerance=1.0,
            mistakes={"minutes": minutes, "moyenne-par-mois": minutes / 60 / 12,
                      "duree-moyenne": minutes / n, "dix-minutes-par-objet": n * 10 / 60}),
        "taux_restitution": Grading(
            kind="proportion", expected=returned / n, tolerance=0.002,
            mistakes={"rendus-sur-non-rendus": returned / (n - returned)}),
        "intervalle_restitution": Grading(
            kind="intervalle", expected=(rate.low, rate.high), tolerance=0.003, decimals=3),
        "indicateur": Grading(kind="choix", expected="c"),
    })


def _tests() -> Definition:
    data = rows("tests_utilisabilite")

    def sus_mean(cycle: int, reverse: bool = True, scale: float = 2.5) -> float:
        answers = [[r[f"sus_q{q}"] for q in range(1, 11)] for r in data if r["cycle"] == cycle]
        if reverse:
            scores = [cast(float, impact.sus_score(a)) for a in answers]
            return sum(scores) / len(answers) / 2.5 * scale
        return float(sum(sum(v - 1 for v in a) * scale for a in answers) / len(answers))

    second = [r for r in data if r["cycle"] == 2]
    k2 = sum(r["tache_reussie"] for r in second)
    r2 = impact.rate_with_interval(k2, len(second))
    total = sum(r["tache_reussie"] for r in data)
    r15 = impact.rate_with_interval(12, 15)
    pooled = impact.rate_with_interval(total, len(data))
    sus2, sus3 = sus_mean(2), sus_mean(3)
    return Definition({
        "taux_reussite_cycle2": Grading(
            kind="proportion", expected=k2 / len(second), tolerance=0.002),
        "intervalle_cycle2": Grading(
            kind="intervalle", expected=(r2.low, r2.high), tolerance=0.005, decimals=3,
            mistakes={"wald": _wald(k2, len(second)),
                      "wald-coupe": _wald(k2, len(second), clipped=True)}),
        "intervalle_15": Grading(
            kind="intervalle", expected=(r15.low, r15.high), tolerance=0.005, decimals=3,
            mistakes={"cycles-additionnes": (pooled.low, pooled.high),
                      "cinq-personnes": (r2.low, r2.high),
                      # Within the tolerance, this also recognises the unclipped interval.
                      "wald-coupe": _wald(12, 15, clipped=True)}),
        "sus_cycle2": Grading(
            kind="nombre", expected=sus2, tolerance=0.05,
            mistakes={"sans-fois-2-5": sus_mean(2, scale=1.0),
                      "paires-non-inversees": sus_mean(2, reverse=False)}),
        "sus_cycle3": Grading(
            kind="nombre", expected=sus3, tolerance=0.05,
            mistakes={"sans-fois-2-5": sus_mean(3, scale=1.0),
                      "paires-non-inversees": sus_mean(3, reverse=False),
                      "moyenne-des-cycles-2-et-3": (sus2 + sus3) / 2}),
    }, placeholders={"reussites": str(total), "personnes": str(len(data))})


def _entonnoir() -> Definition:
    visits = rows("parcours_construction")
    started = sum(r["a_commence"] for r in visits)
    complete = sum(r["a_complete"] for r in visits)
    matched = sum(r["rapprochement"] for r in visits)
    returned = sum(r["objet_rendu"] for r in visits)
    weeks = rows("agents_semaines")
    last = max(r["semaine"] for r in weeks)
    active_last = len({r["agent_id"] for r in weeks if r["semaine"] == last})
    actions_last = sum(r["actions"] for r in weeks if r["semaine"] == last)
    everyone = len({r["agent_id"] for r in weeks})
    steps = impact.funnel({"visite": len(visits), "commencer": started,
                           "terminer": complete, "rapprochement": matched,
                           "restitution": returned})
    return Definition({
        "taux_completion": Grading(
            kind="proportion", expected=complete / started, tolerance=0.002,
            mistakes={"divise-par-visiteurs": complete / len(visits),
                      "part-qui-commence": started / len(visits)}),
        "etape_plus_grosse_perte": Grading(kind="choix", expected=steps.biggest_loss.name),
        "rendus_par_declaration": Grading(
            kind="proportion", expected=returned / complete, tolerance=0.002,
            mistakes={"divise-par-visiteurs": returned / len(visits),
                      "divise-par-commencees": returned / started}),
        "agents_actifs_semaine_26": Grading(
            kind="nombre", expected=active_last, tolerance=0.5, decimals=0,
            mistakes={"actions-additionnees": actions_last,
                      "actifs-sur-toutes-les-semaines": everyone}),
    }, placeholders={"semaine": str(last)})


def _ab_test() -> Definition:
    data = rows("ab_test_formulaire")
    a = [r["complete"] for r in data if r["version"] == "A"]
    b = [r["complete"] for r in data if r["version"] == "B"]
    test = impact.two_proportion_test(sum(a), len(a), sum(b), len(b))
    api = impact.sample_size_two_proportions(0.201, 0.301)
    return Definition({
        "ecart_points": Grading(
            kind="points", expected=100 * test.difference, tolerance=0.05,
            mistakes={"hausse-relative": 100 * test.relative_change}),
        "hausse_relative": Grading(
            kind="proportion", expected=test.relative_change, tolerance=0.002,
            mistakes={"ecart-en-proportion": test.difference,
                      "rapport": test.b.rate / test.a.rate}),
        "intervalle_ecart_points": Grading(
            kind="intervalle", expected=(100 * test.low, 100 * test.high), tolerance=0.1),
        # A small p-value is judged on its significant digits: 5 % relative accepts it
        # rounded to 2 of them, and rejects the one-sided value (half of it).
        "p_valeur": Grading(
            kind="nombre", expected=test.p_value, relative_tolerance=0.05, decimals=6,
            mistakes={"unilaterale": test.p_value / 2, "arrondie-a-zero": 0.0}),
        "taille_par_groupe_api": Grading(
            kind="nombre", expected=api, tolerance=0.5, decimals=0,
            mistakes={"total-des-deux-versions": 2 * api}),
    })


def _cohortes() -> Definition:
    data = rows("agents_mois")
    table = impact.cohort_retention([(r["agent_id"], r["mois"]) for r in data])
    i = table.cohorts.index(13)
    everyone = len({r["agent_id"] for r in data})
    active18 = len({r["agent_id"] for r in data if r["mois"] == 18})
    active16 = len({r["agent_id"] for r in data if r["mois"] == 16})
    return Definition({
        "retention_cohorte_13_a_3_mois": Grading(
            kind="proportion", expected=table.rates[i][3], tolerance=0.002,
            mistakes={"tous-les-agents": active16 / everyone,
                      "deux-mois-apres": table.rates[i][2]}),
        "penetration_agents_mois18": Grading(
            kind="proportion", expected=active18 / 128, tolerance=0.002,
            mistakes={"agents-deja-venus": active18 / everyone,
                      "cible-du-mois-12": active18 / 120}),
        "cout_par_utilisateur_mois18": Grading(
            kind="nombre", expected=540000 / 1400, tolerance=1.0,
            mistakes={"budget-du-mois": 45000 / 1400, "visiteurs": 540000 / 4500,
                      "agents-seulement": 540000 / 70}),
    })


def _cout_impact() -> Definition:
    data = rows("suivi_mensuel")
    last = data[-1]
    spent = sum(r["budget_du_mois_eur"] for r in data)
    returned = sum(r["objets_rendus"] for r in data)
    mean_of_ratios = sum(r["budget_du_mois_eur"] / r["objets_rendus"] for r in data) / len(data)
    return Definition({
        "cout_par_objet_mois30": Grading(
            kind="nombre", expected=last["budget_du_mois_eur"] / last["objets_rendus"],
            tolerance=0.5, decimals=0,
            mistakes={"budget-annuel": 12 * last["budget_du_mois_eur"]
                      / last["objets_rendus"]}),
        "cout_par_objet_cumule": Grading(
            kind="nombre", expected=spent / returned, tolerance=1.0, decimals=0,
            mistakes={"moyenne-des-couts-mensuels": mean_of_ratios}),
        "tendance_objets_par_mois": Grading(
            kind="nombre", expected=impact.north_star([r["objets_rendus"]
                                                       for r in data[-12:]]).trend,
            tolerance=0.1),
        "division_cout_refugies": Grading(
            kind="nombre", expected=50 / 0.90, tolerance=0.1, decimals=1,
            mistakes={"baisse-en-pour-cent": 100 * (1 - 0.90 / 50), "inverse": 0.90 / 50}),
    })


def _bonne_boite() -> Definition:
    test = impact.two_proportion_test(19990, 100000, 22100, 100000)
    users = 400000
    return Definition({
        "ecart_points": Grading(
            kind="points", expected=100 * test.difference, tolerance=0.01, decimals=2,
            mistakes={"hausse-relative": 100 * test.relative_change}),
        "hausse_relative": Grading(
            kind="proportion", expected=test.relative_change, tolerance=0.005,
            mistakes={"ecart-en-proportion": test.difference}),
        "intervalle_ecart_points": Grading(
            kind="intervalle", expected=(100 * test.low, 100 * test.high), tolerance=0.02,
            decimals=2),
        "personnes_en_plus": Grading(
            kind="nombre", expected=users * test.difference, tolerance=1.0, decimals=0,
            accepted=(8000, users * test.difference),
            mistakes={"une-cohorte": 100000 * test.difference,
                      "tous-les-retours": users * test.b.rate}),
        "personnes_en_plus_bas": Grading(
            kind="nombre", expected=users * test.low, tolerance=5.0, decimals=0,
            # The lesson rounds it down: « probablement au moins 7 000 ».
            accepted=(7000, users * test.low),
            mistakes={"une-cohorte": 100000 * test.low}),
    })


#: Every exercise, in course order: its id (the name of its texts file) and how to
#: compute it from the data sets.
DEFINITIONS: dict[str, Callable[[], Definition]] = {
    "01_dimensionner": _dimensionner,
    "02_tests": _tests,
    "03_entonnoir": _entonnoir,
    "04_ab_test": _ab_test,
    "04_cohortes_couts": _cohortes,
    "05_cout_impact": _cout_impact,
    "05_bonne_boite": _bonne_boite,
}
