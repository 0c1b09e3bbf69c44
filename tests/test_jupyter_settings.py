"""The JupyterLab settings shipped with the course match the installed JupyterLab."""

from __future__ import annotations

import json
import re
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .conftest import REPO, load_tool


def test_overrides_match_this_jupyterlab() -> None:
    """jupyter/overrides.json is what tools/keyboard_overrides.py builds for this JupyterLab."""
    tool = load_tool("keyboard_overrides")
    shipped = json.loads((REPO / "jupyter" / "overrides.json").read_text(encoding="utf-8"))
    assert shipped == tool.build()


def test_news_and_arrow_theft_are_switched_off() -> None:
    """No Jupyter news prompt; arrow keys are left to focused widget controls."""
    shipped = json.loads((REPO / "jupyter" / "overrides.json").read_text(encoding="utf-8"))
    assert shipped["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    shortcuts = shipped["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    down = [s for s in shortcuts if s["command"] == "notebook:move-cursor-down"
            and s["keys"] == ["ArrowDown"]]
    assert any(s.get("disabled") for s in down)
    assert any(":not(.jupyter-widgets" in s["selector"] for s in down)


# --- JupyterLab in French -------------------------------------------------------------
# The lessons name JupyterLab's menus in French (« Exécution › Exécuter toutes les
# cellules ») : the course installs the French language pack and makes it the default.

LAB = Path(sys.prefix) / "share" / "jupyter" / "lab"
# A menu path named for the learner, in italics: *Fichier › Enregistrer…*.
MENU_PATH = re.compile(r"(?<![*\w])\*([^*\n]+(?:\n[^*\n]+)*?›[^*]+?)\*(?!\*)")


def course_texts() -> dict[str, str]:
    """The Markdown the learners read: every notebook's Markdown cells, and the README."""
    texts = {"README.md": (REPO / "README.md").read_text(encoding="utf-8")}
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        texts[path.name] = "\n\n".join(
            "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    return texts


def menu_paths(text: str) -> list[list[str]]:
    """Each « Menu › Entrée › … » path of ``text``, as its list of labels."""
    return [[" ".join(label.split()) for label in match.split("›")]
            for match in MENU_PATH.findall(text)]


def french_catalog() -> dict[str, Any]:
    """The JupyterLab catalog of the installed French pack, as the server sends it."""
    from jupyterlab_server.translation_utils import get_language_pack

    data, message = get_language_pack("fr_FR")
    assert "jupyterlab" in data, message or "paquet de langue fr_FR absent"
    return dict(data["jupyterlab"])


def schema_menus() -> tuple[set[str], set[str]]:
    """English labels of the main menus and of their submenus, in this JupyterLab's schemas."""
    main: set[str] = set()
    sub: set[str] = set()

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            submenu = item.get("submenu") or {}
            if submenu.get("label"):
                sub.add(submenu["label"])
            walk(submenu.get("items", []))

    for path in (LAB / "schemas").glob("**/*.json"):
        for menu in json.loads(path.read_text(encoding="utf-8")).get(
                "jupyter.lab.menus", {}).get("main", []):
            if menu.get("label"):
                main.add(menu["label"])
            walk(menu.get("items", []))
    return main, sub


def french(catalog: dict[str, Any], english: str, context: str = "menu") -> str:
    """How the pack translates ``english`` (menu context first, as JupyterLab does)."""
    for key in (f"{context}\x04{english}", english):
        if catalog.get(key) and catalog[key][0]:
            return str(catalog[key][0])
    return english


def test_shipped_settings_make_french_the_default_language() -> None:
    """jupyter/overrides.json sets fr_FR, a setting this JupyterLab's translation plugin has."""
    shipped = json.loads((REPO / "jupyter" / "overrides.json").read_text(encoding="utf-8"))
    assert shipped["@jupyterlab/translation-extension:plugin"] == {"locale": "fr_FR"}
    schema = json.loads((LAB / "schemas" / "@jupyterlab" / "translation-extension"
                         / "plugin.json").read_text(encoding="utf-8"))
    assert "locale" in schema["properties"]


def test_french_language_pack_is_installed() -> None:
    """The course installs jupyterlab-language-pack-fr-FR, for this JupyterLab's major version."""
    from jupyterlab_server.translation_utils import get_language_packs

    assert "fr_FR" in get_language_packs()[0]
    pack = version("jupyterlab-language-pack-fr-FR")
    assert pack.split(".")[0] == version("jupyterlab").split(".")[0]
    catalog = french_catalog()
    assert french(catalog, "File") == "Fichier"
    assert french(catalog, "Kernel") == "Noyau"
    assert french(catalog, "Run All Cells") == "Exécuter toutes les cellules"


def test_menu_paths_named_by_the_course_exist_in_french() -> None:
    """Each menu path the course names is, label for label, what French JupyterLab shows."""
    catalog = french_catalog()
    main, sub = schema_menus()
    menus = {french(catalog, label): label for label in main}
    static = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                       for p in (LAB / "static").glob("*.js"))
    wrong = []
    paths = {(name, tuple(path)) for name, text in course_texts().items()
             for path in menu_paths(text)}
    assert any(name == "accueil.ipynb" for name, _ in paths)
    for name, path in sorted(paths):
        if path[0] not in menus:
            wrong.append(f"{name} : menu « {path[0]} » inconnu ; les menus sont "
                         + ", ".join(f"« {m} »" for m in sorted(menus)))
        for label in path[1:]:
            # The English texts this French label translates, used by this JupyterLab.
            sources = {key.split("\x04")[-1] for key, value in catalog.items()
                       if key and value and value[0] == label}
            if not any(s in sub or f'"{s}"' in static for s in sources):
                wrong.append(f"{name} : entrée « {label} » absente de JupyterLab en français"
                             f" ({' › '.join(path)})")
    assert not wrong, "\n".join(wrong)
