"""The course map shown on the home notebook: lessons in order, minutes, progress, next step."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._content import notebooks_dir
from ._errors import FabriqueError
from ._report import NotebookSummary, summarise_notebooks
from ._workspace import find_workspace, open_store

__all__ = ["PHASES", "Lesson", "Sommaire", "lessons", "navigation_markdown", "sommaire"]

#: The steps of the method as the course counts them (lesson number, name).
PHASES: tuple[tuple[int, str], ...] = (
    (0, "Démarche"),
    (1, "Investigation"),
    (2, "Conception"),
    (3, "Construction"),
    (4, "Accélération"),
    (5, "Pérennisation"),
)
HOME = "accueil.ipynb"


@dataclass(frozen=True)
class Lesson:
    """One lesson notebook, as described by its ``fabrique_course`` metadata."""

    name: str
    phase: int
    title: str
    teaching_minutes: int
    exercise_minutes: int
    summary: str = ""

    @property
    def minutes(self) -> int:
        """Teaching plus exercise minutes."""
        return self.teaching_minutes + self.exercise_minutes


def lessons(folder: Path | None = None) -> list[Lesson]:
    """The lesson notebooks of ``folder`` (default: the source notebooks), in phase order."""
    out = []
    for path in sorted((folder or notebooks_dir()).glob("[0-9][0-9]*.ipynb")):
        try:
            meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["metadata"]
            info = meta["fabrique_course"]
            out.append(Lesson(path.stem, int(info["phase"]), str(info["title"]),
                              int(info["teaching_minutes"]), int(info["exercise_minutes"]),
                              str(info.get("summary", ""))))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a lesson notebook (or unreadable): not on the map
    return sorted(out, key=lambda lesson: (lesson.phase, lesson.name))


class Sommaire:
    """HTML course map with progress; plain-text fallback."""

    def __init__(self) -> None:
        self.lessons = lessons()
        self.problem = ""
        summaries: list[NotebookSummary] = []
        try:
            summaries = summarise_notebooks(None, open_store().events())
        except FabriqueError as exc:
            self.problem = f"Progression indisponible : {exc}"
        self.by_name = {s.notebook: s for s in summaries}
        self.workspace = find_workspace()

    def _state(self, lesson: Lesson) -> str:
        s = self.by_name.get(lesson.name)
        if s is None or s.total == 0:
            return "pas de quiz"
        if s.answered == 0:
            return "pas encore commencé"
        return f"{s.answered}/{s.total} questions répondues, {s.right} justes"

    def next_lesson(self) -> Lesson | None:
        """The first lesson whose questions are not all answered."""
        for lesson in self.lessons:
            s = self.by_name.get(lesson.name)
            if s is not None and s.answered < s.total:
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
                  "<p><strong>Toutes les questions ont une réponse.</strong> Revoyez celles "
                  "marquées « à revoir » dans chaque leçon.</p>")
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
                     else "Toutes les questions ont une réponse.")
        if self.problem:
            lines.append(self.problem)
        return "\n".join(lines)


def sommaire() -> Sommaire:
    """The course map with the learner's progress, for the home notebook."""
    return Sommaire()


def navigation_markdown(current: Lesson, available: list[Lesson], where: str) -> str:
    """Markdown of the navigation cell at the top (``where="haut"``) or bottom of a lesson.

    Says which lesson of the course this is (its two-digit number, as everywhere in the
    course), links every published lesson, the previous and next lessons, and the course
    home; the last lesson says the course ends there.
    """
    by_phase = {lesson.phase: lesson for lesson in available}
    steps = []
    for phase, name in PHASES:
        if phase == current.phase:
            steps.append(f"**{name}**")
        elif phase in by_phase:
            steps.append(f"[{name}]({by_phase[phase].name}.ipynb)")
        else:
            steps.append(name)
    name = next(name for phase, name in PHASES if phase == current.phase)
    index = available.index(current)
    previous = available[index - 1] if index > 0 else None
    following = available[index + 1] if index + 1 < len(available) else None
    home = f"[Accueil du parcours]({HOME})"
    links = [home]
    if previous:
        links.append(f"Précédent : [{previous.title}]({previous.name}.ipynb)")
    if following:
        links.append(f"Suivant : [{following.title}]({following.name}.ipynb)")
    elif current.phase == PHASES[-1][0]:
        links.append("C'est la dernière leçon : **fin du parcours**")
    else:
        links.append("Suivant : la leçon suivante n'est pas encore publiée")
    chain = " → ".join(steps)
    number = f"{current.phase:02d}"
    if where == "haut":
        return f"**Leçon {number} · {name}** — le parcours : {chain}  \n" + " · ".join(links)
    return f"**Fin de la leçon {number}.** " + " · ".join(links)
