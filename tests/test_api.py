"""Guards of the public API: exported names, `__all__` everywhere, lazy helpers listed by
`dir()` (the layering itself is held by tests/test_layers.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import fabrique_course

SRC = Path(fabrique_course.__file__).parent

EXPECTED = {
    "Bank", "ContentError", "ContentProblem", "FabriqueError", "ProgressError", "Question",
    "Result", "UnknownQuestionError", "WorkspaceError", "__version__", "bank_names",
    "check_content", "grade", "load_bank", "load_question", "parse_french_number",
    "progress", "quiz", "repondre", "sommaire", "verifier", "donnees", "dictionnaire",
    "classe", "exemple_de_classe", "formulaire", "telecharger", "ecrire", "releve", "rendre",
    "remises", "revision", "bilan",
}

def test_exported_names_are_exactly_the_public_api() -> None:
    """`__all__` lists the public API and every name in it resolves."""
    assert set(fabrique_course.__all__) == EXPECTED
    for name in fabrique_course.__all__:
        assert getattr(fabrique_course, name) is not None


def test_private_modules_declare_all() -> None:
    """Each module of the package, subpackages included, declares `__all__`."""
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "__init__.py" or path.name == "cli.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {t.id for node in tree.body if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name)}
        names |= {node.target.id for node in tree.body
                  if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)}
        assert "__all__" in names, path.name


def test_version_comes_from_package_metadata() -> None:
    """The version is the installed distribution's."""
    from importlib.metadata import version

    assert fabrique_course.__version__ == version("fabrique-course")


def test_dir_offers_the_notebook_helpers() -> None:
    """Tab completion (`dir(fabrique_course)`) offers the lazy notebook helpers."""
    names = dir(fabrique_course)
    for helper in ("quiz", "progress", "repondre", "sommaire", "verifier", "donnees",
                   "dictionnaire", "formulaire", "telecharger", "graphiques", "impact",
                   "ecrire", "releve", "rendre", "revision"):
        assert helper in names
