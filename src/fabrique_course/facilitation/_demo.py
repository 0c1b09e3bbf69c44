"""Demo exports: a room of FICTIONAL learners, for tests, rehearsals and the bench.

``write_demo_exports`` (public as ``fabrique_course.exemple_de_classe``) writes one
progress export per learner, in the very format the lab and the site write
(``_progress.EXPORT_FORMAT``, ``EXPORT_VERSION``), each answer graded by the real grader:
the class dashboard reads them as it reads a real room's. Seeded: the same files on
every run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._content import Question, bank_names, load_bank
from .._progress import EXPORT_FORMAT, EXPORT_VERSION

__all__ = ["write_demo_exports"]


def _demo_answer(q: Question, rng: Any, right: bool) -> Any:
    """A plausible answer to ``q``: a right one, or a typical wrong one."""
    if q.type in ("single", "true_false"):
        pool = [o.id for o in q.options if o.correct == right] or [q.options[0].id]
        return rng.choice(pool)
    if q.type == "multiple":
        good = [o.id for o in q.options if o.correct]
        bad = [o.id for o in q.options if not o.correct]
        return good if right or not bad else [*good[:1], rng.choice(bad)]
    if q.type == "numeric":
        assert q.answer is not None
        if right:
            return str(q.answer).replace(".", ",")
        if q.common_errors:
            return str(rng.choice(q.common_errors).answer).replace(".", ",")
        return str(q.answer * 2 + 1)
    if q.type == "order":
        ids = [i.id for i in q.items]
        return ids if right else ids[1:] + ids[:1]
    choices = [c.id for c in q.choices]
    return {i.id: (i.match if right else choices[(choices.index(str(i.match)) + 1)
                                                  % len(choices)]) for i in q.items}


def write_demo_exports(folder: Path | str, learners: int = 30, seed: int = 2026) -> list[Path]:
    """Write ``learners`` plausible, FICTIONAL learner exports (for tests and rehearsals)."""
    import random

    from .._grading import grade

    rng = random.Random(seed)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    banks = [load_bank(name) for name in bank_names()]
    paths = []
    for k in range(1, learners + 1):
        skill = rng.uniform(0.45, 0.95)
        reach = rng.randint(1, len(banks))
        events = []
        minute = 0
        for bank in banks[:reach]:
            for q in bank.questions:
                if rng.random() > 0.85:
                    continue
                minute += 1
                answer = _demo_answer(q, rng, rng.random() < skill)
                r = grade(q, answer)
                events.append({"notebook": bank.notebook, "question_id": q.id,
                               "answer": answer, "status": r.status, "score": r.score,
                               "correct": r.correct,
                               "created_at": f"2026-11-30T{9 + minute // 60:02d}:"
                                             f"{minute % 60:02d}:00Z",
                               "origin": rng.choice(["jupyter", "site"])})
        doc = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
               "learner_id": f"{rng.getrandbits(128):032x}",
               "exported_at": "2026-11-30T17:00:00Z", "events": events, "exercises": []}
        path = target / f"apprenant-{k:04d}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
