"""``rendre()``: the hand-in folder of a room's learner, the atomic hand-in (the export
without the free texts, mode 0640 whatever the umask, a new hand-in replacing the old one),
the French errors, the button view and the off-hub message. The operating system's part
(who may read or write which folder) is tested with real accounts in
``tests/facilitation/test_salle.py``."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from fabrique_course._errors import FabriqueError
from fabrique_course._handin import (
    DATA_ENV,
    HANDIN_FILE,
    HANDIN_MODE,
    HandInView,
    hand_in,
    handin_folder,
    rendre,
)
from fabrique_course._progress import ProgressStore
from fabrique_course._widgets import Message

NOBODY = 65534


def _store(path: Path, *, writing: bool = True) -> ProgressStore:
    """A store with two quiz answers, one exercise check and (by default) a free text."""
    store = ProgressStore(path)
    store.record("00_demarche", "q1", ["a", "b"], "partial", 0.5)
    store.record("00_demarche", "q1", ["a"], "correct", 1.0)
    store.record_exercise("01_investigation", "01_dimensionner", {"objets_par_an": 1896},
                          {"objets_par_an": {"status": "correct", "mistake": ""}},
                          "correct", 1.0)
    if writing:
        store.record_writing("00_demarche", "fil-rouge-exercice", "Mon texte très personnel")
    return store


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder every account can cross (pytest's tmp_path is 0700 under root)."""
    path = Path(tempfile.mkdtemp(prefix="fc-rendu-", dir="/var/tmp"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------- the folder

def test_handin_folder_is_none_off_a_hub() -> None:
    """Without JUPYTERHUB_USER and the room's data folder, there is no hand-in folder."""
    assert handin_folder({}) is None
    assert handin_folder({"JUPYTERHUB_USER": "apprenant01"}) is None
    assert handin_folder({DATA_ENV: "/srv/fabrique-course"}) is None
    assert handin_folder({"JUPYTERHUB_USER": "", DATA_ENV: "/srv/fabrique-course"}) is None


def test_handin_folder_on_a_hub_is_the_learners_folder() -> None:
    """On a room's hub: ``<données>/rendus/<identifiant>``."""
    env = {"JUPYTERHUB_USER": "apprenant07", DATA_ENV: "/srv/fabrique-course"}
    assert handin_folder(env) == Path("/srv/fabrique-course/rendus/apprenant07")


@pytest.mark.parametrize("user", ["../animateur", "a/b", "/etc", "..", "."])
def test_handin_folder_refuses_a_name_that_leaves_the_folder(user: str) -> None:
    """A user name with « / », or « . » / « .. », never names a folder elsewhere."""
    assert handin_folder({"JUPYTERHUB_USER": user, DATA_ENV: "/srv/fabrique-course"}) is None


def test_handin_folder_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an argument, the process's environment is read."""
    monkeypatch.setenv("JUPYTERHUB_USER", "apprenant02")
    monkeypatch.setenv(DATA_ENV, "/var/salle")
    assert handin_folder() == Path("/var/salle/rendus/apprenant02")
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert handin_folder() is None


# --------------------------------------------------------------------------- hand_in

def test_hand_in_writes_the_export_without_the_free_texts(tmp_path: Path) -> None:
    """The file is the progress export (format, version, learner, answers, checks) and the
    free texts stay on the learner's side, even though one was saved."""
    store = _store(tmp_path / "p.sqlite3")
    assert "writings" in store.export()  # the store has a text: the hand-in must drop it
    folder = tmp_path / "rendu"
    folder.mkdir()
    done = hand_in(store, folder)
    assert done.path == folder / HANDIN_FILE
    assert (done.answers, done.checks) == (2, 1)
    raw = done.path.read_bytes()
    document = json.loads(raw.decode("utf-8"))
    assert {"format", "version", "learner_id", "events", "exercises"} <= set(document)
    assert "writings" not in document
    assert "Mon texte très personnel" not in raw.decode("utf-8")
    assert document["learner_id"] == store.learner_id
    assert [e["question_id"] for e in document["events"]] == ["q1", "q1"]
    assert document["exercises"][0]["exercise_id"] == "01_dimensionner"
    assert document["format"] == store.export()["format"]
    assert document["version"] == store.export()["version"]


@pytest.mark.parametrize("mask", [0o000, 0o022, 0o077])
def test_hand_in_mode_is_0640_whatever_the_umask(tmp_path: Path, mask: int) -> None:
    """Owner reads and writes, the group reads, others nothing — under any umask."""
    store = _store(tmp_path / "p.sqlite3")
    folder = tmp_path / "rendu"
    folder.mkdir()
    with _umask(mask):
        done = hand_in(store, folder)
        assert stat.S_IMODE(done.path.stat().st_mode) == 0o640 == HANDIN_MODE
        again = hand_in(store, folder)  # replacing keeps the mode too
        assert stat.S_IMODE(again.path.stat().st_mode) == 0o640


def test_a_new_hand_in_replaces_the_previous_one(tmp_path: Path) -> None:
    """The second hand-in wins, and no temporary file is left in the folder."""
    store = _store(tmp_path / "p.sqlite3", writing=False)
    folder = tmp_path / "rendu"
    folder.mkdir()
    first = hand_in(store, folder)
    before = first.path.read_bytes()
    store.record("02_conception", "q9", "12,5", "incorrect", 0.0)
    second = hand_in(store, folder)
    after = second.path.read_bytes()
    assert before != after
    assert second.answers == 3
    assert [e["question_id"] for e in json.loads(after)["events"]][-1] == "q9"
    assert sorted(p.name for p in folder.iterdir()) == [HANDIN_FILE]


def test_hand_in_into_a_missing_folder_is_a_french_error(tmp_path: Path) -> None:
    """No folder (the account was not created by ``salle comptes``): a French error that
    says what to ask, and nothing is created."""
    store = _store(tmp_path / "p.sqlite3")
    folder = tmp_path / "absent"
    with pytest.raises(FabriqueError, match=r"n'existe pas.*salle comptes"):
        hand_in(store, folder)
    assert not folder.exists()


def test_hand_in_into_a_file_is_a_french_error(tmp_path: Path) -> None:
    """A hand-in « folder » that is a file is refused the same way, and left alone."""
    store = _store(tmp_path / "p.sqlite3")
    folder = tmp_path / "un-fichier"
    folder.write_text("pas un dossier", encoding="utf-8")
    with pytest.raises(FabriqueError, match="n'existe pas"):
        hand_in(store, folder)
    assert folder.read_text(encoding="utf-8") == "pas un dossier"


def test_a_failed_write_is_a_french_error_and_leaves_no_temporary_file(
        tmp_path: Path) -> None:
    """When the final name cannot be replaced (here a non-empty folder holds it), the error
    is French and the temporary file is removed."""
    store = _store(tmp_path / "p.sqlite3")
    folder = tmp_path / "rendu"
    (folder / HANDIN_FILE / "bloque").mkdir(parents=True)
    with pytest.raises(FabriqueError, match="impossible d'écrire dans le dossier de remise"):
        hand_in(store, folder)
    assert sorted(p.name for p in folder.iterdir()) == [HANDIN_FILE]


class _Frozen:
    """A store stand-in whose export was taken beforehand (so that ``hand_in`` needs no
    database while it runs under another user id)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def export(self) -> dict[str, Any]:
        return dict(self.document)


@contextlib.contextmanager
def _unprivileged() -> Iterator[None]:
    """Run the block as the account nobody when root (else as oneself)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_hand_in_into_a_folder_one_cannot_write_is_a_french_error(
        tmp_path: Path, shared_dir: Path) -> None:
    """Another's folder (here root's, mode 0755, written as nobody): the system refuses,
    the error is French and names the cause; nothing is written."""
    store = cast(ProgressStore, _Frozen(_store(tmp_path / "p.sqlite3").export()))
    folder = shared_dir / "rendu-d-un-autre"
    folder.mkdir()
    folder.chmod(0o755 if os.geteuid() == 0 else 0o555)
    try:
        with _unprivileged(), pytest.raises(FabriqueError) as caught:
            hand_in(store, folder)
    finally:
        folder.chmod(0o755)
    message = str(caught.value)
    assert "impossible d'écrire dans le dossier de remise" in message
    assert "Permission denied" in message or "Permission non accordée" in message
    assert list(folder.iterdir()) == []


def test_hand_in_behind_a_closed_folder_is_a_french_error(
        tmp_path: Path, shared_dir: Path) -> None:
    """A hand-in folder inside a folder one cannot cross (a misconfigured data folder) is
    a French error too, not a raw PermissionError."""
    if os.geteuid() != 0:
        pytest.skip("il faut root pour changer d'identité le temps du test")
    store = cast(ProgressStore, _Frozen(_store(tmp_path / "p.sqlite3").export()))
    closed = shared_dir / "ferme"
    (closed / "rendu").mkdir(parents=True)
    closed.chmod(0o700)
    with _unprivileged(), pytest.raises(FabriqueError,
                                        match=r"impossible d'atteindre.*Permission"):
        hand_in(store, closed / "rendu")
    assert list((closed / "rendu").iterdir()) == []


# --------------------------------------------------------------------------- rendre()

def test_rendre_off_a_hub_explains_the_file_export(monkeypatch: pytest.MonkeyPatch) -> None:
    """Off a room's hub, ``rendre()`` says how to hand a file in instead."""
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv(DATA_ENV, raising=False)
    for shown in (rendre(), rendre(confirmer=True)):
        assert isinstance(shown, Message)
        assert shown.kind == "info"
        assert "fabrique-course progression --export" in shown.text


def test_rendre_on_a_hub_shows_the_button_then_hands_in_when_confirmed(
        tmp_path: Path, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a hub, ``rendre()`` shows the consent and the button and writes nothing;
    ``rendre(confirmer=True)`` hands in at once and says so."""
    data = tmp_path / "donnees"
    folder = data / "rendus" / "apprenant01"
    folder.mkdir(parents=True)
    monkeypatch.setenv("JUPYTERHUB_USER", "apprenant01")
    monkeypatch.setenv(DATA_ENV, str(data))
    _store(workspace / ".progression" / "progression.sqlite3")
    view = rendre()
    assert isinstance(view, HandInView)
    assert view.button.description == "Rendre mes réponses à l'animateur"
    assert list(folder.iterdir()) == []
    done = rendre(confirmer=True)
    assert isinstance(done, Message)
    assert done.kind == "info"
    assert "Réponses rendues" in done.text
    assert "writings" not in json.loads((folder / HANDIN_FILE).read_text(encoding="utf-8"))


def test_rendre_confirmed_without_a_folder_is_a_french_message(
        tmp_path: Path, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a hub whose hand-in folder is missing: a French message, no exception."""
    monkeypatch.setenv("JUPYTERHUB_USER", "apprenant01")
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "donnees"))
    shown = rendre(confirmer=True)
    assert isinstance(shown, Message)
    assert shown.kind == "erreur"
    assert shown.text.startswith("Rendu impossible : ")
    assert "Vos réponses restent dans votre espace" in shown.text


# --------------------------------------------------------------------------- the view

def test_the_button_hands_in_and_says_how_much(tmp_path: Path) -> None:
    """``submit()`` (the button's action) writes the file; the status line, announced to
    screen readers, says « Réponses rendues » with the counts."""
    store = _store(tmp_path / "p.sqlite3")
    folder = tmp_path / "rendu"
    folder.mkdir()
    view = HandInView(folder, store_factory=lambda: (store, ""))
    assert "Vos textes libres" in view.box.children[0].value
    done = view.submit()
    assert done is not None
    assert (folder / HANDIN_FILE).is_file()
    assert "Réponses rendues" in view.message
    assert "2 réponse(s)" in view.message
    assert "1 vérification(s)" in view.message
    assert 'aria-live="polite"' in view.status.value
    assert "Réponses rendues" in view.status.value
    view.button.click()  # the button does the same
    assert "Réponses rendues" in view.message


def test_the_button_with_an_unreadable_store_says_so_in_french(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store that cannot be opened: a French status line, and nothing is written."""
    import fabrique_course._workspace as workspace_module

    def locked() -> ProgressStore:
        raise FabriqueError("la base est verrouillée")

    monkeypatch.setattr(workspace_module, "open_store", locked)
    folder = tmp_path / "rendu"
    folder.mkdir()
    view = HandInView(folder)
    assert view.submit() is None
    assert view.message == "Vos réponses n'ont pas pu être lues : la base est verrouillée"
    assert list(folder.iterdir()) == []


def test_the_button_without_a_folder_says_so_in_french(tmp_path: Path) -> None:
    """A missing hand-in folder: « Rendu impossible », the answers stay where they are."""
    store = _store(tmp_path / "p.sqlite3")
    view = HandInView(tmp_path / "absent", store_factory=lambda: (store, ""))
    assert view.submit() is None
    assert view.message.startswith("Rendu impossible : le dossier de remise")
    assert view.message.endswith("Vos réponses restent dans votre espace.")
    assert len(store.events()) == 2
