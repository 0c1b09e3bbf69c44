"""Shared grading test vectors: answers to every question of the course, graded by Python.

``tests/data/grading-vectors.json`` lists, for each question of every bank, a set of
answers (right, wrong, partial, typed by text instead of id, unreadable…) and what the
reference grader ``fabrique_course.grade`` returns for each: status, score, message.
pytest checks that the Python grader still gives exactly this; the browser tests run the
site's JavaScript grader over the same file. Regenerate after changing a question or the
grader:

    python tools/make_grading_vectors.py          # rewrite the file
    python tools/make_grading_vectors.py --check  # fail if it is stale
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from fabrique_course import bank_names, grade, load_bank
from fabrique_course._content import Question
from fabrique_course.publishing._static import question_data

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from vectors_file import distinct, vectors_main, vectors_text  # noqa: E402

TARGET = ROOT / "tests" / "data" / "grading-vectors.json"


def answers(q: Question) -> list[Any]:
    """A spread of answers for ``q``: every branch of its grader, and unreadable ones."""
    out: list[Any] = [None, "", "   ", 42.5, {"x": 1}]
    if q.type in ("single", "true_false"):
        out += [o.id for o in q.options]
        out += [o.text.upper() for o in q.options[:2]]
        out += [[q.options[0].id], "zzz", 3]
        if q.type == "true_false":
            out += [True, False, "TRUE", "false"]
    elif q.type == "multiple":
        right = [o.id for o in q.options if o.correct]
        wrong = [o.id for o in q.options if not o.correct]
        out += [[o.id] for o in q.options]
        out += [right, [o.id for o in q.options], right[:1] + wrong[:1], right + wrong[:1],
                [], ["zzz"], right[0], [right[0], right[0]], [o.text for o in q.options[:2]]]
    elif q.type == "numeric":
        assert q.answer is not None
        target = q.answer
        margin = (q.tolerance_absolute if q.tolerance_absolute is not None
                  else abs(target) * (q.tolerance_relative or 0.0))
        out += [target, str(target), str(target).replace(".", ","), target + margin,
                target + 2 * margin + 1, target - 2 * margin - 1, f"{target:,.2f}",
                f"{target:,.2f}".replace(",", " ").replace(".", ","), f"{target} %",
                "douze", "1,234,5", "-0", "1e3", "½"]
        out += [e.answer for e in q.common_errors]
        out += [str(e.answer).replace(".", ",") for e in q.common_errors]
        if q.unit:
            out += [f"{target} {q.unit}", f"{target}{q.unit.upper()}"]
    elif q.type == "order":
        ids = [i.id for i in q.items]
        out += [ids, ids[::-1], ids[1:] + ids[:1], [ids[1], ids[0], *ids[2:]], ids[:-1],
                [*ids[:-1], ids[0]], [i.text for i in q.items], "texte", [*ids, "zzz"]]
    elif q.type == "match":
        pairs = {i.id: i.match for i in q.items}
        choices = [c.id for c in q.choices]
        out += [pairs, {k: choices[(choices.index(v) + 1) % len(choices)]  # type: ignore[arg-type]
                        for k, v in pairs.items()},
                dict(list(pairs.items())[:1]), {k: "" for k in pairs}, {},
                {"zzz": choices[0]}, {q.items[0].text: q.items[0].match}, [choices[0]]]
    return out


def render() -> str:
    cases = []
    for name in bank_names():
        for q in load_bank(name).questions:
            for answer in distinct(answers(q)):
                r = grade(q, answer)
                cases.append({"question": q.key, "answer": answer,
                              "expected": {"status": r.status, "score": r.score,
                                           "message": r.message}})
    questions = {f"{name}/{q.id}": question_data(q)
                 for name in bank_names() for q in load_bank(name).questions}
    return vectors_text("fabrique-course/vecteurs-de-correction", "questions", questions, cases)


def main(argv: list[str] | None = None) -> int:
    """Write the vectors file, or check that it is current (``--check``)."""
    return vectors_main(argv, __doc__.splitlines()[0], render, TARGET, "make_grading_vectors.py")

if __name__ == "__main__":
    sys.exit(main())
