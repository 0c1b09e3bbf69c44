"""The course tells one story and says no more than its sources: the fictional figures of
« Retrouvé ! » agree between content/fil-rouge.md, the data sets and every lesson, and the
wordings a review found stronger than their source stay out of the course."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from fabrique_course._lessons import lessons

from .conftest import NOTEBOOKS, REPO, load_tool

BANKS = sorted((REPO / "content" / "quiz").glob("*.yaml"))
FIL_ROUGE = REPO / "content" / "fil-rouge.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
PILOT_SITES = ("Commissariat de Valmont", "Brigade de Saint-Aubin-de-Valmont",
               "Brigade de Valmont-la-Forêt")


def _text(path: Path) -> str:
    """The learner-visible text of a notebook (all cells), or a text file as is."""
    if path.suffix == ".ipynb":
        return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    return path.read_text(encoding="utf-8")


def _unfold(text: str) -> str:
    """One space for any run of whitespace, so phrases folded over YAML lines match."""
    return re.sub(r"\s+", " ", text)


LEARNER_TEXTS = [*NOTEBOOKS, *BANKS, FIL_ROUGE, *DOCS, REPO / "README.md"]


def _rows(name: str) -> list[dict[str, str]]:
    with (REPO / "content" / "data" / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _fr(n: int) -> str:
    """An integer as the lessons write it (thin grouping space from 1 000 on)."""
    return f"{n:,}".replace(",", " ")


@pytest.mark.parametrize("path", LEARNER_TEXTS, ids=lambda p: p.name)
def test_pre_service_baseline_is_fifteen_percent(path: Path) -> None:
    """Every « avant le service » share of objects returned is the fil-rouge's 15 %."""
    text = _unfold(_text(path))
    for match in re.finditer(r"avant (?:le|l'arrivée du) service", text):
        window = text[match.start():match.end() + 160]
        for percent in re.findall(r"(\d+) %", window.split("|")[0]):
            assert percent == "15", f"{path.name} : « {window} »"
    assert not re.search(r"1 (?:objet )?(?:rapporté )?sur 10\b", text), path.name


def test_pilot_sites_two_months_a_year_before_match_the_registers() -> None:
    """Lesson 02's « a year before » comparison is what the registers of lesson 01 hold."""
    rows = [r for r in _rows("registres_objets")
            if r["site"] in PILOT_SITES and r["mois"] in ("3", "4")]
    objects, returned = len(rows), sum(int(r["rendu"]) for r in rows)
    phrase = f"{returned} sur {objects}"
    assert phrase in _text(REPO / "notebooks" / "02_conception.ipynb")
    assert phrase in _unfold(_text(FIL_ROUGE))
    assert round(100 * returned / objects) == 16


def test_conciergerie_shares_and_month_one_agree() -> None:
    """The conciergerie's 26 % is 34 of 131, and construction month 1 (6 objects) keeps the
    conciergerie's pace of 11 objects matched in eight weeks."""
    lesson = _text(REPO / "notebooks" / "02_conception.ipynb")
    assert "34 sur 131, soit environ 26 %" in lesson
    assert round(100 * 34 / 131) == 26
    month_one = next(r for r in _rows("suivi_mensuel") if r["mois"] == "1")
    per_month = 11 / 8 * (52 / 12)
    assert abs(int(month_one["objets_rendus"]) - per_month) < 1.5


@pytest.mark.parametrize("path", LEARNER_TEXTS, ids=lambda p: p.name)
def test_one_word_and_one_numbering_for_lessons(path: Path) -> None:
    """Lessons are « leçons » numbered 00 to 05: never « épisode », never « k sur 6 »."""
    text = _text(path)
    assert not re.search(r"[ÉéEe]pisode", text), path.name
    assert not re.search(r"[Ll]eçon \d sur \d", text), path.name


