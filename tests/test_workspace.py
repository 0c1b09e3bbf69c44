"""Tests of the learner workspace (_workspace) and `fabrique-course lab`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from fabrique_course._errors import WorkspaceError
from fabrique_course._workspace import (
    MARKER,
    find_workspace,
    prepare_workspace,
    progress_path,
    reset_workspace,
)
from fabrique_course.cli import main


def notebook(text: str, solution: str | None = None) -> str:
    """A valid notebook whose first cell says ``text`` (plus a tagged solution cell)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text, id="texte")]
    if solution is not None:
        nb.cells.append(nbformat.v4.new_code_cell(solution, id="solution",
                                                  metadata={"tags": ["solution"]}))
    return str(nbformat.writes(nb))


def says(path: Path) -> list[str]:
    """The sources of the cells of notebook ``path``."""
    return [c.source for c in nbformat.read(path, as_version=4).cells]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A folder of two source notebooks."""
    src = tmp_path / "source"
    src.mkdir()
    (src / "00_demarche.ipynb").write_text(notebook("v1", solution="x = 1"), encoding="utf-8")
    (src / "accueil.ipynb").write_text(notebook("home"), encoding="utf-8")
    return src


def test_first_run_copies_everything(tmp_path: Path, source: Path) -> None:
    """The first preparation copies every notebook and creates the progress file."""
    ws = tmp_path / "ws"
    report = prepare_workspace(ws, source)
    assert sorted(report.copied) == ["00_demarche.ipynb", "accueil.ipynb"]
    assert says(ws / "00_demarche.ipynb") == ["v1"]  # the learner edition: no solution
    assert (ws / MARKER).is_file()
    assert progress_path(ws).is_file()


def test_learner_edits_are_never_overwritten(tmp_path: Path, source: Path) -> None:
    """A copy the learner changed is kept, even when the source changes."""
    ws = tmp_path / "ws"
    prepare_workspace(ws, source)
    (ws / "00_demarche.ipynb").write_text('{"mes notes": 1}', encoding="utf-8")
    (source / "00_demarche.ipynb").write_text(notebook("v2"), encoding="utf-8")
    report = prepare_workspace(ws, source)
    assert (ws / "00_demarche.ipynb").read_text() == '{"mes notes": 1}'
    assert report.newer_available == ["00_demarche.ipynb"]
    assert any("version plus récente" in line for line in report.lines())


def test_untouched_copies_follow_the_source(tmp_path: Path, source: Path) -> None:
    """A copy the learner never changed takes the new version of the source."""
    ws = tmp_path / "ws"
    prepare_workspace(ws, source)
    (source / "00_demarche.ipynb").write_text(notebook("v2"), encoding="utf-8")
    report = prepare_workspace(ws, source)
    assert report.updated == ["00_demarche.ipynb"]
    assert says(ws / "00_demarche.ipynb") == ["v2"]


def test_new_notebooks_are_added_later(tmp_path: Path, source: Path) -> None:
    """A notebook added to the course later is copied in; the others are left alone."""
    ws = tmp_path / "ws"
    prepare_workspace(ws, source)
    (source / "01_investigation.ipynb").write_text(notebook("new"), encoding="utf-8")
    report = prepare_workspace(ws, source)
    assert report.copied == ["01_investigation.ipynb"]
    assert report.updated == []


def test_source_notebooks_stay_pristine(tmp_path: Path, source: Path) -> None:
    """Editing the workspace copy never touches the source."""
    ws = tmp_path / "ws"
    prepare_workspace(ws, source)
    (ws / "accueil.ipynb").write_text("changed", encoding="utf-8")
    assert says(source / "accueil.ipynb") == ["home"]


def test_reset_archives_instead_of_deleting(tmp_path: Path, source: Path) -> None:
    """Reset moves notebooks and progress into .archives/ and starts afresh."""
    ws = tmp_path / "ws"
    prepare_workspace(ws, source)
    (ws / "00_demarche.ipynb").write_text("mes notes", encoding="utf-8")
    archive, report = reset_workspace(ws, source)
    assert (archive / "00_demarche.ipynb").read_text() == "mes notes"
    assert (archive / ".progression" / "progression.sqlite3").is_file()
    assert says(ws / "00_demarche.ipynb") == ["v1"]
    assert sorted(report.copied) == ["00_demarche.ipynb", "accueil.ipynb"]
    archive2, _ = reset_workspace(ws, source)
    assert archive2 != archive
    assert archive.exists()


def test_a_broken_source_notebook_gets_a_french_message(tmp_path: Path, source: Path) -> None:
    """A source notebook that is not valid JSON stops the preparation with a clear message."""
    (source / "02_casse.ipynb").write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"02_casse\.ipynb.*illisible"):
        prepare_workspace(tmp_path / "ws", source)


def test_find_workspace_walks_up_to_the_marker(tmp_path: Path, source: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the environment variable, the nearest folder with the marker is used."""
    ws = tmp_path / "ws"
    prepare_workspace(ws, source)
    (ws / "sous" / "dossier").mkdir(parents=True)
    monkeypatch.delenv("FABRIQUE_COURSE_WORKSPACE", raising=False)
    assert find_workspace(ws / "sous" / "dossier") == ws.resolve()


