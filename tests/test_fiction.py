"""The course tells one story and says no more than its sources: the fictional figures of
« Retrouvé ! » agree between content/fil-rouge.md, the data sets and every lesson, and the
wordings a review found stronger than their source stay out of the course."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest

from fabrique_course._lessons import lessons

from .conftest import REPO, load_tool

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
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
