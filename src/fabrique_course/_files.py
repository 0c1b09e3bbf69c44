"""Reading the course's content files: strict YAML (a duplicate key is an error) with the
line of each node for messages, and JSON-schema validation with French messages.

Shared by the question banks (``_content``) and the impact exercises' texts. Pure: no
IPython; ``jsonschema`` is imported only when a file is validated (it is slow to import).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ._errors import ContentProblem
from ._paths import display_path

if TYPE_CHECKING:
    import jsonschema

__all__ = ["Lines", "StrictLoader", "display_path", "format_path", "french_schema_message",
           "read_yaml_file", "schema_validator"]


# --------------------------------------------------------------------------- YAML

_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed


class StrictLoader(_SafeBase):  # type: ignore[misc]
    """Safe loader that refuses duplicate keys instead of silently keeping the last."""


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None,
                f"clé « {key} » en double (déjà vue ligne {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    mapping: dict[Any, Any] = loader.construct_mapping(node)
    return mapping


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


class Lines:
    """Line numbers of a bank's YAML nodes, for error messages only.

    The node tree is composed on the first question asked: a sound bank, loaded by a
    notebook, never pays for a second parse.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None

    def at(self, path: Sequence[str | int]) -> int | None:
        """1-based line of the YAML node at ``path`` (the deepest one that exists)."""
        if self._root is None:
            self._root = yaml.compose(self._text, Loader=_SafeBase)
        node = self._root
        line = node.start_mark.line + 1 if node is not None else None
        for step in path:
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                for key_node, value_node in node.value:
                    if getattr(key_node, "value", None) == step:
                        node = value_node
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    return line
                node = node.value[step]
            else:
                return line
            line = node.start_mark.line + 1
        return line


# --------------------------------------------------------------------------- schema

@functools.cache
def schema_validator(name: str) -> jsonschema.protocols.Validator:
    """The validator of the package's JSON schema ``schemas/<name>.schema.json``."""
    import jsonschema

    text = resources.files("fabrique_course").joinpath(f"schemas/{name}.schema.json")
    schema = json.loads(text.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def french_schema_message(error: jsonschema.ValidationError) -> tuple[str, str | None]:
    """French message for a schema error, and the name of a missing field if any."""
    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return f"champ obligatoire « {missing} » manquant", missing
    if v == "additionalProperties":
        extra = error.message.split("'")[1] if "'" in error.message else "?"
        return f"champ « {extra} » inconnu pour ce type de question (faute de frappe ?)", extra
    if v == "type":
        expected = {
            "string": "un texte", "number": "un nombre", "boolean": "true ou false",
            "array": "une liste", "object": "un dictionnaire (clé: valeur)",
        }.get(str(error.validator_value), str(error.validator_value))
        return f"valeur {error.instance!r} : {expected} est attendu", None
    if v == "enum":
        allowed = ", ".join(str(x) for x in list(error.validator_value))  # type: ignore[arg-type]
        return f"valeur {error.instance!r} inconnue ; valeurs possibles : {allowed}", None
    if v == "pattern":
        if str(error.validator_value).startswith("^[a-z0-9]"):
            return (f"identifiant {error.instance!r} invalide : minuscules, chiffres et tirets "
                    "seulement (ex. « manifeste-pilier-impact »)"), None
        if error.validator_value == "\\S":
            return "texte vide", None
        return f"valeur {error.instance!r} ne respecte pas le format attendu", None
    if v in ("minLength",):
        return "texte vide", None
    if v == "minItems":
        return f"au moins {error.validator_value} élément(s) attendu(s)", None
    if v == "minimum":
        return f"valeur {error.instance!r} trop petite (minimum {error.validator_value})", None
    if v == "maximum":
        return f"valeur {error.instance!r} trop grande (maximum {error.validator_value})", None
    if v in ("minProperties", "maxProperties"):
        return "indiquer exactement une tolérance : « absolute » ou « relative »", None
    return f"valeur invalide ({error.message})", None


def format_path(path: Iterable[str | int]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def read_yaml_file(path: Path) -> tuple[Any, Lines | None, list[ContentProblem]]:
    """The data of a YAML content file, its line finder, and the problems met reading it
    (file missing, not UTF-8, invalid YAML, duplicate key), each in French."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None, [ContentProblem(shown, "fichier introuvable")]
    except UnicodeDecodeError as exc:
        return None, None, [ContentProblem(shown, f"le fichier n'est pas en UTF-8 ({exc.reason})")]
    except OSError as exc:
        return None, None, [ContentProblem(shown, f"lecture impossible : {exc.strerror}")]
    try:
        data = yaml.load(text, Loader=StrictLoader)  # safe: SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or "erreur"
        if mark is not None:
            what += f" (colonne {mark.column + 1})"
        return None, None, [ContentProblem(shown, f"YAML invalide : {what}", line=line)]
    except yaml.YAMLError as exc:
        return None, None, [ContentProblem(shown, f"YAML invalide : {exc}")]
    return data, Lines(text), []
