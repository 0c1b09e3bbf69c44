"""Demo exports: a room of FICTIONAL learners, for tests, rehearsals and the bench.

``write_demo_exports`` (public as ``fabrique_course.exemple_de_classe``) writes one
progress export per learner, in the very format the lab and the site write
(``_progress.EXPORT_FORMAT``, ``EXPORT_VERSION``), each answer graded by the real grader
and each impact exercise check by the real exercise engine (so its statuses and
recognised mistakes are the ones a learner would get): the class dashboard reads them as
it reads a real room's. Some learners get an exercise right first time, some make a
classic mistake then correct it, some leave it wrong, some never do it. Seeded: the same
files on every run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._banks import bank_names, load_bank
from .._model import Question
from .._progress import EXERCISE_ORIGINS, EXPORT_FORMAT, EXPORT_VERSION
from ..exercises._attempts import plain_answer, stored_status
from ..exercises._engine import Exercise, Field, check, exercise, exercise_ids

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


def _as_typed(value: Any) -> Any:
    """``value`` as typed in a form (the lab's or the site's): French text, an interval
    as its two bounds."""
    if isinstance(value, tuple):
        return [_as_typed(v) for v in value]
    if isinstance(value, float | int):
        return f"{value:.6g}".replace(".", ",")
    return value


def _wrong_value(f: Field, rng: Any) -> Any:
    """A wrong value for ``f``: mostly one of its declared classic mistakes (the first
    ones more often), else a wrong choice, a mistake the engine recognises in any exercise
    (bounds inverted or in proportion, a percentage for a proportion…), or a plain wrong
    number."""
    if f.kind == "choix":
        return rng.choice([key for key in f.choices if key != f.expected])
    if f.mistakes and rng.random() < 0.85:
        weights = [len(f.mistakes) - i for i in range(len(f.mistakes))]
        return rng.choices([m.value for m in f.mistakes], weights)[0]
    if f.kind == "intervalle":
        low, high = f.expected
        options = [(high, low), (low + high) / 2]
        if f.unit == "points":
            options.append((low / 100, high / 100))
        return rng.choice(options)
    if f.kind == "proportion" and rng.random() < 0.5:
        return f.expected * 100
    if f.kind == "points" and rng.random() < 0.5:
        return f.expected / 100
    return f.expected * 2 + 1  # wrong in no recognised way


def _demo_checks(ex: Exercise, rng: Any, skill: float) -> list[dict[str, Any]]:
    """A learner's answers to ``ex``, in order: none, right first time, a mistake then
    corrected, or left wrong (some values possibly left empty)."""
    if rng.random() < 0.15:
        return []
    right = {f.key: f.expected for f in ex.fields}
    first = dict(right)
    # Values with classic mistakes are the ones learners stumble on.
    wrong = [f for f in ex.fields
             if rng.random() < (0.45 if f.mistakes or f.kind == "choix" else 0.25)] \
        or [rng.choice(ex.fields)]
    for f in wrong:
        first[f.key] = _wrong_value(f, rng)
    for f in ex.fields:
        if f not in wrong and rng.random() < 0.1:
            first[f.key] = None  # left to fill in
    profile = rng.random()
    if profile < skill * 0.55:
        return [right]
    if profile < skill * 0.55 + 0.3:
        return [first, right]
    if rng.random() < 0.5:
        return [first]
    second = dict(first)
    for f in wrong[1:]:
        second[f.key] = f.expected  # corrects some values, not the first one
    return [first, second]


def _exercise_entries(ex: Exercise, rng: Any, skill: float,
                      stamps: Iterator[str]) -> list[dict[str, Any]]:
    """The learner's checks of ``ex`` as export entries, graded by the real engine and
    stored as :mod:`..exercises._attempts` stores them (a check where nothing could be
    read is not recorded)."""
    entries = []
    for values in _demo_checks(ex, rng, skill):
        origin = rng.choice(EXERCISE_ORIGINS)
        answer = values if origin == "code" else {k: _as_typed(v) for k, v in values.items()}
        result = check(ex, answer)
        status = stored_status(result)
        if status is None:
            continue
        entries.append({"notebook": ex.notebook, "exercise_id": ex.id,
                        "answer": plain_answer(result, answer),
                        "fields": {v.key: {"status": v.status, "mistake": v.mistake}
                                   for v in result.fields},
                        "status": status, "score": result.score,
                        "correct": status == "correct", "created_at": next(stamps),
                        "origin": origin})
    return entries


def write_demo_exports(folder: Path | str, learners: int = 30, seed: int = 2026) -> list[Path]:
    """Write ``learners`` plausible, FICTIONAL learner exports (for tests and rehearsals)."""
    import random

    from .._grading import grade

    rng = random.Random(seed)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    banks = [load_bank(name) for name in bank_names()]
    exercises = [exercise(ex_id) for ex_id in exercise_ids()]
    paths = []
    for k in range(1, learners + 1):
        skill = rng.uniform(0.45, 0.95)
        reach = rng.randint(1, len(banks))
        ex_rng = random.Random(f"{seed}/{k}/exercices")  # the questions' draws unchanged
        events: list[dict[str, Any]] = []
        checks: list[dict[str, Any]] = []
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
            # The notebook's exercises, after its questions (seconds 10, 20…: in order).
            stamps = iter([f"2026-11-30T{9 + minute // 60:02d}:{minute % 60:02d}:{second}Z"
                           for second in range(10, 60, 10)])
            for ex in exercises:
                if ex.notebook == bank.notebook:
                    checks += _exercise_entries(ex, ex_rng, skill, stamps)
        doc = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
               "learner_id": f"{rng.getrandbits(128):032x}",
               "exported_at": "2026-11-30T17:00:00Z", "events": events, "exercises": checks}
        path = target / f"apprenant-{k:04d}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
