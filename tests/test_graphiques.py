"""Charts: deterministic SVG, a text alternative that states every value, accessible HTML."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from fabrique_course import graphiques
from fabrique_course.impact import cohort_retention, funnel, rate_with_interval


def charts() -> dict[str, graphiques.Graphique]:
    """One chart of each kind, drawn from small fictitious figures."""
    return {
        "courbe": graphiques.courbe(pd.Series([6, 6, 8, 10, 12, 16], index=range(1, 7)),
                                    titre="Objets rendus (fictif)", x="mois",
                                    y="objets rendus", cible=60),
        "barres": graphiques.barres({"A": 40.0, "B": 52.0}, titre="Versions (fictif)",
                                    x="version", y="taux", unite=" %"),
        "entonnoir": graphiques.entonnoir(funnel({"visite": 2400, "commencer": 760,
                                                  "terminer": 410}), titre="Entonnoir"),
        "intervalles": graphiques.intervalles({"4 sur 5": rate_with_interval(4, 5),
                                               "12 sur 15": rate_with_interval(12, 15)},
                                              titre="Réussite"),
        "cohortes": graphiques.cohortes(cohort_retention([("a", 1), ("b", 1), ("a", 2),
                                                          ("c", 2)]), titre="Rétention"),
    }


def test_same_bytes_every_time_and_no_date() -> None:
    """A chart gives the same SVG bytes on every build, with no date in them."""
    first, second = charts(), charts()
    for name, chart in first.items():
        assert chart.svg == second[name].svg, name
        assert "<dc:date>" not in chart.svg
        assert chart.svg.lstrip().startswith("<?xml")


def test_text_alternatives_state_the_values() -> None:
    """Each chart's text alternative states its values, in French number format."""
    c = charts()
    assert all(f" {v}" in c["courbe"].alternative for v in ("6", "8", "10", "12", "16"))
    assert "cible à 60" in c["courbe"].alternative
    assert "A : 40 %" in c["barres"].alternative
    assert "B : 52 %" in c["barres"].alternative
    assert "terminer : 410" in c["entonnoir"].alternative
    assert "Plus faible taux de passage : commencer" in c["entonnoir"].alternative
    assert "4 sur 5, 80,0 %, de 37,6 à 96,4 %" in c["intervalles"].alternative
    assert "+1 : 50,0 %" in c["cohortes"].alternative


def test_html_is_an_accessible_figure_with_the_okabe_ito_palette() -> None:
    """The HTML is a French figure: labelled SVG, a description, Okabe-Ito palette colours."""
    for name, chart in charts().items():
        page = chart.html()
        assert page.startswith('<figure class="fc-graphique" lang="fr"')
        assert re.search(r'<svg role="img" aria-label="[^"]+"', page), name
        assert "<summary>Description du graphique</summary>" in page
        bundle = chart._repr_mimebundle_()
        assert bundle["text/plain"].startswith(chart.titre)
        assert "<?xml" not in bundle["text/html"]
    assert graphiques.PALETTE[0].lower() in charts()["courbe"].svg.lower()


def test_enregistrer_writes_the_svg(tmp_path: pytest.TempPathFactory) -> None:
    """« enregistrer » writes the chart's SVG to the given file."""
    chart = charts()["barres"]
    target = tmp_path / "barres.svg"  # type: ignore[operator]
    chart.enregistrer(str(target))
    assert target.read_text(encoding="utf-8") == chart.svg
