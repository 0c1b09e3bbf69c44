"""Question banks as lessons load them: checked in full once, then read from that checked
form.

A bank is accepted only as ``fabrique-course verifier`` would accept it: its YAML, its
schema, its consistency rules, its levels and the competence list it refers to
(:func:`fabrique_course._content.bank_problems`). That check imports a YAML parser and a
JSON-schema validator, about a second the first time; a learner's kernel should not pay
it at each lesson. So once a bank passes, its *checked form* is written, as JSON, with
the HTML of its prompts and explanations: ``banques/<bank>-<key>.json``, looked for in
the prepared folder of a room (``$FABRIQUE_COURSE_EDITIONS/banques``, written by
``make salle``), then in the course's cache (``$FABRIQUE_COURSE_CACHE/banques``, written
on first use and by ``fabrique-course lab``).

The key is a digest of everything the verdict and the HTML depend on: the bank's bytes,
the competence list's bytes, and the code and schemas that check and render it. A
change to any of them changes the key: a stale checked form is never read, the bank is
checked again (and refused if the check refuses it). A checked form that cannot be read
is ignored the same way; one that cannot be written (read-only disk) costs only speed.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

try:  # BLAKE2 is built into CPython; hashlib would first load OpenSSL (milliseconds)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python implementation
    from hashlib import blake2b

from ._errors import ContentError, FabriqueError, UnknownQuestionError
from ._lessons import Lesson, lesson
from ._model import Bank, Choice, CommonError, Item, Objective, Option, Question
from ._paths import bank_names, bank_path, cache_root, content_root, display_path, write_whole

__all__ = ["CHECKED_FOLDER", "bank_names", "checked_form_key", "load_bank", "load_question",
           "prepare_banks", "question_numbers"]

#: The sub-folder of a cache or of a room's prepared folder that holds checked banks.
CHECKED_FOLDER = "banques"
#: The prepared folder of a room (the same variable as its prepared learner editions).
PREPARED_ENV = "FABRIQUE_COURSE_EDITIONS"
_FORMAT = b"fabrique-course checked bank 1"
_PACKAGE = Path(__file__).resolve().parent
#: What checks a bank and renders its HTML: a change here must check every bank again.
_CODE = ("_banks.py", "_content.py", "_errors.py", "_files.py", "_markdown.py", "_model.py",
         "_numbers.py", "_paths.py", "schemas/quiz-bank.schema.json",
         "schemas/competences.schema.json")


@functools.cache
def _code_digest() -> bytes:
    """The digest of the checking and rendering code this process runs (read once: the
    modules already imported are the ones that would check)."""
    digest = blake2b(_FORMAT)
    for name in _CODE:
        digest.update(name.encode() + b"\0")
        try:
            digest.update((_PACKAGE / name).read_bytes())
        except OSError:
            digest.update(b"\0absent\0")
    return digest.digest()


def checked_form_key(source: bytes) -> str:
    """The key of the checked form of a bank whose file holds ``source``."""
    digest = blake2b(_code_digest())
    digest.update(source)
    digest.update(b"\0competences\0")
    try:
        digest.update((content_root() / "competences.yaml").read_bytes())
    except OSError:
        digest.update(b"\0absent\0")
    return digest.hexdigest()[:40]


def _folders() -> list[Path]:
    """Where checked forms are looked for, in order (the first is never written to)."""
    prepared = os.environ.get(PREPARED_ENV)
    own = cache_root() / CHECKED_FOLDER
    return [Path(prepared) / CHECKED_FOLDER, own] if prepared else [own]


# --------------------------------------------------------------------------- the form

def _form(bank: Bank, key: str) -> dict[str, Any]:
    from ._markdown import markdown_html

    texts = {t for q in bank.questions for t in (q.prompt, q.explanation) if t}
    return {"key": key, "notebook": bank.notebook, "title": bank.title,
            "objectives": [o._asdict() for o in bank.objectives],
            "questions": [_plain(q) for q in bank.questions],
            "html": {t: markdown_html(t) for t in sorted(texts)}}


def _plain(question: Question) -> dict[str, Any]:
    fields = question._asdict()
    for name in ("options", "items", "choices", "common_errors"):
        fields[name] = [x._asdict() for x in fields[name]]
    return fields


def _question(data: dict[str, Any]) -> Question:
    fields = dict(data)
    fields["options"] = tuple(Option(**o) for o in data["options"])
    fields["items"] = tuple(Item(**i) for i in data["items"])
    fields["choices"] = tuple(Choice(**c) for c in data["choices"])
    fields["common_errors"] = tuple(CommonError(**e) for e in data["common_errors"])
    fields["objectives"] = tuple(data["objectives"])
    return Question(**fields)


def _read_form(path: Path, key: str) -> Bank | None:
    """The bank of checked form ``key``, or None when there is none that reads."""
    for folder in _folders():
        try:
            data = json.loads((folder / f"{path.stem}-{key}.json").read_bytes())
            if data["key"] != key or data["notebook"] != path.stem:
                continue
            bank = Bank(data["notebook"], data["title"], path,
                        tuple(_question(q) for q in data["questions"]),
                        tuple(Objective(**o) for o in data["objectives"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # missing, truncated, or of another shape: check the bank again
        from ._markdown import remember

        remember(data["html"])
        return bank
    return None


def _write_form(bank: Bank, key: str, folder: Path) -> Path | None:
    """Write the checked form atomically; None when the folder refuses it."""
    target = folder / f"{bank.notebook}-{key}.json"
    try:
        write_whole(target, json.dumps(_form(bank, key), ensure_ascii=False, sort_keys=True))
    except OSError:
        return None
    for old in folder.glob(f"{bank.notebook}-*.json"):  # earlier versions of this bank
        if old != target and len(old.stem) == len(target.stem):
            with contextlib.suppress(OSError):
                old.unlink()
    return target


# --------------------------------------------------------------------------- loading

@functools.lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int, size: int) -> Bank:
    try:
        source = path.read_bytes()
    except OSError:
        source = None
    if source is not None:
        key = checked_form_key(source)
        bank = _read_form(path, key)
        if bank is not None:
            return bank
    from ._content import bank_problems

    checked, problems = bank_problems(path)
    if checked is None:
        raise ContentError(problems)
    if source is not None:
        _write_form(checked, key, _folders()[-1])
    return checked


def load_bank(notebook: str) -> Bank:
    """The bank of lesson ``notebook``, as ``fabrique-course verifier`` accepts it (read
    from its checked form when its key matches; kept in memory until the file changes).
    Raise :class:`ContentError` with every problem when the check refuses it."""
    if not isinstance(notebook, str) or not notebook or "/" in notebook or "\\" in notebook:
        raise UnknownQuestionError(f"nom de banque invalide : {notebook!r}")
    path = bank_path(notebook)
    try:
        stat = path.stat()
    except FileNotFoundError:
        known = ", ".join(bank_names()) or "aucune"
        raise UnknownQuestionError(
            f"pas de banque de questions « {notebook} » (fichier {display_path(path)} "
            f"introuvable). Banques connues : {known}.",
            file=display_path(path),
        ) from None
    return _load(path, stat.st_mtime_ns, stat.st_size)


def load_question(notebook: str, question_id: str) -> Question:
    """Return question ``question_id`` of the bank ``notebook``."""
    return load_bank(notebook).get(question_id)


def prepare_banks(folder: Path | None = None) -> tuple[list[Path], list[str]]:
    """Check every bank and write its checked form into ``folder`` (default: the
    course's cache), so no lesson checks it again; return the checked forms (written or
    found) and, in French, the banks the check refuses (they are left out: a lesson will
    say why)."""
    target = folder or cache_root() / CHECKED_FOLDER
    # Without a folder, a form a room prepared counts as done (it is read first).
    places = [target] if folder else _folders()
    written, refused = [], []
    for name in bank_names():
        path = bank_path(name)
        try:
            source = path.read_bytes()
            key = checked_form_key(source)
            existing = next((form for form in (p / f"{name}-{key}.json" for p in places)
                             if form.is_file()), None)
            if existing is not None:
                written.append(existing)
                continue
            from ._content import bank_problems

            bank, problems = bank_problems(path)
        except OSError as exc:
            refused.append(f"{name} : illisible ({exc.strerror or exc})")
            continue
        if bank is None:
            refused.append(f"{name} : {len(problems)} problème(s), voir fabrique-course verifier")
            continue
        done = _write_form(bank, key, target)
        if done is None:
            refused.append(f"{name} : impossible d'écrire dans {display_path(target)}")
        else:
            written.append(done)
    return written, refused


# --------------------------------------------------------------------------- numbering

def question_numbers(notebook: str, available: Sequence[Lesson] | None = None
                     ) -> dict[str, int]:
    """Question id → its number in lesson ``notebook`` (« Question 3 »), as the lesson's
    page numbers its forms: every quiz question of the page, in order. Questions of the
    bank the lesson does not ask come after, in bank order (a bank without a lesson is
    numbered in its own order). Reads that lesson's notebook only, unless the lessons
    are ``available`` already."""
    found = (lesson(notebook) if available is None
             else next((x for x in available if x.name == notebook), None))
    numbers: dict[str, int] = {}
    n = 0
    for key in found.questions if found else ():
        bank, _, qid = key.partition("/")
        try:
            ids = [q.id for q in load_bank(bank).questions] if qid == "*" else [qid]
        except FabriqueError:
            continue  # a broken bank: its page cannot show it either
        for one in ids:
            n += 1
            if bank == notebook:
                numbers.setdefault(one, n)
    try:
        rest = [q.id for q in load_bank(notebook).questions if q.id not in numbers]
    except FabriqueError:
        rest = []
    for one in rest:
        n += 1
        numbers[one] = n
    return numbers
