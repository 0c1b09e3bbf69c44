"""Where the course's files are: the course root, ``content/``, the notebooks, the data.

The lowest layer of the package, with ``_errors`` and ``_numbers``: it imports nothing of
the course.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["bank_names", "bank_path", "cache_root", "content_root", "course_root", "data_dir",
           "display_path", "notebooks_dir", "site_assets_dir", "write_whole"]


def course_root() -> Path:
    """Folder that holds ``content/`` and ``notebooks/``.

    ``FABRIQUE_COURSE_ROOT`` wins; then the repository around an editable install;
    then the copy shipped inside the wheel.
    """
    env = os.environ.get("FABRIQUE_COURSE_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    here = Path(__file__).resolve()
    for parent in here.parents[1:4]:
        if (parent / "content" / "quiz").is_dir() and (parent / "notebooks").is_dir():
            return parent
    from importlib import resources  # a wheel's copy only: costs a quiz some milliseconds

    return Path(str(resources.files("fabrique_course") / "_course"))


def content_root() -> Path:
    """The ``content/`` folder in use."""
    return course_root() / "content"


def notebooks_dir() -> Path:
    """The folder of the pristine source notebooks."""
    return course_root() / "notebooks"


def data_dir() -> Path:
    """The folder of the data sets."""
    return content_root() / "data"


def site_assets_dir() -> Path:
    """The static site's shared assets (``publishing/site_assets``: its stylesheets and
    scripts), for pages that stand alone outside the site and inline them (the class
    dashboard inlines ``fabrique.css``). A folder of the package, read as files: no import."""
    return Path(__file__).resolve().parent / "publishing" / "site_assets"


def bank_path(notebook: str) -> Path:
    """The question bank of lesson ``notebook``: ``content/quiz/<notebook>.yaml``."""
    return content_root() / "quiz" / f"{notebook}.yaml"


def bank_names() -> list[str]:
    """Names of every question bank, sorted (``00_demarche``, ``01_investigation``…)."""
    return sorted(p.stem for p in (content_root() / "quiz").glob("*.yaml"))


def cache_root() -> Path:
    """Where the course keeps what it may reuse (the site build's executions and pages,
    the checked question banks): ``$FABRIQUE_COURSE_CACHE`` or ``~/.cache/fabrique-course``."""
    base = os.environ.get("FABRIQUE_COURSE_CACHE")
    return Path(base) if base else Path.home() / ".cache" / "fabrique-course"


def display_path(path: Path) -> str:
    """``path`` as a message shows it: relative to the current folder, else to the
    course, else whole."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        try:
            return str(path.resolve().relative_to(course_root()))
        except ValueError:
            return str(path)


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8), its folder created if needed, whole or not at
    all: through a temporary file of this process beside it, then a rename, so a reader
    never sees half a file and two processes writing the same entry each write whole
    files (the caches of the site build and of the checked banks)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
