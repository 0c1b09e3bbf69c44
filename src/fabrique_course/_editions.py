"""Editions of a source notebook: learner and facilitator.

The source notebooks hold everything: the lesson, the solutions of the exercises
(cells tagged ``solution``), the facilitator's notes (cells tagged ``animateur``), and
the instructions that depend on where the notebook is read: cells tagged ``jupyter``
(how JupyterLab works: cells, keyboard shortcuts, the terminal) are only in the
JupyterLab copies, cells tagged ``site`` (how the web page works: its contents, its
buttons, the answers kept in the browser) only on the site (:data:`SITE_ONLY`,
:data:`JUPYTER_ONLY`; the exporter drops the ``jupyter`` cells, and a projected deck
shows neither).

- The **learner edition** drops the solutions, the notes, the ``site`` cells and
  every output, so the learner starts from the exercise cells with ``...`` to fill in;
  ``verifier`` then says « à compléter » instead of failing.
- The **facilitator edition** keeps the notes and the solutions (not the ``site``
  cells), and adds answer keys (tags ``animateur`` and ``cle-reponses``): after each
  quiz cell, the right answer of each question and, for each wrong option, the
  misconception it reveals (the option's feedback); after each impact exercise's form,
  the exercise's key (expected values, tolerances, recognised mistakes and what they
  reveal).

The exercises' keys are made by the ``exercises`` add-on, a layer above this module,
which cannot import it: whoever asks for the facilitator edition hands its key maker
down (``exercise_keys``, an :data:`ExerciseKeys`; the CLI passes
``exercises._answer_key.answer_key``). Without one, the edition has the quiz keys only.
Where an exercise's key goes is decided here (:func:`exercise_key_places`), for the
workspace and the site alike.

Both editions cite their sources as numbered notes (:func:`._sources.cite_sources`, as
the site and the slides do): the source notebook's markers (« [BG:…] », « [DOC:…] »…)
become small numbers linking to the lesson's « Références » list.

Learner editions prepared in advance: a room's server prepares a workspace at each
learner's login, thirty at once, and building an edition costs about a second of
nbformat and jsonschema imports. ``make salle`` therefore writes the learner editions
once into a read-only folder (:func:`build_edition_cache`) that the room names in
``FABRIQUE_COURSE_EDITIONS``. A prepared edition is used only when its key matches: the
digest of the source notebook, of the sources' registry and of the code that builds
editions (this module and ``_sources``); otherwise the edition is built as usual.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal, get_args

from ._cells import first_arguments, quiz_calls
from ._content import Question
from ._errors import FabriqueError, WorkspaceError
from ._paths import content_root
from ._sources import cite_sources

__all__ = ["EDITIONS", "FACILITATOR_HIDDEN_TAGS", "JUPYTER_ONLY", "KEY_TAGS",
           "LEARNER_HIDDEN_TAGS", "PREPARED_ENV", "SITE_ONLY", "Edition", "ExerciseKeys",
           "answer_key_markdown", "build_edition_cache", "edition", "edition_bytes",
           "exercise_key_id", "exercise_key_places", "facilitator_edition",
           "learner_edition", "markdown_line"]

#: Instructions for a reader in JupyterLab (cells, shortcuts, terminal): only in the
#: JupyterLab editions (the workspace copies, learner's and facilitator's).
JUPYTER_ONLY = "jupyter"
#: Instructions for a reader of the web site (its contents, its buttons, the answers kept
#: in the browser): only on the site's pages, never in a JupyterLab copy nor in a deck.
SITE_ONLY = "site"
#: Cells carrying one of these tags are not in the learner edition.
LEARNER_HIDDEN_TAGS = frozenset({"solution", "animateur", SITE_ONLY})
#: Cells carrying one of these tags are not in the facilitator edition (JupyterLab).
FACILITATOR_HIDDEN_TAGS = frozenset({SITE_ONLY})
#: The two editions of a notebook: the one name of each, everywhere (CLI, workspace, site).
Edition = Literal["apprenant", "animateur"]
EDITIONS: tuple[Edition, ...] = get_args(Edition)
#: The tags of an answer-key cell (a quiz's or an exercise's).
KEY_TAGS = ("animateur", "cle-reponses")
#: The answer key of an impact exercise, in Markdown, from its id (« 04_ab_test »); it
#: raises a :class:`FabriqueError` for an exercise it cannot build (no key is added).
ExerciseKeys = Callable[[str], str]


def learner_edition(nb: Any, name: str = "") -> Any:
    """A copy of notebook ``nb`` (an ``nbformat`` node) for learners, its sources cited
    as numbered notes (``name``, the notebook's stem, names their anchors)."""
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells
                 if not LEARNER_HIDDEN_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    cite_sources(out, name)
    return out


_CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)")


