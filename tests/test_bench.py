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
