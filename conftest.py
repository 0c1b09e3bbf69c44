"""Test-session settings shared by the unit tests and nbval.

Every test process gets a throw-away learner workspace, so no test (and no notebook
run by nbval) ever writes into a real learner's progress file. ``make test`` spreads the
suite's files over the cores (pytest-xdist, ``--dist loadfile``): a file's tests stay in
one process, in order (a notebook's cells share their kernel, an end-to-end file its
server), and the files of :data:`TOGETHER` share one process.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pytest

#: Set when this run made its own throwaway workspace (so each xdist worker makes one).
OWN_WORKSPACE = "FABRIQUE_TESTS_ESPACE_JETABLE"
#: Test files that must run in one process, one after the other: the room's tests create
#: the same system accounts and groups, and share one installation.
TOGETHER = {"tests/e2e/test_salle_hub.py": "salle", "tests/facilitation/test_salle.py": "salle"}


def pytest_configure(config: pytest.Config) -> None:
    """Point the learner workspace at a temporary folder before any kernel starts (one
    per process when the run is spread over several)."""
    if "FABRIQUE_COURSE_WORKSPACE" not in os.environ or os.environ.get(OWN_WORKSPACE):
        os.environ["FABRIQUE_COURSE_WORKSPACE"] = tempfile.mkdtemp(
            prefix="fabrique-course-tests-")
        os.environ[OWN_WORKSPACE] = "1"
    # Source notebooks run under nbval with their solutions: a « verifier(...) » call
    # that is not « tout est juste » raises, so a wrong solution fails the suite.
    os.environ.setdefault("FABRIQUE_COURSE_VERIFIER_STRICT", "1")


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With ``--dist loadfile``: files as units of work, except the files of
    :data:`TOGETHER`, each group of which is one unit."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FilesTogether(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return TOGETHER.get(path, path)

    return FilesTogether(config, log)

#: The longest units of work, longest first (measured on 2 cores, 2026-12-05: the site's
#: end-to-end file ~300 s, JupyterLab's ~190 s, the room's two files ~150 s). Spread over
#: the cores, they start first instead of finishing alone; then come the other end-to-end
#: files and the files with a test marked slow, then the rest.
LONGEST = ("tests/e2e/test_site.py", "tests/e2e/test_jupyterlab.py",
           "tests/e2e/test_salle_hub.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long files first (:data:`LONGEST`, then end-to-end and slow ones), each file's
    tests in their order."""
    slow = {item.path for item in items
            if "e2e" in item.path.parts or item.get_closest_marker("slow")}

    def rank(item: pytest.Item) -> int:
        name = item.nodeid.split("::", 1)[0]
        if name in LONGEST:
            return LONGEST.index(name)
        return len(LONGEST) + (item.path not in slow)

    items.sort(key=rank)
