"""Write jupyter/overrides.json: the JupyterLab settings the course ships.

Three things:
- JupyterLab in French by default (the lessons name its French menus; the language pack
  jupyterlab-language-pack-fr-FR is a dependency of the course, and a learner can still
  switch back in Settings › Language);
- no "official Jupyter news" prompt and no update check (a room of beginners);
- keyboard use of the quiz controls. JupyterLab's notebook command-mode shortcuts
  (arrows, J/K, A, B, D D, M, Y…) match any focused element that is not a text field,
  so arrow keys on a radio button or a drop-down list move to another cell instead of
  changing the answer (ipywidgets issue #3912). Each such default shortcut is disabled
  and added back with a selector that leaves focused ipywidgets controls alone.

Usage: .venv/bin/python tools/keyboard_overrides.py [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "jupyter" / "overrides.json"
LOCALE = "fr_FR"  # a language pack code: jupyterlab-language-pack-fr-FR
STOLEN = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
SPARED = STOLEN + ":not(.jupyter-widgets):not(.jupyter-widgets *)"


def default_shortcuts() -> list[dict[str, object]]:
    """Notebook shortcuts that steal keys from focused widgets, from JupyterLab's schemas."""
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    found = []
    for path in sorted(schemas.glob("@jupyterlab/*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for shortcut in data.get("jupyter.lab.shortcuts", []):
            if shortcut.get("selector") == STOLEN and not shortcut.get("disabled"):
                found.append({"command": shortcut["command"], "keys": shortcut["keys"]})
    return sorted(found, key=lambda s: (str(s["command"]), str(s["keys"])))


def build() -> dict[str, object]:
    """The whole overrides document."""
    shortcuts: list[dict[str, object]] = []
    for s in default_shortcuts():
        shortcuts.append({**s, "selector": STOLEN, "disabled": True})
        shortcuts.append({**s, "selector": SPARED})
    return {
        "@jupyterlab/translation-extension:plugin": {"locale": LOCALE},
        "@jupyterlab/apputils-extension:notification": {
            "checkForUpdates": False,
            "fetchNews": "false",
        },
        "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": shortcuts},
    }


def main() -> int:
    text = json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print("jupyter/overrides.json ne correspond plus aux raccourcis de cette version "
                  "de JupyterLab : relancez tools/keyboard_overrides.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"écrit : {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
