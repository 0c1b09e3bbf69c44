"""Fixtures: a tiny course tree (one bank of each question type), a fresh workspace, and an
empty bank cache for every test."""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from fabrique_course import _banks, _lessons

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
#: The course's source notebooks, and among them the lessons (« 00_… » to « 05_… »).
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if p.name[:2].isdigit()]
#: Markdown markers a reader must never see in rendered text: « **…** » or a lone « *mot* ».
MARKDOWN_MARKERS = re.compile(r"\*\*|(?<![\w*])\*[^\s*](?:[^*]*[^\s*])?\*(?![\w*])")


@pytest.fixture(autouse=True)
def fresh_banks() -> None:
    """Each test starts with an empty bank cache, so none sees a bank another test loaded
    (the cache key, path + mtime + size, can miss an edit made within the same tick)."""
    _banks._load.cache_clear()
    _lessons._lesson.cache_clear()


@pytest.fixture(scope="session")
def room_installation() -> Iterator[Path]:
    """One room installed by ``deploy/jupyterhub/installer.sh`` for the whole run, in a
    world-traversable folder (the learners' accounts run its Python), removed at the end;
    shared by the room's tests and its end-to-end test."""
    from .room import install_room, needs_root

    reason = needs_root()
    if reason:
        pytest.skip(reason)
    base = Path(tempfile.mkdtemp(prefix="fc-salle-installation-", dir="/var/tmp"))
    base.chmod(0o755)
    try:
        yield install_room(base / "installation").parents[2]
    except RuntimeError as exc:
        pytest.fail(str(exc))
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course root with the test bank ``99_essai`` and one notebook."""
    root = tmp_path / "cours"
    (root / "content" / "quiz").mkdir(parents=True)
    (root / "notebooks").mkdir()
    shutil.copy(DATA / "quiz" / "99_essai.yaml", root / "content" / "quiz")
    shutil.copy(REPO / "content" / "competences.yaml", root / "content")
    monkeypatch.setenv("FABRIQUE_COURSE_ROOT", str(root))
    return root


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty learner workspace used by every progress write of the test."""
    ws = tmp_path / "espace"
    monkeypatch.setenv("FABRIQUE_COURSE_WORKSPACE", str(ws))
    return ws


def load_tool(name: str) -> ModuleType:
    """Import a script of tools/ (they are not part of the package) for testing."""
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def visible_text(fragment: str) -> str:
    """The text an HTML fragment shows (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))
