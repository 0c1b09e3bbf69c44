"""The site's review page (``revision.html``): every question of the course, hidden, and
the data ``site_assets/fabrique-revision.js`` needs to pick today's session in the browser.

The ``revision()`` cell of ``notebooks/revision.ipynb`` becomes :func:`revision_block`: an
element ``#fc-revision`` holding a header the script fills (a polite live region), an
empty list the chosen questions move into, and one hidden block per question of the
course — its static form (:func:`._static.question_form`, numbered as in its lesson)
under a line the script fills with the lesson and the reason it is asked. Built at build
time, so the page works offline; the answers given there are kept by the site's usual
script like any other.

Pure: no IPython, no nbconvert.
"""

from __future__ import annotations

import html
import json

from .._banks import load_bank
from .._model import Question
from .._render import dom_id
from .._report import question_numbers
from .._revision import DEFAULT_SIZE, course_catalogue
from ._static import question_form

__all__ = ["revision_block"]


def revision_block(n: int = DEFAULT_SIZE) -> tuple[str, list[Question]]:
    """The review block of a page and the questions it embeds (for the page's data)."""
    catalogue = course_catalogue()
    questions: list[Question] = []
    titles: dict[str, str] = {}
    blocks = []
    for notebook, ids in catalogue:
        bank = load_bank(notebook)
        titles[notebook] = bank.title
        numbers = question_numbers(notebook)
        for qid in ids:
            q = bank.get(qid)
            questions.append(q)
            blocks.append(
                f'<div class="fc-revision-question" id="{dom_id(q, "revision")}" '
                f'data-fc-revision-question="{html.escape(q.key)}" hidden>'
                '<p class="fc-revision-raison"></p>'
                f'<div class="fc-quiz" lang="fr">{question_form(q, numbers.get(qid))}</div>'
                "</div>")
    data = json.dumps({"catalogue": catalogue, "titles": titles}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))
    safe = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    block = (f'<div class="fc-revision" id="fc-revision" data-n="{int(n)}" lang="fr">'
             '<div class="fc-revision-entete" role="status" aria-live="polite">'
             "<p>Votre séance de révision se calcule à partir des réponses gardées dans ce "
             "navigateur (JavaScript nécessaire).</p></div>"
             '<div class="fc-revision-seance"></div>'
             f'<div class="fc-revision-reserve">{"".join(blocks)}</div>'
             f'<script type="application/json" class="fc-revision-donnees">{safe}</script>'
             "</div>")
    return block, questions