@pytest.mark.parametrize("path", LEARNER_TEXTS, ids=lambda p: p.name)
def test_conception_is_not_presented_as_a_phase_with_its_own_comite(path: Path) -> None:
    """No « comité de fin de conception », and the course's phases are never the guide's
    five steps."""
    text = _unfold(_text(path))
    assert "comité de fin de conception" not in text, path.name
    assert "suit l'ordre et les noms du guide" not in text, path.name
    assert "ne nomme pas d'étape « conception »" not in text, path.name


def test_home_and_lesson_00_say_the_phases_are_not_the_guides_steps() -> None:
    """The home notebook and lesson 00 say that the course's five phases are not the five
    steps of the Fabrique's guide."""
    for name in ("accueil", "00_demarche"):
        text = _unfold(_text(REPO / "notebooks" / f"{name}.ipynb"))
        assert re.search(r"ne sont pas (?:les|ces) (?:« 5 étapes »|cinq étapes)", text), name


STRONGER_THAN_SOURCE = [
    "dure au moins 50 minutes",
    "dure **au moins 50 minutes**",
    "toujours la même trame",
    "Partage son expérience du numérique",
    "Aucun chiffre n'y figure",
    "seul le début de sa page",
    "quatre catégories : **indispensables**",
    "définit le **MVP**",
    "checklist de la construction demande d'ailleurs un designer",
]


