"""A room on one JupyterHub server, with real system accounts (root only; CI runs as root):
accounts and their folders' owners and modes, passwords the system really accepts, the
isolation the operating system gives (a learner cannot read, list, write or replace
another's hand-in), the hand-ins the system attributes, closing the room, the sheets, the
hub's configuration and the ``salle`` commands.

Every account is named ``fct<abc>…`` (three random letters per test session) and removed
at the end of the session, with ``animateur`` and the two groups when the session created
them."""

from __future__ import annotations

import grp
import io
import json
import os
import pwd
import random
import re
import shutil
import stat
import string
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config

from fabrique_course._handin import DATA_ENV, HANDIN_FILE, hand_in
from fabrique_course._progress import ProgressStore
from fabrique_course._workspace import progress_path
from fabrique_course.cli import main
from fabrique_course.facilitation import _salle
from fabrique_course.facilitation._salle import (
    FACILITATOR,
    FACILITATOR_URL,
    FACILITATORS,
    INSTALL_ENV,
    LEARNER_URL,
    LEARNERS,
    Layout,
    close_room,
    create_accounts,
    generate_password,
    hub_config,
    room_handins,
    write_sheets,
)

from ..conftest import REPO
from ..room import as_user, needs_root

pytestmark = pytest.mark.skipif(bool(needs_root()), reason=needs_root() or "root")

#: This session's accounts all start with it.
PREFIX = "fct" + "".join(random.SystemRandom().choice(string.ascii_lowercase)
                         for _ in range(3))
DENIED = ("Permission denied", "Permission non accordée")


def _exists(name: str, lookup: Callable[[str], object]) -> bool:
    try:
        lookup(name)
    except KeyError:
        return False
    return True


def _remove_session_accounts(created_facilitator: bool, created_groups: list[str]) -> None:
    names = [u.pw_name for u in pwd.getpwall() if u.pw_name.startswith(PREFIX)]
    if created_facilitator and _exists(FACILITATOR, pwd.getpwnam):
        names.append(FACILITATOR)
    for name in names:
        subprocess.run(["pkill", "--signal", "KILL", "--uid", name], check=False,
                       capture_output=True)
        subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)
    for group in created_groups:
        subprocess.run(["groupdel", group], check=False, capture_output=True)


