"""The course's fictional data sets (``content/data/``): paths, dictionary, rows, tables.

Reading rows for the exercise checkers uses the standard library only; ``donnees``
imports pandas on first use, so ``import fabrique_course`` stays light. ``telecharger``
gives a download link to a data set's spreadsheet copy (``content/data/tableur/``,
copied into the workspace's ``donnees-tableur/``).
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .._errors import DataError
from .._numbers import format_french_number
from .._paths import data_dir

__all__ = [
    "Column",
    "DatasetInfo",
    "Telechargement",
    "dataset",
    "dataset_names",
    "dictionnaire",
    "donnees",
    "rows",
    "spreadsheet_path",
    "telecharger",
]

#: Sub-folder of ``content/data/`` holding the spreadsheet copies (tools/make_datasets.py).
SPREADSHEET_SUBDIR = "tableur"


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
    _french_display(pd)
    return table


def _french_float(value: float) -> str:
    """A float in a displayed table, the French way (« 370 », « 0,52 », « 1 896,5 »)."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    return format_french_number(value)


def _french_display(pd: Any) -> None:
    """Tables shown in the notebook (and on the site, from the same outputs) write their
    decimals the French way, unless the learner has chosen a float format of her own."""
    if pd.get_option("display.float_format") is None:
        pd.set_option("display.float_format", _french_float)


def dictionnaire(nom: str) -> DatasetInfo:
    """La description du jeu ``nom`` : colonnes, unités, comment il a été produit."""
    return dataset(nom)


def spreadsheet_path(name: str) -> Path:
    """The course's spreadsheet copy of data set ``name`` (``content/data/tableur/``)."""
    return data_dir() / SPREADSHEET_SUBDIR / dataset(name).file


@dataclass(frozen=True)
class Telechargement:
    """A download link to a data set's spreadsheet file, shown by a notebook."""

    name: str
    title: str
    href: str
    path: Path
    in_workspace: bool = True

    def text(self) -> str:
        """The link as plain French text: where the file is and how to open it."""
        where = (f" (dans votre espace de travail : {self.href})" if self.in_workspace
                 else "")
        return (f"« {self.title} » pour un tableur (LibreOffice Calc, Excel)\n"
                f"Fichier : {self.path}{where}\n"
                "Ouvrez-le d'un double-clic (séparateur « ; », virgule décimale, "
                "données fictives).")

    def _repr_html_(self) -> str:
        import html

        href = html.escape(self.href, quote=True)
        download = html.escape(self.path.name, quote=True)
        return (f'<div class="fc-telecharger" lang="fr"><p><a href="{href}" '
                f'download="{download}">Télécharger « {html.escape(self.title)} » pour un '
                f"tableur</a> (<code>{html.escape(self.path.name)}</code> : LibreOffice "
                "Calc ou Excel, ouverture par double-clic ; données fictives).</p>"
                "<p>Si le lien ne fonctionne pas, ouvrez le fichier "
                f"<code>{html.escape(str(self.path))}</code>"
                + (f" (dans votre espace de travail : <code>{html.escape(self.href)}</code>)"
                   if self.in_workspace else "") + ".</p></div>")

    def __repr__(self) -> str:
        return self.text()


def telecharger(nom: str) -> Telechargement:
    """Un lien pour télécharger le jeu ``nom`` dans un fichier qu'un tableur en français
    (LibreOffice Calc, Excel) ouvre d'un double-clic : séparateur « ; », virgule décimale.

    Exemple : ``telecharger("registres_objets")``. Le fichier est la copie placée dans le
    dossier ``donnees-tableur/`` de votre espace de travail.
    """
    from .._workspace import SPREADSHEET_DIR, find_workspace

    info = dataset(nom)
    copy = find_workspace() / SPREADSHEET_DIR / info.file
    path = copy if copy.is_file() else spreadsheet_path(nom)
    if not path.is_file():
        raise DataError(f"fichier pour tableur introuvable pour « {nom} » ({path}). "
                        "Régénérez-le avec « python tools/make_datasets.py », puis "
                        "relancez « fabrique-course lab ».")
    # Relative to the notebook, which sits at the root of the workspace (and of the site).
    return Telechargement(nom, info.title, f"{SPREADSHEET_DIR}/{info.file}", path,
                          in_workspace=path == copy)
