"""Guards of the public API: exported names and the module layering."""

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
    "classe", "exemple_de_classe",
}

# Pure modules must not import the UI layer (IPython, ipywidgets) nor upper modules.
PURE = {"_errors", "_numbers", "_content", "_grading", "_progress", "_report", "_workspace",
        "_render", "impact", "_data", "_exercises", "_editions"}
UI = {"IPython", "ipywidgets", "_widgets", "_home", "cli", "_verifier", "graphiques",
      "matplotlib"}


def test_exported_names_are_exactly_the_public_api() -> None:
    """`__all__` lists the public API and every name in it resolves."""
    assert set(fabrique_course.__all__) == EXPECTED
    for name in fabrique_course.__all__:
        assert getattr(fabrique_course, name) is not None


def test_private_modules_declare_all() -> None:
    """Each private module declares `__all__`."""
    for path in [*SRC.glob("_*.py"), SRC / "impact.py", SRC / "graphiques.py"]:
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {t.id for node in tree.body if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name)}
        names |= {node.target.id for node in tree.body
                  if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)}
        assert "__all__" in names, path.name


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add((node.module or "").split(".")[0] if node.level == 0
                      else (node.module or ""))
    return found


def test_pure_core_does_not_import_the_ui_layer() -> None:
    """The pure modules never import IPython, ipywidgets, the widgets or the CLI."""
    for name in PURE:
        assert not (_imports(SRC / f"{name}.py") & UI), name


def test_version_comes_from_package_metadata() -> None:
    """The version is the installed distribution's."""
    from importlib.metadata import version

    assert fabrique_course.__version__ == version("fabrique-course")
