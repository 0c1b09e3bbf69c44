"""The course's fictional data sets (``content/data/``): paths, dictionary, rows, tables.

Reading rows for the exercise checkers uses the standard library only; ``donnees``
imports pandas on first use, so ``import fabrique_course`` stays light.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .._errors import DataError
from .._paths import data_dir

__all__ = [
    "Column",
    "DatasetInfo",
    "dataset",
    "dataset_names",
    "dictionnaire",
    "donnees",
    "rows",
]


@dataclass(frozen=True)
class Column:
    """One column of a data set, as its dictionary describes it."""

    name: str
    type: str
    unit: str
    description: str


@dataclass(frozen=True)
class DatasetInfo:
    """A data set's dictionary entry."""

    name: str
    file: str
    title: str
    lesson: str
    rows: int
    description: str
    generation: str
    columns: tuple[Column, ...]
    warning: str

    def text(self) -> str:
        """The dictionary as plain French text."""
        lines = [f"{self.title} — fichier {self.file}, {self.rows} lignes",
                 f"⚠ {self.warning}", "", self.description, "",
                 f"Comment il a été produit : {self.generation}", "", "Colonnes :"]
        lines += [f"  - {c.name} ({c.type}{', ' + c.unit if c.unit else ''}) : "
                  f"{c.description}" for c in self.columns]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        head = ('<table><caption>Colonnes de « ' + html.escape(self.name) + ' »</caption>'
                '<thead><tr><th scope="col">Colonne</th><th scope="col">Type</th>'
                '<th scope="col">Unité</th><th scope="col">Description</th></tr></thead><tbody>')
        body = "".join(f"<tr><td><code>{html.escape(c.name)}</code></td>"
                       f"<td>{html.escape(c.type)}</td><td>{html.escape(c.unit or '—')}</td>"
                       f"<td>{html.escape(c.description)}</td></tr>" for c in self.columns)
        return (f'<div class="fc-dictionnaire" lang="fr"><p><strong>'
                f"{html.escape(self.title)}</strong> — <code>{html.escape(self.file)}</code>, "
                f"{self.rows} lignes</p><p><strong>Données fictives.</strong> "
                f"{html.escape(self.warning)}</p><p>{html.escape(self.description)}</p>"
                f"<p><em>Comment il a été produit :</em> {html.escape(self.generation)}</p>"
                f"{head}{body}</tbody></table></div>")

    def __repr__(self) -> str:
        return self.text()


@functools.lru_cache(maxsize=4)
def _catalogue(folder: Path) -> dict[str, DatasetInfo]:
    path = folder / "dictionnaire.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        warning = str(raw["avertissement"])
        out = {}
        for entry in raw["jeux"]:
            out[str(entry["nom"])] = DatasetInfo(
                str(entry["nom"]), str(entry["fichier"]), str(entry["titre"]),
                str(entry["lecon"]), int(entry["lignes"]), str(entry["description"]),
                str(entry["generation"]),
                tuple(Column(str(c["nom"]), str(c["type"]), str(c["unite"]),
                             str(c["description"])) for c in entry["colonnes"]),
                warning)
        return out
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        what = (f"ligne {mark.line + 1} : {getattr(exc, 'problem', 'erreur de syntaxe')}"
                if mark is not None else str(exc))
        raise DataError(f"dictionnaire des données illisible ({path}, {what}). "
                        "Régénérez-le avec « python tools/make_datasets.py ».") from exc


def dataset_names() -> list[str]:
    """Names of the data sets, in dictionary order."""
    return list(_catalogue(data_dir()))


def dataset(name: str) -> DatasetInfo:
    """The dictionary entry of data set ``name`` (clear French error if unknown)."""
    catalogue = _catalogue(data_dir())
    if name not in catalogue:
        raise DataError(f"jeu de données inconnu : « {name} ». Jeux disponibles : "
                        + ", ".join(catalogue))
    return catalogue[name]


def _convert(value: str, kind: str) -> Any:
    if value == "":
        return None
    if kind == "entier":
        return int(value)
    if kind == "décimal":
        return float(value)
    return value


@functools.lru_cache(maxsize=16)
def _rows(folder: Path, name: str) -> tuple[dict[str, Any], ...]:
    info = _catalogue(folder)[name]
    kinds = {c.name: c.type for c in info.columns}
    path = folder / info.file
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return tuple({k: _convert(v, kinds.get(k, "texte")) for k, v in row.items()}
                         for row in csv.DictReader(handle))
    except (OSError, ValueError) as exc:
        raise DataError(f"jeu de données « {name} » illisible ({path}) : {exc}") from exc


def rows(name: str) -> tuple[dict[str, Any], ...]:
    """The rows of data set ``name`` as dicts, typed from the dictionary (no pandas)."""
    dataset(name)
    return _rows(data_dir(), name)


def donnees(nom: str) -> Any:
    """Le jeu de données ``nom`` sous forme de tableau pandas (données fictives).

    Exemple : ``registres = donnees("registres_objets")``. ``dictionnaire(nom)`` décrit
    ses colonnes.
    """
    info = dataset(nom)
    import pandas as pd

    table = pd.read_csv(data_dir() / info.file, encoding="utf-8")
    table.attrs["fictif"] = info.warning
    return table


def dictionnaire(nom: str) -> DatasetInfo:
    """La description du jeu ``nom`` : colonnes, unités, comment il a été produit."""
    return dataset(nom)
