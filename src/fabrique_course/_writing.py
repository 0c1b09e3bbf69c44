"""``ecrire(...)``: the text area of a writing task (« À vous ») in JupyterLab.

A lesson's writing task asks the learner to write (reformulate a problem, draft a
product sheet, prepare a post-mortem). ``ecrire("01_investigation", "a-vous-fiche",
"Votre fiche…")`` shows a labelled text area holding the last text saved for that task,
an « Enregistrer » button and a status line (a polite live region). Each save is kept in
the learner's progress store (never overwritten: the latest is shown, the others stay),
goes into the export, and is never sent anywhere. Without the widgets, the cell says how
to save a text with ``ecrire(..., texte="…")``. The « Une réponse possible » of the task
stays a folded ``<details>`` in the lesson's Markdown.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from ._errors import FabriqueError
from ._progress import Writing
from ._render import QUIZ_CSS, saved_when
from ._widgets import _CARD, Message, StoreFactory, _safe_store, live_status, widget_bundle

__all__ = ["WritingView", "ecrire"]

_AREA = widgets.Layout(width="100%", min_height="10em")
_LABEL_STYLE = TextStyle(description_width="initial")


class WritingView:
    """The text area of one writing task, its « Enregistrer » button and status line."""

    def __init__(self, notebook: str, task_id: str, instruction: str = "",
                 store_factory: StoreFactory = _safe_store) -> None:
        self.notebook, self.task_id = notebook, task_id
        self.instruction = instruction or "Votre texte"
        self._store_factory = store_factory
        last, problem = self._latest()
        self.saved = last.text if last else ""
        # Sent to the kernel when the area loses the focus (Tab, a click on « Enregistrer »),
        # not at each key: an echo of an older value never overwrites what is being typed,
        # and the save always comes after the last text.
        self.area = widgets.Textarea(
            value=self.saved, description=self.instruction, rows=8, layout=_AREA,
            style=_LABEL_STYLE, continuous_update=False,
            placeholder=("Écrivez ici ; « Enregistrer » garde ce texte dans votre espace de "
                         "travail."),
        )
        self.save_button = widgets.Button(description="Enregistrer", button_style="primary",
                                          tooltip="Enregistrer ce texte dans ma progression",
                                          layout=widgets.Layout(width="auto",
                                                                align_self="flex-start"))
        self.save_button.on_click(lambda _b: self.save())
        #: The last thing the status line said (plain text).
        self.message = problem or (f"Dernière version enregistrée {saved_when(last.created_at)}."
                                   if last else "")
        self.status = widgets.HTML(value=live_status(self.message), style=HTMLStyle())
        base = f"fc-ecrit-{notebook}-{task_id}".replace("_", "-")
        for widget, suffix in ((self.area, "texte"), (self.save_button, "enregistrer"),
                               (self.status, "statut")):
            widget.add_class(f"{base}-{suffix}")
        self.box = widgets.VBox([widgets.HTML(value=f"<style>{QUIZ_CSS}</style>"), self.area,
                                 self.save_button, self.status], layout=_CARD)
        self.box.add_class("fc-ecrire")
        self.box.add_class(base)

    def _latest(self) -> tuple[Writing | None, str]:
        store, problem = self._store_factory()
        if store is None:
            return None, problem
        try:
            return store.latest_writing(self.notebook, self.task_id), ""
        except FabriqueError as exc:
            return None, f"Votre texte précédent n'a pas pu être relu : {exc}"

    def _say(self, text: str) -> None:
        self.message = text
        self.status.value = live_status(text)

    def save(self, text: str | None = None, origin: str = "jupyter") -> Writing | None:
        """Keep the text of the area (or ``text``) as a new version; say what happened.
        Whatever goes wrong, the text stays in the area."""
        given = self.area.value if text is None else text
        if not given.strip():
            self._say("Rien à enregistrer : écrivez d'abord votre texte.")
            return None
        if given == self.saved:
            self._say("Ce texte est déjà enregistré.")
            return None
        store, problem = self._store_factory()
        if store is None:
            self._say(f"{problem} Votre texte reste dans la zone : copiez-le avant de fermer "
                      "le notebook.")
            return None
        try:
            kept = store.record_writing(self.notebook, self.task_id, given, origin=origin)
        except FabriqueError as exc:
            self._say(f"Votre texte n'a pas pu être enregistré : {exc}.")
            return None
        self.saved = given
        versions = sum(1 for w in store.writings(self.notebook) if w.task_id == self.task_id)
        before = ("." if versions == 1 else " ; la version précédente reste gardée."
                  if versions == 2 else f" ; les {versions - 1} versions précédentes restent "
                  "gardées.")
        self._say(f"Texte enregistré {saved_when(kept.created_at)}{before} Il reste sur "
                  "votre machine.")
        return kept

    def _fallback_text(self) -> str:
        lines = [f"Texte à écrire — {self.instruction}"]
        if self.saved:
            lines += ["Dernière version enregistrée :", self.saved]
        lines += ["", "Sans les widgets, enregistrez votre texte avec :",
                  f'ecrire("{self.notebook}", "{self.task_id}", texte="…votre texte…")']
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return widget_bundle(self.box, self._fallback_text(), "Cette zone de texte",
                             "enregistrez votre texte comme indiqué ci-dessous.",
                             "fc-ecrire-fallback", **kwargs)

    def __repr__(self) -> str:
        return self._fallback_text()


class _Saved:
    """What ``ecrire(..., texte=…)`` shows: the status of the save."""

    def __init__(self, message: str) -> None:
        self.message = message

    def _repr_html_(self) -> str:
        return f'<div role="status" lang="fr">{html.escape(self.message)}</div>'

    def __repr__(self) -> str:
        return self.message


def ecrire(notebook: str, task_id: str, consigne: str = "",
           texte: str | None = None) -> WritingView | _Saved | Message:
    """Affiche une zone de texte pour un exercice d'écriture « À vous » : écrivez votre
    réponse, puis cliquez sur « Enregistrer ». Chaque enregistrement est gardé dans votre
    espace de travail (le dernier est affiché, les précédents restent), compte dans votre
    progression et figure dans l'export de vos réponses ; rien n'est envoyé nulle part.
    Lisez ensuite « Une réponse possible », repliée sous l'exercice.

    Paramètres :
        notebook : le nom de la leçon, par exemple "00_demarche".
        task_id : l'identifiant de l'exercice d'écriture, par exemple "fil-rouge-exercice".
        consigne : ce qu'il faut écrire, en quelques mots (l'étiquette de la zone).
        texte : pour enregistrer un texte sans widgets ; sans lui, la zone s'affiche.

    Exemples :
        ecrire("00_demarche", "fil-rouge-exercice", "Votre reformulation du problème")
        ecrire("00_demarche", "fil-rouge-exercice", texte="Quand je perds un objet…")
    """
    if not (isinstance(notebook, str) and notebook and isinstance(task_id, str) and task_id):
        return Message("ecrire demande le nom de la leçon et l'identifiant de l'exercice, "
                       'par exemple ecrire("00_demarche", "fil-rouge-exercice").')
    view = WritingView(notebook, task_id, consigne)
    if texte is None:
        return view
    view.save(str(texte), origin="texte")
    return _Saved(view.message)