def markdown_line(text: str) -> str:
    """Author Markdown on one line, for a line of the answer key: its Markdown renders
    (emphasis, bold, code…), but raw HTML is shown as text, as everywhere else in the
    course (the key is a Markdown cell, and nbconvert passes raw HTML through)."""
    text = " ".join(text.split())
    out, start = [], 0
    for span in _CODE_SPAN.finditer(text):  # code spans already show « < » and « & »
        out.append(_no_html(text[start:span.start()]))
        out.append(span.group(0))
        start = span.end()
    out.append(_no_html(text[start:]))
    return "".join(out)


def _no_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _quoted(text: str) -> str:
    text = markdown_line(text)
    return text if text.startswith("«") else f"« {text} »"


def answer_key_markdown(questions: Iterable[Question]) -> str:
    """The answer key of some questions, in Markdown, for the facilitator."""
    lines = ["**Clé des réponses (animation)**", ""]
    for q in questions:
        lines.append(f"- **`{q.id}`** — {markdown_line(q.prompt)}")
        if q.type in ("single", "true_false", "multiple"):
            right = [o for o in q.options if o.correct]
            lines.append("  - Bonne(s) réponse(s) : "
                         + " ; ".join(f"`{o.id}` {_quoted(o.text)}" for o in right))
            for o in q.options:
                if not o.correct:
                    lines.append(f"  - `{o.id}` {_quoted(o.text)} — "
                                 f"{markdown_line(o.feedback)}")
        elif q.type == "numeric":
            unit = f" {markdown_line(q.unit)}" if q.unit else ""
            lines.append(f"  - Réponse attendue : {q.answer:g}{unit}")
            for err in q.common_errors:
                lines.append(f"  - Réponse fréquente {err.answer:g}{unit} — "
                             f"{markdown_line(err.feedback)}")
        elif q.type == "order":
            lines.append("  - Ordre attendu : "
                         + " → ".join(markdown_line(i.text) for i in q.items))
        else:
            text = {c.id: c.text for c in q.choices}
            for item in q.items:
                note = f" — {markdown_line(item.feedback)}" if item.feedback else ""
                lines.append(f"  - « {markdown_line(item.text)} » → "
                             f"« {markdown_line(text[str(item.match)])} »{note}")
    return "\n".join(lines)


def exercise_key_places(cells: Iterable[Any]) -> list[tuple[Any, str]]:
    """Where the answer key of each impact exercise of a notebook goes: (cell, exercise
    id), the key right after that cell — the exercise's ``formulaire("<id>")`` cell, else
    its first ``verifier("<id>", …)`` cell (where the site puts the exercise's form).
    Each exercise once, in the notebook's order."""
    forms: dict[str, tuple[int, Any]] = {}
    checks: dict[str, tuple[int, Any]] = {}
    for n, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        for exercise_id in first_arguments(cell.source, "formulaire"):
            forms.setdefault(exercise_id, (n, cell))
        for exercise_id in first_arguments(cell.source, "verifier"):
            checks.setdefault(exercise_id, (n, cell))
    places = {i: forms.get(i) or checks[i] for i in [*forms, *checks]}
    return [(cell, i) for i, (_n, cell) in sorted(places.items(), key=lambda p: p[1][0])]


def exercise_key_id(exercise_id: str) -> str:
    """The cell id of an exercise's answer key: stable, so that two builds agree."""
    return ("cle-exercice-" + re.sub(r"[^A-Za-z0-9_-]", "-", exercise_id))[:64]


