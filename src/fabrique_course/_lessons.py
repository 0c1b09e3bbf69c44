"""The lessons of the course: the phases as the course counts them, each lesson's metadata
(``fabrique_course`` in the notebook), and the navigation cells written from them.

Pure: reads notebook JSON, imports nothing heavier than the standard library.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ._errors import UnknownLessonError
from ._paths import notebooks_dir

__all__ = ["HOME", "PHASES", "Lesson", "lesson", "lessons", "navigation_markdown", "select_lessons"]

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


class Lesson(NamedTuple):
    """One lesson notebook, as described by its ``fabrique_course`` metadata."""

    name: str
    phase: int
    title: str
    teaching_minutes: int
    exercise_minutes: int
    summary: str = ""
    #: The impact exercises of the lesson, in the order it shows them (their ids).
    exercises: tuple[str, ...] = ()
    #: The quiz questions of the lesson's page, in the order the page shows (and numbers)
    #: them, as « bank/id » keys (« bank/* » for a whole bank asked at once); read from
    #: its literal ``quiz(...)`` calls, facilitator cells left out as in the learner edition.
    questions: tuple[str, ...] = ()
    #: The lesson's writing tasks (« À vous »), in order: (task id, short instruction),
    #: read from its literal ``ecrire("<lesson>", "<task id>", "<instruction>")`` calls.
    writings: tuple[tuple[str, str], ...] = ()

    @property
    def minutes(self) -> int:
        """Teaching plus exercise minutes."""
        return self.teaching_minutes + self.exercise_minutes


def _literal_calls(source: str, names: tuple[str, ...]) -> list[tuple[str, list[Any]]]:
    """(name, literal arguments) of the calls of ``names`` in a code cell, in the order
    ``_cells.quiz_calls`` finds them (the exporter numbers a page's questions so); an
    argument that is not a literal is None."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in names:
            args = []
            for arg in node.args:
                try:
                    args.append(ast.literal_eval(arg))
                except (ValueError, TypeError, SyntaxError, RecursionError):
                    args.append(None)
            out.append((node.func.id, args))
    return out


def _asks(cells: list[Any], name: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The quiz questions (« bank/id » keys, page order) and the writing tasks (id,
    instruction) of a lesson's cells (notebook JSON)."""
    questions: list[str] = []
    writings: list[tuple[str, str]] = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" \
                or "animateur" in cell.get("metadata", {}).get("tags", []):
            continue
        raw = cell.get("source", "")
        source = "".join(raw) if isinstance(raw, list) else str(raw)
        if "quiz(" not in source and "ecrire(" not in source:
            continue
        for func, args in _literal_calls(source, ("quiz", "ecrire")):
            if not args or not isinstance(args[0], str):
                continue
            if func == "quiz":
                asked = args[1] if len(args) > 1 else "*"
                ids = [asked] if isinstance(asked, str) else asked
                if isinstance(ids, list | tuple):
                    questions += [f"{args[0]}/{i}" for i in ids if isinstance(i, str)]
            elif args[0] == name and len(args) > 1 and isinstance(args[1], str):
                instruction = args[2] if len(args) > 2 and isinstance(args[2], str) else ""
                writings.append((args[1], instruction))
    return tuple(questions), tuple(writings)


@functools.lru_cache(maxsize=64)
def _lesson(path_text: str, mtime: int, size: int) -> Lesson | None:
    """The lesson of one notebook file (cached by path, modification time and size)."""
    path = Path(path_text)
    try:
        nb: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        info = nb["metadata"]["fabrique_course"]
        questions, writings = _asks(list(nb.get("cells", [])), path.stem)
        return Lesson(path.stem, int(info["phase"]), str(info["title"]),
                      int(info["teaching_minutes"]), int(info["exercise_minutes"]),
                      str(info.get("summary", "")),
                      tuple(str(e) for e in info.get("exercises", ())),
                      questions, writings)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # not a lesson notebook (or unreadable): not on the map


def lesson(name: str, folder: Path | None = None) -> Lesson | None:
    """The lesson ``name`` of ``folder`` (default: the source notebooks), as
    :func:`lessons` lists it, or None; reads that notebook alone."""
    path = (folder or notebooks_dir()) / f"{name}.ipynb"
    if not path.match("[0-9][0-9]*.ipynb"):
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return _lesson(str(path), stat.st_mtime_ns, stat.st_size)


def lessons(folder: Path | None = None) -> list[Lesson]:
    """The lesson notebooks of ``folder`` (default: the source notebooks), in phase order."""
    out = []
    for path in sorted((folder or notebooks_dir()).glob("[0-9][0-9]*.ipynb")):
        try:
            stat = path.stat()
        except OSError:
            continue
        lesson = _lesson(str(path), stat.st_mtime_ns, stat.st_size)
        if lesson is not None:
            out.append(lesson)
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
