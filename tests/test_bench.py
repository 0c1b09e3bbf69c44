"""`make bench` cannot rot: its script runs end to end on one tiny notebook."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import REPO


@pytest.mark.slow
def test_bench_smoke_run() -> None:
    """`tools/bench.py --smoke` runs end to end and reports every figure of the bench."""
    run = subprocess.run([sys.executable, str(REPO / "tools" / "bench.py"), "--smoke"],
                         capture_output=True, text=True, check=False, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout)
    site = figures["site"]
    assert site["baseline_s"] > 0
    assert site["cold_s"] > 0
    assert site["warm_ratio"] > 0
    assert figures["kernels"]["99_essai"]["peak_mb"] > 10
    assert figures["classe"]["learners"] == 5


def test_room_rows_report_the_three_targets() -> None:
    """The « salle de 30 » figures become three rows (time, ratio to a stock hub, memory
    per learner) with their verdicts; without a measure, one row says why."""
    sys.path.insert(0, str(REPO / "tools"))
    from bench import room_rows

    run = {"median_s": 90.0, "p95_s": 100.0, "last_s": 101.0, "pss_mb_max": 160.0,
           "rss_mb_max": 200.0, "total_pss_mb": 4500.0}
    stock = dict(run, last_s=80.0, median_s=70.0, pss_mb_max=150.0)
    rows = room_rows({"learners": 30, "cours": run, "stock": stock, "ratio": 101 / 80})
    assert [r[0] for r in rows] == ["Salle de 30 : tous avec un quiz à l'écran",
                                    "Salle de 30 : face à un hub standard",
                                    "Salle de 30 : mémoire par personne"]
    assert [r[4] for r in rows] == ["atteint", "atteint", "atteint"]
    assert rows[1][1] == "1.26×"
    slow = room_rows({"learners": 30, "cours": dict(run, last_s=130.0), "stock": stock,
                      "ratio": 130 / 80})
    assert [r[4] for r in slow] == ["MANQUÉ", "MANQUÉ", "atteint"]
    (why,) = room_rows({"absent": "non mesurée : demande root (comptes système)"})
    assert why[2].startswith("non mesurée")
