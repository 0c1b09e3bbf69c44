"""Numbered source notes in a learner's JupyterLab copy: JupyterLab's sanitizer keeps the
anchors (as ``data-jupyter-id``), and a click on a note brings its source into view."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .conftest import Lab
from .test_jupyterlab import current, open_notebook


def test_a_note_leads_to_its_source_in_the_references_list(page: Any, lab: Lab) -> None:
    """The first note of lesson 01 is a small superscript link; clicking it scrolls the
    references list's item into view, whose link opens the public page (https)."""
    open_notebook(page, lab, "01_investigation.ipynb")
    panel = current(page)
    note = panel.locator("sup.fc-renvoi a").first
    expect(note).to_have_text("1")
    target = note.get_attribute("href")
    assert target == "#source-01_investigation-1"
    item = panel.locator(f'li:has([data-jupyter-id="{target[1:]}"])')
    expect(item).to_have_count(1)
    expect(item.locator('a[href^="https://"]')).to_have_count(1)
    assert "[BG:" not in panel.inner_text()
    assert "[DOC:" not in panel.inner_text()
    # JupyterLab lays out off-screen cells lazily (windowing « contentVisibility »): a
    # jump to a cell never shown may land short while cells above it get their real
    # height. Scrolled through once, as a reader would, every cell keeps its height.
    scroller = panel.locator(".jp-WindowedPanel-outer")
    for _ in range(2):
        scroller.evaluate("e => e.scrollTop = e.scrollHeight")
        page.wait_for_timeout(500)
    scroller.evaluate("e => e.scrollTop = 0")
    note.scroll_into_view_if_needed()
    expect(item).not_to_be_in_viewport()  # the list is at the end of the lesson
    note.click()
    expect(item).to_be_in_viewport()
