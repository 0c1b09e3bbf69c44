"""Les graphiques des exercices d'impact : lisibles, sûrs pour les daltoniens, avec une
alternative textuelle.

Chaque fonction (:func:`courbe`, :func:`barres`, :func:`entonnoir`, :func:`intervalles`,
:func:`cohortes`) renvoie un :class:`Graphique` : une image SVG et un texte qui énonce
chaque valeur montrée. Dans JupyterLab, il s'affiche comme une figure accessible suivie
d'une « Description du graphique » repliée ; ailleurs, comme son texte. Les couleurs
viennent de la palette d'Okabe et Ito, les valeurs sont écrites sur le graphique (la
couleur n'est jamais le seul repère) et le SVG est identique à chaque exécution.
"""

# Internals: matplotlib's object-oriented API (no pyplot state, no GUI backend),
# imported on first use only; fixed SVG ids and no date make the bytes reproducible.

from __future__ import annotations

import html
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._numbers import format_french_number
from .impact import CohortTable, Funnel, Rate

__all__ = ["Graphique", "barres", "cohortes", "courbe", "entonnoir", "intervalles"]

#: Okabe & Ito (2008) colour-blind safe palette: blue, vermilion, bluish green, orange…
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9")
INK = "#1e1e1e"


def _fr(value: float, decimals: int = 0) -> str:
    return format_french_number(value, decimals)


@dataclass(frozen=True)
class Graphique:
    """Un graphique : son titre (``titre``), son image (``svg``) et son alternative
    textuelle (``alternative``), qui énonce chaque valeur montrée."""

    titre: str
    svg: str
    alternative: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": f"{self.titre}\n{self.alternative}", "text/html": self.html()}

    def html(self) -> str:
        """Le graphique en HTML : une ``<figure>`` accessible, avec sa description."""
        svg = self.svg[self.svg.index("<svg"):]
        label = html.escape(f"{self.titre}. {self.alternative}", quote=True)
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
        return (f'<figure class="fc-graphique" lang="fr" style="margin:0 0 1em 0">{svg}'
                f"<figcaption><details><summary>Description du graphique</summary>"
                f"<p>{html.escape(self.alternative)}</p></details></figcaption></figure>")

    def enregistrer(self, chemin: str) -> None:
        """Enregistre l'image SVG dans le fichier ``chemin`` (par exemple "courbe.svg")."""
        with open(chemin, "w", encoding="utf-8") as handle:
            handle.write(self.svg)


def _figure(width: float = 7.0, height: float = 3.6) -> Any:
    import matplotlib

    matplotlib.rcParams.update({
        "svg.hashsalt": "fabrique-course", "svg.fonttype": "none",
        "font.family": "DejaVu Sans", "font.size": 11, "axes.titlesize": 13,
        "axes.edgecolor": INK, "axes.labelcolor": INK, "xtick.color": INK,
        "ytick.color": INK, "text.color": INK, "axes.spines.top": False,
        "axes.spines.right": False, "axes.grid": True, "grid.color": "#dddddd",
        "grid.linewidth": 0.8, "axes.axisbelow": True,
    })
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _svg(fig: Any) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _series(valeurs: Any) -> tuple[list[str], list[float]]:
    if hasattr(valeurs, "index") and hasattr(valeurs, "tolist"):  # a pandas Series
        return [str(k) for k in valeurs.index.tolist()], [float(v) for v in valeurs.tolist()]
    if isinstance(valeurs, Mapping):
        return [str(k) for k in valeurs], [float(v) for v in valeurs.values()]
    values = [float(v) for v in valeurs]
    return [str(k) for k in range(1, len(values) + 1)], values


