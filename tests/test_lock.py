"""The locks of exact versions (requirements/*.txt): up to date, and used by every install.

No network here: staleness is decided from the hash line tools/lock.py writes in each lock
and from the pinned versions, read against pyproject.toml.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from .conftest import REPO, load_tool

LOCK_FILES = ("requirements/cours.txt", "requirements/test.txt", "requirements/salle.txt")


def _tool() -> ModuleType:
    return load_tool("lock")


def _copy(tmp_path: Path) -> Path:
    """pyproject.toml and requirements/ in a scratch folder, to be edited by a test."""
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(REPO / "requirements", tmp_path / "requirements")
    return tmp_path


def _add_dependency(root: Path, requirement: str) -> None:
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert "dependencies = [\n" in text
    line = f'    "{requirement}",\n'
    pyproject.write_text(text.replace("dependencies = [\n", "dependencies = [\n" + line, 1),
                         encoding="utf-8")


def test_locks_are_up_to_date() -> None:
    """`tools/lock.py --check` passes: every lock matches pyproject.toml (else: make verrou)."""
    problems = _tool().check(REPO)
    assert not problems, "\n".join(problems)


def test_check_command_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """The command line check exits 0 and says so in French."""
    assert _tool().main(["--check"]) == 0
    assert "Verrous à jour" in capsys.readouterr().out


@pytest.mark.parametrize("path", LOCK_FILES)
def test_lock_header_says_how_it_was_made(path: str) -> None:
    """Each lock names its command and carries its hash, and holds no timestamp."""
    text = (REPO / path).read_text(encoding="utf-8")
    assert "#    python tools/lock.py\n" in text
    assert re.search(r"^# pyproject-sha256: [0-9a-f]{64}$", text, re.MULTILINE)
    assert not re.search(r"\b20\d\d-\d\d-\d\d[T ]\d\d:", text)


@pytest.mark.parametrize("path", LOCK_FILES)
def test_lock_pins_exact_versions_not_the_course(path: str) -> None:
    """Every package line is `name==version`, and the course itself is not among them."""
    pins = _tool().read_pins((REPO / path).read_text(encoding="utf-8"))
    assert len(pins) > 50
    assert "fabrique-course" not in {pin.name for pin in pins}
    assert {"jupyterlab", "ipywidgets", "pandas"} <= {pin.name for pin in pins}


def test_new_dependency_makes_the_lock_stale(tmp_path: Path) -> None:
    """A dependency added to pyproject.toml and not locked yet is reported, in French."""
    root = _copy(tmp_path)
    assert _tool().check(root) == []
    _add_dependency(root, "rich>=13")
    problems = _tool().check(root)
    text = "\n".join(problems)
    for path in LOCK_FILES:
        assert f"{path} n'est plus à jour" in text
        assert f"{path} n'installe pas rich, demandé par pyproject.toml" in text


def test_unsatisfied_range_is_reported(tmp_path: Path) -> None:
    """A range the pinned version no longer meets is reported with the pinned version."""
    root = _copy(tmp_path)
    _add_dependency(root, "jupyterlab>=99")
    text = "\n".join(_tool().check(root))
    assert re.search(r"requirements/cours\.txt épingle jupyterlab==[\d.]+, qui ne satisfait "
                     r"pas « jupyterlab>=99 »", text)


def test_extra_change_makes_only_its_lock_stale(tmp_path: Path) -> None:
    """Changing the salle extra makes salle.txt stale, and leaves cours.txt and test.txt valid."""
    root = _copy(tmp_path)
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert '"jupyterhub>=5,<7",' in text
    pyproject.write_text(text.replace('"jupyterhub>=5,<7",', '"jupyterhub>=5,<6.1",'),
                         encoding="utf-8")
    problems = _tool().check(root)
    assert problems
    assert all(p.startswith("requirements/salle.txt") for p in problems), problems


def test_locks_disagreeing_are_reported(tmp_path: Path) -> None:
    """cours.txt pinning another version than test.txt (they must move together) is reported."""
    root = _copy(tmp_path)
    lock = root / "requirements" / "cours.txt"
    text, count = re.subn(r"^ipywidgets==[\d.]+$", "ipywidgets==8.1.0", lock.read_text("utf-8"),
                          flags=re.MULTILINE)
    assert count == 1
    lock.write_text(text, encoding="utf-8")
    problems = "\n".join(_tool().check(root))
    assert "requirements/cours.txt et requirements/test.txt n'épinglent pas la même version " \
        "de ipywidgets (8.1.0 / " in problems


def test_check_command_fails_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`--check` on a stale lock exits 1 and tells how to refresh it (make verrou)."""
    tool = _tool()
    root = _copy(tmp_path)
    _add_dependency(root, "rich>=13")
    monkeypatch.setattr(tool, "ROOT", root)
    assert tool.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "n'est plus à jour" in err
    assert "make verrou (réseau nécessaire), puis make test" in err


def test_hash_ignores_formatting_but_not_ranges() -> None:
    """Reformatting a requirement keeps the hash; changing its range changes it."""
    tool = _tool()
    lock = tool.LOCKS[1]
    base = {"requires-python": ">=3.10", "dependencies": ["pandas>=2.0"]}
    spaced = {"requires-python": ">= 3.10", "dependencies": ["pandas >= 2.0"]}
    other = {"requires-python": ">=3.10", "dependencies": ["pandas>=2.1"]}
    assert tool.declarations_hash(base, lock) == tool.declarations_hash(spaced, lock)
    assert tool.declarations_hash(base, lock) != tool.declarations_hash(other, lock)


def test_makefile_installs_from_the_locks() -> None:
    """make installs uv pinned, then the locks, then the course without its dependencies."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/python -m pip install --quiet -r requirements/outils.txt" in makefile
    assert re.search(r"^uv==\d+\.\d+\.\d+$", (REPO / "requirements" / "outils.txt")
                     .read_text(encoding="utf-8"), re.MULTILINE)
    assert "$(UV) pip install --quiet --python $(BIN)/python -r requirements/cours.txt" in makefile
    assert "$(UV) pip install --quiet --python $(BIN)/python -r requirements/test.txt" in makefile
    assert "$(UV) pip install --quiet --python $(BIN)/python --no-deps -e ." in makefile
    # A lock or pyproject.toml change reinstalls.
    assert "$(STAMP_COURS): $(UV) pyproject.toml requirements/cours.txt" in makefile
    assert "$(STAMP): $(STAMP_COURS) pyproject.toml requirements/test.txt" in makefile
    assert "$(UV): requirements/outils.txt" in makefile
    # Nothing installs from pyproject's ranges any more.
    assert "pip install --quiet -e" not in makefile
    assert "$(BIN)/python tools/lock.py" in makefile


def test_environment_yml_installs_from_the_lock() -> None:
    """environment.yml (conda, repo2docker): conda brings Python and pip, pip the course's lock."""
    environment = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    dependencies = environment["dependencies"]
    conda = [d.split("=")[0].split(">")[0].split("<")[0] for d in dependencies
             if isinstance(d, str)]
    assert conda == ["python", "pip"]
    pip = next(d["pip"] for d in dependencies if isinstance(d, dict))
    assert pip[0] == "-r requirements/cours.txt"
    assert pip[1:] in (["-e ."], ["."])
