"""Editions of a source notebook: learner and facilitator.

The source notebooks hold everything: the lesson, the solutions of the exercises
(cells tagged ``solution``) and the facilitator's notes (cells tagged ``animateur``).

- The **learner edition** drops those cells and every output, so the learner starts
  from the exercise cells with ``...`` to fill in; ``verifier`` then says « à compléter »
  instead of failing.
- The **facilitator edition** keeps the notes and the solutions, and adds after each
  quiz cell an answer key (tag ``animateur``): the right answer of each question and,
  for each wrong option, the misconception it reveals (the option's feedback).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, get_args

from ._content import Question
from ._errors import FabriqueError, WorkspaceError

__all__ = ["EDITIONS", "LEARNER_HIDDEN_TAGS", "Edition", "answer_key_markdown", "edition",
           "edition_bytes", "facilitator_edition", "learner_edition"]

#: Cells carrying one of these tags are not in the learner edition.
LEARNER_HIDDEN_TAGS = frozenset({"solution", "animateur"})
#: The two editions of a notebook: the one name of each, everywhere (CLI, workspace, site).
Edition = Literal["apprenant", "animateur"]
EDITIONS: tuple[Edition, ...] = get_args(Edition)


def learner_edition(nb: Any) -> Any:
    """A copy of notebook ``nb`` (an ``nbformat`` node) for learners."""
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells
                 if not LEARNER_HIDDEN_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return out


_CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)")


def _one_line(text: str) -> str:
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
    text = _one_line(text)
    return text if text.startswith("«") else f"« {text} »"


def answer_key_markdown(questions: Iterable[Question]) -> str:
    """The answer key of some questions, in Markdown, for the facilitator."""
    lines = ["**Clé des réponses (animation)**", ""]
    for q in questions:
        lines.append(f"- **`{q.id}`** — {_one_line(q.prompt)}")
        if q.type in ("single", "true_false", "multiple"):
            right = [o for o in q.options if o.correct]
            lines.append("  - Bonne(s) réponse(s) : "
                         + " ; ".join(f"`{o.id}` {_quoted(o.text)}" for o in right))
            for o in q.options:
                if not o.correct:
                    lines.append(f"  - `{o.id}` {_quoted(o.text)} — "
                                 f"{_one_line(o.feedback)}")
        elif q.type == "numeric":
            unit = f" {_one_line(q.unit)}" if q.unit else ""
            lines.append(f"  - Réponse attendue : {q.answer:g}{unit}")
            for err in q.common_errors:
                lines.append(f"  - Réponse fréquente {err.answer:g}{unit} — "
                             f"{_one_line(err.feedback)}")
        elif q.type == "order":
            lines.append("  - Ordre attendu : " + " → ".join(_one_line(i.text) for i in q.items))
        else:
            text = {c.id: c.text for c in q.choices}
            for item in q.items:
                note = f" — {_one_line(item.feedback)}" if item.feedback else ""
                lines.append(f"  - « {_one_line(item.text)} » → "
                             f"« {_one_line(text[str(item.match)])} »{note}")
    return "\n".join(lines)


def facilitator_edition(nb: Any) -> Any:
    """A copy of notebook ``nb`` for facilitators: notes, solutions and answer keys."""
    import nbformat

    from ._cells import quiz_calls

    out = copy.deepcopy(nb)
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
            continue
        if asked:
            cells.append(nbformat.v4.new_markdown_cell(  # type: ignore[no-untyped-call]
                answer_key_markdown(asked), id=f"cle-{cell.get('id', len(cells))}"[:64],
                metadata={"tags": ["animateur", "cle-reponses"]}))
    out.cells = cells
    return out


def edition(nb: Any, name: Edition) -> Any:
    """The ``name`` edition (« apprenant » or « animateur ») of notebook ``nb``."""
    if name == "apprenant":
        return learner_edition(nb)
    if name == "animateur":
        return facilitator_edition(nb)
    raise ValueError(f"édition inconnue : {name!r} (éditions : {', '.join(EDITIONS)})")


def edition_bytes(path: Path, name: Edition = "apprenant") -> bytes:
    """The ``name`` edition of the notebook file ``path``, as the bytes to write."""
    import nbformat

    try:
        nb = nbformat.read(str(path), as_version=4)  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as exc:  # JSON and nbformat validation errors
        raise WorkspaceError(f"le notebook source {path.name} est illisible ({path}) : "
                             f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
                             ". Réinstallez le cours ou signalez le problème.") from exc
    text: str = nbformat.writes(edition(nb, name))  # type: ignore[no-untyped-call]
    return text.encode("utf-8") + b"\n"
