"""Lock the course's dependencies to exact versions, with uv (requirements/*.txt).

pyproject.toml declares ranges; a room installed weeks after the course was tested must
still get the tested JupyterLab, ipywidgets and pandas. Three locks, each one universal
(valid for every Python allowed by ``requires-python`` and every platform):

- ``requirements/test.txt``: the dependencies and the ``test`` extra (``make test``);
- ``requirements/cours.txt``: the dependencies alone (``make lab``, environment.yml,
  repo2docker);
- ``requirements/salle.txt``: the dependencies and the ``salle`` extra (a JupyterHub room).

The test lock is resolved first; the two others are resolved under it as constraints, so a
package they share with it has the very version the tests ran with. The package itself
(fabrique-course) is never in a lock: it is installed next to it (``--no-deps``).

Each lock's header carries ``# pyproject-sha256: <hash>``, the hash of the declarations it
was made from (requires-python, dependencies, its extra), so ``--check`` tells a stale lock
without the network. It also checks that every pinned version satisfies pyproject.toml,
environment by environment (markers evaluated), and that the locks agree with each other.

Usage:
    python tools/lock.py            # rewrite the three locks (needs the network: PyPI)
    python tools/lock.py --upgrade  # same, moving every package to its newest allowed version
    python tools/lock.py --check    # exit 1 if a lock is stale (no network)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10: tomli is in every lock for it
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "python tools/lock.py"
HASH_LINE = re.compile(r"^# pyproject-sha256: ([0-9a-f]{64})\b", re.MULTILINE)
REFRESH = "Pour les régénérer : make verrou (réseau nécessaire), puis make test."


@dataclass(frozen=True)
class Lock:
    """One lock file: what it pins, and the lock it is resolved under (if any)."""

    name: str
    extras: tuple[str, ...]
    constrained_by: str | None = None

    @property
    def path(self) -> str:
        """The lock's path, relative to the repository."""
        return f"requirements/{self.name}.txt"

    def describe(self) -> str:
        """What the lock pins, in French, for its header and messages."""
        if not self.extras:
            return "dépendances du cours"
        return "dépendances du cours + extra " + ", ".join(self.extras)


#: In resolution order: the test lock is the reference the two others are resolved under.
LOCKS = (
    Lock("test", ("test",)),
    Lock("cours", (), constrained_by="test"),
    Lock("salle", ("salle",), constrained_by="test"),
)


# --- pyproject.toml --------------------------------------------------------------------------


def read_project(root: Path) -> dict[str, Any]:
    """The ``[project]`` table of the repository's pyproject.toml."""
    with (root / "pyproject.toml").open("rb") as handle:
        project: dict[str, Any] = tomllib.load(handle)["project"]
    return project


def declared(project: dict[str, Any], lock: Lock) -> list[Requirement]:
    """The requirements of pyproject.toml that a lock must satisfy."""
    lines = list(project.get("dependencies", []))
    optional = project.get("optional-dependencies", {})
    for extra in lock.extras:
        lines += optional.get(extra, [])
    return [Requirement(line) for line in lines]