def courbe(valeurs: Any, *, titre: str, x: str, y: str, cible: float | None = None,
           unite: str = "") -> Graphique:
    """Une courbe : l'évolution d'une série de valeurs, avec une ligne de cible facultative.

    Paramètres :
        valeurs : une série pandas, un dictionnaire ``{étiquette: valeur}`` ou une liste.
        titre : le titre du graphique.
        x, y : les légendes des axes horizontal et vertical.
        cible : une valeur visée, tracée en pointillés (facultative).
        unite : l'unité écrite après chaque valeur (par exemple " €" ou " %").

    Exemple :
        courbe({"janv.": 6, "févr.": 8, "mars": 12}, titre="Objets rendus", x="mois",
               y="objets", cible=20)
    """
    labels, values = _series(valeurs)
    fig = _figure()
    ax = fig.add_subplot()
    positions = list(range(len(values)))
    ax.plot(positions, values, color=PALETTE[0], marker="o", linewidth=2.2, label=y)
    if cible is not None:
        ax.axhline(cible, color=PALETTE[1], linestyle="--", linewidth=1.8,
                   label=f"cible : {_fr(cible)}{unite}")
        ax.legend(loc="upper left", frameon=False)
    step = max(1, len(labels) // 12)
    ax.set_xticks(positions[::step], labels[::step])
    ax.annotate(f"{_fr(values[-1])}{unite}", (positions[-1], values[-1]),
                textcoords="offset points", xytext=(0, 8), ha="center")
    ax.set(title=titre, xlabel=x, ylabel=y)
    ax.set_ylim(bottom=0)
    text = (f"Courbe de {len(values)} valeurs ({y} selon {x}). Valeurs : "
            + " ; ".join(f"{k} : {_fr(v)}{unite}" for k, v in zip(labels, values, strict=True))
            + "." + (f" Ligne de cible à {_fr(cible)}{unite}." if cible is not None else ""))
    return Graphique(titre, _svg(fig), text)


def barres(valeurs: Any, *, titre: str, x: str, y: str, unite: str = "",
           decimales: int = 0) -> Graphique:
    """Un diagramme en barres, chaque barre portant sa valeur.

    Paramètres :
        valeurs : une série pandas, un dictionnaire ``{étiquette: valeur}`` ou une liste.
        titre : le titre du graphique.
        x, y : les légendes des axes horizontal et vertical.
        unite : l'unité écrite après chaque valeur (par exemple " %").
        decimales : le nombre de décimales des valeurs écrites (0 par défaut).

    Exemple :
        barres({"clés": 40, "papiers": 25}, titre="Objets rendus", x="catégorie",
               y="objets")
    """
    labels, values = _series(valeurs)
    fig = _figure()
    ax = fig.add_subplot()
    bars = ax.bar(labels, values, color=PALETTE[0])
    ax.bar_label(bars, labels=[f"{_fr(v, decimales)}{unite}" for v in values], padding=2)
    ax.set(title=titre, xlabel=x, ylabel=y)
    ax.grid(axis="x", visible=False)
    text = (f"Diagramme en barres ({y} par {x}). "
            + " ; ".join(f"{k} : {_fr(v, decimales)}{unite}"
                         for k, v in zip(labels, values, strict=True)) + ".")
    return Graphique(titre, _svg(fig), text)


def entonnoir(f: Funnel, *, titre: str) -> Graphique:
    """Un entonnoir : une barre horizontale par étape, avec son effectif et la part de
    l'étape précédente ; l'étape qui perd le plus est en orange.

    Paramètres :
        f : un entonnoir calculé par ``impact.funnel``.
        titre : le titre du graphique.

    Exemple :
        entonnoir(funnel({"visite": 1000, "commencer": 400, "terminer": 120}),
                  titre="Parcours de déclaration")
    """
    fig = _figure(height=0.6 * len(f.steps) + 1.2)
    ax = fig.add_subplot()
    names = [s.name for s in f.steps][::-1]
    counts = [s.count for s in f.steps][::-1]
    worst = f.biggest_loss.name
    colours = [PALETTE[1] if n == worst else PALETTE[0] for n in names]
    bars = ax.barh(names, counts, color=colours)
    labels = [f"{_fr(s.count)}" + ("" if k == 0 else f" ({_fr(100 * s.from_previous)} % de "
                                     "l'étape précédente)")
              for k, s in enumerate(f.steps)][::-1]
    ax.bar_label(bars, labels=labels, padding=3)
    ax.set_xlim(0, max(counts) * 1.6)
    ax.set(title=titre, xlabel="personnes")
    ax.grid(axis="y", visible=False)
    text = ("Entonnoir, de haut en bas : "
            + " ; ".join(f"{s.name} : {_fr(s.count)}"
                         + ("" if k == 0 else f", soit {_fr(100 * s.from_previous)} % de "
                            "l'étape précédente")
                         for k, s in enumerate(f.steps))
            + f". Plus faible taux de passage : {worst} (barre orangée).")
    return Graphique(titre, _svg(fig), text)


def intervalles(taux: Mapping[str, Rate], *, titre: str) -> Graphique:
    """Des taux (en %) avec leur intervalle de confiance, un par ligne.

    Paramètres :
        taux : un dictionnaire ``{nom: taux}``, chaque taux calculé par
            ``impact.rate_with_interval``.
        titre : le titre du graphique.

    Exemple :
        intervalles({"4 sur 5": rate_with_interval(4, 5),
                     "12 sur 15": rate_with_interval(12, 15)}, titre="Réussite")
    """
    fig = _figure(height=0.7 * len(taux) + 1.4)
    ax = fig.add_subplot()
    names = list(taux)[::-1]
    for k, name in enumerate(names):
        r = taux[name]
        ax.errorbar([100 * r.rate], [k], xerr=[[100 * (r.rate - r.low)], [100 * (r.high - r.rate)]],
                    fmt="o", color=PALETTE[k % len(PALETTE)], capsize=6, linewidth=2,
                    markersize=8)
        ax.annotate(f"{_fr(100 * r.rate, 1)} % ({_fr(100 * r.low, 1)} à "
                    f"{_fr(100 * r.high, 1)} %)",
                    (100 * r.rate, k), textcoords="offset points", xytext=(0, 10),
                    ha="center")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlim(0, 105)
    ax.set_ylim(-0.6, len(names) - 0.2)
    level = round(100 * next(iter(taux.values())).confidence)
    ax.set(title=titre, xlabel=f"taux en % (barres : intervalle de confiance à {level} %)")
    ax.grid(axis="y", visible=False)
    text = (f"Taux et intervalles de confiance à {level} % : "
            + " ; ".join(f"{name} : {r.successes} sur {r.total}, {_fr(100 * r.rate, 1)} %, "
                         f"de {_fr(100 * r.low, 1)} à {_fr(100 * r.high, 1)} %"
                         for name, r in taux.items()) + ".")
    return Graphique(titre, _svg(fig), text)


def cohortes(table: CohortTable, *, titre: str, periode: str = "mois") -> Graphique:
    """Un tableau de rétention en grille : chaque case écrit son pourcentage (la couleur
    n'est pas le seul repère).

    Paramètres :
        table : un tableau calculé par ``impact.cohort_retention``.
        titre : le titre du graphique.
        periode : le nom de la période, au singulier (« mois » par défaut, « semaine »…).

    Exemple :
        cohortes(cohort_retention(agents, utilisateur="agent_id", periode="mois"),
                 titre="Agents encore actifs")
    """
    fig = _figure(width=8.0, height=0.45 * len(table.cohorts) + 1.6)
    ax = fig.add_subplot()
    width = max(len(r) for r in table.rates)
    grid = [[100 * v for v in r] + [float("nan")] * (width - len(r)) for r in table.rates]
    # Light single-hue blues (vmax above 100 keeps every cell light enough for dark text).
    ax.imshow(grid, cmap="Blues", vmin=0, vmax=180, aspect="auto")
    for i, r in enumerate(table.rates):
        for k, v in enumerate(r):
            ax.text(k, i, _fr(100 * v), ha="center", va="center", color=INK, fontsize=9)
    ax.set_xticks(range(width), [f"+{k}" for k in range(width)])
    ax.set_yticks(range(len(table.cohorts)),
                  [f"{periode} {c} ({n})" for c, n in zip(table.cohorts, table.sizes,
                                                            strict=True)])
    ax.set(title=titre, xlabel=f"{periode}s après l'arrivée",
           ylabel="cohorte (effectif)")
    ax.grid(False)
    text = ("Rétention par cohorte, en % de la cohorte encore active : "
            + " ; ".join(f"cohorte du {periode} {c} ({n} personnes) : "
                         + ", ".join(f"+{k} : {_fr(100 * v, 1)} %" for k, v in enumerate(r))
                         for c, n, r in zip(table.cohorts, table.sizes, table.rates,
                                            strict=True)) + ".")
    return Graphique(titre, _svg(fig), text)

