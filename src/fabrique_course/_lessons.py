"""The lessons of the course: the phases as the course counts them, each lesson's metadata
(``fabrique_course`` in the notebook), and the navigation cells written from them.

Pure: reads notebook JSON, imports nothing heavier than the standard library.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import UnknownLessonError
from ._paths import notebooks_dir

__all__ = ["HOME", "PHASES", "Lesson", "lessons", "navigation_markdown", "select_lessons"]

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
    #: The impact exercises of the lesson, in the order it shows them (their ids).
    exercises: tuple[str, ...] = ()

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
                              str(info.get("summary", "")),
                              tuple(str(e) for e in info.get("exercises", ()))))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a lesson notebook (or unreadable): not on the map
    return sorted(out, key=lambda lesson: (lesson.phase, lesson.name))


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


def select_lessons(selection: str | Sequence[str] | None,
                   available: list[Lesson] | None = None) -> list[Lesson]:
    """The lessons a facilitator names, the one rule of the agenda, the slides and the CLI:
    « 00,01,02 » or « 02_conception » (numbers or full names, comma-separated or as a
    list), in the order given; all lessons when nothing is named."""
    available = lessons() if available is None else available
    if not selection:
        return list(available)
    wanted = selection.split(",") if isinstance(selection, str) else list(selection)
    chosen: list[Lesson] = []
    for raw in (w.strip() for w in wanted):
        if not raw:
            continue
        match = [lesson for lesson in available
                 if lesson.name == raw or lesson.name.split("_")[0] == raw.zfill(2)]
        if not match:
            raise UnknownLessonError(f"leçon inconnue : « {raw} » (leçons : "
                                     + ", ".join(lesson.name for lesson in available)
                                     + " ; par exemple 00 ou 02_conception)")
        chosen += [lesson for lesson in match if lesson not in chosen]
    return chosen