def declarations_hash(project: dict[str, Any], lock: Lock) -> str:
    """Hash of what the lock is made from: requires-python, dependencies, its extras.

    Requirements are normalised by ``packaging``, so reformatting pyproject.toml (comments,
    spaces, key order) does not make a lock stale; changing a range or a package does.
    """
    optional = project.get("optional-dependencies", {})
    payload = {
        "requires-python": str(SpecifierSet(project.get("requires-python", ""))),
        "dependencies": [str(Requirement(r)) for r in project.get("dependencies", [])],
        "extras": {e: [str(Requirement(r)) for r in optional.get(e, [])] for e in lock.extras},
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def python_versions(project: dict[str, Any]) -> list[str]:
    """The CPython minor versions allowed by ``requires-python`` (3.8 to 3.15), oldest first."""
    allowed = SpecifierSet(project.get("requires-python", ""))
    return [f"3.{minor}" for minor in range(8, 16) if f"3.{minor}.0" in allowed]


# --- lock files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pin:
    """One line of a lock: a package at one exact version, for the environments of a marker."""

    name: NormalizedName
    version: Version
    requirement: Requirement

    def active(self, environment: dict[str, str]) -> bool:
        """Whether this line applies in the environment."""
        marker = self.requirement.marker
        return marker is None or marker.evaluate(environment)


def read_pins(text: str) -> list[Pin]:
    """The pinned lines of a lock (``name==version`` with an optional marker)."""
    pins = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        requirement = Requirement(line)
        specs = list(requirement.specifier)
        if len(specs) != 1 or specs[0].operator != "==":
            raise ValueError(f"ligne non épinglée : {line}")
        pins.append(Pin(canonicalize_name(requirement.name), Version(specs[0].version),
                        requirement))
    return pins


def environments(project: dict[str, Any]) -> Iterator[dict[str, str]]:
    """Marker environments covering every Python allowed and the common platforms.

    Two patch levels per minor version, so a lock split inside a minor version (uv writes
    markers such as ``python_full_version < '3.11.5'``) is seen on both sides.
    """
    platforms = (
        {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
         "platform_machine": "x86_64"},
        {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
         "platform_machine": "aarch64"},
        {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix",
         "platform_machine": "arm64"},
        {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
         "platform_machine": "AMD64"},
    )
    base = {key: str(value) for key, value in default_environment().items()}
    base |= {"implementation_name": "cpython", "platform_python_implementation": "CPython"}
    for minor in python_versions(project):
        for patch in ("0", "99"):
            for platform in platforms:
                yield base | platform | {
                    "python_version": minor,
                    "python_full_version": f"{minor}.{patch}",
                    "implementation_version": f"{minor}.{patch}",
                    "extra": "",
                }


def _label(environment: dict[str, str]) -> tuple[str, str]:
    return environment["python_version"], environment["sys_platform"]


def _where(found: dict[str, list[tuple[str, str]]], grid: list[dict[str, str]]) -> list[str]:
    """One message per problem, with the Pythons and platforms it shows in (all: no list)."""
    every = {_label(environment) for environment in grid}
    platforms = {platform for _, platform in every}
    messages = []
    for message, labels in found.items():
        if set(labels) != every:
            places = []
            for python in dict.fromkeys(version for version, _ in labels):
                hit = [platform for version, platform in dict.fromkeys(labels)
                       if version == python]
                places.append(f"Python {python}" if set(hit) == platforms
                              else f"Python {python} ({', '.join(hit)})")
            message = f"{message} (pour {', '.join(places)})"
        messages.append(message + ".")
    return messages


def active_versions(pins: list[Pin], environment: dict[str, str]) -> dict[str, list[Version]]:
    """The versions a lock installs in one environment, by package."""
    found: dict[str, list[Version]] = {}
    for pin in pins:
        if pin.active(environment):
            found.setdefault(pin.name, []).append(pin.version)
    return found


# --- the check (no network) ------------------------------------------------------------------


def check(root: Path | None = None) -> list[str]:
    """Every reason, in French, why the locks do not match pyproject.toml (empty: up to date)."""
    root = ROOT if root is None else root
    project = read_project(root)
    own_name = canonicalize_name(project["name"])
    problems: list[str] = []
    pins: dict[str, list[Pin]] = {}
    for lock in LOCKS:
        path = root / lock.path
        if not path.is_file():
            problems.append(f"{lock.path} manque ({lock.describe()}).")
            continue
        text = path.read_text(encoding="utf-8")
        recorded = HASH_LINE.search(text)
        if recorded is None:
            problems.append(f"{lock.path} n'a pas de ligne « # pyproject-sha256: » : il n'a "
                            f"pas été écrit par {COMMAND}.")
        elif recorded.group(1) != declarations_hash(project, lock):
            problems.append(f"{lock.path} n'est plus à jour : les déclarations de "
                            f"pyproject.toml dont il dépend (requires-python, {lock.describe()})"
                            " ont changé depuis qu'il a été écrit.")
        try:
            pins[lock.name] = read_pins(text)
        except ValueError as error:
            problems.append(f"{lock.path} : {error}.")
            continue
        if any(pin.name == own_name for pin in pins[lock.name]):
            problems.append(f"{lock.path} épingle le cours lui-même ({own_name}) : il doit "
                            "s'installer à côté du verrou (--no-deps), pas depuis lui.")
        problems += _unsatisfied(lock, declared(project, lock), pins[lock.name], project)
    for lock in LOCKS:
        if lock.constrained_by and lock.name in pins and lock.constrained_by in pins:
            reference = next(other for other in LOCKS if other.name == lock.constrained_by)
            problems += _disagreements(lock, pins[lock.name], reference,
                                       pins[reference.name], project)
    return list(dict.fromkeys(problems))


def _unsatisfied(lock: Lock, requirements: list[Requirement], pins: list[Pin],
                 project: dict[str, Any]) -> list[str]:
    found: dict[str, list[tuple[str, str]]] = {}
    grid = list(environments(project))
    for environment in grid:
        installed = active_versions(pins, environment)
        for requirement in requirements:
            marker = requirement.marker
            if marker is not None and not marker.evaluate(environment):
                continue
            versions = installed.get(canonicalize_name(requirement.name), [])
            if not versions:
                message = (f"{lock.path} n'installe pas {requirement.name}, demandé par "
                           f"pyproject.toml (« {requirement} »)")
            elif len(versions) > 1:
                message = f"{lock.path} épingle plusieurs versions de {requirement.name}"
            elif not requirement.specifier.contains(versions[0], prereleases=True):
                message = (f"{lock.path} épingle {requirement.name}=={versions[0]}, qui ne "
                           f"satisfait pas « {requirement} » de pyproject.toml")
            else:
                continue
            found.setdefault(message, []).append(_label(environment))
    return _where(found, grid)


def _disagreements(lock: Lock, pins: list[Pin], reference: Lock, reference_pins: list[Pin],
                   project: dict[str, Any]) -> list[str]:
    found: dict[str, list[tuple[str, str]]] = {}
    grid = list(environments(project))
    for environment in grid:
        mine = active_versions(pins, environment)
        theirs = active_versions(reference_pins, environment)
        for name in sorted(mine.keys() & theirs.keys()):
            if mine[name] != theirs[name]:
                message = (f"{lock.path} et {reference.path} n'épinglent pas la même version "
                           f"de {name} ({', '.join(map(str, mine[name]))} / "
                           f"{', '.join(map(str, theirs[name]))}) : ils se régénèrent ensemble")
                found.setdefault(message, []).append(_label(environment))
    return _where(found, grid)


# --- writing the locks (network) -------------------------------------------------------------


def uv_command() -> list[str]:
    """How to run uv: the one installed next to this Python (make install), else on PATH."""
    if importlib.util.find_spec("uv") is not None:
        return [sys.executable, "-m", "uv"]
    found = shutil.which("uv")
    if found is None:
        raise SystemExit("uv est introuvable. « make install » l'installe dans .venv "
                         "(version épinglée dans requirements/outils.txt).")
    return [found]


def compile_lock(root: Path, lock: Lock, project: dict[str, Any], *, upgrade: bool) -> None:
    """Resolve one lock with ``uv pip compile`` and write it, with its hash line."""
    command = [
        *uv_command(), "pip", "compile", "pyproject.toml",
        "--universal",
        # uv's universal lower bound is --python-version (not requires-python): the oldest
        # Python the project allows.
        "--python-version", python_versions(project)[0],
        "--custom-compile-command", COMMAND,
        "--no-python-downloads",
        "--quiet",
        "--output-file", lock.path,
    ]
    for extra in lock.extras:
        command += ["--extra", extra]
    if lock.constrained_by:
        # The versions it shares with the reference lock are the reference's.
        command += ["--constraint", f"requirements/{lock.constrained_by}.txt"]
    if upgrade:
        # Without it uv keeps the versions already in the file whenever they still fit.
        command.append("--upgrade")
    (root / "requirements").mkdir(exist_ok=True)
    result = subprocess.run(command, cwd=root, check=False)
    if result.returncode != 0:
        raise SystemExit(f"uv n'a pas pu écrire {lock.path} (il faut le réseau pour "
                         "consulter PyPI ; voir son message ci-dessus).")
    path = root / lock.path
    path.write_text(with_hash_line(path.read_text(encoding="utf-8"), project, lock),
                    encoding="utf-8")


def with_hash_line(text: str, project: dict[str, Any], lock: Lock) -> str:
    """uv's output with the hash line (and a French note) right after uv's own header."""
    lines = [line for line in text.splitlines() if not HASH_LINE.match(line)]
    header = [
        f"# pyproject-sha256: {declarations_hash(project, lock)}",
        f"# Versions exactes ({lock.describe()}). Ne pas modifier à la main : make verrou.",
    ]
    lines = [line for line in lines if line not in header[1:]]
    at = next((i + 1 for i, line in enumerate(lines) if line == f"#    {COMMAND}"), 0)
    return "\n".join([*lines[:at], *header, *lines[at:]]) + "\n"


def write_locks(root: Path | None = None, *, upgrade: bool = False) -> None:
    """Rewrite every lock from pyproject.toml, the reference (test) first."""
    root = ROOT if root is None else root
    project = read_project(root)
    for lock in LOCKS:
        compile_lock(root, lock, project, upgrade=upgrade)
        print(f"Écrit : {lock.path} ({lock.describe()})")


def main(argv: list[str] | None = None) -> int:
    """Command line: write the locks, or check them."""
    parser = argparse.ArgumentParser(
        description="Versions exactes des dépendances (requirements/*.txt), depuis "
                    "pyproject.toml, avec uv.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="vérifier seulement (sans réseau) ; code 1 si un verrou est périmé")
    mode.add_argument("--upgrade", action="store_true",
                      help="passer chaque paquet à sa version la plus récente permise")
    args = parser.parse_args(argv)
    if not args.check:
        write_locks(upgrade=args.upgrade)
    problems = check()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(REFRESH, file=sys.stderr)
        return 1
    if args.check:
        print("Verrous à jour : " + ", ".join(lock.path for lock in LOCKS) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
