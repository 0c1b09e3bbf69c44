"""Shared spaced-review test vectors: answer histories scheduled by the Python scheduler.

``tests/data/revision-vectors.json`` lists answer histories (with a clock, a session size
and sometimes the lessons opened) over small fictional catalogues, and what the reference
scheduler ``fabrique_course._revision.schedule`` makes of each: the session (question,
reason, box), what stays due today, the plan of the next days and every question's box.
pytest checks that the Python scheduler still gives exactly this; the browser tests run
the site's ``fabrique-revision.js`` over the same file. Regenerate after changing the
scheduler:

    python tools/make_revision_vectors.py          # rewrite the file
    python tools/make_revision_vectors.py --check  # fail if it is stale
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

from fabrique_course._progress import Event
from fabrique_course._revision import schedule

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from vectors_file import vectors_main, vectors_text  # noqa: E402

TARGET = ROOT / "tests" / "data" / "revision-vectors.json"

CATALOGUES: dict[str, list[tuple[str, list[str]]]] = {
    "trois-lecons": [("00_demarche", ["q1", "q2", "q3", "q4", "q5"]),
                     ("01_investigation", ["a", "b", "c", "d"]),
                     ("02_conception", ["x", "y", "z"])],
    "une-lecon": [("00_demarche", ["q1", "q2", "q3"])],
}


def answer(notebook: str, qid: str, status: str, when: str | None) -> dict[str, Any]:
    """One answer of a history, as the stores keep it (what the scheduler reads)."""
    return {"notebook": notebook, "question_id": qid, "status": status, "created_at": when}


def day(k: int, hour: int = 10) -> str:
    """December 2026, day ``k`` (may run into January), at ``hour`` UTC."""
    month, date = (12, k) if k <= 31 else (1, k - 31)
    year = 2026 if month == 12 else 2027
    return f"{year}-{month:02d}-{date:02d}T{hour:02d}:00:00Z"


def hand_cases() -> list[dict[str, Any]]:
    """The cases that say the rules one by one (the issue's « done when » first)."""
    d = "00_demarche"
    missed = [answer(d, q, "incorrect", day(1, 9)) for q in ("q1", "q2", "q3")]
    repaired = missed + [answer(d, q, "correct", day(1, 11)) for q in ("q1", "q2", "q3")]
    climb = [answer(d, "q1", "correct", day(1)), answer(d, "q1", "correct", day(2)),
             answer(d, "q1", "correct", day(3)),  # early: changes nothing (due day 5)
             answer(d, "q1", "correct", day(5)), answer(d, "q1", "correct", day(12)),
             answer(d, "q1", "correct", day(33)), answer(d, "q1", "correct", day(54))]
    mixed = [answer(nb, q, status, day(1, 8 + k % 10))
             for k, (nb, q, status) in enumerate([
                 ("00_demarche", "q1", "incorrect"), ("00_demarche", "q2", "incorrect"),
                 ("00_demarche", "q3", "incorrect"), ("01_investigation", "a", "partial"),
                 ("01_investigation", "b", "correct"), ("02_conception", "x", "incorrect"),
                 ("02_conception", "y", "correct"), ("00_demarche", "q4", "correct"),
                 ("00_demarche", "q5", "correct"), ("01_investigation", "c", "correct")])]
    ignored = [answer(d, "q1", "unreadable", day(1)), answer(d, "q2", "incorrect", day(1)),
               answer(d, "inconnue", "incorrect", day(1)),
               answer("99_ailleurs", "q1", "incorrect", day(1)),
               answer("01_investigation", "a", "incorrect", day(1)),
               answer(d, "q3", "bizarre", day(1))]
    times = [answer(d, "q1", "incorrect", "2026-12-01T23:30:00-02:00"),  # 2 Dec, 01:30 UTC
             answer(d, "q1", "correct", "2026-12-02T01:00:00Z"),  # before it: replayed first
             answer(d, "q2", "correct", "2026-12-01T10:00:00.250Z"),
             answer(d, "q2", "incorrect", "2026-12-01T10:00:00.100Z"),
             answer(d, "q3", "correct", "2026-12-01T10:00:00"),  # no zone: UTC
             answer(d, "q3", "incorrect", "2026-12-01T10:00:00"),  # same time: store order
             answer(d, "q4", "incorrect", "2026-02-30T10:00:00Z"),  # no such day: ignored
             answer(d, "q4", "incorrect", "hier"), answer(d, "q5", "incorrect", None),
             answer(d, "q5", "correct", " 2026-12-01T10:00:00+01:00 ")]
    overdue = [answer(d, "q3", "correct", day(1)), answer(d, "q2", "correct", day(3)),
               answer(d, "q1", "correct", day(3))]
    return [
        {"name": "rien encore", "catalogue": "trois-lecons", "events": [], "now": day(5)},
        {"name": "trois manquées en 00", "catalogue": "trois-lecons", "events": missed,
         "now": day(1, 10)},
        {"name": "réparées : plus rien aujourd'hui", "catalogue": "trois-lecons",
         "events": repaired, "now": day(1, 23)},
        {"name": "réparées : de retour le lendemain (boîte 1)", "catalogue": "trois-lecons",
         "events": repaired, "now": day(2, 0)},
        {"name": "une question monte de boîte en boîte", "catalogue": "une-lecon",
         "events": climb, "now": day(54, 12)},
        {"name": "boîte 4 : due 21 jours plus tard", "catalogue": "une-lecon",
         "events": climb[:6], "now": day(53)},
        {"name": "manquées puis dues, à tour de rôle, limitées à n", "catalogue": "trois-lecons",
         "events": mixed, "now": day(3), "n": 4},
        {"name": "n = 1", "catalogue": "trois-lecons", "events": mixed, "now": day(3), "n": 1},
        {"name": "ignorées : illisible, inconnue, leçon non ouverte, statut inconnu",
         "catalogue": "trois-lecons", "events": ignored, "now": day(1),
         "opened": ["00_demarche"]},
        {"name": "dates : fuseaux, fractions, sans fuseau, illisibles", "catalogue": "trois-lecons",
         "events": times, "now": "2026-12-02T12:00:00+00:00"},
        {"name": "la plus en retard d'abord", "catalogue": "une-lecon", "events": overdue,
         "now": day(9)},
    ]


def random_cases(count: int = 60) -> list[dict[str, Any]]:
    """Histories drawn with a fixed seed: many answers, statuses and times."""
    rng = random.Random(20261205)
    cases = []
    catalogue = CATALOGUES["trois-lecons"]
    keys = [(nb, q) for nb, ids in catalogue for q in ids]
    statuses = ["correct", "correct", "correct", "incorrect", "partial", "unreadable"]
    for k in range(count):
        events = []
        for _ in range(rng.randrange(0, 40)):
            nb, q = rng.choice(keys)
            events.append(answer(nb, q, rng.choice(statuses),
                                 day(rng.randrange(1, 50), rng.randrange(0, 24))))
        cases.append({"name": f"au hasard n° {k + 1}", "catalogue": "trois-lecons",
                      "events": events, "now": day(rng.randrange(1, 62), rng.randrange(0, 24)),
                      "n": rng.choice([1, 3, 5, 10, 20])})
    return cases


def expected(case: dict[str, Any]) -> dict[str, Any]:
    """What the Python scheduler makes of ``case``."""
    events = [Event(e["notebook"], e["question_id"], None, e["status"], 0.0, e["created_at"])
              for e in case["events"]]
    session = schedule(events, CATALOGUES[case["catalogue"]], case["now"], case.get("n", 10),
                       case.get("opened"))
    return {"items": [[i.notebook, i.question_id, i.reason, i.box] for i in session.items],
            "left_today": session.left_today,
            "plan": [list(p) for p in session.plan],
            "cards": {f"{c.notebook}/{c.question_id}": [c.box, c.missed, c.due_day]
                      for c in session.cards.values()}}


def render() -> str:
    cases = [{**case, "expected": expected(case)} for case in [*hand_cases(), *random_cases()]]
    return vectors_text("fabrique-course/vecteurs-de-revision", "catalogues", CATALOGUES, cases)


def main(argv: list[str] | None = None) -> int:
    """Write the vectors file, or check that it is current (``--check``)."""
    return vectors_main(argv, __doc__.splitlines()[0], render, TARGET, "make_revision_vectors.py")


if __name__ == "__main__":
    sys.exit(main())
