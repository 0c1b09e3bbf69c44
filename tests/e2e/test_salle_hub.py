"""A room on a real JupyterHub: three learners log in, answer, hand in, stay apart.

The room is installed with ``deploy/jupyterhub/installer.sh`` (what ``make salle`` runs)
into a temporary prefix, its hub started with ``deploy/jupyterhub/jupyterhub_config.py`` on
free loopback ports, and three real system accounts created with ``fabrique-course salle
comptes``. Learners log in with Chromium through JupyterHub's login page (PAM), answer a
question of lesson 00, hand their answers in with the button; the operating system and the
hub keep each learner out of the others' files; the facilitator's dashboard counts the
hand-ins; ``salle fermer`` archives them and removes the accounts.

Root only (the tests create system accounts), like the CI. Everything the module creates
is removed at the end, even when a test fails: the hub and its children, the accounts, the
``animateur`` account and the room's groups when they did not exist before, the folders.
"""

from __future__ import annotations

import contextlib
import csv
import grp
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import stat
import string
import subprocess
import tempfile
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from fabrique_course._workspace import progress_path
from fabrique_course.facilitation._salle import (
    FACILITATOR,
    FACILITATORS,
    LEARNERS,
    Layout,
    room_handins,
)

from ..room import needs_root
from .conftest import CHROMIUM, REPO, SCREENSHOTS, _free_port
from .test_jupyterlab import ALL_RAN, BAD_OUTPUTS, KERNEL_IDLE, _js, answer_with_keyboard, current

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]

WORKSPACE = "parcours-startup-etat"
HOME_NB = f"{WORKSPACE}/accueil.ipynb"
LESSON_NB = f"{WORKSPACE}/00_demarche.ipynb"
LESSONS = sorted(p.name for p in (REPO / "notebooks").glob("0*.ipynb"))
QUESTION = "manifeste-pilier-impact"
#: Each learner's answer to QUESTION, and whether it is right.
ANSWERS = [("La mesure de l'impact", "correct"),
           ("Le respect du cahier des charges", "incorrect"),
           ("Le nombre de visites sur le site du service", "incorrect")]
#: Commands run as another account see English messages and a plain PATH.
PLAIN_ENV = {"LC_ALL": "C", "LANG": "C", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}


def _missing() -> str:
    """Why this module cannot run here, or "" when it can."""
    reason = needs_root()
    if reason:
        return reason
    if not Path("/usr/bin/python3").exists():
        return "/usr/bin/python3 manque (le Python de la salle, lisible par tous les comptes)"
    if shutil.which("npm") is None:
        return "npm manque (le proxy du hub, configurable-http-proxy, est un paquet npm)"
    return ""


@dataclass
class Room:
    """A running room: its installation, its data, its hub, its learners."""

    install: Path
    data: Path
    url: str
    log: Path
    env: dict[str, str]
    learners: list[tuple[str, str]] = field(default_factory=list)
    uids: list[int] = field(default_factory=list)

    @property
    def layout(self) -> Layout:
        return Layout(self.install, self.data)

    @property
    def cli(self) -> str:
        return str(self.install / "venv" / "bin" / "fabrique-course")

    @property
    def logins(self) -> list[str]:
        return [login for login, _ in self.learners]

    def tail(self, size: int = 4000) -> str:
        """The end of the hub's log, for assertion messages."""
        try:
            text = self.log.read_text(errors="replace")
            return "\n--- fin du journal du hub ---\n" + text[-size:]
        except OSError as exc:
            return f"\n(journal du hub illisible : {exc})"

    def handin(self, login: str) -> Path:
        return self.data / "rendus" / login / "reponses.json"


def _exists(lookup: Any, name: str) -> bool:
    try:
        lookup(name)
    except KeyError:
        return False
    return True


def _children(pid: int) -> list[int]:
    """Every process descending from ``pid`` (read from /proc), deepest last."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _pids_of(uids: list[int]) -> list[int]:
    """Processes running as one of ``uids`` (not zombies: the dead servers stay in the
    process table until the hub, their parent, polls them)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if entry.stat().st_uid in uids and state != "Z":
                    pids.append(int(entry.name))
    return pids


