"""A room on one JupyterHub server: its layout, its accounts, its hub, its hand-ins.

The room follows The Littlest JupyterHub's choice: each learner is a real system account,
so the operating system, not the course, keeps learners apart.

- **Installation** (``$FABRIQUE_SALLE_INSTALLATION``, default ``/opt/fabrique-course``,
  written by ``make salle``): ``venv/`` (the course, JupyterHub and the idle culler, from
  ``requirements/salle.txt``) and ``proxy/`` (the npm package configurable-http-proxy).
  Owned by root, readable by all.
- **Data** (``$FABRIQUE_SALLE_DONNEES``, default ``/srv/fabrique-course``): ``hub/``
  (the hub's database and secrets, root only), ``rendus/<identifiant>/`` (one hand-in
  folder per learner: owned by the learner, group ``fabrique-animateurs``, mode 2750 —
  nobody else can enter it), ``archives/`` (the hand-ins kept by ``salle fermer``), and
  ``salle.json`` (the accounts the room created, no password; root only).
- **Accounts**: learners ``apprenant01``… in the group ``fabrique-apprenants``, home
  folders 0700; the facilitator ``animateur``, in ``fabrique-animateurs``, is the hub's
  admin. Passwords are generated here, set with ``chpasswd`` (the system stores only their
  hash) and printed once, on the sheet for the session.

``hub_config(c)`` is the whole configuration of the hub (``deploy/jupyterhub/
jupyterhub_config.py`` calls it): JupyterHub's own PAM authenticator and local-process
spawner, each server started as its learner after preparing the workspace.
``room_handins()`` lists the hand-ins whose folder and file the system attributes to the
account they are named after, and sets the others aside with a French reason.
"""

from __future__ import annotations

import csv
import grp
import html
import io
import json
import os
import pwd
import re
import secrets
import shutil
import stat
import subprocess
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._editions import PREPARED_ENV
from .._errors import FabriqueError
from .._handin import DATA_ENV, DEFAULT_DATA, HANDIN_FILE, HANDINS
from .._lessons import HOME

if TYPE_CHECKING:
    from ._classe import Classe

__all__ = [
    "FACILITATOR",
    "FACILITATORS",
    "INSTALL_ENV",
    "LEARNERS",
    "Accounts",
    "Closing",
    "Layout",
    "RoomDashboard",
    "SalleError",
    "close_room",
    "create_accounts",
    "hub_config",
    "read_room",
    "remises",
    "room_accounts",
    "room_handins",
    "room_layout",
    "write_sheets",
]

INSTALL_ENV = "FABRIQUE_SALLE_INSTALLATION"
DEFAULT_INSTALL = "/opt/fabrique-course"
LEARNERS = "fabrique-apprenants"
FACILITATORS = "fabrique-animateurs"
FACILITATOR = "animateur"
#: Where each edition's workspace opens (relative to the home folder).
LEARNER_URL = f"/lab/tree/parcours-startup-etat/{HOME}"
FACILITATOR_URL = "/lab/tree/parcours-startup-etat-animateur/tableau-de-bord-classe.ipynb"
#: Idle servers are stopped after this many seconds (jupyterhub-idle-culler).
IDLE_TIMEOUT = 3600

_LOGIN = re.compile(r"[a-z][a-z0-9-]{0,20}")
_SYLLABLE_CONSONANTS = "bdfgjklmnprstvz"
_SYLLABLE_VOWELS = "aeiou"


class SalleError(FabriqueError):
    """A room operation that cannot be done, said in French."""


@dataclass(frozen=True)
class Layout:
    """The two places of a room: what ``make salle`` installed, and the room's data."""

    install: Path
    data: Path

    @property
    def bin(self) -> Path:
        return self.install / "venv" / "bin"

    @property
    def proxy(self) -> Path:
        return self.install / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"

    @property
    def editions(self) -> Path:
        """The learner editions prepared by ``make salle`` (``FABRIQUE_COURSE_EDITIONS``)."""
        return self.install / "editions"

    @property
    def hub(self) -> Path:
        return self.data / "hub"

    @property
    def handins(self) -> Path:
        return self.data / HANDINS

    @property
    def archives(self) -> Path:
        return self.data / "archives"

    @property
    def registry(self) -> Path:
        return self.data / "salle.json"