def facilitator_edition(nb: Any, exercise_keys: ExerciseKeys | None = None,
                        name: str = "") -> Any:
    """A copy of notebook ``nb`` for facilitators in JupyterLab: notes, solutions and
    answer keys — after each quiz, and after each impact exercise's form when
    ``exercise_keys`` (the ``exercises`` add-on's key maker) is given; no ``site`` cell.
    Its sources are cited as numbered notes (``name`` names their anchors)."""
    import nbformat

    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells
                 if not FACILITATOR_HIDDEN_TAGS & set(c.get("metadata", {}).get("tags", []))]
    exercise_after = {id(cell): exercise_id for cell, exercise_id
                      in (exercise_key_places(out.cells) if exercise_keys else [])}
    cells = []
    for cell in out.cells:
        cells.append(cell)
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        try:
            asked = [q for call in quiz_calls(cell.source) for q in call.questions()]
        except FabriqueError:
            asked = []
        if asked:
            cells.append(nbformat.v4.new_markdown_cell(  # type: ignore[no-untyped-call]
                answer_key_markdown(asked), id=f"cle-{cell.get('id', len(cells))}"[:64],
                metadata={"tags": list(KEY_TAGS)}))
        if exercise_keys is not None and id(cell) in exercise_after:
            exercise_id = exercise_after[id(cell)]
            try:
                key = exercise_keys(exercise_id)
            except FabriqueError:  # the notebook's own cells already show the problem
                continue
            cells.append(nbformat.v4.new_markdown_cell(  # type: ignore[no-untyped-call]
                key, id=exercise_key_id(exercise_id), metadata={"tags": list(KEY_TAGS)}))
    out.cells = cells
    cite_sources(out, name)
    return out


def edition(nb: Any, name: Edition, exercise_keys: ExerciseKeys | None = None,
            notebook: str = "") -> Any:
    """The ``name`` edition (« apprenant » or « animateur ») of notebook ``nb`` (of stem
    ``notebook``); the facilitator's with the exercises' keys of ``exercise_keys``, if
    given."""
    if name == "apprenant":
        return learner_edition(nb, notebook)
    if name == "animateur":
        return facilitator_edition(nb, exercise_keys, notebook)
    raise ValueError(f"édition inconnue : {name!r} (éditions : {', '.join(EDITIONS)})")


#: The folder of learner editions prepared in advance (see the module's docstring).
PREPARED_ENV = "FABRIQUE_COURSE_EDITIONS"


def _prepared_name(path: Path) -> str:
    """``<stem>-<key>.ipynb``: the key changes with the source notebook, the sources'
    registry and the code that builds the learner edition."""
    digest = hashlib.sha256(b"apprenant\0")
    for part in (path, content_root() / "sources.yaml", Path(__file__),
                 Path(__file__).with_name("_sources.py")):
        try:
            digest.update(part.read_bytes())
        except OSError:
            digest.update(b"\0absent\0")
        digest.update(b"\0")
    return f"{path.stem}-{digest.hexdigest()[:32]}.ipynb"


def build_edition_cache(folder: Path, source: Path | None = None) -> list[Path]:
    """Write the learner edition of every source notebook into ``folder`` (for
    ``FABRIQUE_COURSE_EDITIONS``); return the files written."""
    from ._paths import notebooks_dir

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted((source or notebooks_dir()).glob("*.ipynb")):
        target = folder / _prepared_name(path)
        target.write_bytes(edition_bytes(path, "apprenant", prepared=False))
        written.append(target)
    return written


def edition_bytes(path: Path, name: Edition = "apprenant",
                  exercise_keys: ExerciseKeys | None = None, *,
                  prepared: bool = True) -> bytes:
    """The ``name`` edition of the notebook file ``path``, as the bytes to write (the
    facilitator's with the exercises' keys of ``exercise_keys``, if given). A learner
    edition prepared in advance is taken when ``prepared`` and its key matches."""
    folder = os.environ.get(PREPARED_ENV) if prepared and name == "apprenant" else None
    if folder:
        with contextlib.suppress(OSError):
            return (Path(folder) / _prepared_name(path)).read_bytes()
    import nbformat

    try:
        nb = nbformat.read(str(path), as_version=4)  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as exc:  # JSON and nbformat validation errors
        raise WorkspaceError(f"le notebook source {path.name} est illisible ({path}) : "
                             f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
                             ". Réinstallez le cours ou signalez le problème.") from exc
    text: str = nbformat.writes(  # type: ignore[no-untyped-call]
        edition(nb, name, exercise_keys, path.stem))
    return text.encode("utf-8") + b"\n"