@pytest.mark.parametrize("path", LEARNER_TEXTS, ids=lambda p: p.name)
def test_no_wording_stronger_than_its_source(path: Path) -> None:
    """Wordings the review found stronger than the source do not come back."""
    text = _unfold(_text(path))
    for phrase in STRONGER_THAN_SOURCE:
        assert phrase not in text, f"{path.name} : « {phrase} »"


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_every_source_is_a_bracketed_reference(path: Path) -> None:
    """Each part of a question's `source` is a bracketed reference, URLs included."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("source:"):
            continue
        value = line.split(":", 1)[1].strip().strip('"')
        for part in value.split(" ; "):
            assert re.fullmatch(r"\[[^\]]+\]", part), f"{path.name} : {part}"


def test_learner_profiles_give_the_lessons_minutes() -> None:
    """docs/profils-apprenants.md gives each lesson the minutes of its metadata."""
    text = (REPO / "docs" / "profils-apprenants.md").read_text(encoding="utf-8")
    for lesson in lessons(REPO / "notebooks"):
        row = re.search(rf"\| `{lesson.name}` \|[^\n]*\| (\d+) min de lecture \+ (\d+) min",
                        text)
        assert row, lesson.name
        assert (int(row[1]), int(row[2])) == (lesson.teaching_minutes,
                                             lesson.exercise_minutes), lesson.name
    total = sum(lesson.minutes for lesson in lessons(REPO / "notebooks"))
    assert f"{total} minutes" in text
    assert _fr(total) in (REPO / "README.md").read_text(encoding="utf-8")


def test_dashboard_months_one_to_six_count_the_weekly_agents() -> None:
    """The dashboard's active agents of months 1 to 6 are the weekly data's distinct agents
    of each month (one week-to-month rule, the data script's)."""
    week_month = load_tool("make_datasets").week_month
    by_month: dict[int, set[str]] = {}
    for row in _rows("agents_semaines"):
        by_month.setdefault(week_month(int(row["semaine"])), set()).add(row["agent_id"])
    dashboard = {int(r["mois"]): int(r["agents_actifs"]) for r in _rows("suivi_mensuel")}
    assert sorted(by_month) == [1, 2, 3, 4, 5, 6]
    for month, agents in by_month.items():
        assert dashboard[month] == len(agents), month


def test_first_monthly_cohort_holds_the_pilot_agents() -> None:
    """Month 7's agents include the 15 pilot-site agents of the weekly data, same names and
    sites: the team's first users carry on into the extension."""
    weekly = {(r["agent_id"], r["site"]) for r in _rows("agents_semaines")}
    month_seven = {(r["agent_id"], r["site"]) for r in _rows("agents_mois") if r["mois"] == "7"}
    assert len(weekly) == 15
    assert weekly <= month_seven


def test_the_two_late_comites_have_distinct_names() -> None:
    """Months 24 and 30 hold two different comités: « comité du 24e mois » (lesson 04) and
    « comité de trajectoire » (lesson 05), never both « de fin d'accélération »."""
    texts = {name: _unfold(_text(REPO / "notebooks" / f"{name}.ipynb"))
             for name in ("04_acceleration", "05_perennisation")}
    assert "comité du 24e mois" in texts["04_acceleration"]
    assert "comité de trajectoire" in texts["05_perennisation"]
    for text in texts.values():
        assert "comité de fin d'accélération" not in text


# --------------------------------------------------------------------------- fil-rouge figures
# Each fictional figure a lesson states comes from content/fil-rouge.md: the fil-rouge gives
# it once, every lesson, quiz bank and exercise text that states it gives the same value, and
# the lessons listed do state it. A pattern's alternatives each hold one group; the value of
# a match is its first non-empty group.

EXERCISE_TEXTS = sorted((REPO / "content" / "exercices").glob("*.yaml"))
FICTION_TEXTS = [*NOTEBOOKS, *BANKS, *EXERCISE_TEXTS]
NAMES = "Camille|Sofia|Hugo|Yasmine|Julien"


def _plain(path: Path) -> str:
    """The text without bold markers; YAML unfolded into one line, Markdown and notebooks
    kept line by line (a table row stays one line)."""
    text = _text(path).replace("**", "")
    if path.suffix == ".yaml":
        return _unfold(text)
    return re.sub(r"[ \t]+", " ", text)


def _values(pattern: str, text: str) -> set[str]:
    return {next(g for g in m.groups() if g is not None) for m in re.finditer(pattern, text)}


def _person(name: str, what: str, reach: int) -> str:
    """``what`` said of ``name`` in the same clause, no other team member named between."""
    others = "|".join(n for n in NAMES.split("|") if n != name)
    return rf"{name}(?:(?!{others})[^.;\n]){{0,{reach}}}?{what}"


FIGURES: dict[str, tuple[str, tuple[str, ...]]] = {
    # 01 Investigation
    "brigades": (r"(\d+) brigades de gendarmerie|l'une des (\d+) brigades"
                 r"|1 commissariat, (\d+) brigades|y compte (\d+) brigades",
                 ("01_investigation", "03_construction", "04_acceleration")),
    "camille-jours": (_person("Camille", r"(\d+) jours par semaine", 40),
                      ("01_investigation", "02_conception")),
    "camille-part": (_person("Camille", r"(\d+) % de son temps", 110),
                     ("01_investigation", "02_conception", "03_construction",
                      "04_acceleration", "05_perennisation")),
    "semaine-fiche": (r"[Ss]emaine (\d+) : la fiche", ("01_investigation",)),
    "semaine-mi-parcours": (r"[Ss]emaine (\d+) : point de mi-parcours", ("01_investigation",)),
    "semaine-repetition": (r"[Ss]emaine (\d+) : répétition publique", ("01_investigation",)),
    "semaine-comite": (r"[Ss]emaine (\d+) : comité d'investissement"
                       r"|[Ss]emaine (\d+)\. Camille présente son dossier", ("01_investigation",)),
    "six-sur-huit": (r"(\d+ des \d+) personnes (?:ayant perdu|interrogées qui avaient perdu)",
                     ("01_investigation", "02_conception", "03_construction")),
    "detenteurs": (r"(\d+) détenteurs", ("01_investigation",)),
    "heures-agents": (r"1 900 × 10 min (?:≈|= 19 000 min, environ) (\d+) h",
                      ("01_investigation",)),
    "maquette-testee": (r"[Tt]estée avec (\d+) personnes|testé avec (\d+) personnes",
                        ("01_investigation", "02_conception")),
    "fonctionnalites-reclamees": (r"(\d+) fonctionnalités (?:réclamées|demandées par les agents)"
                                  r"|quelque (\d+) fonctionnalités", ("01_investigation",)),
    # 02 Conception
    "sofia-jours": (_person("Sofia", r"(\d+) jours par semaine", 80),
                    ("02_conception", "03_construction", "04_acceleration", "05_perennisation")),
    "openlab": (r"OpenLab \| environ (\d+) participants|[Ee]nviron (\d+) personnes \(fictif\)"
                r"|OpenLab[^|\n]{0,100}?: environ (\d+) participants", ("02_conception",)),
    "premiere-transaction": (r"dès la (\d+)e semaine, un premier objet est rendu"
                             r"|première transaction[^.;\n]{0,40}?(?:en|dès la) (\d+)e semaine",
                             ("02_conception",)),
    "persona-nadia": (r"Nadia, (\d+) ans", ("02_conception",)),
    "liste-categories": (r"liste de (\d+) catégories", ("02_conception",)),
    "agents-tableur": (r"[Aa]gents ayant enregistré au moins un objet dans le tableur \| (\d+)"
                       r"|(\d+) agents ont enregistré au moins un objet dans le tableur",
                       ("02_conception",)),
    "satisfaction-restitution": (r"récupéré leur objet[^.;\n]{0,30}?\+(\d,\d)",
                                 ("02_conception",)),
    # 03 Construction
    "objectif-construction": (r"objectif fixé à l'entrée : (?:au moins )?(\d+)"
                              r"|au moins (\d+) objets rendus[^.;\n]{0,70}?en 6 mois"
                              r"|pour un objectif de (\d+)", ("03_construction",)),
    "semaine-mise-en-ligne": (r"(\d+) \| Mise en ligne de la nouvelle déclaration"
                              r"|semaine (\d+) : mise en ligne de la nouvelle déclaration",
                              ("03_construction",)),
    "semaine-premier-objet": (r"(\d+) \| Premier objet rendu grâce à la nouvelle version"
                              r"|[Pp]remier objet rendu grâce à la nouvelle version"
                              r"(?: \| semaine| en semaine) (\d+)", ("03_construction",)),
    "semaine-stats": (r"(\d+) \| Page /stats publique|semaine (\d+) : page /stats publique"
                      r"|[Dd]ès la semaine (\d+), l'équipe publie"
                      r"|analyse de risques a lieu en semaine (\d+)", ("03_construction",)),
    "julien-jours": (r"Julien Roux \| coach \| environ (\d+) jours par semaine"
                     r"|Environ (\d+) jours par semaine jusqu'au 6e mois de construction",
                     ("03_construction",)),
    "julien-equipes": (r"déjà accompagné (\w+) équipes en construction", ("03_construction",)),
    "tests-usagers": (r"(\d+) tests usagers \(chiffre fictif\)|Tests usagers \| (\d+) en 6 mois"
                      r"|(\d+) tests usagers en 6 mois", ("03_construction",)),
    "formulaire-enregistrement": (r"formulaire d'enregistrement[^.;\n]{0,30}? passé à (\w+) champs",
                                  ("03_construction",)),
    "rapprochement-manuel": (r"d'environ 6 heures à environ (\d+) heures? par semaine",
                             ("03_construction",)),
    "cout-periode": (r"environ (\d \d{3}) € sur la période", ("03_construction",)),
    "cout-mois-6": (r"environ (\d \d{3}) € au 6e mois", ("03_construction",)),
    "aipd-criteres": (r"(?<!au moins )(\d+) des 9 critères", ("04_acceleration",)),
    # 04 Accélération
    "objectif-6-mois": (r"(\d+) par mois à 6 mois|(\d+) à 6 mois ; \d+ à 18 mois"
                        r"|objectif à 6 mois : (\d+)", ("04_acceleration",)),
    "objectif-18-mois": (r"(\d+) (?:objets )?par mois à 18 mois|\d+ à 6 mois ; (\d+) à 18 mois"
                         r"|l'objectif à 18 mois, (\d+)|l'objectif à 18 mois \((\d+) par mois\)",
                         ("04_acceleration", "05_perennisation")),
    "potentiel": (r"potentiel[^.;\n]{0,30}?environ (\d+) (?:objets rendus )?par mois",
                  ("04_acceleration", "05_perennisation")),
    "sprints": (r"(\w+) sprints d'acquisition, puis un sprint de consolidation",
                ("04_acceleration",)),
    "demarrage-brigade": (r"environ (\d+) jours pour faire démarrer une brigade"
                          r"|démarrer une brigade lui demande environ (\d+) jours",
                          ("04_acceleration",)),
    "ab-mois": (r"[Aa]u (\d+)e mois d'accélération, Sofia constate"
                r"|test A/B du formulaire de déclaration au (\d+)e mois d'accélération",
                ("04_acceleration",)),
    "ab-champs": (r"(?:une seule|une longue) page de (\d+) champs", ("04_acceleration",)),
    "ab-adoption": (r"version B (?:est )?adoptée pour tous dès le (\d+)e mois",
                    ("04_acceleration",)),
    "rssi": (r"RSSI du ministère est identifié dès le (\d+)er mois|RSSI identifié au (\d+)er mois",
             ("04_acceleration",)),
    "aipd-finalisee": (r"[Aa]u (\d+)e mois d'accélération, Camille finalise l'AIPD"
                       r"|AIPD finalisée au (\d+)e", ("04_acceleration",)),
    "test-intrusion": (r"test d'intrusion au (\d+)e mois", ("04_acceleration",)),
    "homologation": (r"homologation (?:est )?(?:prononcée )?au (\d+)e mois", ("04_acceleration",)),
    # 05 Pérennisation
    "audit-rgaa": (r"« partiellement conforme »,? (?:à )?(\d+) %", ("05_perennisation",)),
    "trajectoire-maintenance": (r"(?:maintenance|trajectoire B)[^\n]{0,140}?"
                                r"environ (\d+ \d{3}) € par mois", ("05_perennisation",)),
    "part-internalisee": (r"(\d+) % de l'équipe internalisée"
                          r"|[Pp]art internalisée(?:(?!au moins)[^.;\n]){0,70}?(\d+) %",
                          ("05_perennisation",)),
}


@pytest.mark.parametrize(("pattern", "lessons"), FIGURES.values(), ids=FIGURES.keys())
def test_fictional_figure_comes_from_the_fil_rouge(pattern: str, lessons: tuple[str, ...]) -> None:
    """The fil-rouge gives the figure, every text that states it gives the same value, and
    the lessons that tell this part of the story state it."""
    expected = _values(pattern, _plain(FIL_ROUGE))
    assert len(expected) == 1, f"fil-rouge : {sorted(expected)}"
    for path in FICTION_TEXTS:
        found = _values(pattern, _plain(path))
        assert found <= expected, f"{path.name} : {sorted(found)} au lieu de {sorted(expected)}"
    for name in lessons:
        assert _values(pattern, _plain(REPO / "notebooks" / f"{name}.ipynb")), name


def _fil_rouge_series(*patterns: str) -> list[str]:
    """The values the fil-rouge gives for successive months, pattern after pattern."""
    text = _plain(FIL_ROUGE)
    out: list[str] = []
    for pattern in patterns:
        match = re.search(pattern, text)
        assert match, pattern
        out += list(match.groups())
    return out


def _row_values(text: str, label: str, cell: str) -> list[list[str]]:
    """For each table row holding ``label``, the values of its cells matching ``cell``."""
    rows = [line for line in text.splitlines() if line.startswith("|") and label in line]
    return [[m[1] for c in row.split("|") if (m := re.search(cell, c.strip()))] for row in rows]


# label in the lessons' tables, value in a cell, the fil-rouge's values for months 12, 18,
# 24 and 30 (as far as it gives them)
DOSSIER_ROWS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "sites-actifs": ("Sites qui se servent du service chaque semaine", r"^(\d+) sur 13$",
                     (r"13 sites raccordés, (\d+) actifs",
                      r"chaque semaine : (\d+) puis (\d+) sur 13",
                      r"(\d+) sites sur 13 s'en servent chaque semaine")),
    "satisfaits": ("atisfaits", r"(\d+) %$",
                   (r"et (\d+) % de déclarants satisfaits",
                    r"déclarants satisfaits : (\d+) % puis (\d+) %",
                    r"; (\d+) % de déclarants satisfaits")),
    "facilite": ("acilité d'usage", r"^(?:\| )?(\d,\d) / 10",
                 (r"facilité d'usage de (\d,\d) / 10",
                  r"facilité d'usage : (\d,\d) puis (\d,\d) / 10")),
    "recommandation": ("Nouveaux déclarants venus sur recommandation", r"^(\d+) %$",
                       (r"(\d+) % de nouveaux déclarants venus sur recommandation",
                        r"recommandation : (\d+) % \(\d+ sur \d+\) puis (\d+) %")),
    "enregistres": ("bjets enregistrés", r"(\d+) %$",
                    (r"rapportés \((\d+) %\)",
                     r"objets enregistrés : (\d+) % \(\d+ sur \d+\) puis (\d+) %")),
    "declarations": ("éclarations complètes", r"^(\d[\d ]*\d)(?: \(\d+ %\))?$",
                     (r"(\d[\d ]*) déclarations complètes ;",
                      r"déclarations complètes dans le mois : (\d+) puis (\d+)")),
    "cout-utilisation": ("oût à l'utilisation", r"^(\d+) €$",
                         (r"coût à l'utilisation de (\d+) € ;",
                          r"coût à l'utilisation de (\d+) € puis (\d+) €")),
}


