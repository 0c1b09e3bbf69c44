"""The site's spaced review (revision.html) in Chromium: the shared vectors run by
fabrique-revision.js, and the issue's « done when » with an injected clock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import test_site
from .test_site import axe_violations, url

# The site's fixtures (the built site, a page that refuses outside requests), shared.
site = test_site.site
site_page = test_site.site_page

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "data" / "revision-vectors.json"
STORE = "fabrique-course/progression"


def test_shared_revision_vectors_in_the_page(site_page: Any, site: Path) -> None:
    """The page's scheduler gives exactly the Python scheduler's sessions, plans and boxes."""
    pg = site_page
    pg.goto(url(site, "revision.html"))
    doc = json.loads(VECTORS.read_text(encoding="utf-8"))
    got = pg.evaluate(
        """(doc) => doc.cases.map((c) => {
             const s = window.FabriqueRevision.schedule(c.events, doc.catalogues[c.catalogue],
                                                        c.now, c.n, c.opened);
             const cards = {};
             Object.keys(s.cards).forEach((k) => {
               const card = s.cards[k];
               cards[k] = [card.box, card.missed, card.due_day];
             });
             return {items: s.items.map((i) => [i.notebook, i.question_id, i.reason, i.box]),
                     left_today: s.left_today, plan: s.plan, cards: cards};
           })""", doc)
    mismatches = [(case["name"], mine) for case, mine in zip(doc["cases"], got, strict=True)
                  if mine != case["expected"]]
    assert len(doc["cases"]) > 50
    assert mismatches[:3] == []


def _shown(pg: Any) -> list[tuple[str, str]]:
    """(question key, reason) of the questions the review page shows, in order."""
    return [tuple(x) for x in pg.evaluate(
        """() => Array.from(document.querySelectorAll(
                '.fc-revision-seance .fc-revision-question:not([hidden])'))
             .map((b) => [b.getAttribute('data-fc-revision-question'),
                          b.getAttribute('data-raison')])""")]


def _header(pg: Any) -> str:
    return str(pg.locator(".fc-revision-entete").inner_text())


def _answer(pg: Any, form: Any, right: bool) -> None:
    """Tick a right (or wrong) option of a single-choice form and validate it."""
    key = f"{form.get_attribute('data-notebook')}/{form.get_attribute('data-question-id')}"
    options = pg.evaluate("(k) => window.FabriqueQuestions[k].options", key)
    choice = next(o["id"] for o in options if o["correct"] is right)
    form.locator(f'input[value="{choice}"]').check()
    form.get_by_role("button", name="Valider").click()


def test_missed_questions_come_back_first_then_when_due(site_page: Any, site: Path) -> None:
    """Three questions missed in lesson 00 open the first review; answered right there,
    they are gone until the next day (box 1), then after another right answer until 3 days
    later (box 2). The answers given on the review page are kept like any other."""
    pg = site_page
    pg.clock.set_fixed_time("2026-12-01T09:00:00Z")  # the time the answers are stored with
    pg.goto(url(site, "revision.html"))
    assert "Rien à revoir pour l'instant" in _header(pg)
    data = json.loads(pg.locator("script.fc-revision-donnees").text_content())
    lesson = dict(data["catalogue"])["00_demarche"]
    questions = pg.evaluate("() => window.FabriqueQuestions")
    singles = [qid for qid in lesson if questions[f"00_demarche/{qid}"]["type"] == "single"][:3]
    keys = [f"00_demarche/{qid}" for qid in singles]

    pg.goto(url(site, "00_demarche.html"))
    for qid in singles:
        _answer(pg, pg.locator(f'form.fc-question[data-question-id="{qid}"]'), right=False)

    pg.goto(url(site, "revision.html") + "?maintenant=2026-12-01T09:30:00Z")
    assert _shown(pg) == [(k, "missed") for k in keys]
    assert "3 question(s) (3 manquée(s) la dernière fois)" in _header(pg)
    first = pg.locator(".fc-revision-seance .fc-revision-question").first
    assert "manquée la dernière fois" in first.locator(".fc-revision-raison").inner_text()
    forms = pg.locator(".fc-revision-seance form.fc-question")
    assert forms.count() == 3
    for k in range(3):  # a review starts blank, though the last answers are kept
        assert forms.nth(k).get_attribute("data-state") is None
        assert forms.nth(k).locator("input:checked").count() == 0
    pg.clock.set_fixed_time("2026-12-01T09:40:00Z")
    for k in range(3):
        _answer(pg, forms.nth(k), right=True)
        assert forms.nth(k).get_attribute("data-state") == "correct"
    assert axe_violations(pg) == []

    pg.goto(url(site, "revision.html") + "?maintenant=2026-12-01T23:59:00Z")
    assert _shown(pg) == []
    assert "Rien à revoir aujourd'hui" in _header(pg)
    assert "demain : 3" in _header(pg)

    pg.goto(url(site, "revision.html") + "?maintenant=2026-12-02T07:00:00Z")
    assert _shown(pg) == [(k, "due") for k in keys]
    assert "à revoir aujourd'hui (boîte 1)" in pg.locator(".fc-revision-raison").first.inner_text()
    pg.clock.set_fixed_time("2026-12-02T07:10:00Z")
    forms = pg.locator(".fc-revision-seance form.fc-question")
    for k in range(3):
        _answer(pg, forms.nth(k), right=True)

    # The testing hook window.fabriqueNow, set before the page's scripts run.
    pg.add_init_script("window.fabriqueNow = '2026-12-04T20:00:00Z';")
    pg.goto(url(site, "revision.html"))
    assert _shown(pg) == []
    assert "demain : 3" in _header(pg)
    pg.goto(url(site, "revision.html") + "?maintenant=2026-12-05T06:00:00Z")
    assert _shown(pg) == []  # the hook wins over the address
    pg.add_init_script("window.fabriqueNow = () => new Date('2026-12-05T06:00:00Z');")
    pg.goto(url(site, "revision.html"))
    assert _shown(pg) == [(k, "due") for k in keys]
    assert "boîte 2" in pg.locator(".fc-revision-raison").first.inner_text()

    events = pg.evaluate(f"() => JSON.parse(localStorage.getItem('{STORE}')).events")
    assert len(events) == 9
    assert [e["created_at"] for e in events[3:6]] == ["2026-12-01T09:40:00Z"] * 3
    assert {e["origin"] for e in events} == {"site"}
    assert all(e["status"] == "correct" for e in events[3:])


def test_a_damaged_store_gives_an_empty_review_and_is_kept(site_page: Any, site: Path) -> None:
    """Answers this browser cannot read: the review says there is nothing yet, without a
    script error, and the damaged copy is kept aside by the site's script."""
    pg = site_page
    pg.goto(url(site, "revision.html"))
    pg.evaluate(f"() => localStorage.setItem('{STORE}', '{{pas du json')")
    pg.goto(url(site, "revision.html") + "?maintenant=2026-12-05T10:00:00Z")
    assert "Rien à revoir pour l'instant" in _header(pg)
    assert _shown(pg) == []
    kept = pg.evaluate(f"() => localStorage.getItem('{STORE}/corrompu')")
    assert kept == "{pas du json"
