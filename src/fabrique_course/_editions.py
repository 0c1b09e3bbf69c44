"""Editions of a source notebook.

The source notebooks hold everything: the lesson, the solutions of the exercises
(cells tagged ``solution``) and, later, the facilitator's notes (cells tagged
``animateur``). The **learner edition** drops those cells and every output, so the
learner starts from the exercise cells with ``...`` to fill in; ``verifier`` then says
« à compléter » instead of failing.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ._errors import WorkspaceError

__all__ = ["LEARNER_HIDDEN_TAGS", "learner_edition", "learner_edition_bytes"]

#: Cells carrying one of these tags are not in the learner edition.
LEARNER_HIDDEN_TAGS = frozenset({"solution", "animateur"})


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


def learner_edition_bytes(path: Path) -> bytes:
    """The learner edition of the notebook file ``path``, as the bytes to write."""
    import nbformat

    try:
        nb = nbformat.read(str(path), as_version=4)  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as exc:  # JSON and nbformat validation errors
        raise WorkspaceError(f"le notebook source {path.name} est illisible ({path}) : "
                             f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
                             ". Réinstallez le cours ou signalez le problème.") from exc
    text: str = nbformat.writes(learner_edition(nb))  # type: ignore[no-untyped-call]
    return text.encode("utf-8") + b"\n"