def test_cli_lab_prepare_only(course: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """`lab --preparer-seulement` prepares the workspace without starting JupyterLab."""
    (course / "notebooks" / "99_essai.ipynb").write_text(notebook("essai"), encoding="utf-8")
    ws = tmp_path / "ws"
    assert main(["lab", "--espace", str(ws), "--preparer-seulement"]) == 0
    assert (ws / "99_essai.ipynb").is_file()
    assert "Notebooks ajoutés : 99_essai.ipynb" in capsys.readouterr().out


def test_cli_reset_asks_first(course: Path, tmp_path: Path) -> None:
    """`lab --reinitialiser` without a terminal nor --oui refuses and keeps everything."""
    (course / "notebooks" / "99_essai.ipynb").write_text(notebook("essai"), encoding="utf-8")
    ws = tmp_path / "ws"
    assert main(["lab", "--espace", str(ws), "--preparer-seulement"]) == 0
    (ws / "99_essai.ipynb").write_text("mes notes", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "fabrique_course.cli", "lab", "--espace", str(ws),
         "--reinitialiser", "--preparer-seulement"], stdin=subprocess.DEVNULL,
        capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "relancez avec --oui" in run.stderr
    assert (ws / "99_essai.ipynb").read_text() == "mes notes"
    assert main(["lab", "--espace", str(ws), "--reinitialiser", "--oui",
                 "--preparer-seulement"]) == 0
    assert says(ws / "99_essai.ipynb") == ["essai"]
    assert (ws / ".archives" / "reinitialisation-1" / "99_essai.ipynb").read_text() == "mes notes"


@pytest.fixture
def sheets(tmp_path: Path) -> Path:
    """A folder of two spreadsheet files (as content/data/tableur/)."""
    folder = tmp_path / "tableur"
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"\xef\xbb\xbfx;y\r\n1;2,5\r\n")
    (folder / "b.csv").write_bytes(b"\xef\xbb\xbfz\r\n3\r\n")
    return folder


def test_spreadsheet_files_are_copied_into_the_workspace(tmp_path: Path, source: Path,
                                                         sheets: Path) -> None:
    """The spreadsheet files land in donnees-tableur/, byte for byte, and are reported."""
    ws = tmp_path / "ws"
    report = prepare_workspace(ws, source, spreadsheets=sheets)
    assert (ws / "donnees-tableur" / "a.csv").read_bytes() == (sheets / "a.csv").read_bytes()
    assert sorted(report.data_copied) == ["a.csv", "b.csv"]
    assert sorted(report.copied) == ["00_demarche.ipynb", "accueil.ipynb"]
    assert "Données pour tableur placées dans donnees-tableur/ : a.csv, b.csv" in report.lines()


def test_a_modified_spreadsheet_file_is_never_overwritten(tmp_path: Path, source: Path,
                                                          sheets: Path) -> None:
    """A spreadsheet file the learner changed (or made) is kept; an untouched one follows."""
    ws = tmp_path / "ws"
    prepare_workspace(ws, source, spreadsheets=sheets)
    (ws / "donnees-tableur" / "a.csv").write_bytes(b"mes calculs")
    (sheets / "a.csv").write_bytes(b"\xef\xbb\xbfx;y\r\n1;3,5\r\n")
    (sheets / "b.csv").write_bytes(b"\xef\xbb\xbfz\r\n4\r\n")
    (sheets / "c.csv").write_bytes(b"\xef\xbb\xbfw\r\n5\r\n")
    (ws / "donnees-tableur" / "c.csv").write_bytes(b"le mien")
    report = prepare_workspace(ws, source, spreadsheets=sheets)
    assert (ws / "donnees-tableur" / "a.csv").read_bytes() == b"mes calculs"
    assert (ws / "donnees-tableur" / "c.csv").read_bytes() == b"le mien"
    assert (ws / "donnees-tableur" / "b.csv").read_bytes() == b"\xef\xbb\xbfz\r\n4\r\n"
    assert report.data_updated == ["b.csv"]
    assert report.data_newer_available == ["a.csv", "c.csv"]
    assert any("modifié est conservé" in line for line in report.lines())
    again = prepare_workspace(ws, source, spreadsheets=sheets)
    assert again.data_copied == again.data_updated == []


def test_no_spreadsheet_folder_is_fine(tmp_path: Path, source: Path) -> None:
    """A course without content/data/tableur/ prepares a workspace without donnees-tableur/."""
    ws = tmp_path / "ws"
    report = prepare_workspace(ws, source, spreadsheets=tmp_path / "absent")
    assert not (ws / "donnees-tableur").exists()
    assert report.data_copied == []
