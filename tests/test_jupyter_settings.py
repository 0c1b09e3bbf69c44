"""The JupyterLab settings shipped with the course match the installed JupyterLab."""

from __future__ import annotations

import json

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
