"""The words of the impact exercises (``content/exercices/<exercise id>.yaml``).

What a learner reads of an exercise lives beside the quiz banks: its title, its
conclusion (« Pour retenir »), and for each field the lesson objectives it assesses
(``objectifs``, ids of the lesson's bank), its label, unit, hint, the texts of
its choices and the message of each classic mistake (by the id the code gives it in
:mod:`._definitions`). A file is validated like a bank, every problem reported: YAML
syntax (duplicate keys refused), the JSON schema ``schemas/exercise.schema.json``, then
what a schema cannot say — the same fields and mistake ids as the code declares, a
hint for every value, choices for a choice, no unknown ``{placeholder}``. Messages are
in French and name the file, the line, the exercise and the field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import ContentError, ContentProblem
from .._files import (
    Lines,
    display_path,
    format_path,
    french_schema_message,
    read_yaml_file,
    schema_validator,
)
from .._paths import content_root
from ._definitions import Definition

if TYPE_CHECKING:  # jsonschema is slow to import: only `check` and broken files need it
    import jsonschema

__all__ = [
    "DEFINITIONS_FILE",
    "ExerciseTexts",
    "FieldTexts",
    "load_texts",
    "orphan_problems",
    "read_texts",
    "texts_path",
    "texts_version",
]

DEFINITIONS_FILE = "src/fabrique_course/exercises/_definitions.py"
_TOP = {"notebook", "title", "conclusion", "fields"}
_FIELD = {"label", "objectifs", "unit", "hint", "choices", "mistakes"}
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True)
class FieldTexts:
    """What the learner reads about one field."""

    label: str
    hint: str = ""
    unit: str = ""
    choices: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (text, feedback)
    mistakes: dict[str, str] = field(default_factory=dict)  # mistake id -> message
    objectives: tuple[str, ...] = ()  # ids of the objectives of the lesson's bank


@dataclass(frozen=True)
class ExerciseTexts:
    """The words of one exercise, checked against its definition."""

    notebook: str
    title: str
    conclusion: str
    fields: dict[str, FieldTexts]


def texts_path(exercise_id: str) -> Path:
    """The texts file of exercise ``exercise_id``."""
    return content_root() / "exercices" / f"{exercise_id}.yaml"


def texts_version(exercise_id: str) -> tuple[str, int, int]:
    """The texts file's path, modification time and size: a cache key that changes with
    the file (``-1`` when it is missing)."""
    path = texts_path(exercise_id)
    try:
        stat = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), stat.st_mtime_ns, stat.st_size


def orphan_problems(exercise_ids: list[str]) -> list[ContentProblem]:
    """A texts file whose exercise the code does not define (a typo in its name?)."""
    return [ContentProblem(display_path(path), f"exercice « {path.stem} » : le code "
                           f"({DEFINITIONS_FILE}) ne définit pas cet exercice ; exercices "
                           "définis : " + ", ".join(exercise_ids))
            for path in sorted((content_root() / "exercices").glob("*.yaml"))
            if path.stem not in exercise_ids]


# --------------------------------------------------------------------------- problems

@dataclass(frozen=True)
class _Locate:
    """Makes the problems of one file: French, naming the exercise, field and line."""

    exercise_id: str
    shown: str
    lines: Lines | None

    def __call__(self, message: str, path: Sequence[str],
                 detail: str | None = None) -> ContentProblem:
        """The problem ``message`` about the YAML node at ``path``; ``detail`` (by default
        the path below the field) says where in the field."""
        where = f"exercice « {self.exercise_id} »"
        in_field = len(path) >= 2 and path[0] == "fields"
        if in_field:
            where += f", champ « {path[1]} »"
        if detail is None:
            detail = format_path(path[2:] if in_field else path)
        if detail:
            where += f", « {detail} »"
        line = self.lines.at(list(path)) if self.lines is not None else None
        return ContentProblem(self.shown, f"{where} : {message}", line=line)


def _schema_message(error: jsonschema.ValidationError) -> tuple[str, str | None]:
    """French message for a schema error of an exercise file, and the key it names."""
    if error.validator == "additionalProperties":
        extra = error.message.split("'")[1] if "'" in error.message else "?"
        return f"« {extra} » n'est pas attendu ici (faute de frappe ?)", extra
    if error.validator == "pattern" and str(error.validator_value).startswith("^[a-z0-9]+("):
        return (f"identifiant d'erreur « {error.instance} » invalide : minuscules, chiffres et "
                "tirets seulement (ex. « moyenne-par-site »)"), None
    if error.validator == "pattern" and str(error.validator_value).startswith("^[a-z"):
        return (f"clé « {error.instance} » invalide : minuscules, chiffres et « _ » seulement, "
                "comme dans le dictionnaire reponse"), None
    if error.validator == "minProperties":
        return f"au moins {error.validator_value} élément(s) attendu(s)", None
    return french_schema_message(error)


def _schema_problems(data: Any, problem: _Locate) -> list[ContentProblem]:
    out: list[ContentProblem] = []
    for error in sorted(schema_validator("exercise").iter_errors(data),
                        key=lambda e: list(map(str, e.absolute_path))):
        path = [str(step) for step in error.absolute_path]
        message, name = _schema_message(error)
        detail = format_path(path[2:] if path[:1] == ["fields"] else path)
        if error.validator == "additionalProperties" and name is not None:
            path = [*path, name]  # the line of the unknown key itself
        found = problem(message, path, detail)
        if found not in out:
            out.append(found)
    return out


def _consistency_problems(exercise_id: str, data: dict[str, Any], definition: Definition,
                          problem: _Locate) -> list[ContentProblem]:
    """Where the words and the code disagree (fields, mistake ids, placeholders)."""
    out: list[ContentProblem] = []
    if data["notebook"][:3] != exercise_id[:3]:
        out.append(problem(f"« {data['notebook']} » n'est pas un notebook de la leçon "
                           f"{exercise_id[:2]} (le nom du fichier commence par "
                           f"« {exercise_id[:3]} »)", ["notebook"]))
    declared, written = definition.fields, data["fields"]
    for key in declared:
        if key not in written:
            out.append(problem("ce champ, défini par le code, n'a pas de textes : ajoutez-le "
                               "sous « fields » (au moins « label » et « hint »)",
                               ["fields", key]))
    for key, texts in written.items():
        at = ["fields", key]
        if key not in declared:
            out.append(problem(f"le code ({DEFINITIONS_FILE}) ne définit pas ce champ ; "
                               "champs définis : " + ", ".join(declared), at))
            continue
        grading = declared[key]
        if grading.kind == "choix":
            out += [problem(f"un champ à choix n'a pas de « {name} » (ses textes sont dans "
                            "« choices »)", [*at, name]) for name in ("hint", "unit", "mistakes")
                    if name in texts]
            if "choices" not in texts:
                out.append(problem("un champ à choix a besoin de « choices » (texte et retour "
                                   "de chaque réponse possible)", at))
            continue
        if "choices" in texts:
            out.append(problem("seul un champ à choix a des « choices »", [*at, "choices"]))
        if "hint" not in texts:
            out.append(problem("« hint » manque : c'est ce que lit l'apprenant quand sa "
                               "valeur est fausse sans être une erreur connue", at))
        ids, messages = list(grading.mistakes), texts.get("mistakes", {})
        for mistake_id in ids:
            if mistake_id not in messages:
                out.append(problem(f"l'erreur « {mistake_id} », déclarée par le code, n'a pas "
                                   "de message : ajoutez-la sous « mistakes »",
                                   [*at, "mistakes"], ""))
        for mistake_id in messages:
            if mistake_id not in ids:
                known = ", ".join(ids) or "aucune"
                out.append(problem(f"l'erreur « {mistake_id} » n'est pas déclarée par le code "
                                   f"({DEFINITIONS_FILE}) ; erreurs déclarées : {known}",
                                   [*at, "mistakes", mistake_id], "mistakes"))
    out += _placeholder_problems(data, definition, problem)
    return out


def _texts_at(data: dict[str, Any]) -> list[tuple[list[str], str]]:
    """Every text of an exercise file with its YAML path."""
    found = [([name], data[name]) for name in ("title", "conclusion")]
    for key, texts in data["fields"].items():
        at = ["fields", key]
        found += [([*at, name], texts[name]) for name in ("label", "hint", "unit")
                  if name in texts]
        found += [([*at, "mistakes", i], text) for i, text in texts.get("mistakes", {}).items()]
        for choice, words in texts.get("choices", {}).items():
            found += [([*at, "choices", choice, name], words[name])
                      for name in ("text", "feedback")]
    return found


def _placeholder_problems(data: dict[str, Any], definition: Definition,
                          problem: _Locate) -> list[ContentProblem]:
    known = ", ".join(f"{{{name}}}" for name in definition.placeholders) or "aucune"
    return [problem(f"« {{{name}}} » : le code ne fournit pas de valeur de ce nom (valeurs "
                    f"fournies : {known})", path)
            for path, text in _texts_at(data) for name in _PLACEHOLDER.findall(text)
            if name not in definition.placeholders]


# --------------------------------------------------------------------------- reading

def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _plainly_sound(data: Any) -> bool:
    """True when a file has the shape the schema asks for, as far as building relies on
    it: a notebook then skips importing jsonschema (about 2 s). Any doubt sends the file
    through the full validation, which gives the French messages."""
    try:
        fields = data["fields"]
        return (set(data) == _TOP and all(_text(data[k]) for k in _TOP - {"fields"})
                and isinstance(fields, dict) and bool(fields) and all(
                    set(f) <= _FIELD and "label" in f
                    and isinstance(f.get("objectifs"), list) and bool(f["objectifs"])
                    and all(isinstance(o, str) for o in f["objectifs"])
                    and all(_text(f[k]) for k in ("label", "hint", "unit") if k in f)
                    and all(_text(m) for m in f.get("mistakes", {}).values())
                    and all(set(c) == {"text", "feedback"} and _text(c["text"])
                            and _text(c["feedback"]) for c in f.get("choices", {}).values())
                    for f in fields.values()))
    except (AttributeError, KeyError, TypeError):
        return False


def _build(data: dict[str, Any], definition: Definition) -> ExerciseTexts:
    def words(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: definition.placeholders[m[1]], text.strip())

    fields = {}
    for key, f in data["fields"].items():
        choices = {k: (words(c["text"]), words(c["feedback"]))
                   for k, c in f.get("choices", {}).items()}
        mistakes = {i: words(m) for i, m in f.get("mistakes", {}).items()}
        fields[key] = FieldTexts(label=words(f["label"]), hint=words(f.get("hint", "")),
                                 unit=words(f.get("unit", "")), choices=choices,
                                 mistakes=mistakes, objectives=tuple(f["objectifs"]))
    return ExerciseTexts(notebook=data["notebook"].strip(), title=words(data["title"]),
                         conclusion=words(data["conclusion"]), fields=fields)


def read_texts(exercise_id: str, definition: Definition | None,
               schema: bool = True) -> tuple[ExerciseTexts | None, list[ContentProblem]]:
    """Read and validate the texts of ``exercise_id``; every problem found, in French.

    Without ``definition`` (the code could not compute the exercise), only the file
    itself is checked. ``schema=False`` skips the JSON schema for a file that looks
    sound (a notebook's path; ``fabrique-course verifier`` always applies it).
    """
    path = texts_path(exercise_id)
    shown = display_path(path)
    data, lines, problems = read_yaml_file(path)
    if problems:
        return None, [ContentProblem(p.file, f"exercice « {exercise_id} » : {p.message}"
                                     + ("" if path.exists() else " (chaque exercice a ses "
                                        "textes dans content/exercices/)"), line=p.line)
                      for p in problems]
    problem = _Locate(exercise_id, shown, lines)
    if not isinstance(data, dict):
        return None, [problem("le fichier doit contenir « notebook », « title », "
                              "« conclusion » et « fields »", [])]
    if schema or not _plainly_sound(data):
        problems = _schema_problems(data, problem)
        if problems:
            return None, problems
    if definition is None:
        return None, []
    problems = _consistency_problems(exercise_id, data, definition, problem)
    if problems:
        return None, problems
    return _build(data, definition), []


def load_texts(exercise_id: str, definition: Definition) -> ExerciseTexts:
    """The texts of ``exercise_id``, or :class:`ContentError` with every problem."""
    texts, problems = read_texts(exercise_id, definition, schema=False)
    if texts is None:
        raise ContentError(problems)
    return texts
