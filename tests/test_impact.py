"""Tests of the impact maths (impact) against independent reference implementations."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
    samplesize_proportions_2indep_onetail,
)

from fabrique_course.impact import (
    ImpactError,
    cohort_retention,
    cost_per_impact,
    cost_per_user,
    funnel,
    north_star,
    rate_with_interval,
    sample_size_two_proportions,
    sus_score,
    two_proportion_test,
)


@pytest.mark.parametrize(("k", "n"), [(0, 5), (2, 5), (5, 5), (4, 15), (14, 15), (201, 1000),
                                      (1, 3), (480, 1200)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_wilson_interval_matches_statsmodels(k: int, n: int, confidence: float) -> None:
    """The Wilson interval equals statsmodels' proportion_confint(method='wilson')."""
    low, high = proportion_confint(k, n, alpha=1 - confidence, method="wilson")
    rate = rate_with_interval(k, n, confidence)
    assert rate.rate == pytest.approx(k / n)
    assert rate.low == pytest.approx(low, abs=1e-12)
    assert rate.high == pytest.approx(high, abs=1e-12)


def test_wilson_on_five_users_is_wide() -> None:
    """4 successes out of 5 users: the interval is wide (about 38 % to 96 %)."""
    rate = rate_with_interval(4, 5)
    assert rate.low == pytest.approx(0.3755, abs=1e-3)
    assert rate.high == pytest.approx(0.9638, abs=1e-3)
    assert "4/5 = 80,0 %" in str(rate)


@pytest.mark.parametrize(("ka", "na", "kb", "nb"), [(201, 1000, 301, 1000), (180, 450, 234, 450),
                                                    (10, 50, 12, 50), (0, 20, 3, 20)])
def test_two_proportion_test_matches_statsmodels(ka: int, na: int, kb: int, nb: int) -> None:
    """p-value = pooled z-test, interval = Wald interval of the difference (statsmodels)."""
    result = two_proportion_test(ka, na, kb, nb)
    _, p_value = proportions_ztest([kb, ka], [nb, na])
    low, high = confint_proportions_2indep(kb, nb, ka, na, method="wald", compare="diff")
    assert result.difference == pytest.approx(kb / nb - ka / na)
    assert result.p_value == pytest.approx(p_value, abs=1e-12)
    assert result.low == pytest.approx(low, abs=1e-12)
    assert result.high == pytest.approx(high, abs=1e-12)


def test_api_gouv_ab_test_points_and_percent() -> None:
    """api.gouv.fr: 20,1 % → 30,1 % is +10 points and about +50 %."""
    result = two_proportion_test(201, 1000, 301, 1000)
    assert result.difference == pytest.approx(0.10)
    assert result.relative_change == pytest.approx(0.10 / 0.201)
    assert result.significant


def test_sample_size_against_statsmodels_and_hand_computation() -> None:
    """The per-group size follows the classic formula (and statsmodels' to one user)."""
    n = sample_size_two_proportions(0.201, 0.301)
    reference = samplesize_proportions_2indep_onetail(0.301 - 0.201, 0.201, 0.8, ratio=1,
                                                      alpha=0.05, alternative="two-sided")
    assert abs(n - math.ceil(reference)) <= 1
    # Hand computation: (1.95996·√(2·0.251·0.749) + 0.84162·√(0.201·0.799 + 0.301·0.699))²/0.01
    assert n == 294  # 293.94 rounded up
    assert sample_size_two_proportions(0.5, 0.6, alpha=0.05, puissance=0.9) > \
        sample_size_two_proportions(0.5, 0.6, alpha=0.05, puissance=0.8)


@pytest.mark.parametrize(("answers", "score"), [
    ([5, 1, 5, 1, 5, 1, 5, 1, 5, 1], 100.0),
    ([1, 5, 1, 5, 1, 5, 1, 5, 1, 5], 0.0),
    ([3] * 10, 50.0),
    ([4, 2, 4, 2, 4, 2, 4, 2, 4, 2], 75.0),
    ([4, 1, 4, 1, 4, 1, 4, 1, 4, 1], 87.5),
    ([5, 2, 4, 1, 4, 2, 5, 1, 4, 3], 82.5),
])
def test_sus_follows_the_published_rule(answers: list[int], score: float) -> None:
    """Odd items: answer − 1; even items: 5 − answer; sum × 2.5 (Brooke)."""
    assert sus_score(answers) == score


def test_sus_on_a_table_of_respondents() -> None:
    """A table (list of rows, or a DataFrame) gives one score per respondent."""
    import pandas as pd

    rows = [[5, 1, 5, 1, 5, 1, 5, 1, 5, 1], [3] * 10]
    assert sus_score(rows) == [100.0, 50.0]
    assert sus_score(pd.DataFrame(rows, columns=[f"q{i}" for i in range(1, 11)])) == \
        [100.0, 50.0]


