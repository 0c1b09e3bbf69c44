"""« Votre bilan » on the static site (``bilan.html``, from ``notebooks/bilan.ipynb``): the
``bilan()`` cell becomes a block that ``site_assets/fabrique-bilan.js`` fills in the
browser from the answers and exercise checks this browser keeps.

The map the script computes from — each question's objectives, number, short title and
link to its form, each objective's competence, the labels, the thresholds — is written
here, at build time, from the content (:func:`fabrique_course._bilan.bilan_data`): the
script holds no course data of its own. Pure: no IPython, no nbconvert.
"""

from __future__ import annotations

import json

from .._banks import bank_names, load_bank
from .._bilan import bilan_data
from .._bilan_view import BILAN_CSS
from .._errors import FabriqueError
from .._lessons import Lesson, lessons
from .._model import Bank
from ._static import question_links

__all__ = ["bilan_block"]


def bilan_block(available: list[Lesson] | None = None) -> str:
    """The block the page script fills, its styles, and the map as a JSON data island."""
    found = lessons() if available is None else available
    banks: list[Bank] = []
    for name in bank_names():
        try:
            banks.append(load_bank(name))
        except FabriqueError:
            continue  # a broken bank: the verifier names it, the site build shows the rest
    links = {b.notebook: question_links(b.notebook, f"{b.notebook}.html", found) for b in banks}
    data = bilan_data(banks, found,
                      numbers={n: {q: v[0] for q, v in found_links.items()}
                               for n, found_links in links.items()},
                      links={n: {q: v[2] for q, v in found_links.items()}
                             for n, found_links in links.items()},
                      pages={b.notebook: f"{b.notebook}.html" for b in banks})
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (f"<style>{BILAN_CSS}</style>"
            '<div class="fc-bilan" id="fc-bilan" lang="fr">'
            '<p class="fc-bilan-attente">Votre bilan se calcule à partir des réponses gardées '
            "dans ce navigateur (JavaScript nécessaire).</p></div>"
            f'<script type="application/json" class="fc-bilan-donnees">{safe}</script>')
