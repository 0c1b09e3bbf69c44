"""``bilan()`` in a notebook: the learner's bilan (:mod:`._bilan`) as printable, accessible
HTML — per lesson, per objective, per competence of the certification, what to review —
and as plain text for front ends without HTML. Nothing leaves the machine: the bilan reads
the progress store of the workspace.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Sequence
from typing import Any

from ._banks import bank_names, load_bank
from ._bilan import (
    INTRO,
    Bilan,
    Mastery,
    bilan_data,
    compute,
    notebook_links,
    thresholds_sentence,
)
from ._errors import FabriqueError
from ._lessons import lessons
from ._model import Bank
from ._paths import notebooks_dir
from ._progress import ProgressWarning
from ._report import question_numbers

__all__ = ["BILAN_CSS", "BilanView", "bilan", "bilan_html", "bilan_lines"]

#: The bilan's styles: readable tables, status in words (never by colour alone), and a
#: print layout that fits a coach's single page where it can (smaller type, no links'
#: underlines lost, tables not split across pages when avoidable).
BILAN_CSS = """
.fc-bilan { line-height: 1.45; }
.fc-bilan table { border-collapse: collapse; margin: 0.5em 0 1em; width: 100%; }
.fc-bilan caption { text-align: left; font-weight: bold; padding: 0.2em 0; }
.fc-bilan th, .fc-bilan td { border: 1px solid #6a6a6a; padding: 0.25em 0.5em;
  text-align: left; vertical-align: top; }