@pytest.mark.parametrize(("answers", "words"), [
    ([3] * 9, "10 questions"),
    ([3] * 9 + [6], "hors de l'échelle"),
    ([3] * 9 + [0], "hors de l'échelle"),
    ([3] * 9 + ["3"], "hors de l'échelle"),
    ("3333333333", "10 réponses"),
])
def test_sus_refuses_bad_answers(answers: object, words: str) -> None:
    """Answers outside 1–5 or not ten of them give a French error."""
    with pytest.raises(ImpactError, match=words):
        sus_score(answers)


def test_funnel_rates_and_biggest_loss() -> None:
    """Rates from the previous step and from the start; the worst step is found."""
    f = funnel({"visites": 3000, "déclaration commencée": 900, "déclaration complète": 300,
                "objet rendu": 60})
    assert [s.from_previous for s in f.steps] == pytest.approx([1, 0.3, 1 / 3, 0.2])
    assert f.overall == pytest.approx(0.02)
    assert f.biggest_loss.name == "objet rendu"


@pytest.mark.parametrize(("steps", "words"), [
    ({"a": 10, "b": 20}, "plus de personnes que l'étape précédente"),
    ({"a": 0, "b": 0}, "personne à la première étape"),
    ({"a": 10}, "au moins deux étapes"),
    ({"a": 10, "b": -1}, "négatif"),
    ({"a": 10, "b": 2.5}, "entier"),
])
def test_funnel_refuses_impossible_input(steps: dict[str, float], words: str) -> None:
    """A funnel that grows, starts empty or has negative counts gives a French error."""
    with pytest.raises(ImpactError, match=words):
        funnel(steps)


def test_cohort_retention_table() -> None:
    """Each cohort's share of users active again k periods later."""
    events = [("a", 0), ("a", 1), ("a", 2), ("b", 0), ("b", 2), ("c", 1), ("c", 2), ("d", 1)]
    table = cohort_retention(events)
    assert table.cohorts == (0, 1)
    assert table.sizes == (2, 2)
    assert table.rates[0] == pytest.approx((1.0, 0.5, 1.0))
    assert table.rates[1] == pytest.approx((1.0, 0.5))
    assert table.rows()[0]["+1"] == 0.5


def test_cohort_retention_from_a_dataframe() -> None:
    """A DataFrame with user and period columns works the same; bad columns are named."""
    import pandas as pd

    df = pd.DataFrame({"utilisateur": ["a", "a", "b"], "periode": [0, 1, 0]})
    assert cohort_retention(df).rates[0] == pytest.approx((1.0, 0.5))
    with pytest.raises(ImpactError, match="colonnes manquantes : semaine"):
        cohort_retention(df, periode="semaine")


def test_costs_follow_the_impact_matrix() -> None:
    """Cost per use = annual budget ÷ monthly active users; cost per impact = cost ÷ units."""
    assert cost_per_user(540_000, 1_800) == 300
    assert cost_per_impact(45_000, 150) == 300
    with pytest.raises(ImpactError, match="strictement positif"):
        cost_per_user(540_000, 0)
    with pytest.raises(ImpactError, match="positif"):
        cost_per_impact(-1, 10)


def test_north_star_trend_and_gap() -> None:
    """A linear series has its slope as trend; the gap and time to target follow."""
    ns = north_star([60, 70, 80, 90], cible=150)
    assert ns.trend == pytest.approx(10)
    assert ns.gap == 60
    assert ns.periods_to_target == pytest.approx(6)
    assert north_star([5, 4], cible=10).periods_to_target is None
    with pytest.raises(ImpactError, match="au moins deux valeurs"):
        north_star([1])


@pytest.mark.parametrize(("k", "n", "words"), [
    (6, 5, "plus de réussites"), (1, 0, "0 personne"), (-1, 5, "négatif"),
    (1.5, 5, "entier"), (True, 5, "entier"), (float("nan"), 5, "entier"),
])
def test_impossible_rates_are_refused(k: object, n: object, words: str) -> None:
    """Successes above the total, zero total, negatives: French errors, never NaN."""
    with pytest.raises(ImpactError, match=words):
        rate_with_interval(k, n)  # type: ignore[arg-type]


@given(st.integers(min_value=1, max_value=5000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))))
def test_rates_and_intervals_stay_in_bounds(pair: tuple[int, int]) -> None:
    """Rates are in [0, 1] and the interval contains the rate."""
    k, n = pair
    rate = rate_with_interval(k, n)
    assert 0 <= rate.low <= rate.rate <= rate.high <= 1


@given(st.floats(min_value=0.05, max_value=0.95), st.integers(min_value=5, max_value=500))
def test_more_data_narrows_the_interval(p: float, n: int) -> None:
    """With the same observed rate, ten times more people gives a narrower interval."""
    small = rate_with_interval(round(p * n), n)
    large = rate_with_interval(round(p * n) * 10, n * 10)
    assert (large.high - large.low) < (small.high - small.low)