@pytest.mark.parametrize(("label", "cell", "patterns"), DOSSIER_ROWS.values(),
                         ids=DOSSIER_ROWS.keys())
def test_dossier_tables_give_the_fil_rouge_series(label: str, cell: str,
                                                  patterns: tuple[str, ...]) -> None:
    """The tables of lessons 04 and 05 (entry into acceleration, then every 6 months) give,
    row by row, the fil-rouge's values in month order."""
    expected = _fil_rouge_series(*patterns)
    rows = [values for name in ("04_acceleration", "05_perennisation")
            for values in _row_values(_plain(REPO / "notebooks" / f"{name}.ipynb"), label, cell)
            if values]
    assert rows, label
    assert max(len(values) for values in rows) >= min(3, len(expected)), rows
    for values in rows:
        assert values == expected[:len(values)], f"{values} au lieu de {expected}"


def test_dossier_tables_follow_the_monthly_dashboard() -> None:
    """Visitors, active agents and monthly active users in lessons 04 and 05 are the
    dashboard's (months 12, 18, 24, 30), and the fil-rouge gives months 18 and 24."""
    suivi = {int(r["mois"]): r for r in _rows("suivi_mensuel")}
    months = (12, 18, 24, 30)
    checks = {"isiteurs": ("visiteurs", r"^(\d[\d ]*\d)$"),
              "gents actifs dans le mois": ("agents_actifs", r"^(\d+) / 1\d\d"),
              "tilisateurs actifs mensuels": ("utilisateurs_actifs_mensuels",
                                              r"^(\d[\d ]*\d)(?: \(|$)")}
    for label, (column, cell) in checks.items():
        expected = [_fr(int(suivi[m][column])) for m in months]
        rows = [values for name in ("04_acceleration", "05_perennisation")
                for values in _row_values(_plain(REPO / "notebooks" / f"{name}.ipynb"),
                                          label, cell) if len(values) >= 2]
        assert rows, label
        for values in rows:
            assert values == expected[:len(values)], f"{label} : {values} au lieu de {expected}"
    fil_rouge = _plain(FIL_ROUGE)
    assert (f"visiteurs dans le mois : {_fr(int(suivi[18]['visiteurs']))} puis "
            f"{_fr(int(suivi[24]['visiteurs']))}") in fil_rouge
    assert (f"agents actifs : {suivi[18]['agents_actifs']} puis "
            f"{suivi[24]['agents_actifs']} sur 128") in fil_rouge


