"""What the two shared-vector scripts have in common: the file layout (one entry per line,
so git diffs stay readable) and the command line (write, or ``--check``).

Used by ``make_grading_vectors.py`` (quiz grader) and ``make_exercise_vectors.py``
(exercise checker); not a script of its own.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _one(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def distinct(values: Iterable[Any]) -> Iterator[Any]:
    """``values`` without repeats (compared as JSON), in their first order."""
    seen: set[str] = set()
    for value in values:
        key = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if key not in seen:
            seen.add(key)
            yield value


def vectors_text(format_name: str, table_name: str, table: Mapping[str, Any],
                 cases: Sequence[Any]) -> str:
    """The vectors file: its format, the described ``table`` (questions or exercises), then
    the ``cases``, one entry per line."""
    lines = [f'{{"format":"{format_name}","version":1,', f'"{table_name}":{{']
    lines += [f"{_one(k)}:{_one(v)}," for k, v in table.items()]
    lines[-1] = lines[-1].rstrip(",")
    lines.append('},"cases":[')
    lines += [_one(c) + "," for c in cases]
    lines[-1] = lines[-1].rstrip(",")
    lines.append("]}")
    return "\n".join(lines) + "\n"


def vectors_main(argv: list[str] | None, description: str, render: Callable[[], str],
                 target: Path, script: str) -> int:
    """Write ``target`` from ``render()``, or with ``--check`` say whether it is current."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(f"{target.relative_to(ROOT)} n'est pas à jour : lancez python tools/{script}")
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"{len(json.loads(text)['cases'])} cas écrits dans {target.relative_to(ROOT)}")
    return 0