@pytest.fixture(scope="session")
def room_base() -> Iterator[Path]:
    """The session's world-traversable folder; every account and group the session
    creates is removed at the end, whatever happens."""
    created_facilitator = not _exists(FACILITATOR, pwd.getpwnam)
    created_groups = [g for g in (LEARNERS, FACILITATORS) if not _exists(g, grp.getgrnam)]
    base = Path(tempfile.mkdtemp(prefix="fc-salle-", dir="/var/tmp"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        _remove_session_accounts(created_facilitator, created_groups)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def room_python(room_installation: Path) -> Path:
    """The Python of the run's room installed by ``deploy/jupyterhub/installer.sh``
    (every account can run it)."""
    return room_installation / "venv" / "bin" / "python"


_counter = iter(range(1, 1000))


@pytest.fixture
def layout(room_base: Path, room_installation: Path) -> Layout:
    """A fresh room (its own data folder) for one test, on the run's installation."""
    data = Path(tempfile.mkdtemp(prefix="donnees-", dir=room_base))
    data.chmod(0o755)
    return Layout(room_installation, data)


@pytest.fixture
def prefix() -> str:
    """A login prefix of this session, different for each test."""
    return f"{PREFIX}{next(_counter):03d}x"


def _passwords(seed: int) -> Callable[[], str]:
    """Deterministic passwords in the room's format."""
    rng = random.Random(seed)
    return lambda: generate_password(rng.choice)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _home(login: str) -> Path:
    return Path(pwd.getpwnam(login).pw_dir)


# --------------------------------------------------------------------------- accounts

def test_create_accounts_makes_real_isolated_accounts(layout: Layout, prefix: str) -> None:
    """Three learners in their group, private homes, hand-in folders owned by each learner
    and readable by the facilitators' group only; a registry without passwords; the next
    call numbers on; the system really accepts the passwords."""
    made = create_accounts(3, prefix, layout, password=_passwords(1))
    logins = [login for login, _ in made.learners]
    assert logins == [f"{prefix}01", f"{prefix}02", f"{prefix}03"]
    facilitators = grp.getgrnam(FACILITATORS)
    assert FACILITATOR in facilitators.gr_mem
    learners = grp.getgrnam(LEARNERS)
    for login in logins:
        user = pwd.getpwnam(login)
        assert login in learners.gr_mem
        home = Path(user.pw_dir)
        assert (home.stat().st_uid, _mode(home)) == (user.pw_uid, 0o700)
        folder = layout.handins / login
        info = folder.lstat()
        assert stat.S_ISDIR(info.st_mode)
        assert (info.st_uid, info.st_gid, _mode(folder)) == (user.pw_uid,
                                                             facilitators.gr_gid, 0o2750)
    assert (layout.handins.stat().st_uid, layout.handins.stat().st_gid) == (
        0, facilitators.gr_gid)
    assert _mode(layout.handins) == 0o751
    assert (layout.hub.stat().st_uid, _mode(layout.hub)) == (0, 0o700)
    assert _mode(layout.archives) == 0o750
    assert _mode(layout.data) == 0o755
    registry = layout.registry.read_text(encoding="utf-8")
    assert json.loads(registry) == {"comptes": logins}
    assert _mode(layout.registry) == 0o600
    for _, secret in made.learners:
        assert secret not in registry

    more = create_accounts(2, prefix, layout, password=_passwords(2))
    assert [login for login, _ in more.learners] == [f"{prefix}04", f"{prefix}05"]
    assert more.facilitator is None  # the facilitator's account exists now
    assert json.loads(layout.registry.read_text(encoding="utf-8"))["comptes"] == [
        f"{prefix}0{i}" for i in range(1, 6)]

    shadow = Path("/etc/shadow").read_text(encoding="utf-8")
    for login, secret in made.learners + more.learners:
        [entry] = [line for line in shadow.splitlines() if line.startswith(f"{login}:")]
        hashed = entry.split(":")[1]
        assert hashed.startswith("$")
        assert secret not in entry
    try:
        import pamela  # type: ignore[import-untyped]
    except ImportError:
        return
    login, secret = made.learners[0]
    pamela.authenticate(login, secret, service="login")
    with pytest.raises(pamela.PAMError):
        pamela.authenticate(login, made.learners[1][1], service="login")


def test_create_accounts_refuses_bad_input_in_french(layout: Layout) -> None:
    """A count out of range or a prefix that is not a login: French errors, no account."""
    with pytest.raises(_salle.SalleError, match="entre 1 et 500"):
        create_accounts(0, PREFIX, layout)
    with pytest.raises(_salle.SalleError, match=r"préfixe « \.\./x » refusé"):
        create_accounts(1, "../x", layout)
    assert not layout.registry.exists()


# --------------------------------------------------------------------------- isolation

def _attempt(login: str, python: Path, code: str) -> subprocess.CompletedProcess[str]:
    return as_user(login, python, code, {"HOME": str(_home(login))})


@pytest.mark.slow
def test_the_operating_system_keeps_learners_apart(layout: Layout, prefix: str,
                                                   room_python: Path) -> None:
    """Learner 1 hands in as themself; learner 2 can neither read it, list the hand-ins,
    write in learner 1's folder, replace or remove the hand-in, nor read learner 1's home
    or progress — the system refuses each time. The facilitator reads the hand-ins (and
    cannot alter them)."""
    made = create_accounts(2, prefix, layout, password=_passwords(3))
    (one, _), (two, _) = made.learners
    env_of = {login: {"HOME": str(_home(login)), "JUPYTERHUB_USER": login,
                      DATA_ENV: str(layout.data),
                      "FABRIQUE_COURSE_WORKSPACE": str(_home(login) / "parcours-startup-etat")}
              for login in (one, two)}
    hand_in_code = (
        "from fabrique_course._workspace import open_store\n"
        "from fabrique_course import rendre\n"
        "open_store().record('00_demarche', 'q1', 'a', 'correct', 1.0)\n"
        "shown = rendre(confirmer=True)\n"
        "print(shown.text)\n"
        "raise SystemExit(0 if shown.kind == 'info' else 1)\n")
    done = as_user(one, room_python, hand_in_code, env_of[one])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Réponses rendues" in done.stdout
    handed = layout.handins / one / HANDIN_FILE
    facilitators = grp.getgrnam(FACILITATORS).gr_gid
    info = handed.lstat()
    assert (info.st_uid, info.st_gid, _mode(handed)) == (pwd.getpwnam(one).pw_uid,
                                                         facilitators, 0o640)
    progress = progress_path(_home(one) / "parcours-startup-etat")
    assert progress.is_file()
    # Learner 2 hands in too: the refusals below are not a broken installation.
    done = as_user(two, room_python, hand_in_code, env_of[two])
    assert done.returncode == 0, done.stdout + done.stderr

    mine = layout.handins / two
    before = handed.read_bytes()
    attempts = {
        "lire la remise": f"open({str(handed)!r}).read()",
        "lister les remises": f"import os; print(os.listdir({str(layout.handins)!r}))",
        "lister le dossier de l'autre": (f"import os; "
                                         f"print(os.listdir({str(handed.parent)!r}))"),
        "écrire dans le dossier": f"open({str(handed.parent / 'x.json')!r}, 'w')",
        "écraser la remise": f"open({str(handed)!r}, 'w')",
        "remplacer par renommage": (
            f"open({str(mine / 'faux.json')!r}, 'w').write('{{}}'); import os; "
            f"os.rename({str(mine / 'faux.json')!r}, {str(handed)!r})"),
        "emporter la remise": (f"import os; os.rename({str(handed)!r}, "
                               f"{str(mine / 'vol.json')!r})"),
        "effacer la remise": f"import os; os.unlink({str(handed)!r})",
        "lire l'espace": f"import os; print(os.listdir({str(_home(one))!r}))",
        "lire la progression": f"open({str(progress)!r}, 'rb').read()",
        "rendre à la place de l'autre": hand_in_code,
    }
    for what, code in attempts.items():
        env = dict(env_of[two])
        if what == "rendre à la place de l'autre":
            env["JUPYTERHUB_USER"] = one  # the variable is no protection: the system is
            refused = as_user(two, room_python, code, env)
            text = refused.stdout + refused.stderr
        else:
            refused = as_user(two, room_python, code, env)
            text = refused.stderr
        assert refused.returncode != 0, f"{what} : accepté ({refused.stdout})"
        assert any(word in text for word in DENIED), f"{what} : {text}"
    assert handed.read_bytes() == before
    assert sorted(p.name for p in handed.parent.iterdir()) == [HANDIN_FILE]
    assert json.loads(handed.read_text(encoding="utf-8"))["events"][0]["question_id"] == "q1"

    # The facilitator reads the hand-ins and lists them, but cannot alter one.
    reader = as_user(FACILITATOR, room_python,
                     f"import os, sys; print(sorted(os.listdir({str(layout.handins)!r}))); "
                     f"sys.stdout.write(open({str(handed)!r}).read())",
                     {"HOME": str(_home(FACILITATOR))})
    assert reader.returncode == 0, reader.stderr
    listing, _, content = reader.stdout.partition("\n")
    assert listing == repr(sorted([one, two]))
    assert content == handed.read_text(encoding="utf-8")
    tamper = as_user(FACILITATOR, room_python, f"open({str(handed)!r}, 'w')",
                     {"HOME": str(_home(FACILITATOR))})
    assert tamper.returncode != 0
    assert any(word in tamper.stderr for word in DENIED)
    dashboard = as_user(FACILITATOR, room_python,
                        "import json; from pathlib import Path\n"
                        "from fabrique_course.facilitation._salle import Layout, room_handins\n"
                        f"found, refused = room_handins(Layout(Path('/'), "
                        f"Path({str(layout.data)!r})))\n"
                        "print(json.dumps([[l, str(p)] for l, p in found] + refused))",
                        {"HOME": str(_home(FACILITATOR))})
    assert dashboard.returncode == 0, dashboard.stderr
    assert json.loads(dashboard.stdout) == [[one, str(handed)], [two, str(mine / HANDIN_FILE)]]


# --------------------------------------------------------------------------- hand-ins

def _hand_in_as(login: str, layout: Layout, tmp_path: Path) -> Path:
    """A hand-in attributed to ``login`` (written, then given to the account)."""
    store = ProgressStore(tmp_path / f"{login}.sqlite3")
    store.record("00_demarche", "q1", login, "correct", 1.0)
    path = hand_in(store, layout.handins / login).path
    os.chown(path, pwd.getpwnam(login).pw_uid, grp.getgrnam(FACILITATORS).gr_gid)
    return path


def test_room_handins_keeps_only_what_the_system_attributes(
        layout: Layout, prefix: str, tmp_path: Path) -> None:
    """A learner's hand-in is found; a file root put in a folder, a symbolic link, a
    folder not owned by its account and a folder named after no account are set aside,
    each with a French reason; a folder without a hand-in is neither."""
    made = create_accounts(5, prefix, layout, password=_passwords(4))
    l1, l2, l3, l4, l5 = (login for login, _ in made.learners)
    good = _hand_in_as(l1, layout, tmp_path)
    planted = layout.handins / l2 / HANDIN_FILE
    planted.write_text("{}", encoding="utf-8")
    os.chown(planted, 0, 0)
    link = layout.handins / l3 / HANDIN_FILE
    link.symlink_to(good)
    os.lchown(link, pwd.getpwnam(l3).pw_uid, -1)
    os.chown(layout.handins / l4, 0, -1)
    (layout.handins / l4 / HANDIN_FILE).write_text("{}", encoding="utf-8")
    ghost = f"{prefix}99"
    (layout.handins / ghost).mkdir()
    (layout.handins / ghost / HANDIN_FILE).write_text("{}", encoding="utf-8")

    found, refused = room_handins(layout)
    assert found == [(l1, good)]
    assert refused == [
        f"{l2} : le fichier rendu n'a pas été déposé par ce compte, remise écartée",
        f"{l3} : le fichier rendu n'a pas été déposé par ce compte, remise écartée",
        f"{l4} : le dossier de remise n'appartient pas à ce compte, remise écartée",
        f"{ghost} : aucun compte de ce nom sur le serveur, remise écartée",
    ]
    assert all(l5 not in line for line in refused)
    found, refused = room_handins(layout, [l1, l5])
    assert (found, refused) == ([(l1, good)], [])


def test_room_handins_without_a_room_is_a_french_error(tmp_path: Path) -> None:
    """No ``rendus/`` folder: the room is not installed here, said in French."""
    with pytest.raises(_salle.SalleError, match="pas de dossier de remise ici"):
        room_handins(Layout(tmp_path, tmp_path / "ailleurs"))


# --------------------------------------------------------------------------- closing

def test_close_room_archives_then_removes_the_accounts(layout: Layout, prefix: str,
                                                       tmp_path: Path) -> None:
    """The hand-ins go into ``archives/rendus-<date>.zip`` byte for byte; a learner's
    running program is stopped; the accounts, their homes and hand-in folders are gone;
    the facilitator's account stays; the registry is empty."""
    made = create_accounts(3, prefix, layout, password=_passwords(5))
    logins = [login for login, _ in made.learners]
    homes = [_home(login) for login in logins]
    handed = {login: _hand_in_as(login, layout, tmp_path).read_bytes()
              for login in logins[:2]}
    running = subprocess.Popen(["runuser", "-u", logins[2], "--", "sleep", "600"])
    try:
        closing = close_room(layout, now=lambda: datetime(2026, 12, 5, 17, 30))
        running.wait(timeout=30)
    finally:
        running.kill()
    archive = layout.archives / "rendus-2026-12-05-1730.zip"
    assert closing.archive == archive
    assert closing.handins == 2
    assert closing.removed == logins
    with zipfile.ZipFile(archive) as bundle:
        assert sorted(bundle.namelist()) == sorted(f"{x}/{HANDIN_FILE}" for x in handed)
        for login, data in handed.items():
            assert bundle.read(f"{login}/{HANDIN_FILE}") == data
    info = archive.stat()
    assert (info.st_uid, info.st_gid, _mode(archive)) == (
        0, grp.getgrnam(FACILITATORS).gr_gid, 0o640)
    for login, home in zip(logins, homes, strict=True):
        assert not _exists(login, pwd.getpwnam)
        assert not home.exists()
        assert not (layout.handins / login).exists()
    assert _exists(FACILITATOR, pwd.getpwnam)
    assert json.loads(layout.registry.read_text(encoding="utf-8")) == {"comptes": []}
    again = close_room(layout)  # nothing left: nothing happens
    assert (again.archive, again.handins, again.removed) == (None, 0, [])


# --------------------------------------------------------------------------- sheets

def test_write_sheets_are_private_and_one_slip_per_learner(tmp_path: Path) -> None:
    """The CSV (``identifiant;mot_de_passe``) and the printable French sheet beside it are
    readable by their owner only, even replacing a file that was not; the address is
    escaped."""
    pairs = [("apprenant01", "kamo-ribe-toza-47"), ("apprenant02", "lupa-<b>&-22")]
    target = tmp_path / "comptes.csv"
    target.write_text("ancien", encoding="utf-8")
    target.chmod(0o644)
    old = os.umask(0)
    try:
        csv_path, sheet = write_sheets(pairs, target, 'https://salle.example/?a=1&b="2"')
    finally:
        os.umask(old)
    assert (csv_path, sheet) == (target, tmp_path / "comptes.html")
    assert target.read_text(encoding="utf-8") == (
        "identifiant;mot_de_passe\napprenant01;kamo-ribe-toza-47\napprenant02;lupa-<b>&-22\n")
    assert _mode(target) == 0o600
    assert _mode(sheet) == 0o600
    page = sheet.read_text(encoding="utf-8")
    assert '<html lang="fr">' in page
    assert page.count('<section class="fiche">') == 2
    assert "https://salle.example/?a=1&amp;b=&quot;2&quot;" in page
    assert 'b="2"' not in page
    assert "lupa-&lt;b&gt;&amp;-22" in page
    without = write_sheets(pairs[:1], tmp_path / "seul.csv")[1].read_text(encoding="utf-8")
    assert "l'adresse que l'animateur ou l'animatrice vous donne" in without


def test_generate_password_format() -> None:
    """Three groups of consonant-vowel pairs and two digits, from the injected choice."""
    assert generate_password(lambda letters: letters[0]) == "baba-baba-baba-22"
    assert generate_password(lambda letters: letters[-1]) == "zuzu-zuzu-zuzu-99"
    shape = re.compile(r"([bdfgjklmnprstvz][aeiou]){2}(-([bdfgjklmnprstvz][aeiou]){2}){2}"
                       r"-[2-9]{2}")
    made = {generate_password() for _ in range(50)}
    assert all(shape.fullmatch(p) for p in made)
    assert len(made) > 45


# --------------------------------------------------------------------------- the hub

def _stub(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def test_hub_config_sets_up_the_room(layout: Layout, tmp_path: Path) -> None:
    """PAM for the room's groups with ``animateur`` as admin, the local spawner whose
    command prepares the workspace then becomes the single-user server with JupyterHub's
    arguments intact, the data folder in the servers' environment, the facilitator's
    edition for an admin, the hub's files in the root-only folder."""
    layout = Layout(tmp_path / "installation", layout.data)
    log = tmp_path / "appels"
    _stub(layout.bin / "fabrique-course", f'echo "cours $*" >> "{log}"; echo bruit')
    _stub(layout.bin / "jupyterhub-singleuser",
          f'for a in "$@"; do echo "serveur [$a]" >> "{log}"; done')
    c = Config()
    hub_config(c, layout)
    assert c.JupyterHub.authenticator_class == "pam"
    assert c.Authenticator.admin_users == {"animateur"}
    assert c.LocalAuthenticator.allowed_groups == {LEARNERS, FACILITATORS}
    assert c.LocalAuthenticator.create_system_users is False
    assert c.JupyterHub.spawner_class == "localprocess"
    assert c.Spawner.environment[DATA_ENV] == str(layout.data)
    assert c.Spawner.environment["PATH"].startswith(f"{layout.bin}:")
    assert c.Spawner.default_url == LEARNER_URL
    assert c.JupyterHub.db_url == f"sqlite:///{layout.hub / 'jupyterhub.sqlite'}"
    assert Path(c.JupyterHub.cookie_secret_file).parent == layout.hub
    assert c.ConfigurableHTTPProxy.command == [str(layout.proxy)]
    assert _mode(layout.hub) == 0o700

    command = list(c.Spawner.cmd)
    done = subprocess.run([*command, "--port=8888", "--ip=un argument avec espaces"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # the preparation's output is not the server's
    assert log.read_text(encoding="utf-8").splitlines() == [
        "cours lab --preparer-seulement",
        # Kernels over Unix sockets: thirty starting at once never race for TCP ports.
        "serveur [--KernelManager.transport=ipc]",
        "serveur [--port=8888]", "serveur [--ip=un argument avec espaces]"]

    learner = SimpleNamespace(user=SimpleNamespace(admin=False), cmd=command,
                              default_url=LEARNER_URL)
    c.Spawner.pre_spawn_hook(learner)
    assert (learner.cmd, learner.default_url) == (command, LEARNER_URL)
    facilitator = SimpleNamespace(user=SimpleNamespace(admin=True), cmd=command,
                                  default_url=LEARNER_URL)
    c.Spawner.pre_spawn_hook(facilitator)
    assert facilitator.default_url == FACILITATOR_URL
    log.unlink()
    assert subprocess.run([*facilitator.cmd, "--port=1"], check=False).returncode == 0
    assert log.read_text(encoding="utf-8").splitlines() == [
        "cours lab --preparer-seulement --animateur",
        "serveur [--KernelManager.transport=ipc]", "serveur [--port=1]"]

    # A failed preparation does not start the server (and the hub reports the failure).
    _stub(layout.bin / "fabrique-course", "exit 4")
    log.unlink()
    assert subprocess.run([*command, "--port=2"], check=False).returncode == 4
    assert not log.exists()


def test_the_shipped_hub_configuration_file_runs(layout: Layout,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """``deploy/jupyterhub/jupyterhub_config.py``, as JupyterHub reads it, configures the
    room found from the environment."""
    monkeypatch.setenv(INSTALL_ENV, str(layout.install))
    monkeypatch.setenv(DATA_ENV, str(layout.data))
    config = Config()
    source = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
    exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"),
         {"get_config": lambda: config, "__file__": str(source)})
    assert config.JupyterHub.authenticator_class == "pam"
    assert config.Spawner.environment[DATA_ENV] == str(layout.data)
    assert config.ConfigurableHTTPProxy.command == [str(layout.proxy)]
    assert layout.handins.is_dir()


# --------------------------------------------------------------------------- the commands

def test_salle_comptes_prints_a_summary_and_the_facilitators_password_once(
        layout: Layout, prefix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``salle comptes``: the French summary, the sheets, and the facilitator's password,
    printed once when that account is created now (never the learners' passwords)."""
    monkeypatch.setenv(DATA_ENV, str(layout.data))
    facilitator = f"{prefix}anim"
    monkeypatch.setattr(_salle, "FACILITATOR", facilitator)
    target = tmp_path / "comptes.csv"
    assert main(["salle", "comptes", "--nombre", "2", "--sortie", str(target),
                 "--prefixe", prefix, "--adresse", "https://salle.example"]) == 0
    out = capsys.readouterr().out
    assert f"2 compte(s) créé(s) : {prefix}01 à {prefix}02 (groupe fabrique-apprenants)" in out
    assert str(layout.handins) in out
    assert str(target) in out
    assert str(target.with_suffix(".html")) in out
    [secret] = re.findall(rf"identifiant « {facilitator} », mot de passe « ([^»]+) »", out)
    assert out.count(secret) == 1
    rows = target.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "identifiant;mot_de_passe"
    assert [r.split(";")[0] for r in rows[1:]] == [f"{prefix}01", f"{prefix}02"]
    assert secret not in target.read_text(encoding="utf-8")
    for row in rows[1:]:
        assert row.split(";")[1] not in out
    assert grp.getgrnam(FACILITATORS).gr_mem.count(facilitator) == 1

    assert main(["salle", "comptes", "--nombre", "1", "--sortie", str(tmp_path / "b.csv"),
                 "--prefixe", prefix]) == 0
    out = capsys.readouterr().out
    assert f"{prefix}03" in out
    assert "Compte animateur créé" not in out


def test_salle_commands_need_root(layout: Layout, prefix: str, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Without the administrator's rights, ``salle comptes`` and ``salle fermer`` say so
    in French, exit 2 and create or remove nothing."""
    monkeypatch.setenv(DATA_ENV, str(layout.data))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    target = tmp_path / "comptes.csv"
    assert main(["salle", "comptes", "--nombre", "1", "--sortie", str(target),
                 "--prefixe", prefix]) == 2
    assert "droits administrateur" in capsys.readouterr().err
    assert not target.exists()
    assert not _exists(f"{prefix}01", pwd.getpwnam)
    monkeypatch.undo()
    monkeypatch.setenv(DATA_ENV, str(layout.data))
    create_accounts(1, prefix, layout, password=_passwords(6))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert main(["salle", "fermer", "--oui"]) == 2
    assert "droits administrateur" in capsys.readouterr().err
    assert _exists(f"{prefix}01", pwd.getpwnam)


def test_salle_fermer_asks_first(layout: Layout, prefix: str,
                                 monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Without --oui and without a terminal, ``salle fermer`` changes nothing and says to
    add --oui; with --oui, it closes the room."""
    monkeypatch.setenv(DATA_ENV, str(layout.data))
    assert main(["salle", "fermer"]) == 0
    assert "Aucun compte de salle à fermer." in capsys.readouterr().out
    create_accounts(2, prefix, layout, password=_passwords(7))
    registry = layout.registry.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO("oui\n"))
    assert main(["salle", "fermer"]) == 1
    captured = capsys.readouterr()
    assert "Confirmation impossible sans terminal" in captured.err
    assert "rien n'a changé" in captured.out
    assert layout.registry.read_bytes() == registry
    assert _exists(f"{prefix}01", pwd.getpwnam)
    assert (layout.handins / f"{prefix}02").is_dir()
    assert main(["salle", "fermer", "--oui"]) == 0
    out = capsys.readouterr().out
    assert "Aucune remise à archiver." in out
    assert "2 compte(s) supprimé(s)" in out
    assert not _exists(f"{prefix}01", pwd.getpwnam)
    assert not _exists(f"{prefix}02", pwd.getpwnam)


def test_numbering_goes_on_past_99(layout: Layout, prefix: str) -> None:
    """With 99 accounts registered, the next one is ``<prefix>100``, not a second series
    ``<prefix>001``."""
    _salle.ensure_layout(layout)
    _salle._save_registry(layout, [f"{prefix}{i:02d}" for i in range(1, 100)])
    made = create_accounts(1, prefix, layout, password=_passwords(8))
    assert [login for login, _ in made.learners] == [f"{prefix}100"]


def test_write_sheets_never_writes_the_sheet_over_the_list(tmp_path: Path) -> None:
    """An output named ``….html`` keeps the CSV: the sheet gets a name of its own."""
    csv_path, sheet = write_sheets([("apprenant01", "kamo-ribe-toza-47")],
                                   tmp_path / "comptes.html")
    assert sheet == tmp_path / "comptes-fiches.html"
    assert csv_path.read_text(encoding="utf-8").startswith("identifiant;mot_de_passe\n")
    assert '<html lang="fr">' in sheet.read_text(encoding="utf-8")


def test_salle_comptes_checks_the_output_before_creating_accounts(
        layout: Layout, prefix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """An output in a missing folder is refused in French before any account exists (else
    the accounts would be created with passwords nobody ever sees)."""
    monkeypatch.setenv(DATA_ENV, str(layout.data))
    target = tmp_path / "absent" / "comptes.csv"
    assert main(["salle", "comptes", "--nombre", "1", "--sortie", str(target),
                 "--prefixe", prefix]) == 2
    assert "impossible d'écrire la liste des comptes" in capsys.readouterr().err
    assert not _exists(f"{prefix}01", pwd.getpwnam)
    assert not layout.registry.exists()


def test_close_room_never_archives_a_file_swapped_after_the_check(
        layout: Layout, prefix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between the check of the hand-ins and the archive, a learner's program (still
    running) replaces ``reponses.json`` by a link to a root-only file, or by a file of
    someone else's: root must not copy it into an archive the facilitators read. A
    hand-in dated 1970 (the learner sets the time) is archived all the same."""
    made = create_accounts(3, prefix, layout, password=_passwords(9))
    l1, l2, l3 = (login for login, _ in made.learners)
    secret = layout.hub / "secret"
    secret.write_text("contenu réservé à root", encoding="utf-8")
    secret.chmod(0o600)
    for login in (l1, l2, l3):
        _hand_in_as(login, layout, tmp_path)
    kept = (layout.handins / l3 / HANDIN_FILE).read_bytes()
    os.utime(layout.handins / l3 / HANDIN_FILE, (0, 0))  # 1970: before what zip can date
    checked = _salle.room_handins

    def check_then_swap(*args: object, **kwargs: object) -> object:
        result = checked(*args, **kwargs)  # type: ignore[arg-type]
        swapped = layout.handins / l1 / HANDIN_FILE
        swapped.unlink()
        swapped.symlink_to(secret)
        os.lchown(swapped, pwd.getpwnam(l1).pw_uid, -1)
        planted = layout.handins / l2 / HANDIN_FILE
        planted.write_text("déposé par un autre", encoding="utf-8")
        os.chown(planted, 0, 0)
        return result

    monkeypatch.setattr(_salle, "room_handins", check_then_swap)
    closing = close_room(layout, now=lambda: datetime(2026, 12, 5, 18, 0))
    assert closing.archive is not None
    with zipfile.ZipFile(closing.archive) as bundle:
        assert bundle.namelist() == [f"{l3}/{HANDIN_FILE}"]
        assert bundle.read(f"{l3}/{HANDIN_FILE}") == kept
        assert all(b"root" not in bundle.read(name) for name in bundle.namelist())
        assert bundle.getinfo(f"{l3}/{HANDIN_FILE}").date_time == (1980, 1, 1, 0, 0, 0)
    assert closing.handins == 1


def test_the_room_checks_the_banks_once_for_everyone(room_python: Path) -> None:
    """``make salle`` leaves the checked form of every bank beside the prepared editions:
    a learner's kernel (here an account with no home to write to) loads a lesson's bank
    from it, with neither YAML nor JSON-schema imported."""
    from fabrique_course._paths import bank_names

    editions = room_python.parents[2] / "editions"  # <installation>/venv/bin/python
    forms = sorted(p.name.split("-")[0] for p in (editions / "banques").glob("*.json"))
    assert forms == bank_names()
    code = ("import sys; from fabrique_course import load_bank; "
            "b = load_bank('00_demarche'); "
            "print(len(b.questions), 'yaml' in sys.modules, 'jsonschema' in sys.modules)")
    done = as_user("nobody", room_python, code,
                   {"FABRIQUE_COURSE_EDITIONS": str(editions), "HOME": "/nonexistent"})
    assert done.returncode == 0, done.stderr
    count, yaml_loaded, schema_loaded = done.stdout.split()
    assert int(count) > 10
    assert (yaml_loaded, schema_loaded) == ("False", "False")