def test_north_star_months_of_acceleration_match_the_dashboard() -> None:
    """Lesson 04's month-by-month North Star table and the fil-rouge give the dashboard's
    objects returned, months 13 to 18; the cost per user is the budget over the MAU."""
    suivi = {int(r["mois"]): r for r in _rows("suivi_mensuel")}
    lesson = _plain(REPO / "notebooks" / "04_acceleration.ipynb")
    table = dict(re.findall(r"^\| (\d+)(?:er|e) mois(?: d'accélération)? \| (\d+) \|", lesson,
                            flags=re.M))
    assert {int(k): int(v) for k, v in table.items()} == \
        {k: int(suivi[12 + k]["objets_rendus"]) for k in range(1, 7)}
    series = ", ".join(suivi[m]["objets_rendus"] for m in range(13, 19))
    assert f"du 13e au 18e mois : {series}" in _plain(FIL_ROUGE)
    costs = _fil_rouge_series(r"coût à l'utilisation de (\d+) € ;",
                              r"coût à l'utilisation de (\d+) € puis (\d+) €")
    users = [int(suivi[m]["utilisateurs_actifs_mensuels"]) for m in (12, 18, 24)]
    assert [int(c) for c in costs] == [round(45_000 * 12 / n) for n in users]


def test_aarri_cell_computes_on_the_fil_rouge_month_18() -> None:
    """The AARRI cell of lesson 04 (6th month of acceleration) uses the fil-rouge's month-18
    figures."""
    notebook = nbformat.read(REPO / "notebooks" / "04_acceleration.ipynb", as_version=4)
    cell = next(c.source for c in notebook.cells if c.get("id") == "aarri-calcul")
    code = dict(re.findall(r"^(\w+) = (\d+)", cell, flags=re.M))
    fil_rouge = _plain(FIL_ROUGE)

    def figure(pattern: str, group: int = 1) -> str:
        match = re.search(pattern, fil_rouge)
        assert match, pattern
        return match[group].replace(" ", "")

    assert code == {
        "visitors": figure(r"visiteurs dans le mois : ([\d ]+\d) puis"),
        "declarations": figure(r"déclarations complètes dans le mois : (\d+) puis"),
        "agents_previous_month": figure(r"(\d+) des (\d+) agents actifs au 17e mois", 2),
        "agents_still_active": figure(r"(\d+) des (\d+) agents actifs au 17e mois"),
        "via_recommendation": figure(r"recommandation : \d+ % \((\d+) sur \d+\)"),
        "returned_objects": figure(r"objets rendus par mois : (\d+) puis"),
        "active_agents": figure(r"(\d+) agents actifs sur (\d+) visés"),
        "target_agents": figure(r"(\d+) agents actifs sur (\d+) visés", 2),
    }


