"""The learner workspace: a folder with copies of the course notebooks and the progress file.

The source notebooks stay pristine. ``prepare_workspace`` writes the learner edition
of each (no solution cells, no facilitator notes, no outputs) for the ones the
workspace lacks, updates a copy only if the learner never changed it, and never
overwrites a learner's edits. The spreadsheet copies of the data sets
(``content/data/tableur/``) go into ``donnees-tableur/`` by the same rules.
``reset_workspace`` moves everything aside into
``.archives/`` (nothing is deleted) and starts afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ._editions import Edition, ExerciseKeys, edition_bytes
from ._errors import WorkspaceError
from ._paths import data_dir, notebooks_dir
from ._progress import ProgressStore

__all__ = [
    "MARKER",
    "SPREADSHEET_DIR",
    "WorkspaceReport",
    "default_workspace",
    "find_workspace",
    "open_store",
    "prepare_workspace",
    "progress_path",
    "reset_workspace",
]

MARKER = ".fabrique-course.json"
_ENV = "FABRIQUE_COURSE_WORKSPACE"
#: Folder of the workspace that receives the spreadsheet copies of the data sets.
SPREADSHEET_DIR = "donnees-tableur"


def default_workspace() -> Path:
    """``$FABRIQUE_COURSE_WORKSPACE``, else ``~/parcours-startup-etat``."""
    env = os.environ.get(_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path.home() / "parcours-startup-etat"


def find_workspace(start: Path | None = None) -> Path:
    """The workspace a notebook runs in: ``$FABRIQUE_COURSE_WORKSPACE``, else the nearest
    folder above ``start`` (default: the current folder) that holds the marker file,
    else the default workspace."""
    if os.environ.get(_ENV):
        return default_workspace()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    return default_workspace()


def progress_path(workspace: Path) -> Path:
    """Where the progress database of ``workspace`` lives."""
    return workspace / ".progression" / "progression.sqlite3"


def open_store(workspace: Path | None = None) -> ProgressStore:
    """The progress store of ``workspace`` (found from the current folder if omitted)."""
    return ProgressStore(progress_path(workspace or find_workspace()))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write(dest: Path, data: bytes) -> None:
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(dest)


@dataclass
class WorkspaceReport:
    """What ``prepare_workspace`` did, file by file."""

    workspace: Path
    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    newer_available: list[str] = field(default_factory=list)
    data_copied: list[str] = field(default_factory=list)
    data_updated: list[str] = field(default_factory=list)
    data_newer_available: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A French account, one line per fact worth telling."""
        out = [f"Espace de travail : {self.workspace}"]
        if self.copied:
            out.append("Notebooks ajoutés : " + ", ".join(self.copied))
        if self.updated:
            out.append("Notebooks mis à jour (jamais modifiés par vous) : "
                       + ", ".join(self.updated))
        if self.newer_available:
            out.append("Une version plus récente existe pour "
                       + ", ".join(self.newer_available)
                       + " ; votre copie modifiée est conservée "
                       "(« fabrique-course lab --reinitialiser » repart de zéro).")
        if self.data_copied or self.data_updated:
            out.append(f"Données pour tableur placées dans {SPREADSHEET_DIR}/ : "
                       + ", ".join(sorted({*self.data_copied, *self.data_updated})))
        if self.data_newer_available:
            out.append(f"Votre fichier modifié est conservé dans {SPREADSHEET_DIR}/ : "
                       + ", ".join(self.data_newer_available))
        return out


