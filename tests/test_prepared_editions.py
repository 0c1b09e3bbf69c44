"""Learner editions prepared in advance (``FABRIQUE_COURSE_EDITIONS``, written by
``make salle``): taken only when their key matches, identical to a fresh build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fabrique_course._editions import PREPARED_ENV, build_edition_cache, edition_bytes
from fabrique_course._paths import notebooks_dir
from fabrique_course._workspace import prepare_workspace


def test_prepared_editions_are_the_editions(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A workspace prepared from the prepared editions has the same bytes as one built
    from the sources."""
    written = build_edition_cache(tmp_path / "editions")
    assert len(written) == len(list(notebooks_dir().glob("*.ipynb")))
    prepare_workspace(tmp_path / "sans")
    monkeypatch.setenv(PREPARED_ENV, str(tmp_path / "editions"))
    prepare_workspace(tmp_path / "avec")
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        assert (tmp_path / "avec" / path.name).read_bytes() == \
            (tmp_path / "sans" / path.name).read_bytes(), path.name


def test_a_stale_or_missing_prepared_edition_is_never_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the source notebook changes after ``make salle``, its prepared edition no
    longer matches: the edition is built from the new source."""
    source = tmp_path / "notebooks"
    shutil.copytree(notebooks_dir(), source)
    lesson = source / "00_demarche.ipynb"
    folder = tmp_path / "editions"
    build_edition_cache(folder, source)
    monkeypatch.setenv(PREPARED_ENV, str(folder))
    # A prepared file is really read: tamper with it and the tampered bytes come back.
    (prepared,) = folder.glob("00_demarche-*.ipynb")
    prepared.write_bytes(b"prepared")
    assert edition_bytes(lesson) == b"prepared"
    # The source changes: its key changes, the stale file is ignored.
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "Startup d'État", "Startup d'Etat", 1), encoding="utf-8")
    fresh = edition_bytes(lesson)
    assert fresh != b"prepared"
    assert b"Startup d'Etat" in fresh
    # The facilitator edition never comes from the folder.
    assert edition_bytes(source / "01_investigation.ipynb", "animateur") != \
        edition_bytes(source / "01_investigation.ipynb")
    monkeypatch.setenv(PREPARED_ENV, str(tmp_path / "absent"))
    assert edition_bytes(lesson) == fresh
