"""``verifier(...)``: the check call of the impact exercises, as a notebook shows it.

The verdict is displayed as HTML (with a polite live region, so a screen reader reads
it) and as plain text for any other front end. When the environment variable
``FABRIQUE_COURSE_VERIFIER_STRICT`` is set (the test suite sets it), a verdict other
than « tout est juste » raises, so nbval fails if a source notebook's solution is wrong.
An exercise that cannot be built (a broken texts file in ``content/exercices/``, data
missing) shows a French message instead of a traceback, as a broken quiz bank does.
"""

from __future__ import annotations

import html
import os
from typing import Any

from .._errors import ExerciseNotSolvedError, FabriqueError
from .._render import QUIZ_CSS
from ._attempts import record_check
from ._engine import ExerciseResult, check, exercise

__all__ = ["result_html", "verifier"]

STRICT_ENV = "FABRIQUE_COURSE_VERIFIER_STRICT"
_STATE = {"correct": "correct", "partial": "partial", "incorrect": "incorrect",
          "incomplet": "unreadable"}


def result_html(result: ExerciseResult, note: str = "") -> str:
    """The verdict as an accessible HTML block (same look as the quizzes' feedback);
    ``note``: a French line said after it (the check could not be saved)."""
    marks = {"correct": "juste", "incorrect": "à revoir", "illisible": "illisible",
             "vide": "à compléter"}
    items = "".join(
        f'<li data-champ="{html.escape(v.key)}" data-etat="{v.status}"><strong>'
        f"{html.escape(v.label)}</strong> (<code>{html.escape(v.key)}</code>) : "
        f"{marks[v.status]}{'. ' + html.escape(v.message) if v.message else ''}</li>"
        for v in result.fields)
    extra = ("<p>Clés inconnues, ignorées : " + ", ".join(
        f"<code>{html.escape(k)}</code>" for k in result.extra_keys)
        + " (vérifiez l'orthographe des clés).</p>") if result.extra_keys else ""
    words = result.exercise.conclusion
    conclusion = (f'<div class="fc-explanation"><p><strong>Pour retenir</strong></p><p>'
                  f"{html.escape(words[:1].upper() + words[1:])}</p></div>"
                  if result.correct else "")
    state = _STATE[result.status]
    return (f"<style>{QUIZ_CSS}</style>"
            f'<div class="fc-exercice" lang="fr" data-exercice="{html.escape(result.exercise.id)}">'
            f'<div role="status" aria-live="polite" class="fc-feedback fc-{state}" '
            f'data-state="{state}"><p><strong>{html.escape(result.exercise.title)} — '
            f"{html.escape(result.headline)}</strong></p><ul>{items}</ul>{extra}"
            f"{conclusion}{f'<p>{html.escape(note)}</p>' if note else ''}</div></div>")


class _Problem:
    """An exercise that cannot be checked: what is wrong, in French (text and HTML)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        body = "<br>".join(html.escape(line) for line in self.text.splitlines())
        return {"text/plain": self.text,
                "text/html": f'<div class="fc-message fc-erreur" role="alert" lang="fr">'
                             f"<strong>Problème :</strong> {body}</div>"}

    def __repr__(self) -> str:
        return self.text


def _show(shown: _Verdict | _Problem) -> None:
    try:
        from IPython.display import display

        display(shown)  # type: ignore[no-untyped-call]
    except ImportError:  # pragma: no cover - plain Python without IPython
        print(repr(shown))


class _Verdict:
    """Display wrapper: HTML in JupyterLab, text elsewhere."""

    def __init__(self, result: ExerciseResult, note: str = "") -> None:
        self.result, self.note = result, note

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": repr(self), "text/html": result_html(self.result, self.note)}

    def __repr__(self) -> str:
        return "\n".join(self.result.lines() + ([self.note] if self.note else []))


def verifier(exercice: str, reponse: Any = ...) -> None:
    """Vérifie la réponse à l'exercice ``exercice`` et affiche un retour détaillé.

    ``reponse`` est le dictionnaire de la cellule à compléter. Les valeurs laissées à
    ``...`` sont signalées « à compléter », sans erreur. Chaque vérification où une
    valeur au moins a pu être lue est enregistrée dans votre progression, comme une
    réponse à un quiz (voir ``progress()``). (En Python, le verdict
    détaillé s'obtient avec ``fabrique_course.exercises._engine.check``.)
    """
    try:
        ex = exercise(exercice)
    except FabriqueError as exc:
        if os.environ.get(STRICT_ENV):
            raise
        _show(_Problem(f"L'exercice ne peut pas être vérifié.\n{exc}"))
        return None
    result = check(ex, reponse)
    _show(_Verdict(result, record_check(result, reponse, "code")))
    if os.environ.get(STRICT_ENV) and not result.correct:
        raise ExerciseNotSolvedError("\n".join(result.lines()))
    return None