def _read_marker(workspace: Path) -> dict[str, str]:
    try:
        data = json.loads((workspace / MARKER).read_text(encoding="utf-8"))
        copies = data.get("copies", {})
        return {str(k): str(v) for k, v in copies.items()} if isinstance(copies, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def _write_marker(workspace: Path, copies: dict[str, str]) -> None:
    tmp = workspace / (MARKER + ".tmp")
    tmp.write_text(json.dumps({"format": "fabrique-course/espace", "version": 1,
                               "copies": dict(sorted(copies.items()))},
                              indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(workspace / MARKER)


def _copy_spreadsheets(workspace: Path, folder: Path, copies: dict[str, str],
                       report: WorkspaceReport) -> None:
    """Copy the spreadsheet files of ``folder`` into ``workspace/donnees-tableur/``,
    never over a file the learner changed (or made) that differs from ours."""
    files = sorted(p for p in folder.glob("*.csv") if p.is_file()) if folder.is_dir() else []
    if not files:
        return
    target = workspace / SPREADSHEET_DIR
    target.mkdir(exist_ok=True)
    for src in files:
        key = f"{SPREADSHEET_DIR}/{src.name}"
        dest = target / src.name
        data = src.read_bytes()
        src_hash = hashlib.sha256(data).hexdigest()
        if not dest.exists():
            _write(dest, data)
            copies[key] = src_hash
            report.data_copied.append(src.name)
            continue
        dest_hash = _digest(dest)
        if dest_hash == src_hash:
            copies[key] = src_hash
        elif copies.get(key) == dest_hash:
            _write(dest, data)  # never changed by the learner: take the new version
            copies[key] = src_hash
            report.data_updated.append(src.name)
        else:
            report.data_newer_available.append(src.name)


def prepare_workspace(workspace: Path, source: Path | None = None,
                      edition: Edition = "apprenant",
                      spreadsheets: Path | None = None, *,
                      exercise_keys: ExerciseKeys | None = None) -> WorkspaceReport:
    """Create ``workspace`` if needed and bring the course notebooks into it, in the
    learner edition (default) or the facilitator edition (``edition="animateur"``),
    with the spreadsheet copies of the data sets (``spreadsheets``, default
    ``content/data/tableur/``) in ``donnees-tableur/``. The facilitator edition has the
    impact exercises' answer keys when ``exercise_keys`` makes them (the ``exercises``
    add-on's ``answer_key``, which this module, below it, cannot import)."""
    source = source or notebooks_dir()
    spreadsheets = spreadsheets or data_dir() / "tableur"
    report = WorkspaceReport(workspace)
    try:
        workspace.mkdir(parents=True, exist_ok=True)
        copies = _read_marker(workspace)
        extra = sorted((source / "animateur").glob("*.ipynb")) if edition == "animateur" else []
        for src in [*sorted(source.glob("*.ipynb")), *extra]:
            dest = workspace / src.name
            data = edition_bytes(src, edition, exercise_keys)
            src_hash = hashlib.sha256(data).hexdigest()
            if not dest.exists():
                _write(dest, data)
                copies[src.name] = src_hash
                report.copied.append(src.name)
                continue
            dest_hash = _digest(dest)
            if dest_hash == src_hash:
                copies[src.name] = src_hash
                report.kept.append(src.name)
            elif copies.get(src.name) == dest_hash:
                # The learner never touched this copy: take the new version.
                _write(dest, data)
                copies[src.name] = src_hash
                report.updated.append(src.name)
            else:
                report.kept.append(src.name)
                report.newer_available.append(src.name)
        _copy_spreadsheets(workspace, spreadsheets, copies, report)
        _write_marker(workspace, copies)
        open_store(workspace)  # creates the progress file, or sets a corrupt one aside
    except OSError as exc:
        raise WorkspaceError(
            f"impossible de préparer l'espace de travail {workspace} : {exc.strerror or exc}"
        ) from exc
    return report


def reset_workspace(workspace: Path, source: Path | None = None,
                    edition: Edition = "apprenant",
                    spreadsheets: Path | None = None, *,
                    exercise_keys: ExerciseKeys | None = None) -> tuple[Path, WorkspaceReport]:
    """Move the workspace's notebooks, data files and progress into ``.archives/`` and
    start afresh (``exercise_keys``: as for :func:`prepare_workspace`)."""
    archives = workspace / ".archives"
    n = 1
    while (archives / f"reinitialisation-{n}").exists():
        n += 1
    target = archives / f"reinitialisation-{n}"
    try:
        target.mkdir(parents=True)
        for entry in sorted(workspace.iterdir()):
            if entry.name in (".archives",):
                continue
            entry.replace(target / entry.name)
    except OSError as exc:
        raise WorkspaceError(
            f"réinitialisation impossible de {workspace} : {exc.strerror or exc}"
        ) from exc
    return target, prepare_workspace(workspace, source, edition, spreadsheets,
                                     exercise_keys=exercise_keys)
