"""The course map shown on the home notebook: lessons in order, minutes, progress, next step."""

from __future__ import annotations

import html

from ._errors import FabriqueError
from ._lessons import Lesson, lessons
from ._report import NotebookSummary, summarise_notebooks
from ._workspace import find_workspace, open_store

__all__ = ["Sommaire", "sommaire"]


class Sommaire:
    """HTML course map with progress; plain-text fallback."""

    def __init__(self) -> None:
        self.lessons = lessons()
        self.problem = ""
        summaries: list[NotebookSummary] = []
        try:
            store = open_store()
            summaries = summarise_notebooks(None, store.events(), store.exercise_checks())
        except FabriqueError as exc:
            self.problem = f"Progression indisponible : {exc}"
        self.by_name = {s.notebook: s for s in summaries}
        self.workspace = find_workspace()

    def _state(self, lesson: Lesson) -> str:
        s = self.by_name.get(lesson.name)
        if s is None or s.total == 0:
            return "pas de quiz"
        if s.exercises:
            done = f" ; exercices d'impact : {s.exercises_right}/{len(s.exercises)} justes"
        else:
            done = ""
        if s.answered == 0 and len(s.exercises_not_done) == len(s.exercises):
            return "pas encore commencé"
        return f"{s.answered}/{s.total} questions répondues, {s.right} justes{done}"

    def next_lesson(self) -> Lesson | None:
        """The first lesson with a question not answered or an exercise never checked."""
        for lesson in self.lessons:
            s = self.by_name.get(lesson.name)
            if s is not None and (s.answered < s.total or s.exercises_not_done):
                return lesson
        return None

    def _repr_html_(self) -> str:
        rows = []
        for lesson in self.lessons:
            rows.append(
                f'<tr><td>{lesson.phase}</td><td><a href="{html.escape(lesson.name)}.ipynb">'
                f"{html.escape(lesson.title)}</a></td><td>{lesson.teaching_minutes} + "
                f"{lesson.exercise_minutes} min</td><td>{html.escape(self._state(lesson))}"
                "</td></tr>"
            )
        total = sum(lesson.minutes for lesson in self.lessons)
        nxt = self.next_lesson()
        advice = (f'<p><strong>Prochaine étape :</strong> <a href="{html.escape(nxt.name)}'
                  f'.ipynb">{html.escape(nxt.title)}</a></p>' if nxt else
                  "<p><strong>Toutes les questions ont une réponse et tous les exercices "
                  "ont été vérifiés.</strong> Revoyez ce qui est marqué « à revoir » dans "
                  "chaque leçon.</p>")
        note = f"<p>{html.escape(self.problem)}</p>" if self.problem else ""
        return (
            '<div class="fc-sommaire" lang="fr"><table><caption>Les leçons du parcours '
            f"({total} minutes en tout)</caption><thead><tr><th scope=\"col\">Phase</th>"
            '<th scope="col">Leçon</th><th scope="col">Durée (cours + exercices)</th>'
            '<th scope="col">Votre progression</th></tr></thead><tbody>'
            + "".join(rows) + f"</tbody></table>{advice}{note}</div>"
        )

    def __repr__(self) -> str:
        lines = [f"{lesson.phase}. {lesson.title} ({lesson.name}.ipynb) — "
                 f"{lesson.teaching_minutes} + {lesson.exercise_minutes} min — "
                 f"{self._state(lesson)}" for lesson in self.lessons]
        nxt = self.next_lesson()
        lines.append(f"Prochaine étape : {nxt.title} ({nxt.name}.ipynb)" if nxt
                     else "Toutes les questions ont une réponse et tous les exercices "
                          "ont été vérifiés.")
        if self.problem:
            lines.append(self.problem)
        return "\n".join(lines)


def sommaire() -> Sommaire:
    """Affiche la carte du parcours : les leçons dans l'ordre, leur durée, votre
    progression et la prochaine étape.

    Exemple :
        sommaire()
    """
    return Sommaire()
