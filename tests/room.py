"""A room installation for the tests that need real accounts (run as root).

``install_room(prefix)`` runs ``deploy/jupyterhub/installer.sh`` (what ``make salle`` runs)
into ``prefix`` and returns the installation's Python, ``<prefix>/venv/bin/python``: the
course (as a wheel built from this working tree), JupyterHub, the idle culler and the proxy
(``<prefix>/proxy``), all readable and runnable by every account — unlike the project's
``.venv``, whose Python lives under ``/root``. About 25 s; needs the package index and npm.

``as_user(login, python, code, env)`` runs Python code as another system account (with
``runuser``) and returns the completed process (text, captured, never raising).

Set ``FABRIQUE_TESTS_SALLE`` to an existing installation to skip the install while
iterating (the tests then use that installation as is).

API kept small on purpose: ``install_room``, ``room_python``, ``as_user``, ``REUSE_ENV``,
``needs_root`` (the reason to skip, or "").
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
INSTALLER = REPO / "deploy" / "jupyterhub" / "installer.sh"
#: An existing room installation to reuse instead of installing one.
REUSE_ENV = "FABRIQUE_TESTS_SALLE"


def needs_root() -> str:
    """Why tests with real system accounts cannot run here, or "" when they can."""
    if os.geteuid() != 0:
        return "créer de vrais comptes système demande root (la CI tourne en root)"
    for tool in ("useradd", "userdel", "chpasswd", "runuser", "pkill"):
        if shutil.which(tool) is None:
            return f"la commande {tool} manque sur cette machine"
    return ""


def room_python(prefix: Path) -> Path:
    """The Python of the room installed in ``prefix``."""
    return prefix / "venv" / "bin" / "python"


def install_room(prefix: Path) -> Path:
    """Install a room into ``prefix`` (created, made world-traversable) with the shipped
    installer; return its Python. Reuses ``$FABRIQUE_TESTS_SALLE`` when set (``prefix``
    is then ignored). Raises ``RuntimeError`` with the installer's output on failure."""
    reuse = os.environ.get(REUSE_ENV)
    if reuse:
        return room_python(Path(reuse))
    prefix.mkdir(parents=True, exist_ok=True)
    prefix.chmod(0o755)
    env = {**os.environ, "FABRIQUE_SALLE_INSTALLATION": str(prefix)}
    done = subprocess.run(["bash", str(INSTALLER)], cwd=REPO, env=env, capture_output=True,
                          text=True, check=False, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"installer.sh a échoué (code {done.returncode}) :\n"
                           f"{done.stdout}\n{done.stderr}")
    return room_python(prefix)


def as_user(login: str, python: Path, code: str,
            env: Mapping[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -c code`` as the system account ``login`` (``runuser``), with only
    ``env`` (plus LANG=C.UTF-8 and a PATH) in its environment."""
    base = {"LANG": "C.UTF-8", "PATH": f"{python.parent}:/usr/bin:/bin"}
    command = ["runuser", "-u", login, "--", "env", "-i",
               *(f"{k}={v}" for k, v in {**base, **(env or {})}.items()),
               str(python), "-c", code]
    return subprocess.run(command, capture_output=True, text=True, check=False,
                          timeout=timeout, cwd="/")