def test_ab_test_is_in_the_third_month_of_acceleration_everywhere() -> None:
    """The A/B test of the declaration form runs in the 3rd month of acceleration (month
    15), as lesson 04 and the data dictionary say: the fil-rouge gives it in the months 12
    to 18 row, never among the figures of months 18 and 24."""
    fil_rouge = _plain(FIL_ROUGE)
    row = next(line for line in fil_rouge.splitlines() if "test A/B" in line)
    assert row.startswith("| Mois 12 à 18 ")
    assert "au 3e mois d'accélération (15e mois), pendant 4 semaines" in row
    assert sum("A/B" in line for line in fil_rouge.splitlines() if line.startswith("| Mois")) == 1
    dictionary = yaml.safe_load((REPO / "content" / "data" / "dictionnaire.yaml")
                                .read_text(encoding="utf-8"))
    described = next(d["description"] for d in dictionary["jeux"]
                     if d["nom"] == "ab_test_formulaire")
    assert "4 semaines de l'A/B test du 3e mois d'accélération" in described
    assert "une seule page de 14 champs" in described
    lesson = _plain(REPO / "notebooks" / "04_acceleration.ipynb")
    assert "Pendant quatre semaines" in lesson
    assert all(int(r["jour"]) <= 28 for r in _rows("ab_test_formulaire"))


