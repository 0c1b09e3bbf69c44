"""Where the course's files are: the course root, ``content/``, the notebooks, the data.

The lowest layer of the package, with ``_errors`` and ``_numbers``: it imports nothing of
the course.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

__all__ = ["content_root", "course_root", "data_dir", "notebooks_dir", "site_assets_dir"]


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
