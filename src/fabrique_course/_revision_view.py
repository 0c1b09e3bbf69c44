"""``revision()`` in a notebook: today's review session as live quiz widgets.

The session comes from the pure scheduler (:mod:`._revision`) over the learner's progress
store; the questions are the quiz widgets of :mod:`._widgets` (their answers are recorded
as progress like any other), each under a line saying why it is there (« manquée la
dernière fois », « à revoir aujourd'hui (boîte 2) »), after the plan of the next days.
The clock is read here, once, and handed to the scheduler.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

import ipywidgets as widgets

from ._banks import load_bank
from ._errors import FabriqueError
from ._render import question_text
from ._revision import (
    DEFAULT_SIZE,
    ReviewItem,
    Session,
    course_catalogue,
    in_days_words,
    opened_lessons,
    schedule,
)
from ._widgets import Message, QuizView, _safe_store, widget_bundle

__all__ = ["RevisionView", "revision", "session_lines"]

_NOTHING_YET = ("Rien à revoir pour l'instant : une question revient ici une fois que vous y "
                "avez répondu dans une leçon (les questions manquées d'abord, puis celles "
                "dont le jour de révision est venu).")


def _titles(items: Sequence[ReviewItem]) -> dict[str, str]:
    out = {}
    for notebook in {item.notebook for item in items}:
        try:
            out[notebook] = load_bank(notebook).title
        except FabriqueError:
            out[notebook] = notebook
    return out


def session_lines(session: Session) -> list[str]:
    """The French header of a session: what it holds, what stays for today, the plan;
    with nothing to review, when the next question is due."""
    missed = sum(1 for item in session.items if item.reason == "missed")
    due = len(session.items) - missed
    if not session.items:
        if not session.cards:
            return [_NOTHING_YET]
        lines = ["Rien à revoir aujourd'hui : toutes vos réponses sont justes et aucune "
                 "question n'est encore due."]
        if session.next_due is not None:
            lines.append(f"Prochaine question à revoir : {in_days_words(session.next_due)}.")
    else:
        parts = ([f"{missed} manquée(s) la dernière fois"] if missed else []) + (
            [f"{due} à revoir aujourd'hui"] if due else [])
        lines = [f"Séance de révision : {len(session.items)} question(s) "
                 f"({', '.join(parts)}), prises dans vos leçons à tour de rôle."]
        if session.left_today:
            lines.append(f"Encore {session.left_today} question(s) à revoir aujourd'hui "
                         "après cette séance : relancez revision() quand vous aurez fini.")
    if session.plan:
        lines.append(f"À venir : {session.plan_words()}.")
    return lines


class RevisionView:
    """A review session: its header, then each question under the reason it is there."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.lines = session_lines(session)
        self.questions = [load_bank(item.notebook).get(item.question_id)
                          for item in session.items]
        self.quiz = QuizView(self.questions) if self.questions else None
        titles = _titles(session.items)
        self.reasons = [f"{titles[item.notebook]} — {item.why()}" for item in session.items]
        header = "".join(f"<p>{html.escape(line)}</p>" for line in self.lines)
        children: list[widgets.Widget] = [widgets.HTML(
            value=f'<div class="fc-revision-entete" lang="fr"><h3>Révision espacée</h3>'
                  f"{header}</div>")]
        if self.quiz is not None:
            children.append(self.quiz.box.children[0])  # the quiz style sheet
            for reason, qw in zip(self.reasons, self.quiz.questions, strict=True):
                children.append(widgets.HTML(
                    value=f'<p class="fc-revision-raison" lang="fr"><strong>'
                          f"{html.escape(reason)}</strong></p>"))
                children.append(qw.box)
        self.box = widgets.VBox(children)
        self.box.add_class("fc-revision")

    def _text(self) -> str:
        parts = ["Révision espacée", *self.lines]
        if self.quiz is not None:
            for reason, qw in zip(self.reasons, self.quiz.questions, strict=True):
                parts += ["", reason, question_text(qw.question, qw.number)]
        return "\n".join(parts)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        if self.quiz is None:
            text = self._text()
            return {"text/plain": text,
                    "text/html": '<div class="fc-revision-entete" lang="fr" role="status">'
                                 "<h3>Révision espacée</h3>" + "".join(
                                     f"<p>{html.escape(line)}</p>" for line in self.lines)
                                 + "</div>"}
        return widget_bundle(self.box, self._text(), "Cette révision",
                             "répondez dans une cellule de code avec <code>repondre(...)</code>"
                             " comme indiqué ci-dessous.", **kwargs)

    def __repr__(self) -> str:
        return self._text()


def revision(n: int = DEFAULT_SIZE, maintenant: str | None = None) -> RevisionView | Message:
    """Affiche votre séance de révision espacée : au plus n questions déjà répondues dans
    vos leçons, d'abord celles que vous avez manquées, puis celles dont le jour de
    révision est venu, une leçon après l'autre ; et combien reviendront les jours suivants.

    Une bonne réponse fait monter la question d'une boîte (elle revient 1, 3, 7 puis 21
    jours plus tard) ; une mauvaise la renvoie en boîte 1, à revoir tout de suite. Vos
    réponses sont enregistrées comme celles des leçons.

    Paramètres :
        n : le nombre de questions de la séance (10 par défaut).
        maintenant : pour essayer, une autre date que l'heure actuelle, par exemple
            "2026-12-05T10:00:00Z".

    Exemples :
        revision()
        revision(5)
    """
    store, problem = _safe_store()
    if store is None:
        return Message(f"La révision ne peut pas s'afficher.\n{problem}")
    try:
        events = store.events()
        opened = opened_lessons(events, store.exercise_checks())
        now = maintenant if maintenant is not None else datetime.now(timezone.utc)
        session = schedule(events, course_catalogue(), now, n, opened)
        return RevisionView(session)
    except ValueError as exc:
        return Message(f"La révision ne peut pas s'afficher : {exc}")
    except FabriqueError as exc:
        return Message(f"La révision ne peut pas s'afficher.\n{exc}")