def _kill(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _stop_hub(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the hub's process group (it stops its servers, proxy and culler), then
    SIGKILL to whatever of it is left."""
    family = _children(proc.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    _kill(family)  # the proxy, the culler and the servers run in sessions of their own


def _run(command: list[str], room: Room | None = None,
         **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = room.env if room is not None else PLAIN_ENV
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=180,
                          env=kwargs.pop("env", env), cwd=kwargs.pop("cwd", "/"), **kwargs)


def _as(login: str, *command: str) -> subprocess.CompletedProcess[str]:
    """``command`` run as the system account ``login``."""
    return _run(["runuser", "-u", login, "--", *command])


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory, room_installation: Path) -> Iterator[Room]:
    """An installed room, its hub running on free loopback ports, three learner accounts."""
    reason = _missing()
    if reason:
        pytest.skip(f"salle JupyterHub non testée : {reason}")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez les tests avec « make test », "
                    "qui l'installe (paquet Debian chromium).")
    had_facilitator = _exists(pwd.getpwnam, FACILITATOR)
    had_groups = {name: _exists(grp.getgrnam, name) for name in (LEARNERS, FACILITATORS)}
    # World-traversable folders: the learners' servers run the installation's Python and
    # write in the data folder (pytest's tmp_path is private to root).
    prefix = Path(tempfile.mkdtemp(prefix="fc-salle-e2e-", dir="/var/tmp"))
    prefix.chmod(0o755)
    data = prefix / "donnees"
    private = tmp_path_factory.mktemp("salle-hub")
    log = private / "jupyterhub.log"
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin",
           "LANG": "C.UTF-8", "HOME": "/root",
           "FABRIQUE_SALLE_DONNEES": str(data)}
    proc: subprocess.Popen[bytes] | None = None
    room: Room | None = None
    try:
        install = room_installation
        env["FABRIQUE_SALLE_INSTALLATION"] = str(install)
        data.mkdir(mode=0o755)
        data.chmod(0o755)
        port, hub_port, api_port = _free_port(), _free_port(), _free_port()
        room = Room(install, data, f"http://127.0.0.1:{port}", log, env)
        prefix_login = "fce" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(3))
        created = _run([room.cli, "salle", "comptes", "--nombre", "3", "--prefixe", prefix_login,
                        "--sortie", str(private / "comptes.csv")], room)
        assert created.returncode == 0, created.stdout + created.stderr
        with (private / "comptes.csv").open(encoding="utf-8", newline="") as sheet:
            rows = list(csv.reader(sheet, delimiter=";"))
        assert rows[0] == ["identifiant", "mot_de_passe"]
        room.learners = [(login, secret) for login, secret in rows[1:]]
        assert room.logins == [f"{prefix_login}0{n}" for n in (1, 2, 3)], rows
        room.uids = [pwd.getpwnam(login).pw_uid for login in room.logins]
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [str(install / "venv" / "bin" / "jupyterhub"),
                 "-f", str(REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"),
                 "--ip", "127.0.0.1", "--port", str(port),
                 f"--JupyterHub.hub_port={hub_port}",
                 f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api_port}",
                 # Like the lab fixture: the page's window.jupyterapp, for the helpers.
                 "--Spawner.args=--LabApp.expose_app_in_browser=True"],
                cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{room.url}/hub/api", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("le hub de la salle n'a pas démarré" + room.tail())
                time.sleep(0.3)
        yield room
    finally:
        if proc is not None:
            _stop_hub(proc)
        if room is not None and room.data.is_dir():
            _run([room.cli, "salle", "fermer", "--oui"], room)  # idempotent
            _kill(_pids_of(room.uids))
            for login in room.logins:  # in case fermer could not
                if _exists(pwd.getpwnam, login):
                    _run(["userdel", "--remove", login])
        if not had_facilitator and _exists(pwd.getpwnam, FACILITATOR):
            _kill(_pids_of([pwd.getpwnam(FACILITATOR).pw_uid]))
            _run(["userdel", "--remove", FACILITATOR])
        for name, existed in had_groups.items():
            with contextlib.suppress(KeyError):
                if not existed and not grp.getgrnam(name).gr_mem:
                    _run(["groupdel", name])
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture(scope="module")
def pages(browser: Any, room: Room) -> Iterator[dict[str, Any]]:
    """One Chromium context (own cookies) and page per learner."""
    contexts = []
    opened: dict[str, Any] = {}
    for login in room.logins:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
        contexts.append(context)
        opened[login] = context.new_page()
        opened[login].set_default_timeout(60_000)
    yield opened
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture(autouse=True)
def evidence(request: pytest.FixtureRequest, room: Room,
             pages: dict[str, Any]) -> Iterator[None]:
    """On failure: a screenshot of each learner's page, and the hub's log tail."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for login, page in pages.items():
        target = SCREENSHOTS / f"{request.node.name}-{login}.png"
        with contextlib.suppress(Exception):
            page.screenshot(path=str(target), full_page=True)
            print(f"\nCapture d'écran de l'échec : {target}")
    with contextlib.suppress(OSError):
        shutil.copyfile(room.log, SCREENSHOTS.parent / "salle-jupyterhub.log")
    print(room.tail())


def _wait(page: Any, room: Room, script: str, path: str, what: str) -> None:
    try:
        page.wait_for_function(_js(script, path), timeout=180_000)
    except Exception as exc:  # the hub's log says why a server did not come
        pytest.fail(f"{what} : {exc}" + room.tail())


def _open(page: Any, path: str) -> None:
    """Open (or bring in front) the notebook ``path``, without waiting."""
    page.evaluate(f"() => {{ jupyterapp.commands.execute('docmanager:open', "
                  f"{{path: {json.dumps(path)}}}); }}")


def _run_all(page: Any, path: str) -> None:
    """Run every cell of the notebook ``path`` in front, without waiting."""
    page.evaluate("jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.evaluate("jupyterapp.commands.execute('notebook:run-all-cells')")
    assert page.evaluate("jupyterapp.shell.currentWidget.context.path") == path


def test_learners_log_in_answer_and_hand_in(room: Room, pages: dict[str, Any]) -> None:
    """Three learners log in through the hub's login page, land in their own prepared
    workspace, answer a question of lesson 00 differently, and hand in with the button:
    each hand-in is theirs, readable by the facilitators' group only, with their answer."""
    for (login, secret), page in zip(room.learners, pages.values(), strict=True):
        page.goto(f"{room.url}/hub/login")
        page.fill("#username_input", login)
        page.fill("#password_input", secret)
        page.click("#login_submit")
    for login, page in pages.items():  # the three servers start together
        try:
            page.wait_for_url(re.compile(rf"/user/{login}/lab"), timeout=180_000)
        except Exception as exc:
            pytest.fail(f"{login} n'arrive pas dans JupyterLab ({page.url}) : {exc}"
                        + room.tail())
        assert f"/user/{login}/lab/tree/{HOME_NB}" in page.url
    for login, page in pages.items():
        _wait(page, room, KERNEL_IDLE, HOME_NB, f"l'accueil de {login} ne s'ouvre pas")
        user = pwd.getpwnam(login)
        workspace = Path(user.pw_dir) / WORKSPACE
        assert workspace.is_dir(), f"espace de {login} absent" + room.tail()
        assert workspace.stat().st_uid == user.pw_uid
        assert stat.S_IMODE(Path(user.pw_dir).stat().st_mode) == 0o700
        for name in ["accueil.ipynb", *LESSONS]:
            assert (workspace / name).stat().st_uid == user.pw_uid, name

    for page in pages.values():
        _open(page, LESSON_NB)
    for login, page in pages.items():
        _wait(page, room, KERNEL_IDLE, LESSON_NB, f"la leçon 00 de {login} ne s'ouvre pas")
        _run_all(page, LESSON_NB)
    for login, page in pages.items():
        _wait(page, room, ALL_RAN, LESSON_NB, f"la leçon 00 de {login} ne s'exécute pas")
        assert page.evaluate(_js(BAD_OUTPUTS, LESSON_NB)) == [], login
    for (option, status), page in zip(ANSWERS, pages.values(), strict=True):
        feedback = answer_with_keyboard(page, QUESTION, option)
        expect(feedback).to_contain_text(
            "Bonne réponse" if status == "correct" else "Idée reçue")

    # The first learner hands in from the home notebook, the others from the lesson's end.
    first, *others = room.logins
    home = pages[first]
    _open(home, HOME_NB)
    _wait(home, room, KERNEL_IDLE, HOME_NB, "l'accueil ne revient pas devant")
    _run_all(home, HOME_NB)
    _wait(home, room, ALL_RAN, HOME_NB, "l'accueil ne s'exécute pas")
    assert home.evaluate(_js(BAD_OUTPUTS, HOME_NB)) == []
    for login in [first, *others]:
        page = pages[login]
        button = current(page).locator(".fc-rendre-bouton")
        expect(button).to_have_count(1)
        button.scroll_into_view_if_needed()
        expect(button).to_have_text("Rendre mes réponses à l'animateur")
        button.click()
        expect(current(page).locator(".fc-rendre-statut [role=status]")).to_contain_text(
            "Réponses rendues", timeout=30_000)

    facilitators = grp.getgrnam(FACILITATORS).gr_gid
    for login, (_option, status) in zip(room.logins, ANSWERS, strict=True):
        path = room.handin(login)
        assert path.is_file(), f"remise de {login} absente" + room.tail()
        info = path.stat()
        assert info.st_uid == pwd.getpwnam(login).pw_uid
        assert info.st_gid == facilitators
        assert stat.S_IMODE(info.st_mode) == 0o640
        events = json.loads(path.read_text(encoding="utf-8"))["events"]
        assert [(e["question_id"], e["status"]) for e in events] == [(QUESTION, status)]


def test_learners_cannot_reach_each_other(room: Room, pages: dict[str, Any]) -> None:
    """As a system account, learner 2 can neither read, list, overwrite nor replace learner
    1's hand-in, nor read learner 1's progress or home; through the hub, learner 2's session
    gets none of learner 1's files."""
    first, second, _third = room.logins
    target = room.handin(first)
    before = target.read_bytes()
    progress = progress_path(Path(pwd.getpwnam(first).pw_dir) / WORKSPACE)
    assert progress.is_file(), "progression de l'apprenant·e 1 introuvable"
    own = room.handin(second)
    attempts = {
        "lire sa remise": _as(second, "cat", str(target)),
        "copier sa remise": _as(second, "cp", str(target), "/tmp/"),
        "lister les remises": _as(second, "ls", str(room.data / "rendus")),
        "lister son dossier de remise": _as(second, "ls", str(target.parent)),
        "écrire sa remise": _as(second, "sh", "-c", f"echo '{{}}' > '{target}'"),
        "remplacer sa remise par la sienne": _as(second, "mv", "-f", str(own), str(target)),
        "remplacer sa remise depuis son dossier": _as(
            second, "sh", "-c", f"echo '{{}}' > ~/faux.json && mv -f ~/faux.json '{target}'"),
        "lire sa progression": _as(second, "cat", str(progress)),
        "lister son dossier personnel": _as(second, "ls", str(progress.parents[2])),
    }
    for what, done in attempts.items():
        assert done.returncode != 0, f"{second} a pu {what} de {first} : {done.stdout}"
        assert "Permission denied" in done.stderr, (what, done.stderr)
    assert target.read_bytes() == before
    # The forged file was written in learner 2's own home: only the move was refused.
    assert (Path(pwd.getpwnam(second).pw_dir) / "faux.json").is_file()
    assert own.is_file(), "la remise de l'apprenant·e 2 a disparu"

    request = pages[second].context.request
    for path in (f"/user/{first}/api/contents/{WORKSPACE}", f"/user/{first}/lab",
                 f"/user/{first}/files/{WORKSPACE}/00_demarche.ipynb"):
        answer = request.get(f"{room.url}{path}")
        served = answer.status == 200 and f"/user/{first}/" in answer.url
        assert not served, f"{path} servi à {second} ({answer.status}, {answer.url})"
        assert answer.status in (401, 403), (path, answer.status, answer.url)
        assert "00_demarche" not in answer.text()


def test_dashboard_counts_the_hand_ins(room: Room) -> None:
    """The facilitator's account reads the three hand-ins: the room's listing and the
    dashboard (``fabrique-course classe --salle``) both count three learners."""
    found, refused = room_handins(room.layout)
    assert [login for login, _ in found] == room.logins
    assert refused == []
    env = dict(PLAIN_ENV, LANG="C.UTF-8", LC_ALL="C.UTF-8",
               FABRIQUE_SALLE_DONNEES=str(room.data))
    shown = _run(["runuser", "-u", FACILITATOR, "--", room.cli, "classe", "--salle"],
                 env=env)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    lines = shown.stdout.splitlines()
    assert any(line.startswith("Classe : 3 apprenant·e(s), 3 fichier(s) lu(s)")
               for line in lines[:3]), shown.stdout
    # One learner right out of three, and the wrong answers are the ones given.
    assert f"00_demarche / {QUESTION} : 33 % de réussite (1/3)" in shown.stdout, shown.stdout


def test_closing_archives_and_removes_the_accounts(room: Room, pages: dict[str, Any]) -> None:
    """``salle fermer --oui`` archives the three hand-ins in a zip, then removes the
    accounts, their processes, their home folders and their hand-in folders."""
    for page in pages.values():
        with contextlib.suppress(Exception):
            page.context.close()
    homes = [Path(pwd.getpwnam(login).pw_dir) for login in room.logins]
    closed = _run([room.cli, "salle", "fermer", "--oui"], room)
    assert closed.returncode == 0, closed.stdout + closed.stderr
    assert "3 remise(s) archivée(s)" in closed.stdout, closed.stdout
    for login, home in zip(room.logins, homes, strict=True):
        with pytest.raises(KeyError):
            pwd.getpwnam(login)
        assert not home.exists(), home
        assert not (room.data / "rendus" / login).exists(), login
    deadline = time.monotonic() + 10
    while _pids_of(room.uids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _pids_of(room.uids) == [], "des programmes des comptes fermés tournent encore"
    archives = list((room.data / "archives").glob("rendus-*.zip"))
    assert len(archives) == 1, archives
    with zipfile.ZipFile(archives[0]) as bundle:
        assert sorted(bundle.namelist()) == [f"{login}/reponses.json" for login in room.logins]
        statuses = [json.loads(bundle.read(f"{login}/reponses.json"))["events"][0]["status"]
                    for login in room.logins]
    assert statuses == [status for _, status in ANSWERS]
    assert stat.S_IMODE(archives[0].stat().st_mode) == 0o640
