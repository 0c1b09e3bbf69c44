"""The dashboard reads a folder of exports and, beside them, the ``reponses.json`` of its
sub-folders: a room's hand-in folder, copied or mounted as it is (on Kubernetes, where
``classe --salle`` does not apply)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fabrique_course.cli import main
from fabrique_course.facilitation._classe import export_files, read_class
from fabrique_course.facilitation._demo import write_demo_exports


def _room(tmp_path: Path, learners: int) -> Path:
    flat = tmp_path / "plat"
    write_demo_exports(flat, learners)
    room = tmp_path / "rendus"
    for k, path in enumerate(sorted(flat.glob("*.json")), start=1):
        (room / f"apprenant{k:02d}").mkdir(parents=True)
        path.rename(room / f"apprenant{k:02d}" / "reponses.json")
    return room


def test_sub_folders_hand_ins_are_read_like_flat_exports(tmp_path: Path) -> None:
    """Five hand-in folders count as five learners, and a broken one is named by its
    folder in the warnings."""
    room = _room(tmp_path, 5)
    (room / "apprenant06").mkdir()
    (room / "apprenant06" / "reponses.json").write_text("{tronqué", encoding="utf-8")
    assert [name for name, _ in export_files(room)][:2] == [
        "apprenant01/reponses.json", "apprenant02/reponses.json"]
    classe = read_class(room)
    assert len(classe.learners) == 5
    assert any(w.startswith("apprenant06/reponses.json : JSON invalide")
               for w in classe.warnings), classe.warnings


def test_room_files_show_accounts_only_when_asked(tmp_path: Path) -> None:
    """Given as a room's hand-ins, learners are pseudonymised by default and named by
    their account with ``names=True``."""
    room = _room(tmp_path, 3)
    files = [(f"{p.parent.name}/reponses.json", p) for p in sorted(room.glob("*/*.json"))]
    hidden = read_class(room, files=files)
    assert sorted(r.pseudonym for r in hidden.learners) == [
        "Apprenant·e 01", "Apprenant·e 02", "Apprenant·e 03"]
    shown = read_class(room, files=files, names=True)
    assert sorted(r.pseudonym for r in shown.learners) == [
        "apprenant01", "apprenant02", "apprenant03"]


def test_classe_needs_a_folder_or_the_room(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a folder and without --salle, a French message and exit code 2."""
    assert main(["classe"]) == 2
    assert "--salle" in capsys.readouterr().err