.fc-bilan th[scope=col] { background: #eeeeee; color: #161616; }
.fc-bilan td.fc-bilan-nombre { text-align: right; white-space: nowrap; }
.fc-bilan th[scope=row] { font-weight: normal; width: 40%; }
.fc-bilan .fc-bilan-statut { font-weight: bold; }
.fc-bilan .fc-bilan-alerte { border-left: 6px solid #3a3a3a; padding: 0.2em 0 0.2em 0.8em; }
@media print {
  .fc-bilan { font-size: 9.5pt; line-height: 1.25; }
  .fc-bilan h2, .fc-bilan h3 { break-after: avoid; margin: 0.4em 0 0.2em; }
  .fc-bilan table { break-inside: avoid; margin: 0.2em 0 0.5em; }
  .fc-bilan th, .fc-bilan td { padding: 0.1em 0.3em; }
  .fc-bilan a { color: inherit; }
  .fc-bilan-actions { display: none; }
}
"""


def _read_progress() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, Any]], str]:
    """The learner's answers and exercise checks, and a French note when the progress
    file could not be read (the bilan then shows what it has, never fails)."""
    from ._workspace import open_store

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            store = open_store()
            events = store.events()
            checks = store.exercise_checks()
        except FabriqueError as exc:
            return [], [], f"Votre progression n'a pas pu être lue : {exc}"
    note = " ".join(str(w.message) for w in caught if issubclass(w.category, ProgressWarning))
    if note:
        note = f"Votre fichier de progression n'a pas pu être lu tel quel : {note}"
    return ([(e.notebook, e.question_id, e.status) for e in events],
            [(c.notebook, c.exercise_id, c.fields) for c in checks], note)


def _map(banks: Sequence[Bank]) -> dict[str, Any]:
    """The bilan's map for JupyterLab: questions numbered as their lesson, each linked to
    the section of the lesson notebook that asks it."""
    available = lessons()
    folder = notebooks_dir()
    return bilan_data(banks, available,
                      numbers={b.notebook: question_numbers(b.notebook, available)
                               for b in banks},
                      links={b.notebook: notebook_links(b.notebook, folder) for b in banks},
                      pages={b.notebook: f"{b.notebook}.ipynb" for b in banks})


def _cells(m: Mastery) -> str:
    return (f'<td class="fc-bilan-nombre">{m.answered} sur {m.total}</td>'
            f'<td class="fc-bilan-nombre">{m.right}</td>'
            f'<td class="fc-bilan-nombre">{html.escape(m.rate_text())}</td>'
            f'<td class="fc-bilan-statut">{html.escape(m.status)}</td>')


_HEAD = ('<th scope="col">Répondu</th><th scope="col">Juste</th>'
         '<th scope="col">Taux de réussite</th><th scope="col">État</th>')


def _link(text: str, href: str) -> str:
    e = html.escape
    return f'<a href="{e(href, quote=True)}">{e(text)}</a>' if href else e(text)


def bilan_html(bilan: Bilan, problem: str = "", *, where: str = "sur cette machine") -> str:
    """The bilan as accessible, printable HTML: a plain statement first, then tables (per
    lesson, per objective, per competence) with captions and header scopes, the status
    in words, and what to review with links to the lessons' sections."""
    e = html.escape
    parts = [f"<style>{BILAN_CSS}</style>", '<div class="fc-bilan" lang="fr">']
    if problem:
        parts.append(f'<p class="fc-bilan-alerte" role="alert">{e(problem)}</p>')
    parts += [f"<p>{e(sentence)}</p>" for sentence in INTRO]
    parts.append(f"<p>Ce bilan est calculé {e(where)} à partir de vos réponses ; rien n'est "
                 "envoyé nulle part.</p>")
    parts.append(f"<p><strong>Comment lire l'état</strong> — {e(thresholds_sentence())}</p>")
    if not bilan.started:
        parts.append("<p><strong>Pas encore commencé</strong> : répondez aux questions des "
                     "leçons (ou vérifiez un exercice d'impact), puis relancez cette cellule.</p>")
    # per lesson
    rows = "".join(f'<tr><th scope="row">{_link(x.title, x.link)}</th>{_cells(x.mastery)}</tr>'
                   for x in bilan.lessons)
    parts.append('<h2>Par leçon</h2><table><caption>Bilan par leçon (questions et valeurs '
                 'des exercices d\'impact)</caption><thead><tr><th scope="col">Leçon</th>'
                 f"{_HEAD}</tr></thead><tbody>{rows}</tbody></table>")
    # per objective
    labels = {c.id: c.label for c in bilan.competences}
    parts.append("<h2>Par objectif</h2>")
    for x in bilan.lessons:
        rows = "".join(f'<tr><th scope="row">{e(o.text)}</th><td>'
                       f"{e(labels.get(o.competence, o.competence))}</td>{_cells(o.mastery)}</tr>"
                       for o in x.objectives)
        parts.append(f"<table><caption>Objectifs — {e(x.title)}</caption><thead><tr>"
                     '<th scope="col">Objectif</th><th scope="col">Compétence</th>'
                     f"{_HEAD}</tr></thead><tbody>{rows}</tbody></table>")
    # per competence
    rows = "".join(f'<tr><th scope="row">{e(c.label)}</th><td class="fc-bilan-nombre">'
                   f"{c.objectives}</td>{_cells(c.mastery)}</tr>" for c in bilan.competences)
    source = _link(bilan.source_title or "page de la certification", bilan.source_href)
    parts.append("<h2>Par compétence de la certification des intrapreneur·es</h2>"
                 "<table><caption>Bilan par compétence (chaque question ou valeur compte une "
                 "fois par compétence)</caption><thead><tr><th scope=\"col\">Compétence</th>"
                 f'<th scope="col">Objectifs</th>{_HEAD}</tr></thead><tbody>{rows}</tbody>'
                 f"</table><p>Source : {source}. {e(bilan.note)}</p>")
    # to review
    parts.append("<h2>À revoir</h2>")
    review = [x for x in bilan.lessons if x.review]
    if not review:
        parts.append("<p>Rien à revoir pour l'instant.</p>")
    for x in review:
        items = "".join(f"<li>{_link(r.name, r.link)} ({e(r.state)})</li>" for r in x.review)
        parts.append(f"<h3>{e(x.title)}</h3><ul>{items}</ul>")
    parts.append("</div>")
    return "".join(parts)


def bilan_lines(bilan: Bilan, problem: str = "") -> list[str]:
    """The bilan as plain French text (terminal, front ends without HTML)."""
    lines = [problem] if problem else []
    lines += [*INTRO, "Rien n'est envoyé nulle part.", thresholds_sentence(), "", "Par leçon :"]
    lines += [f"  {x.title} : {x.mastery.status} ({x.mastery.rate_text()})"
              for x in bilan.lessons]
    lines.append("Par objectif :")
    for x in bilan.lessons:
        lines += [f"  {x.notebook} — {o.text} : {o.mastery.status} ({o.mastery.rate_text()})"
                  for o in x.objectives]
    lines.append("Par compétence :")
    lines += [f"  {c.label} : {c.mastery.status} ({c.mastery.rate_text()})"
              for c in bilan.competences]
    lines.append("À revoir :")
    todo = [f"  {x.notebook} — {r.name} ({r.state})" for x in bilan.lessons for r in x.review]
    lines += todo or ["  rien pour l'instant."]
    return lines


class BilanView:
    """The bilan, displayed as HTML in JupyterLab (text elsewhere)."""

    def __init__(self, bilan: Bilan, problem: str = "") -> None:
        self.bilan = bilan
        self.problem = problem

    def _repr_html_(self) -> str:
        return bilan_html(self.bilan, self.problem)

    def __repr__(self) -> str:
        return "\n".join(bilan_lines(self.bilan, self.problem))


def bilan() -> BilanView:
    """Affiche votre bilan : pour chaque leçon, chaque objectif et chaque compétence de la
    certification des intrapreneur·es, ce que vous maîtrisez d'après vos dernières
    réponses (avec le nombre de questions sur lequel cela repose), et les questions à
    revoir, avec un lien vers leur section. Rien ne quitte votre machine.

    Exemple :
        bilan()
    """
    banks, problems = [], []
    for name in bank_names():
        try:
            banks.append(load_bank(name))
        except FabriqueError as exc:
            problems.append(f"La banque « {name} » ne peut pas être lue : {exc}")
    answers, checks, note = _read_progress()
    return BilanView(compute(_map(banks), answers, checks),
                     " ".join([*problems, note]).strip())