def test_construction_funnel_matches_the_data() -> None:
    """The six months of construction, as lesson 03 and the fil-rouge give them, are the
    funnel data's counts."""
    rows = _rows("parcours_construction")
    visitors = len(rows)
    started, complete, matched = (sum(int(r[c]) for r in rows)
                                  for c in ("a_commence", "a_complete", "rapprochement"))
    assert (f"{_fr(visitors)} visiteurs, {started} déclarations commencées, {complete} "
            f"complètes, {matched} rapprochements") in _plain(FIL_ROUGE)
    lesson = _plain(REPO / "notebooks" / "03_construction.ipynb")
    assert f"Sur six mois, {_fr(visitors)} visiteurs" in lesson
    assert f"{complete} déclarations terminées sur {started} commencées" in lesson
    assert f"{matched} rapprochements pour {complete} déclarations complètes" in lesson


def test_usability_rounds_match_the_data() -> None:
    """Median times of the successes and mean satisfaction of the three rounds, in lesson
    02's table and in the fil-rouge, are the test data's."""
    rows = _rows("tests_utilisabilite")
    lesson = _plain(REPO / "notebooks" / "02_conception.ipynb")
    fil_rouge = _plain(FIL_ROUGE)
    times, moods = [], []
    for cycle in ("1", "2", "3"):
        done = sorted(int(r["duree_secondes"]) for r in rows
                      if r["cycle"] == cycle and r["tache_reussie"] == "1")
        median = (done[(len(done) - 1) // 2] + done[len(done) // 2]) / 2
        times.append(f"{int(median) // 60} min {int(median) % 60} s")
        mean = sum(int(r["satisfaction"]) for r in rows if r["cycle"] == cycle) / 5
        moods.append(f"{mean:+.1f}".replace(".", ",").replace("-", "\u2212"))
        cells = rf"\| {re.escape(times[-1])} \| {re.escape(moods[-1])} \|"
        assert re.search(rf"^\| {cycle} \|[^\n]*{cells}", lesson, flags=re.M), cycle
    assert f"{times[0]}, {times[1]} et {times[2]}" in fil_rouge
    assert f"{moods[0]}, {moods[1]} et {moods[2]}" in fil_rouge


def test_fil_rouge_names_the_sites_of_the_data() -> None:
    """The 12 brigades and the 3 pilot sites of the data sets are those of the fil-rouge."""
    fil_rouge = _unfold(_plain(FIL_ROUGE))
    sites = {r["site"] for r in _rows("registres_objets")}
    brigades = sorted(s.removeprefix("Brigade de ") for s in sites if s.startswith("Brigade"))
    assert len(brigades) == 12
    assert all(name in fil_rouge for name in brigades)
    assert "Les 3 sites pilotes de la conception et de la construction sont le commissariat " \
        "de Valmont et les brigades de Saint-Aubin-de-Valmont et de Valmont-la-Forêt" in fil_rouge
    assert {r["site"] for r in _rows("agents_semaines")} == set(PILOT_SITES)


def test_trajectory_committee_criteria_come_from_the_fil_rouge() -> None:
    """Lesson 05's committee of month 30 sets the fil-rouge's criteria: at least 180 objects
    returned in the month, 250 € at most per object returned."""
    fil_rouge = _plain(FIL_ROUGE)
    lesson = _plain(REPO / "notebooks" / "05_perennisation.ipynb")
    bank = _plain(REPO / "content" / "quiz" / "05_perennisation.yaml")
    objects = re.search(r"au moins (\d+) objets rendus dans le mois, (\d+) € au plus", fil_rouge)
    assert objects
    for text in (lesson, bank):
        assert set(re.findall(r"[Aa]u moins (\d+) objets rendus", text)) == {objects[1]}
        assert set(re.findall(r"(?:rendu de|,) (\d+) € au plus", text)) <= {objects[2], "300"}
        assert f"{objects[2]} € au plus" in text
