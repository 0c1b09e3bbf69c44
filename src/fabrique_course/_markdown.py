"""Author Markdown to HTML (raw HTML in the source is escaped), with mistune.

The parser is built on first use, not at import: a lesson's first quiz shows prompts whose
HTML was rendered when its bank was checked (``_banks`` hands them over with
:func:`remember`), so it does not import a Markdown parser at all.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["markdown_html", "markdown_inline_html", "remember"]

#: Markdown text -> its HTML, filled by :func:`remember` from checked banks.
_KNOWN: dict[str, str] = {}


@functools.cache
def _parser() -> tuple[Any, Any]:
    import mistune

    renderer = mistune.HTMLRenderer(escape=True)  # raw HTML in author Markdown is escaped
    return renderer, mistune.create_markdown(renderer=renderer,
                                             plugins=["strikethrough", "table"])


def markdown_html(text: str) -> str:
    """Render author Markdown to HTML (raw HTML in the source is escaped)."""
    known = _KNOWN.get(text)
    if known is not None:
        return known
    return str(_parser()[1](text)).strip()


def markdown_inline_html(text: str) -> str:
    """Render one line of author Markdown as phrasing content, for a ``<p>``, ``<li>`` or
    ``<label>``: emphasis, bold, code, links; no block (« 1. », « # », « > » stay text).
    Raw HTML in the source is escaped, as in :func:`markdown_html`."""
    from mistune.core import BlockState

    renderer, markdown = _parser()
    state = BlockState()
    tokens = markdown.inline(text.strip(" \r\n\t\f"), state.env)
    return str(renderer.render_tokens(tokens, state)).strip()


def remember(rendered: dict[str, str]) -> None:
    """Take ``rendered`` (Markdown -> the HTML :func:`markdown_html` gives for it, from a
    checked bank whose key covers this module's code) so it is not rendered again."""
    _KNOWN.update(rendered)