def room_layout(environ: Mapping[str, str] | None = None) -> Layout:
    """The room's layout from ``FABRIQUE_SALLE_INSTALLATION`` and ``FABRIQUE_SALLE_DONNEES``."""
    env = os.environ if environ is None else environ
    return Layout(Path(env.get(INSTALL_ENV) or DEFAULT_INSTALL),
                  Path(env.get(DATA_ENV) or DEFAULT_DATA))


# --------------------------------------------------------------------------- system

Runner = Callable[..., "subprocess.CompletedProcess[str]"]


def _run(command: Sequence[str], what: str, *, stdin: str | None = None,
         ok: Sequence[int] = (0,)) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(list(command), input=stdin, capture_output=True, text=True,
                              check=False)
    except FileNotFoundError as exc:
        raise SalleError(f"{what} : la commande {command[0]} est introuvable sur ce serveur "
                         "(paquet Debian « passwd » ou « procps »)") from exc
    if done.returncode not in ok:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SalleError(f"{what} : {command[0]} a échoué (code {done.returncode})"
                         + (f" — {detail[-1]}" if detail else ""))
    return done


def _require_root(what: str) -> None:
    if os.geteuid() != 0:
        raise SalleError(f"{what} demande les droits administrateur du serveur : relancez "
                         "avec sudo (ou en tant que root)")


