"""Reading one learner's export file, as the class dashboard does: never a traceback.

A file is counted only when it is a sound export — UTF-8 JSON of at most ``MAX_BYTES``
that the schema the package ships accepts (``schemas/progress-export.schema.json``:
``_progress.EXPORT_FORMAT``, a version of ``EXPORT_VERSIONS``: version 1 has the quiz
answers only, version 2 adds the exercise checks and, optionally, the learner's writings,
which the dashboard does not use but never refuses). Otherwise it is skipped and
the first schema error becomes a short French reason (« version 3 non prise en charge »,
« identifiant d'apprenant·e invalide »…). An answer that breaks the schema is dropped
and the rest of its file counted.

Two engines read the one schema: ``fastjsonschema`` compiles it into a check fast enough
for a thousand files (a few µs per answer), and a file it refuses goes to ``jsonschema``,
which has the last word and says why. A sound room never imports ``jsonschema`` (more
than a second to import); neither engine checks ``format`` (dates), as elsewhere.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._files import schema_validator
from .._progress import EXPORT_VERSIONS

if TYPE_CHECKING:
    import jsonschema

__all__ = ["EXPORT_SCHEMA", "MAX_BYTES", "read_export", "safe_text"]

MAX_BYTES = 5_000_000
#: The schema of the export documents (``schemas/<name>.schema.json``).
EXPORT_SCHEMA = "progress-export"


def safe_text(value: Any, limit: int = 120) -> str:
    """A short, printable, one-line rendering of a value from a file."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           sort_keys=True)
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: The fields of an export, in the order a refused file's reason looks at them.
_FIELDS = ("format", "version", "learner_id", "events", "exported_at", "exercises",
           "writings")


#: The lists of entries of an export: an entry that breaks the schema is dropped, the rest
#: of the file counted.
_LISTS = ("events", "exercises", "writings")


def _reason(doc: Any, error: jsonschema.ValidationError) -> tuple[int, str]:
    """A schema error on the document itself (not on one answer), as a short French
    reason, with its rank: the first of a file's reasons is the one shown."""
    if error.validator == "not":  # the schema's one "not": exercises in a version 1
        return 5, "champ « exercises » inattendu dans un export de version 1"
    if error.validator == "required":
        required = error.validator_value if isinstance(error.validator_value, list) else []
        field = next((str(f) for f in required if f not in doc), "?")
    elif error.validator == "additionalProperties":
        known = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        extra = sorted(str(k) for k in doc if k not in known)
        return len(_FIELDS), f"champ inattendu « {safe_text(extra[0] if extra else '?', 40)} »"
    elif error.absolute_path:
        field = str(error.absolute_path[0])
    else:  # not even an object
        field = "format"
    if field == "format":
        return 0, "pas un export de progression du parcours"
    if field == "version":
        shown = safe_text(json.dumps(doc["version"]), 20) if "version" in doc else "absente"
        known = " et ".join(str(v) for v in EXPORT_VERSIONS)
        return 1, (f"version {shown} non prise en charge (ce tableau de bord lit les versions "
                   f"{known} ; mettez le cours à jour)")
    if field == "learner_id":
        return 2, "identifiant d'apprenant·e invalide"
    if field == "events":
        return 3, "liste des réponses absente"
    if field == "exported_at":
        return 4, "date d'export absente ou invalide"
    if field == "exercises":
        return 5, "liste des exercices absente ou invalide (exigée en version 2)"
    if field == "writings":
        return 6, "liste des textes écrits invalide"
    return len(_FIELDS), f"champ « {safe_text(field, 40)} » invalide"


@functools.cache
def _fast_check() -> Callable[[Any], Any]:
    """The export schema compiled by fastjsonschema (raises on the first error)."""
    import fastjsonschema

    text = resources.files("fabrique_course").joinpath(f"schemas/{EXPORT_SCHEMA}.schema.json")
    schema = json.loads(text.read_text(encoding="utf-8"))
    return fastjsonschema.compile(schema, use_formats=False)


def _check(doc: Any) -> tuple[str | None, dict[str, set[int]]]:
    """Validate ``doc`` against the export schema: the French reason to refuse the file
    (None when it is sound), and the indexes of the entries that break the schema, per
    list (``events``: answers, ``exercises``: exercise checks, ``writings``: texts)."""
    from fastjsonschema import JsonSchemaException

    try:
        _fast_check()(doc)
    except JsonSchemaException:
        pass  # jsonschema says which answers, or why the file is refused
    else:
        return None, {}
    reasons: list[tuple[int, str]] = []
    bad: dict[str, set[int]] = {}
    for error in schema_validator(EXPORT_SCHEMA).iter_errors(doc):
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] in _LISTS and isinstance(path[1], int):
            bad.setdefault(str(path[0]), set()).add(path[1])
        else:
            reasons.append(_reason(doc, error))
    return (min(reasons)[1] if reasons else None), bad


def read_export(path: Path, warnings: list[str], label: str = "") -> dict[str, Any] | None:
    """The export document of ``path`` — its entries that break the schema dropped
    (``exercises`` is an empty list in a version 1 export, ``writings`` when no text was
    saved), its
    shown name in ``_file`` and its hash in ``_hash`` — or None, with the French reason
    appended to ``warnings``, when the file cannot be counted. Never raises. ``label``
    names the file in messages (default: its name)."""
    name = safe_text(label or path.name, 80)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            warnings.append(f"{name} : fichier trop gros ({size} octets), ignoré")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        warnings.append(f"{name} : illisible ({exc.strerror or exc}), ignoré")
        return None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        warnings.append(f"{name} : pas un texte UTF-8, ignoré")
        return None
    except ValueError as exc:
        warnings.append(f"{name} : JSON invalide ou tronqué (ligne {getattr(exc, 'lineno', '?')})"
                        ", ignoré")
        return None
    except RecursionError:
        warnings.append(f"{name} : JSON imbriqué trop profondément, ignoré")
        return None
    reason, bad = _check(doc)
    if reason is not None:
        warnings.append(f"{name} : {reason}, ignoré")
        return None
    for key, what in (("events", "réponse(s)"), ("exercises", "vérification(s) d'exercice"),
                      ("writings", "texte(s) écrit(s)")):
        if bad.get(key):
            warnings.append(f"{name} : {len(bad[key])} {what} mal formée(s) "
                            "écartée(s), le reste est compté")
            doc[key] = [e for k, e in enumerate(doc[key]) if k not in bad[key]]
    doc.setdefault("exercises", [])  # a version 1 export: no exercise checks
    doc.setdefault("writings", [])  # optional: no text saved
    sound: dict[str, Any] = doc
    sound["_file"] = name
    sound["_hash"] = hashlib.sha256(raw).hexdigest()
    return sound
