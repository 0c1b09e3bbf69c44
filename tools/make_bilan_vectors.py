"""Shared bilan test vectors: the mastery rules of ``fabrique_course._bilan``, computed by
Python, for the site's script (``site_assets/fabrique-bilan.js``) to match.

``tests/data/bilan-vectors.json`` holds small maps (the shape ``bilan_data`` writes into
``bilan.html``: lessons, objectives and their competence, questions and exercise values
with their objectives, thresholds) and cases: a status for each count of answered and
right items around the thresholds, and whole bilans (per lesson, objective, competence,
and what to review) for sequences of answers and exercise checks stored as the site
stores them. pytest checks that Python still gives exactly this; the browser tests run
the page's script over the same file. Regenerate after changing the rules:

    python tools/make_bilan_vectors.py          # rewrite the file
    python tools/make_bilan_vectors.py --check  # fail if it is stale
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from fabrique_course._bilan import (
    MASTERED_MIN_ITEMS,
    MASTERED_PERCENT,
    REVIEW_PERCENT,
    bilan_json,
    compute,
    mastery_status,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from vectors_file import vectors_main, vectors_text  # noqa: E402

TARGET = ROOT / "tests" / "data" / "bilan-vectors.json"


def _question(objectives: list[str], number: int) -> dict[str, Any]:
    return {"objectives": objectives, "number": number, "title": f"Énoncé {number}",
            "link": f"a.html#q{number}"}


#: A fictional course: two lessons, three competences (one served by no objective).
MAP: dict[str, Any] = {
    "thresholds": {"mastered_percent": MASTERED_PERCENT,
                   "mastered_min_items": MASTERED_MIN_ITEMS,
                   "review_percent": REVIEW_PERCENT},
    "competences": [["pitch", "pitch"], ["test", "test"], ["financement", "financement"]],
    "note": "note", "source": "[X]", "source_link": ["Page", "https://exemple.fr/"],
    "intro": ["intro"], "rule": "règle",
    "lessons": [
        {"notebook": "00_a", "title": "Leçon A", "page": "00_a.html",
         "objectives": [["o1", "objectif 1", "pitch"], ["o2", "objectif 2", "test"]],
         "questions": {"q3": _question(["o1"], 3), "q1": _question(["o1", "o2"], 1),
                       "q2": _question(["o2"], 2)},
         "values": {"ex/v1": {"objectives": ["o2"], "exercise": "Ex", "label": "valeur 1"}}},
        {"notebook": "01_b", "title": "Leçon B", "page": "01_b.html",
         "objectives": [["p1", "objectif B1", "test"]],
         "questions": {"r1": _question(["p1"], 1), "r2": _question(["p1"], 2)},
         "values": {}},
    ],
}


def _e(notebook: str, qid: str, status: str) -> dict[str, Any]:
    return {"notebook": notebook, "question_id": qid, "status": status}


def _c(exercise: str, **fields: str) -> dict[str, Any]:
    return {"notebook": "00_a", "exercise_id": exercise,
            "fields": {k: {"status": v, "mistake": ""} for k, v in fields.items()}}


#: (name, events, exercise checks), in the order they were given.
SCENARIOS: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]] = [
    ("rien", [], []),
    ("une-juste", [_e("00_a", "q1", "correct")], []),
    ("fausse-puis-juste", [_e("00_a", "q1", "incorrect"), _e("00_a", "q1", "correct")], []),
    ("juste-puis-fausse", [_e("00_a", "q1", "correct"), _e("00_a", "q1", "incorrect")], []),
    ("en-partie-juste", [_e("00_a", "q2", "partial"), _e("00_a", "q3", "correct")], []),
    ("a-revoir-dans-l-ordre", [_e("00_a", "q3", "incorrect"), _e("00_a", "q1", "incorrect"),
                               _e("00_a", "q2", "correct")], []),
    ("tout-juste", [_e("00_a", q, "correct") for q in ("q1", "q2", "q3")]
     + [_e("01_b", "r1", "correct"), _e("01_b", "r2", "correct")],
     [_c("ex", v1="correct")]),
    ("valeurs", [], [_c("ex", v1="incorrect"), _c("ex", v1="vide"), _c("ex", v1="illisible")]),
    ("valeur-corrigee", [_e("00_a", "q2", "correct")],
     [_c("ex", v1="incorrect"), _c("ex", v1="correct")]),
    ("inconnues-ignorees", [_e("99_x", "q1", "correct"), _e("00_a", "zz", "incorrect")],
     [_c("autre", v1="correct"), _c("ex", v9="correct")]),
    ("competence-une-fois", [_e("00_a", "q1", "correct"), _e("01_b", "r1", "incorrect")], []),
]


def _answers(events: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(e["notebook"], e["question_id"], e["status"]) for e in events]


def _checks(checks: list[dict[str, Any]]) -> list[tuple[str, str, Any]]:
    return [(c["notebook"], c["exercise_id"], c["fields"]) for c in checks]


def render() -> str:
    cases: list[dict[str, Any]] = []
    for answered in range(0, 11):
        for right in range(0, answered + 1):
            cases.append({"kind": "etat", "answered": answered, "right": right,
                          "expected": mastery_status(answered, right)})
    for name, events, checks in SCENARIOS:
        result = compute(MAP, _answers(events), _checks(checks))
        cases.append({"kind": "bilan", "name": name, "map": "essai", "events": events,
                      "exercises": checks, "expected": bilan_json(result)})
    return vectors_text("fabrique-course/vecteurs-du-bilan", "maps", {"essai": MAP}, cases)


def main(argv: list[str] | None = None) -> int:
    """Write the vectors file, or check that it is current (``--check``)."""
    return vectors_main(argv, __doc__.splitlines()[0], render, TARGET, "make_bilan_vectors.py")


if __name__ == "__main__":
    sys.exit(main())
