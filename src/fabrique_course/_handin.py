"""``rendre()``: hand one's answers in to the facilitator, in a room on JupyterHub.

In a room installed from ``deploy/jupyterhub/`` (see ``docs/salle-jupyterhub.md``), the
hub tells each learner's server two things: who the learner is (``JUPYTERHUB_USER``, set
by JupyterHub) and where the room keeps its data (``FABRIQUE_SALLE_DONNEES``, set by the
room's configuration). The learner's hand-in folder is ``<données>/rendus/<identifiant>/``:
created by ``fabrique-course salle comptes``, owned by the learner's own system account,
readable by the facilitators' group only. Handing in writes the export of the learner's
progress (quiz answers and impact-exercise checks, not the free texts) there as
``reponses.json``, atomically: a new hand-in replaces the previous one, and a reader never
sees half a file. The operating system, not this code, keeps a learner from writing in
another's folder or reading it.

``rendre()`` shows the consent text and the « Rendre mes réponses à l'animateur » button;
``rendre(confirmer=True)`` hands in at once (for scripts). Off a hub, it says how to hand
in a file instead. Nothing leaves the machine: the hand-in folder is on the hub's server.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from ._errors import FabriqueError
from ._progress import ProgressStore
from ._render import QUIZ_CSS
from ._widgets import _CARD, Message, StoreFactory, _safe_store, live_status, widget_bundle

__all__ = [
    "DATA_ENV",
    "DEFAULT_DATA",
    "HANDINS",
    "HANDIN_FILE",
    "HandIn",
    "HandInView",
    "hand_in",
    "handin_folder",
    "rendre",
]

#: The environment variable naming the room's data folder, and its default.
DATA_ENV = "FABRIQUE_SALLE_DONNEES"
DEFAULT_DATA = "/srv/fabrique-course"
#: The hand-ins live in ``<données>/rendus/<identifiant>/reponses.json``.
HANDINS = "rendus"
HANDIN_FILE = "reponses.json"
#: Owner reads and writes, the facilitators' group (the folder's, set-group-id) reads.
HANDIN_MODE = 0o640

_OFF_HUB = ("Ce bouton sert dans une salle installée sur JupyterHub : vos réponses y vont "
            "directement à l'animateur ou l'animatrice. Ici, transmettez-les dans un "
            "fichier : ouvrez un terminal (menu Fichier › Nouveau › Terminal) et tapez "
            "« fabrique-course progression --export mes-reponses.json », puis remettez ce "
            "fichier comme on vous l'indique. Sur le site hors ligne, le bouton « Télécharger "
            "mes réponses » fait de même.")


def handin_folder(environ: dict[str, str] | None = None) -> Path | None:
    """This learner's hand-in folder on the room's hub, or None off a hub."""
    env = os.environ if environ is None else environ
    user = env.get("JUPYTERHUB_USER", "")
    data = env.get(DATA_ENV, "")
    if not user or not data or "/" in user or user in (".", ".."):
        return None
    return Path(data) / HANDINS / user


@dataclass(frozen=True)
class HandIn:
    """What a hand-in wrote: the file, and how many answers and checks it holds."""

    path: Path
    answers: int
    checks: int

    def message(self) -> str:
        return (f"Réponses rendues à l'animateur ou l'animatrice : {self.answers} réponse(s) "
                f"aux quiz et {self.checks} vérification(s) d'exercice d'impact. Un nouveau "
                "rendu remplacera celui-ci.")


def hand_in(store: ProgressStore, folder: Path) -> HandIn:
    """Write the export of ``store`` (without the free texts) as ``folder/reponses.json``,
    replacing any previous hand-in atomically. French :class:`FabriqueError` when the folder
    is missing or not writable; the progress store is never touched."""
    document: dict[str, Any] = store.export()
    document.pop("writings", None)  # the free texts stay on the learner's side
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        is_folder = stat.S_ISDIR(folder.stat().st_mode)
    except FileNotFoundError:
        is_folder = False
    except OSError as exc:  # a data folder this account cannot cross, a loop…
        raise FabriqueError(f"impossible d'atteindre le dossier de remise {folder} "
                            f"({exc.strerror or exc})") from exc
    if not is_folder:
        raise FabriqueError(
            f"le dossier de remise {folder} n'existe pas : demandez à l'animateur ou "
            "l'animatrice de créer votre compte avec « fabrique-course salle comptes »")
    tmp = folder / f".{HANDIN_FILE}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, HANDIN_MODE)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, HANDIN_MODE)  # whatever the umask
        os.replace(tmp, folder / HANDIN_FILE)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise FabriqueError(f"impossible d'écrire dans le dossier de remise {folder} "
                            f"({exc.strerror or exc})") from exc
    return HandIn(folder / HANDIN_FILE, len(document["events"]), len(document["exercises"]))


_CONSENT = (
    "<p>En cliquant sur « Rendre mes réponses à l'animateur », vous déposez une copie de "
    "vos réponses aux quiz et de vos vérifications d'exercices d'impact, pour tout le "
    "parcours, dans votre dossier de remise sur le serveur de la salle. Seuls l'animateur "
    "ou l'animatrice peuvent la lire ; le tableau de bord de la classe l'affiche sous "
    "pseudonyme. Vos textes libres (« À vous ») ne sont pas transmis. Vous pouvez rendre "
    "à nouveau à tout moment : la nouvelle copie remplace l'ancienne.</p>")


def _read_store() -> tuple[ProgressStore | None, str]:
    return _safe_store("Vos réponses n'ont pas pu être lues")


class HandInView:
    """The consent text, the « Rendre mes réponses à l'animateur » button, a status line."""

    def __init__(self, folder: Path, store_factory: StoreFactory = _read_store) -> None:
        self.folder = folder
        self._store_factory = store_factory
        #: The last thing the status line said (plain text).
        self.message = ""
        self.button = widgets.Button(description="Rendre mes réponses à l'animateur",
                                     button_style="primary", icon="paper-plane",
                                     tooltip="Déposer une copie de mes réponses dans mon "
                                             "dossier de remise",
                                     layout=widgets.Layout(width="auto",
                                                           align_self="flex-start"))
        self.button.on_click(lambda _b: self.submit())
        self.status = widgets.HTML(value=live_status(""), style=HTMLStyle())
        self.button.add_class("fc-rendre-bouton")
        self.status.add_class("fc-rendre-statut")
        self.box = widgets.VBox([widgets.HTML(value=f"<style>{QUIZ_CSS}</style>{_CONSENT}"),
                                 self.button, self.status], layout=_CARD)
        self.box.add_class("fc-rendre")

    def submit(self) -> HandIn | None:
        """Hand in now; say what happened in the status line."""
        store, problem = self._store_factory()
        if store is None:
            self._say(problem)
            return None
        try:
            done = hand_in(store, self.folder)
        except FabriqueError as exc:
            self._say(f"Rendu impossible : {exc}. Vos réponses restent dans votre espace.")
            return None
        self._say(done.message())
        return done

    def _say(self, text: str) -> None:
        self.message = text
        self.status.value = live_status(text)

    def _fallback_text(self) -> str:
        return ("Rendre mes réponses à l'animateur : sans les widgets, tapez "
                "rendre(confirmer=True) dans une cellule pour déposer vos réponses.")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return widget_bundle(self.box, self._fallback_text(), "Le bouton de remise",
                             "tapez <code>rendre(confirmer=True)</code> dans une cellule.",
                             "fc-rendre-fallback", **kwargs)

    def __repr__(self) -> str:
        return self._fallback_text()


def rendre(confirmer: bool = False) -> HandInView | Message:
    """Rend vos réponses à l'animateur ou l'animatrice de la salle (sur JupyterHub).

    Sans paramètre, affiche ce qui sera transmis et le bouton « Rendre mes réponses à
    l'animateur » : rien ne part avant votre clic. Vos réponses aux quiz et vos
    vérifications d'exercices d'impact sont déposées dans votre dossier de remise, sur le
    serveur de la salle ; vos textes libres restent chez vous. Rendre à nouveau remplace
    la copie précédente. Hors d'une salle JupyterHub, explique comment transmettre un
    fichier.

    Paramètres :
        confirmer : True pour rendre tout de suite, sans bouton (dans un script).

    Exemples :
        rendre()
        rendre(confirmer=True)
    """
    folder = handin_folder()
    if folder is None:
        return Message(_OFF_HUB, kind="info")
    view = HandInView(folder)
    if not confirmer:
        return view
    done = view.submit()
    return Message(view.message, kind="info" if done else "erreur")
