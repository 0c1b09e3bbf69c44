"""Test-session settings shared by the unit tests and nbval.

Every test run gets a throw-away learner workspace, so no test (and no notebook
run by nbval) ever writes into a real learner's progress file.
"""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Point the learner workspace at a temporary folder before any kernel starts."""
    if "FABRIQUE_COURSE_WORKSPACE" not in os.environ:
        workspace = tempfile.mkdtemp(prefix="fabrique-course-tests-")
        os.environ["FABRIQUE_COURSE_WORKSPACE"] = workspace
    # Source notebooks run under nbval with their solutions: a « verifier(...) » call
    # that is not « tout est juste » raises, so a wrong solution fails the suite.
    os.environ.setdefault("FABRIQUE_COURSE_VERIFIER_STRICT", "1")
