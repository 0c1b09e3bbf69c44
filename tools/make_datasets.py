"""Generate the course's FICTIONAL data sets into ``content/data/``.

Everything here is invented: the service « Retrouvé ! », the département of Valmont,
its sites and agents, and every figure. The data are drawn with a fixed seed from
Python's ``random`` module (whose sequence for a given seed is stable across Python
versions), then forced onto the fictional landmarks of ``content/fil-rouge.md`` (1 900
objects a year, 2/5 then 4/5 then 5/5 task successes, 6, 6, 8, 10, 12, 16 objects
returned in the first months, 180/450 vs 234/450…). Same bytes on every machine.

Writes one CSV per data set (UTF-8, ``,`` separator, ``.`` decimal point, ``\\n`` line
ends), the machine-readable dictionary ``dictionnaire.yaml`` and its human version
``LISEZMOI.md``; and, for a French spreadsheet opened by double-click (LibreOffice Calc,
Excel), the same rows in ``tableur/<name>.csv``: UTF-8 with BOM, ``;`` separator,
decimal comma, ``\\r\\n`` line ends.

Usage:
    python tools/make_datasets.py          # (re)write content/data/
    python tools/make_datasets.py --check  # fail if content/data/ differs from what it would write
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from fabrique_course.exercises._data import Column

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "content" / "data"
SEED = 20260101
#: Sub-folder of the spreadsheet copies (French conventions), see ``spreadsheet_csv``.
TABLEUR = "tableur"
FICTIF = ("Données FICTIVES, produites par tools/make_datasets.py (graine fixe) pour le "
          "service fictif « Retrouvé ! » ; aucune ne décrit un service, un lieu ou une "
          "personne réels.")

# The 13 fictional sites of Valmont: the police station and 12 gendarmerie brigades.
COMMISSARIAT = "Commissariat de Valmont"
BRIGADES = [f"Brigade de {name}" for name in (
    "Saint-Aubin-de-Valmont", "Valmont-la-Forêt", "Valmont-sur-Lière", "Haut-Valmont",
    "Bas-Valmont", "Saint-Roch-de-Valmont", "Prés-de-Valmont", "Valmont-les-Bains",
    "Notre-Dame-de-Valmont", "Pont-de-Valmont", "Valmont-le-Vieux", "Mont-de-Valmont")]
SITES = [COMMISSARIAT, *BRIGADES]
PILOTES = [COMMISSARIAT, BRIGADES[0], BRIGADES[1]]  # the 3 pilot sites

# Distinct active front-desk agents per month, months 7 to 18: 40 at month 12, 70 at
# month 18 (fil rouge). The agent-level data (agents_mois) are drawn to these counts and
# the monthly dashboard (suivi_mensuel) reports them, so the two always agree.
AGENTS_ACTIFS_MOIS = {7: 16, 8: 20, 9: 25, 10: 30, 11: 35, 12: 40, 13: 45, 14: 50, 15: 55,
                      16: 60, 17: 65, 18: 70}


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    lesson: str
    description: str
    generation: str
    columns: tuple[Column, ...]
    make: Callable[[random.Random], list[dict[str, object]]]


def _shuffled(rng: random.Random, items: list[int]) -> list[int]:
    out = list(items)
    rng.shuffle(out)
    return out


# --------------------------------------------------------------------------- 01

def registres(rng: random.Random) -> list[dict[str, object]]:
    """One row per object registered by the 13 sites in the reference year (fictional)."""
    n = 1896
    weights = [30] + [6] * 4 + [5] * 8  # the commissariat takes about a third
    categories = [("clés", 24, 0.06), ("portefeuille ou sac", 18, 0.30),
                  ("téléphone", 14, 0.22), ("papiers", 12, 0.32), ("vêtement", 14, 0.04),
                  ("lunettes", 6, 0.08), ("autre", 12, 0.10)]
    rows: list[dict[str, object]] = []
    for k in range(n):
        site = rng.choices(SITES, weights)[0]
        name, _, p = rng.choices(categories, [c[1] for c in categories])[0]
        minutes = max(3, min(30, round(rng.gammavariate(4.0, 2.5))))
        rows.append({"objet_id": f"O{k + 1:04d}", "mois": 1 + rng.randrange(12),
                     "site": site, "type_site": "commissariat" if site == COMMISSARIAT
                     else "brigade", "categorie": name, "minutes_enregistrement": minutes,
                     "rendu": int(rng.random() < p), "_p": p})
    # Force exactly 285 returns (15,0 %), keeping the category pattern.
    target = 285
    returned = [r for r in rows if r["rendu"]]
    kept = [r for r in rows if not r["rendu"]]
    while len(returned) > target:
        r = returned.pop(rng.randrange(len(returned)))
        r["rendu"] = 0
    while len(returned) < target:
        r = kept[rng.randrange(len(kept))]
        if not r["rendu"] and rng.random() < float(r["_p"]) * 3:  # type: ignore[arg-type]
            r["rendu"] = 1
            returned.append(r)
    rows.sort(key=lambda r: (r["mois"], r["objet_id"]))
    for k, r in enumerate(rows, start=1):
        r["objet_id"] = f"O{k:04d}"
        del r["_p"]
    return rows


# --------------------------------------------------------------------------- 02

def tests_utilisabilite(rng: random.Random) -> list[dict[str, object]]:
    """15 usability-test sessions in 3 rounds of 5 (fictional), as in lesson 02's tables.

    Successes 2/5, 4/5, 5/5; median time of the successes 6 min 30 s, 4 min 10 s,
    2 min 50 s; mean satisfaction (-2 to +2) -0.4, +0.6, +1.2; round 2 exactly as the
    lesson's detailed table. The SUS questionnaire was filled in rounds 2 and 3 only
    (round 1 tested a paper prototype).
    """
    profiles = ["a perdu un objet", "a perdu un objet", "a rapporté un objet",
                "a perdu un objet", "agent d'accueil"]
    outcome = {1: [0, 1, 0, 1, 0], 2: [1, 1, 0, 1, 1], 3: [1, 1, 1, 1, 1]}
    seconds = {1: [None, 370, None, 410, None], 2: [220, 240, None, 320, 260],
               3: [150, 170, 205, 160, 185]}
    satisfaction = {1: [-1, 0, -2, 1, 0], 2: [1, 0, -1, 1, 2], 3: [1, 1, 2, 1, 1]}
    level = {2: 3.4, 3: 4.2}  # latent agreement with the SUS's positive statements
    rows: list[dict[str, object]] = []
    for cycle in (1, 2, 3):
        for k in range(5):
            ok = outcome[cycle][k]
            row: dict[str, object] = {
                "cycle": cycle, "participant": f"P{k + 1}", "profil": profiles[k],
                "maquette": ("prototype papier", "maquette cliquable",
                             "maquette corrigée")[cycle - 1],
                "tache_reussie": ok, "duree_secondes": seconds[cycle][k],
                "satisfaction": satisfaction[cycle][k]}
            mood = level.get(cycle, 0.0) + (0.3 if ok else -0.8) + rng.gauss(0, 0.3)
            for q in range(1, 11):
                agree = min(5, max(1, round(mood + rng.gauss(0, 0.6))))
                row[f"sus_q{q}"] = (agree if q % 2 == 1 else 6 - agree) if cycle > 1 else None
            rows.append(row)
    return rows


# --------------------------------------------------------------------------- 03

def parcours(rng: random.Random) -> list[dict[str, object]]:
    """One row per visitor of the first version, months 1 to 6 (fictional funnel)."""
    visitors = [150, 250, 350, 450, 550, 650]
    started = [55, 85, 110, 140, 170, 200]
    complete = [30, 45, 60, 75, 90, 110]
    matched = [8, 7, 10, 12, 15, 20]
    returned = [6, 6, 8, 10, 12, 16]
    rows: list[dict[str, object]] = []
    for month in range(6):
        stages = ([4] * returned[month] + [3] * (matched[month] - returned[month])
                  + [2] * (complete[month] - matched[month])
                  + [1] * (started[month] - complete[month])
                  + [0] * (visitors[month] - started[month]))
        for stage in _shuffled(rng, stages):
            rows.append({"mois": month + 1, "a_commence": int(stage >= 1),
                         "a_complete": int(stage >= 2), "rapprochement": int(stage >= 3),
                         "objet_rendu": int(stage >= 4)})
    for k, r in enumerate(rows, start=1):
        r["visiteur_id"] = f"V{k:04d}"
    return [{"visiteur_id": r.pop("visiteur_id"), **r} for r in rows]


# The 15 front-desk agents of the 3 pilot sites (7 at the police station, 4 and 4 in the
# two brigades): the same people in the weekly data (construction) and, from month 7, in
# the monthly data, where they form most of the first cohort.
PILOT_AGENTS = [(f"A{k:02d}", PILOTES[0] if k <= 7 else PILOTES[1] if k <= 11 else PILOTES[2])
                for k in range(1, 16)]


def agents_semaines(rng: random.Random) -> list[dict[str, object]]:
    """Weekly activity of the 15 agents of the 3 pilot sites, weeks 1 to 26 (fictional)."""
    agents = PILOT_AGENTS
    active_count = [3, 4, 4, 5, 6, 6, 7, 7, 8, 8, 9, 9, 9, 10, 10, 10, 11, 11, 11,
                    12, 12, 12, 12, 12, 12, 12]
    rows: list[dict[str, object]] = []
    for week, count in enumerate(active_count, start=1):
        chosen = sorted(rng.sample(range(15), count))
        for k in chosen:
            agent, site = agents[k]
            rows.append({"semaine": week, "agent_id": agent, "site": site,
                         "actions": 1 + min(40, round(rng.expovariate(1 / 6)))})
    return rows


# --------------------------------------------------------------------------- 04

def ab_test(rng: random.Random) -> list[dict[str, object]]:
    """Declarations started during the A/B test (fictional): A 180/450, B 234/450."""
    rows = [{"version": v, "complete": c} for v, done in (("A", 180), ("B", 234))
            for c in [1] * done + [0] * (450 - done)]
    rng.shuffle(rows)
    return [{"declaration_id": f"D{k:04d}", "jour": 1 + rng.randrange(28), **r}
            for k, r in enumerate(rows, start=1)]


def agents_mois(rng: random.Random) -> list[dict[str, object]]:
    """Monthly activity of the front-desk agents, months 7 to 18 (fictional).

    Month 7's agents are the 15 agents of the pilot sites, already active during
    construction, and one agent of a newly connected site; the next ones join as the
    service reaches the other sites."""
    active = AGENTS_ACTIFS_MOIS
    newcomers = {7: 16, 8: 8, 9: 9, 10: 9, 11: 9, 12: 9, 13: 11, 14: 11, 15: 11, 16: 11,
                 17: 11, 18: 11}
    site_of: dict[str, str] = {}
    seen: list[str] = []
    rows: list[dict[str, object]] = []
    for month in range(7, 19):
        for _ in range(newcomers[month]):
            drawn = SITES[rng.randrange(13)]  # drawn for every agent: later draws stay put
            if len(seen) < len(PILOT_AGENTS):
                agent, site = PILOT_AGENTS[len(seen)]
            else:
                agent, site = f"G{len(seen) + 1 - len(PILOT_AGENTS):03d}", drawn
            seen.append(agent)
            site_of[agent] = site
        new = seen[-newcomers[month]:]
        old = [a for a in seen if a not in new]
        stay = rng.sample(old, active[month] - len(new))
        for agent in sorted(new + stay):
            rows.append({"mois": month, "agent_id": agent, "site": site_of[agent]})
    return rows


# --------------------------------------------------------------------------- 05

def week_month(week: int) -> int:
    """The construction month (1 to 6) a week of agents_semaines (1 to 26) falls in."""
    return 1 + 6 * (week - 1) // 26


def weekly_agents_by_month() -> dict[int, int]:
    """Distinct agents active in each construction month, from the weekly agent data."""
    index = [d.name for d in DATASETS].index("agents_semaines")
    seen: dict[int, set[str]] = {}
    for row in agents_semaines(random.Random(SEED + index)):
        seen.setdefault(week_month(int(str(row["semaine"]))), set()).add(str(row["agent_id"]))
    return {month: len(agents) for month, agents in seen.items()}


def suivi_mensuel(rng: random.Random) -> list[dict[str, object]]:
    """Monthly dashboard of the service, months 1 to 30 (fictional)."""
    returned = [6, 6, 8, 10, 12, 16, 20, 26, 33, 41, 50, 60, 64, 68, 72, 77, 83, 90,
                95, 100, 105, 110, 115, 120, 125, 130, 135, 140, 145, 150]
    # 200 000 EUR for months 1-6, 200 000 EUR for months 7-12 (the accelerated team's
    # 45 000 EUR a month starts at month 12, as in lessons 04 and 05), then 45 000 EUR.
    budget = [33333] * 5 + [33335] + [31000] * 5 + [45000] * 19
    anchors_visitors = {1: 150, 6: 650, 12: 3000, 18: 4500, 24: 6000, 30: 6500}
    anchors_agents = {1: 4, 6: 13, 12: 40, 18: 70, 24: 96, 30: 108}
    anchors_mau = {1: 60, 6: 190, 12: 900, 18: 1400, 24: 1800, 30: 2050}

    def between(anchors: dict[int, int], month: int, noise: float) -> int:
        keys = sorted(anchors)
        if month in anchors:
            return anchors[month]
        lo = max(k for k in keys if k < month)
        hi = min(k for k in keys if k > month)
        value = anchors[lo] + (anchors[hi] - anchors[lo]) * (month - lo) / (hi - lo)
        return round(value * (1 + rng.uniform(-noise, noise)))

    weekly = weekly_agents_by_month()

    def agents(month: int) -> int:
        # Drawn in every month, as before, so that the other columns keep their values;
        # months 1 to 6 then report the weekly data's distinct agents of the month, and
        # months 7 to 18 the agent-level data's distinct active agents.
        interpolated = between(anchors_agents, month, 0.0)
        return weekly.get(month, AGENTS_ACTIFS_MOIS.get(month, interpolated))

    phase = ["construction"] * 12 + ["accélération"] * 18
    return [{"mois": m, "phase": phase[m - 1], "budget_du_mois_eur": budget[m - 1],
             "objets_rendus": returned[m - 1],
             "visiteurs": between(anchors_visitors, m, 0.04),
             "agents_actifs": agents(m),
             "utilisateurs_actifs_mensuels": between(anchors_mau, m, 0.03)}
            for m in range(1, 31)]


# --------------------------------------------------------------------------- catalogue

C = Column
DATASETS = [
    Dataset(
        "registres_objets", "Registres des objets trouvés des 13 sites, sur un an",
        "01_investigation",
        "Les objets enregistrés pendant l'année de référence par le commissariat et les 12 "
        "brigades de Valmont, tels que Camille les a relevés dans les registres papier et "
        "les tableurs pendant l'investigation. Une ligne par objet.",
        "1 896 objets tirés au hasard (graine fixe) : site pondéré (le commissariat en "
        "reçoit environ un tiers), catégorie, durée d'enregistrement (loi gamma de moyenne "
        "10 min, bornée de 3 à 30), restitution selon une probabilité propre à la catégorie, "
        "puis ajustée pour que 285 objets exactement (15,0 %) soient rendus.",
        (C("objet_id", "texte", "", "identifiant de l'objet dans le jeu de données"),
         C("mois", "entier", "mois 1 à 12", "mois d'enregistrement dans l'année de référence"),
         C("site", "texte", "", "site qui a enregistré l'objet (13 sites fictifs)"),
         C("type_site", "texte", "", "« commissariat » ou « brigade »"),
         C("categorie", "texte", "", "catégorie de l'objet"),
         C("minutes_enregistrement", "entier", "minutes",
           "temps d'agent passé à enregistrer et ranger l'objet"),
         C("rendu", "entier", "0 ou 1", "1 si l'objet a été rendu à son propriétaire")),
        registres),
    Dataset(
        "tests_utilisabilite", "Tests d'utilisabilité de la conception, 3 cycles de 5",
        "02_conception",
        "Les 15 séances de test de la conception, en 3 cycles de 5 personnes ; le "
        "prototype change entre deux cycles. Tâche testée : « déclarer une perte ». Aux "
        "cycles 2 et 3, chaque personne remplit ensuite le questionnaire SUS (10 "
        "affirmations, de 1 « pas du tout d'accord » à 5 « tout à fait d'accord »).",
        "Réussites, durées et satisfaction fixées comme dans les tableaux de la leçon 02 "
        "(2 sur 5, 4 sur 5, 5 sur 5). Réponses SUS (cycles 2 et 3) tirées autour d'un "
        "niveau d'accord qui monte d'un cycle à l'autre ; les affirmations paires "
        "(négatives) reçoivent la réponse inversée.",
        (C("cycle", "entier", "1 à 3", "cycle de tests"),
         C("participant", "texte", "", "participant du cycle (pseudonyme P1 à P5)"),
         C("profil", "texte", "", "profil de la personne testée"),
         C("maquette", "texte", "", "version de la maquette testée"),
         C("tache_reussie", "entier", "0 ou 1", "1 si la tâche a été menée au bout sans aide"),
         C("duree_secondes", "entier", "secondes",
           "durée de la tâche réussie (vide si la tâche n'a pas été réussie)"),
         C("satisfaction", "entier", "-2 à +2", "satisfaction déclarée après la tâche"),
         *(C(f"sus_q{q}", "entier", "1 à 5",
             f"réponse à l'affirmation {q} du SUS ("
             + ("positive" if q % 2 else "négative")
             + ") ; vide au cycle 1 (prototype papier, pas de questionnaire)")
           for q in range(1, 11))),
        tests_utilisabilite),
    Dataset(
        "parcours_construction", "Parcours des visiteurs de la première version, mois 1 à 6",
        "03_construction",
        "Chaque visiteur du site pendant les 6 premiers mois de la construction, et jusqu'où "
        "il est allé : commencer une déclaration de perte, la terminer, obtenir un "
        "rapprochement avec un objet enregistré, récupérer son objet.",
        "Effectifs mensuels fixés (visiteurs 150 à 650 ; 410 déclarations complètes en 6 "
        "mois ; objets rendus 6, 6, 8, 10, 12, 16), lignes mélangées avec la graine fixe.",
        (C("visiteur_id", "texte", "", "identifiant du visiteur"),
         C("mois", "entier", "mois 1 à 6", "mois de la visite, depuis le début de la "
           "construction"),
         C("a_commence", "entier", "0 ou 1", "a commencé une déclaration de perte"),
         C("a_complete", "entier", "0 ou 1", "a envoyé une déclaration complète"),
         C("rapprochement", "entier", "0 ou 1",
           "un objet enregistré correspond à sa déclaration"),
         C("objet_rendu", "entier", "0 ou 1", "a récupéré son objet")),
        parcours),
    Dataset(
        "agents_semaines", "Activité hebdomadaire des agents des 3 sites pilotes",
        "03_construction",
        "Une ligne par agent d'accueil actif dans la semaine (il a enregistré, rapproché ou "
        "rendu au moins un objet dans l'outil), semaines 1 à 26 de la construction ; 15 "
        "agents travaillent dans les 3 sites pilotes.",
        "Nombre d'agents actifs par semaine fixé (3 au début, 12 à partir de la semaine "
        "20) ; agents tirés au hasard parmi les 15 ; nombre d'actions tiré d'une loi "
        "exponentielle.",
        (C("semaine", "entier", "semaine 1 à 26", "semaine depuis le début de la "
           "construction"),
         C("agent_id", "texte", "", "agent (pseudonyme A01 à A15)"),
         C("site", "texte", "", "site pilote de l'agent"),
         C("actions", "entier", "actions", "actions faites dans l'outil cette semaine")),
        agents_semaines),
    Dataset(
        "ab_test_formulaire", "A/B test du formulaire de déclaration",
        "04_acceleration",
        "Les déclarations commencées pendant les 4 semaines de l'A/B test du 3e mois "
        "d'accélération : version A (une seule page de 14 champs) ou B (trois étapes "
        "courtes), attribuée au hasard.",
        "450 déclarations par version ; 180 complètes en A, 234 en B (fil rouge) ; ordre et "
        "jour tirés avec la graine fixe.",
        (C("declaration_id", "texte", "", "identifiant de la déclaration commencée"),
         C("jour", "entier", "jour 1 à 28", "jour du test"),
         C("version", "texte", "A ou B", "version du formulaire montrée"),
         C("complete", "entier", "0 ou 1", "1 si la déclaration a été envoyée complète")),
        ab_test),
    Dataset(
        "agents_mois", "Activité mensuelle des agents d'accueil, mois 7 à 18",
        "04_acceleration",
        "Une ligne par agent d'accueil actif dans le mois, du 7e au 18e mois après le début "
        "de la construction, pendant le raccordement des 13 sites (128 agents visés au "
        "18e mois).",
        "Agents actifs par mois fixés (40 au 12e mois, 70 au 18e) ; au 7e mois, les 15 "
        "agents des 3 sites pilotes (mêmes pseudonymes A01 à A15 que dans agents_semaines) "
        "et un agent d'un nouveau site ; puis de nouveaux agents chaque mois ; les anciens "
        "restent actifs ou non au hasard (graine fixe).",
        (C("mois", "entier", "mois 7 à 18", "mois depuis le début de la construction"),
         C("agent_id", "texte", "", "agent (pseudonyme)"),
         C("site", "texte", "", "site de l'agent")),
        agents_mois),
    Dataset(
        "suivi_mensuel", "Tableau de bord mensuel du service, mois 1 à 30",
        "05_perennisation",
        "Les chiffres que l'équipe suit chaque mois, du début de la construction au comité "
        "du 30e mois.",
        "Objets rendus et budget fixés (fil rouge et leçon 04 : 6, 6, 8, 10, 12, 16, puis "
        "60, 64, 68, 72, 77, 83, 90 du 12e au 18e mois, 120 au 24e, 150 au 30e ; "
        "200 000 € pour les mois 1 à 6, 200 000 € pour les mois 7 à 12 dont 45 000 € "
        "au 12e, puis 45 000 € par mois) ; visiteurs, agents "
        "et utilisateurs actifs interpolés entre les repères "
        "du fil rouge, avec un léger bruit (graine fixe), sauf les agents actifs des mois "
        "1 à 6, qui sont les agents distincts du jeu agents_semaines dans le mois (la "
        "semaine s compte dans le mois 1 + ⌊6 × (s − 1) ÷ 26⌋), et ceux des mois 7 à 18, "
        "qui sont les agents distincts actifs dans le mois du jeu agents_mois.",
        (C("mois", "entier", "mois 1 à 30", "mois depuis le début de la construction"),
         C("phase", "texte", "", "« construction » (mois 1 à 12) ou « accélération »"),
         C("budget_du_mois_eur", "entier", "euros", "budget dépensé dans le mois"),
         C("objets_rendus", "entier", "objets", "objets rendus à leur propriétaire dans le "
           "mois (métrique phare)"),
         C("visiteurs", "entier", "visiteurs", "visiteurs du site dans le mois"),
         C("agents_actifs", "entier", "agents", "agents d'accueil actifs dans le mois"),
         C("utilisateurs_actifs_mensuels", "entier", "personnes",
           "usagers et agents actifs dans le mois")),
        suivi_mensuel),
]


def _spreadsheet_cell(value: object) -> str:
    """A value as a French spreadsheet reads it: decimal comma, empty for a missing one."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def spreadsheet_csv(names: list[str], rows: list[dict[str, object]]) -> bytes:
    """The rows as a CSV a French spreadsheet opens by double-click: UTF-8 with BOM,
    ``;`` separator, decimal comma, CRLF line ends (what Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([_spreadsheet_cell(row[name]) for name in names] for row in rows)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def render() -> dict[str, bytes]:
    """Every file of content/data/, as bytes."""
    files: dict[str, bytes] = {}
    dictionary = []
    for k, ds in enumerate(DATASETS):
        rows = ds.make(random.Random(SEED + k))
        names = [c.name for c in ds.columns]
        if list(rows[0]) != names:
            raise SystemExit(f"{ds.name}: columns {list(rows[0])} != dictionary {names}")
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        files[f"{ds.name}.csv"] = buffer.getvalue().encode("utf-8")
        files[f"{TABLEUR}/{ds.name}.csv"] = spreadsheet_csv(names, rows)
        dictionary.append({
            "nom": ds.name, "fichier": f"{ds.name}.csv", "titre": ds.title,
            "lecon": ds.lesson, "lignes": len(rows), "description": ds.description,
            "generation": ds.generation,
            "colonnes": [{"nom": c.name, "type": c.type, "unite": c.unit,
                          "description": c.description} for c in ds.columns]})
    header = "# " + FICTIF + "\n# Fichier généré : ne pas modifier à la main.\n"
    files["dictionnaire.yaml"] = (header + yaml.safe_dump(
        {"avertissement": FICTIF, "jeux": dictionary}, allow_unicode=True, sort_keys=False,
        width=100)).encode("utf-8")
    lines = ["# Jeux de données des exercices d'impact (fictifs)", "",
             f"> **{FICTIF}**", "",
             "Fichiers générés par `python tools/make_datasets.py` (graine "
             f"`{SEED}`) : ne les modifiez pas à la main, changez le script puis relancez-le. "
             "`make test` vérifie que les fichiers sont identiques, octet pour octet, à ce "
             "que le script produit. CSV en UTF-8, séparateur `,`, point décimal.", "",
             "Dans un notebook : `donnees(\"<nom>\")` renvoie le tableau (pandas) et "
             "`dictionnaire(\"<nom>\")` affiche cette description.", "",
             "## Ouvrir les données dans un tableur", "",
             f"Le dossier `{TABLEUR}/` contient chaque jeu dans un fichier prêt pour un "
             "tableur en français (LibreOffice Calc, Excel) : même nom, mêmes lignes, mêmes "
             "valeurs, mais séparateur `;`, virgule décimale, UTF-8 avec BOM et fins de "
             "ligne Windows. Ouvrez-le d'un **double-clic** : les colonnes et les nombres "
             "apparaissent directement. Si LibreOffice Calc affiche la fenêtre « Import de "
             "texte », choisissez le jeu de caractères « Unicode (UTF-8) », cochez le "
             "séparateur « Point-virgule » et validez. Dans Excel, si tout arrive dans une "
             "seule colonne, passez par Données > À partir d'un fichier texte/CSV, "
             "origine « 65001 : Unicode (UTF-8) », délimiteur « Point-virgule ». Les "
             "valeurs 0 et 1 (oui/non) sont gardées telles quelles ; une case vide est une "
             "valeur manquante.", "",
             "Dans un notebook : `telecharger(\"<nom>\")` affiche un lien de "
             "téléchargement vers la copie de ce fichier placée dans votre espace de "
             "travail (dossier `donnees-tableur/`).", ""]
    for entry in dictionary:
        lines += [f"## `{entry['nom']}` — {entry['titre']}", "",
                  f"Fichier `{entry['fichier']}`, {entry['lignes']} lignes, leçon "
                  f"`{entry['lecon']}`.", "", str(entry["description"]), "",
                  f"*Comment il a été produit :* {entry['generation']}", "",
                  "| Colonne | Type | Unité | Description |", "|---|---|---|---|"]
        lines += [f"| `{c['nom']}` | {c['type']} | {c['unite'] or '—'} | {c['description']} |"
                  for c in entry["colonnes"]]  # type: ignore[union-attr]
        lines.append("")
    files["LISEZMOI.md"] = "\n".join(lines).encode("utf-8")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="ne rien écrire ; échouer si content/data/ n'est pas à jour")
    args = parser.parse_args(argv)
    files = render()
    if args.check:
        stale = [name for name, data in files.items()
                 if not (DATA / name).is_file() or (DATA / name).read_bytes() != data]
        extra = sorted(name for p in [*DATA.glob("*.csv"), *DATA.glob(f"{TABLEUR}/*")]
                       if (name := p.relative_to(DATA).as_posix()) not in files) \
            if DATA.is_dir() else []
        for name in stale:
            print(f"content/data/{name} n'est pas à jour : lancez python tools/make_datasets.py")
        for name in extra:
            print(f"content/data/{name} n'est produit par aucun jeu de tools/make_datasets.py")
        return 1 if stale or extra else 0
    DATA.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (DATA / name).parent.mkdir(parents=True, exist_ok=True)
        (DATA / name).write_bytes(data)
    print(f"{len(files)} fichiers écrits dans {DATA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