def _group_gid(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        _run(["groupadd", "--system", name], f"création du groupe {name}")
        return grp.getgrnam(name).gr_gid


def _user(login: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(login)
    except KeyError:
        return None


def _folder(path: Path, mode: int, uid: int = 0, gid: int = 0) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, uid, gid)
    os.chmod(path, mode)


def ensure_layout(layout: Layout) -> None:
    """Create the groups and the data folders with their owners and modes (idempotent)."""
    _require_root("Préparer la salle")
    _group_gid(LEARNERS)
    facilitators = _group_gid(FACILITATORS)
    _folder(layout.data, 0o755)
    _folder(layout.hub, 0o700)
    # Facilitators list the hand-ins; learners may only cross to their own folder.
    _folder(layout.handins, 0o751, gid=facilitators)
    _folder(layout.archives, 0o750, gid=facilitators)


def room_accounts(layout: Layout) -> list[str]:
    """The learner accounts the room created and has not removed yet (``salle.json``)."""
    try:
        data = json.loads(layout.registry.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise SalleError(f"le registre de la salle {layout.registry} est illisible ({exc}) : "
                         "réparez-le ou retirez-le, puis relancez") from exc
    logins = data.get("comptes") if isinstance(data, dict) else None
    if not isinstance(logins, list) or not all(isinstance(x, str) for x in logins):
        raise SalleError(f"le registre de la salle {layout.registry} n'a pas la forme "
                         "attendue ({\"comptes\": [...]})")
    return list(logins)


def _save_registry(layout: Layout, logins: Sequence[str]) -> None:
    tmp = layout.registry.with_name(layout.registry.name + ".tmp")
    _private_file(tmp, json.dumps({"comptes": sorted(set(logins))}, ensure_ascii=False,
                                  indent=2) + "\n")
    os.replace(tmp, layout.registry)


# --------------------------------------------------------------------------- accounts

def generate_password(choice: Callable[[str], str] = secrets.choice) -> str:
    """A password to read aloud and type: three groups of four letters (consonant, vowel)
    and two digits, about 44 bits (``kamo-ribe-toza-47``)."""
    groups = ["".join(choice(_SYLLABLE_CONSONANTS) + choice(_SYLLABLE_VOWELS)
                      for _ in range(2)) for _ in range(3)]
    return "-".join(groups) + "-" + choice("23456789") + choice("23456789")


@dataclass
class Accounts:
    """What ``salle comptes`` created: learner (identifiant, mot de passe) pairs, and the
    facilitator's pair when that account was created now."""

    learners: list[tuple[str, str]] = field(default_factory=list)
    facilitator: tuple[str, str] | None = None


def _set_password(login: str, password: str) -> None:
    _run(["chpasswd"], f"mot de passe de {login}", stdin=f"{login}:{password}\n")


def _add_user(login: str, group: str) -> None:
    _run(["useradd", "--create-home", "--shell", "/bin/bash", "--user-group",
          "--groups", group, "--comment", "Parcours Startup d'Etat (salle)", login],
         f"création du compte {login}")
    home = Path(pwd.getpwnam(login).pw_dir)
    os.chmod(home, 0o700)


def create_accounts(count: int, prefix: str = "apprenant",
                    layout: Layout | None = None,
                    password: Callable[[], str] = generate_password) -> Accounts:
    """Create ``count`` learner accounts (the next free ``<prefix>NN``), each with its
    hand-in folder, and the facilitator's account if it does not exist yet."""
    layout = layout or room_layout()
    if not 1 <= count <= 500:
        raise SalleError("le nombre de comptes doit être entre 1 et 500")
    if not _LOGIN.fullmatch(prefix):
        raise SalleError(f"préfixe « {prefix} » refusé : des minuscules sans accent, des "
                         "chiffres ou des tirets, en commençant par une lettre")
    ensure_layout(layout)
    facilitators = grp.getgrnam(FACILITATORS).gr_gid
    result = Accounts()
    if _user(FACILITATOR) is None:
        _add_user(FACILITATOR, FACILITATORS)
        secret = password()
        _set_password(FACILITATOR, secret)
        result.facilitator = (FACILITATOR, secret)
    else:
        _run(["usermod", "--append", "--groups", FACILITATORS, FACILITATOR],
             f"ajout de {FACILITATOR} au groupe {FACILITATORS}")
    registered = room_accounts(layout)
    width = max(2, len(str(count + len(registered))))
    # Numbers already given with this prefix, whatever their width (« 07 » or « 007 »):
    # past 99 the width grows, and the numbering goes on instead of starting again.
    numbered = re.compile(re.escape(prefix) + r"([0-9]+)")
    used = {int(m.group(1)) for m in map(numbered.fullmatch, registered) if m}
    number = 0
    while len(result.learners) < count:
        number += 1
        login = f"{prefix}{number:0{width}d}"
        if number in used or _user(login) is not None or login in registered:
            continue
        _add_user(login, LEARNERS)
        secret = password()
        _set_password(login, secret)
        user = pwd.getpwnam(login)
        folder = layout.handins / login
        _folder(folder, 0o2750, uid=user.pw_uid, gid=facilitators)
        registered.append(login)
        _save_registry(layout, registered)  # after each account: a failure loses none
        result.learners.append((login, secret))
    return result


def _private_file(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    os.chmod(path, 0o600)


def write_sheets(pairs: Sequence[tuple[str, str]], target: Path,
                 address: str = "") -> tuple[Path, Path]:
    """Write ``target`` (CSV ``identifiant;mot_de_passe``) and, beside it, a printable HTML
    sheet of slips to cut, one per learner. Both readable by their owner only."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["identifiant", "mot_de_passe"])
    writer.writerows(pairs)
    _private_file(target, buffer.getvalue())
    where = (f"<a href=\"{html.escape(address)}\">{html.escape(address)}</a>" if address
             else "l'adresse que l'animateur ou l'animatrice vous donne")
    slips = "\n".join(
        f'<section class="fiche"><h2>Parcours Startup d\'État — votre compte</h2>'
        f"<p>Adresse : {where}</p>"
        f"<dl><dt>Identifiant</dt><dd>{html.escape(login)}</dd>"
        f"<dt>Mot de passe</dt><dd>{html.escape(secret)}</dd></dl>"
        "<p>Ce compte est personnel et ne sert que pour cette session : il sera supprimé "
        "à la fin, après la remise de vos réponses.</p></section>"
        for login, secret in pairs)
    sheet = target.with_suffix(".html")
    if sheet == target:  # « --sortie comptes.html »: the sheet must not replace the list
        sheet = target.with_name(f"{target.stem}-fiches.html")
    _private_file(sheet, (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        "<title>Comptes de la salle — à découper</title><style>"
        "body{font-family:Marianne,Arial,sans-serif;color:#161616;margin:1cm}"
        ".fiche{border:1px dashed #3a3a3a;padding:0.6cm;margin:0 0 0.5cm;"
        "break-inside:avoid;page-break-inside:avoid}"
        ".fiche h2{font-size:1.1rem;margin:0 0 0.3cm}"
        "dl{display:grid;grid-template-columns:max-content 1fr;gap:0.2cm 0.6cm;margin:0}"
        "dt{font-weight:bold}dd{margin:0;font-family:'DejaVu Sans Mono',monospace;"
        "font-size:1.3rem}"
        "</style></head><body><main><h1>Comptes de la salle — une fiche par personne, "
        "à découper</h1>"
        f"{slips}</main></body></html>\n"))
    return target, sheet


# --------------------------------------------------------------------------- closing

@dataclass
class Closing:
    """What ``salle fermer`` did."""

    archive: Path | None
    handins: int
    removed: list[str]


def close_room(layout: Layout | None = None,
               now: Callable[[], datetime] = datetime.now) -> Closing:
    """Archive the hand-ins of the room's learner accounts (a zip in ``archives/``), then
    stop their processes and remove the accounts, their home folders and hand-in folders.
    The facilitator's account stays, for the next session."""
    layout = layout or room_layout()
    _require_root("Fermer la salle")
    logins = room_accounts(layout)
    found, _refused = room_handins(layout, logins)
    # The learners' programs still run: read each file again without following a link,
    # and keep it only if it is still a regular file of its account (root must never copy
    # a file swapped in since the check into an archive the facilitators read).
    kept = [(login, *read) for login, path in found
            if (read := _read_handin(path, login)) is not None]
    archive = None
    if kept:
        facilitators = grp.getgrnam(FACILITATORS).gr_gid
        _folder(layout.archives, 0o750, gid=facilitators)
        archive = layout.archives / f"rendus-{now():%Y-%m-%d-%H%M}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            for login, data, mtime in kept:
                entry = zipfile.ZipInfo(f"{login}/{HANDIN_FILE}", date_time=_zip_time(mtime))
                entry.external_attr = 0o640 << 16
                bundle.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
        os.chown(archive, 0, facilitators)
        os.chmod(archive, 0o640)
    removed = []
    remaining = list(logins)
    for login in logins:
        if _user(login) is not None:
            _remove_account(login)
        shutil.rmtree(layout.handins / login, ignore_errors=True)
        removed.append(login)
        remaining.remove(login)
        _save_registry(layout, remaining)
    return Closing(archive, len(kept), removed)


def _remove_account(login: str, patience: float = 15.0) -> None:
    """Kill every program of ``login``, then remove the account and its home folder.

    ``pkill`` only sends SIGKILL: a program may still be running when it returns, and
    ``userdel`` refuses an account in use (code 8). Both are repeated until the account
    goes, for ``patience`` seconds at most (a program can also fork in the meantime)."""
    deadline = time.monotonic() + patience
    while True:
        # pkill: 1 means « no process », which is fine.
        _run(["pkill", "--signal", "KILL", "--uid", login], f"arrêt des programmes de "
             f"{login}", ok=(0, 1))
        # 8: still in use, try again; 12: the mail spool was already absent
        done = _run(["userdel", "--remove", login], f"suppression du compte {login}",
                    ok=(0, 8, 12) if time.monotonic() < deadline else (0, 12))
        if done.returncode != 8:
            return
        time.sleep(0.2)


def _zip_time(mtime: float) -> tuple[int, int, int, int, int, int]:
    """A file time as a zip entry's date, within what zip can write (1980–2107): the
    learner sets the time of their file, it must not stop the closing."""
    try:
        moment = datetime.fromtimestamp(mtime)
    except (OverflowError, OSError, ValueError):
        moment = datetime(1980, 1, 1)
    moment = min(max(moment, datetime(1980, 1, 1)), datetime(2107, 12, 31, 23, 59, 58))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _read_handin(path: Path, login: str) -> tuple[bytes, float] | None:
    """The bytes and time of a hand-in if it is (still) a regular file owned by the
    account ``login``: a link is not followed, a pipe does not block."""
    user = _user(login)
    if user is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != user.pw_uid:
            return None
        return handle.read(), info.st_mtime


# --------------------------------------------------------------------------- hand-ins

def room_handins(layout: Layout | None = None, logins: Sequence[str] | None = None
                 ) -> tuple[list[tuple[str, Path]], list[str]]:
    """``(identifiant, file)`` of each hand-in the system attributes to its account — the
    folder ``rendus/<identifiant>`` and its ``reponses.json`` both owned by that account,
    a regular file — and a French reason for each one set aside. Folders without a
    hand-in yet are neither."""
    layout = layout or room_layout()
    if not layout.handins.is_dir():
        raise SalleError(f"pas de dossier de remise ici ({layout.handins}) : la salle n'est "
                         "pas installée sur ce serveur, ou FABRIQUE_SALLE_DONNEES désigne un "
                         "autre dossier")
    try:
        names = (sorted(logins) if logins is not None
                 else sorted(p.name for p in layout.handins.iterdir()))
    except PermissionError as exc:
        raise SalleError(f"lecture des remises refusée ({layout.handins}) : ce compte n'est "
                         f"pas dans le groupe {FACILITATORS}") from exc
    found: list[tuple[str, Path]] = []
    refused: list[str] = []
    for login in names:
        folder = layout.handins / login
        user = _user(login)
        try:
            folder_stat = folder.lstat()
        except FileNotFoundError:
            continue
        except PermissionError:
            refused.append(f"{login} : dossier de remise illisible pour ce compte")
            continue
        if user is None:
            refused.append(f"{login} : aucun compte de ce nom sur le serveur, remise écartée")
            continue
        if not stat.S_ISDIR(folder_stat.st_mode) or folder_stat.st_uid != user.pw_uid:
            refused.append(f"{login} : le dossier de remise n'appartient pas à ce compte, "
                           "remise écartée")
            continue
        path = folder / HANDIN_FILE
        try:
            file_stat = path.lstat()
        except FileNotFoundError:
            continue
        except PermissionError:
            refused.append(f"{login} : remise illisible pour ce compte")
            continue
        if not stat.S_ISREG(file_stat.st_mode) or file_stat.st_uid != user.pw_uid:
            refused.append(f"{login} : le fichier rendu n'a pas été déposé par ce compte, "
                           "remise écartée")
            continue
        found.append((login, path))
    return found, refused


# --------------------------------------------------------------------------- the hub

def _server_command(layout: Layout, edition_flag: str) -> list[str]:
    """Prepare the workspace as the learner (like ``lab --preparer-seulement``), then
    become the single-user server; JupyterHub's arguments follow ``"$@"``.

    Kernels talk to their server over Unix sockets in the learner's private runtime
    folder (``KernelManager.transport=ipc``), not over loopback TCP ports: thirty kernels
    starting at once on one machine otherwise race for the same free ports, and a kernel
    that loses the race dies (seen in the « salle de 30 » bench)."""
    course = layout.bin / "fabrique-course"
    server = layout.bin / "jupyterhub-singleuser"
    script = (f'"{course}" lab --preparer-seulement{edition_flag} >/dev/null '
              f'&& exec "{server}" --KernelManager.transport=ipc "$@"')
    return ["/bin/sh", "-c", script, "fabrique-course-salle"]


def _pre_spawn(layout: Layout) -> Callable[[Any], None]:
    def hook(spawner: Any) -> None:
        if getattr(spawner.user, "admin", False):
            spawner.cmd = _server_command(layout, " --animateur")
            spawner.default_url = FACILITATOR_URL
    return hook


def hub_config(c: Any, layout: Layout | None = None) -> None:
    """Configure a room's JupyterHub in ``c`` (the ``get_config()`` of a config file)."""
    layout = layout or room_layout()
    ensure_layout(layout)
    c.JupyterHub.authenticator_class = "pam"
    c.Authenticator.admin_users = {FACILITATOR}
    c.LocalAuthenticator.allowed_groups = {LEARNERS, FACILITATORS}
    c.LocalAuthenticator.create_system_users = False
    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.cmd = _server_command(layout, "")
    c.Spawner.pre_spawn_hook = _pre_spawn(layout)
    c.Spawner.notebook_dir = "~"
    c.Spawner.default_url = LEARNER_URL
    c.Spawner.environment = {
        DATA_ENV: str(layout.data),
        PREPARED_ENV: str(layout.editions),
        "PATH": f"{layout.bin}:/usr/local/bin:/usr/bin:/bin",
    }
    # Thirty servers starting together on two cores need more than the default 60 s.
    c.Spawner.start_timeout = 300
    c.Spawner.http_timeout = 300
    # The login page and the wait at login, in French (JupyterHub's own pages extended).
    c.JupyterHub.template_paths = [str(Path(__file__).with_name("hub_templates"))]
    c.JupyterHub.db_url = f"sqlite:///{layout.hub / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(layout.hub / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.command = [str(layout.proxy)]
    c.ConfigurableHTTPProxy.pid_file = str(layout.hub / "jupyterhub-proxy.pid")
    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [str(layout.bin / "python"), "-m", "jupyterhub_idle_culler",
                    f"--timeout={IDLE_TIMEOUT}"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }]


# --------------------------------------------------------------------------- live dashboard

def read_room(layout: Layout | None = None, *, names: bool = False) -> tuple[Classe, int]:
    """The class dashboard of the room's hand-ins (those set aside listed first among its
    warnings), and how many hand-ins it read."""
    from ._classe import read_class

    layout = layout or room_layout()
    found, refused = room_handins(layout)
    room = read_class(layout.handins, names=names,
                      files=[(f"{login}/{HANDIN_FILE}", path) for login, path in found])
    room.warnings[:0] = refused
    return room, len(found)


class RoomDashboard:
    """The class dashboard of a room, read from its hand-in folders, with an
    « Actualiser » button that reads them again. Answers ``lines``, ``csv_files`` and
    ``html`` like the :class:`Classe` of its latest reading."""

    def __init__(self, layout: Layout | None = None, *, names: bool = False) -> None:
        import ipywidgets as widgets

        self.layout = layout or room_layout()
        self.names = names
        self.readings = 0
        self.classe: Classe | None = None
        self.button = widgets.Button(description="Actualiser", icon="refresh",
                                     button_style="primary",
                                     tooltip="Relire les remises des apprenant·es")
        self.button.add_class("fc-salle-actualiser")
        self.button.on_click(lambda _b: self.refresh())
        self.status = widgets.HTML()
        self.status.add_class("fc-salle-statut")
        self.view = widgets.HTML()
        self.box = widgets.VBox([self.button, self.status, self.view])
        self.refresh()

    def refresh(self) -> None:
        """Read the hand-ins again and redraw."""
        self.readings += 1
        try:
            room, found = read_room(self.layout, names=self.names)
        except FabriqueError as exc:
            self._say(f"Lecture impossible : {exc}.")
            return
        self.classe = room
        self.view.value = room.html()
        self._say(f"{found} remise(s) lue(s) dans {self.layout.handins} (lecture "
                  f"n° {self.readings}) ; « Actualiser » relit les remises.")

    def _say(self, text: str) -> None:
        from .._widgets import live_status

        self.message = text
        self.status.value = live_status(text)

    def lines(self, *, top: int = 10) -> list[str]:
        return self.classe.lines(top=top) if self.classe else [self.message]

    def csv_files(self) -> dict[str, str]:
        return self.classe.csv_files() if self.classe else {}

    def html(self, *, heading: int = 3) -> str:
        return self.classe.html(heading=heading) if self.classe else ""

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = "\n".join([self.message, *self.lines(top=5)])
        if self.classe is not None:
            bundle["text/html"] = self.classe.html()
        return bundle

    def __repr__(self) -> str:
        return "\n".join([self.message, *self.lines(top=5)])


def remises(noms: bool = False) -> RoomDashboard | Any:
    """Le tableau de bord de la salle JupyterHub, lu directement dans les remises des
    apprenant·es, avec un bouton « Actualiser » qui les relit.

    Paramètres :
        noms : True pour montrer les identifiants des comptes au lieu des pseudonymes.

    Exemple :
        tableau = remises()
    """
    from .._widgets import Message

    layout = room_layout()
    if not os.environ.get(DATA_ENV) or not layout.handins.is_dir():
        return Message("Pas de salle JupyterHub ici : les remises se lisent sur le serveur "
                       "de la salle. Ailleurs, rassemblez les fichiers exportés dans un "
                       "dossier et utilisez classe(DOSSIER).", kind="info")
    return RoomDashboard(layout, names=noms)
