"""HTML and text renderings shared by the widgets and the text fallback. No IPython."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ._grading import Result, grade
from ._markdown import markdown_html, markdown_inline_html
from ._model import Question
from ._quiz_text import QUIZ_CSS, dom_id, ordered, question_text, type_hint
from ._report import ExerciseState, NotebookSummary, QuestionState

__all__ = [
    "QUIZ_CSS",
    "detail_html",
    "dom_id",
    "feedback_html",
    "feedback_lines_html",
    "markdown_html",
    "markdown_inline_html",
    "ordered",
    "progress_html",
    "question_text",
    "releve_html",
    "saved_when",
    "type_hint",
]

def detail_html(result: Result, line: str) -> str:
    """One detail line of a graded answer in HTML.

    A readable answer's details are made of the author's texts (option texts, feedback,
    items, choices) and of numbers: their Markdown is rendered. An unreadable answer's
    details quote what the learner typed: they stay plain, escaped text.
    """
    if result.status == "unreadable":
        return html.escape(line)
    return markdown_inline_html(line)


def feedback_html(result: Result) -> str:
    """The feedback block for a graded answer: headline, details, explanation."""
    body = f"<p><strong>{html.escape(result.headline)}</strong></p>"
    if len(result.details) == 1:
        body += f"<p>{detail_html(result, result.details[0])}</p>"
    elif result.details:
        body += "<ul>" + "".join(f"<li>{detail_html(result, d)}</li>"
                                 for d in result.details) + "</ul>"
    if result.explanation:
        body += ('<div class="fc-explanation"><p><strong>Pour retenir</strong></p>'
                 f"{markdown_html(result.explanation)}</div>")
    return (f'<div class="fc-feedback fc-{result.status}" data-state="{result.status}">'
            f"{body}</div>")


def _probe_answers(q: Question) -> list[Any]:
    """Answers that, between them, make the grader write every detail line it can show
    for a readable answer of ``q`` (see :func:`feedback_lines_html`)."""
    if q.type in ("single", "true_false"):
        return [o.id for o in q.options]
    if q.type == "multiple":
        # One box at a time: « bien vu » / « à ne pas cocher » for that box, « oubliée »
        # for every other right option; then all boxes, and none of the right ones.
        return ([[o.id] for o in q.options] + [[o.id for o in q.options]]
                + [[o.id for o in q.options if not o.correct]])
    if q.type == "numeric":
        return [q.answer, *(e.answer for e in q.common_errors)]
    if q.type == "order":
        ids = [i.id for i in q.items]
        return [ids, ids[1:] + ids[:1]]
    # match: each item paired with each choice (the other items left unpaired), and all
    # pairs right.
    return ([{i.id: c.id} for i in q.items for c in q.choices]
            + [{i.id: i.match for i in q.items}])


def feedback_lines_html(question: Question) -> dict[str, str]:
    """The detail lines of readable answers to ``question`` that have Markdown, mapped to
    their HTML.

    Built in Python at build time for the browser: the page's grader (a translation of
    ``grade``) writes the same plain-text lines, and the page shows the trusted HTML
    found here for each of them (the author's Markdown rendered, raw HTML escaped), the
    same HTML as :func:`feedback_html` in JupyterLab. A line whose HTML reads exactly as
    its text (no Markdown in it) is left out: the page shows it as text, which looks the
    same and keeps the page's data small. Keys in first-seen order.
    """
    lines: dict[str, str] = {}
    for answer in _probe_answers(question):
        result = grade(question, answer)
        if result.status == "unreadable":
            continue
        for line in result.details:
            rendered = detail_html(result, line)
            if line not in lines and html.unescape(rendered) != line:
                lines[line] = rendered
    return lines


def progress_html(summaries: Sequence[NotebookSummary]) -> str:
    """An accessible HTML table of progress per notebook."""
    parts = ['<div class="fc-progress" lang="fr">']
    for s in summaries:
        parts.append(
            f"<h4>{html.escape(s.title)} <small>({html.escape(s.notebook)})</small></h4>"
            f"<p>{s.answered} question(s) répondue(s) sur {s.total}, "
            f"{s.right} juste(s).</p>"
        )
        parts.append(
            f'<table><caption>Progression — {html.escape(s.title)}</caption>'
            '<thead><tr><th scope="col">Question</th><th scope="col">État</th>'
            '<th scope="col">Tentatives</th></tr></thead><tbody>'
        )
        for q in s.questions:
            parts.append(
                f"<tr><td>{html.escape(q.name)}</td><td>{html.escape(q.label)}</td>"
                f"<td>{q.attempts}</td></tr>"
            )
        parts.append("</tbody></table>")
        if s.to_revisit:
            parts.append(_revisit_html(s.to_revisit))
        if s.exercises:
            parts.append(
                f"<table><caption>Exercices d'impact — {html.escape(s.title)}</caption>"
                '<thead><tr><th scope="col">Exercice</th><th scope="col">État (dernière '
                'vérification)</th><th scope="col">Vérifications</th></tr></thead><tbody>')
            parts += [f"<tr><td>{html.escape(x.title)} (<code>{html.escape(x.exercise_id)}"
                      f"</code>)</td><td>{html.escape(x.label)}</td><td>{x.checks}</td></tr>"
                      for x in s.exercises]
            parts.append("</tbody></table>")
        if s.writings:
            parts.append(f"<p>Textes écrits (« À vous ») : {s.written} sur {len(s.writings)}. "
                         "Relisez-les avec <code>releve()</code>.</p>")
    parts.append("</div>")
    return "".join(parts)


def _revisit_html(questions: Sequence[QuestionState],
                  exercises: Sequence[ExerciseState] = ()) -> str:
    """The « À revoir » list: each question by its number and short title, with its
    state; each impact exercise not all right, by its title."""
    items = [f"<li>{html.escape(q.name)} ({html.escape(q.label)})</li>" for q in questions]
    items += [f"<li>Exercice d'impact « {html.escape(x.title)} » ({html.escape(x.label)})</li>"
              for x in exercises]
    return "<p><strong>À revoir :</strong></p><ul>" + "".join(items) + "</ul>"


def saved_when(iso: str) -> str:
    """« le 12/05/2026 à 10:15 » (local time) for an ISO 8601 UTC date; the text itself
    when it is not one."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso
    return moment.strftime("le %d/%m/%Y à %H:%M")


def _score(q: QuestionState) -> str:
    return "—" if q.score is None else f"{round(q.score * 100)} %"


def releve_html(summaries: Sequence[NotebookSummary]) -> str:
    """« Mon relevé »: per lesson, the questions answered (number, short title, state,
    score), the impact exercises (state of the last check), the writing tasks (the last
    text saved) and what to review. Printable, accessible HTML."""
    e = html.escape
    parts = ['<div class="fc-releve" lang="fr">']
    for s in summaries:
        parts.append(f"<h3>{e(s.title)}</h3>")
        counts = f"{s.answered} question(s) répondue(s) sur {s.total}, {s.right} juste(s)."
        if s.exercises:
            counts += (f" Exercices d'impact : {s.exercises_right} juste(s) sur "
                       f"{len(s.exercises)}.")
        if s.writings:
            counts += f" Textes écrits : {s.written} sur {len(s.writings)}."
        parts.append(f"<p>{counts}</p>")
        answered = [q for q in s.questions if q.attempts]
        if answered:
            parts.append(
                f"<table><caption>Questions répondues — {e(s.title)}</caption><thead><tr>"
                '<th scope="col">Question</th><th scope="col">État</th>'
                '<th scope="col">Score</th><th scope="col">Tentatives</th></tr></thead><tbody>'
                + "".join(f"<tr><td>{e(q.name)}</td><td>{e(q.label)}</td><td>{_score(q)}</td>"
                          f"<td>{q.attempts}</td></tr>" for q in answered)
                + "</tbody></table>")
        if s.exercises:
            parts.append(
                f"<table><caption>Exercices d'impact — {e(s.title)}</caption><thead><tr>"
                '<th scope="col">Exercice</th><th scope="col">État (dernière vérification)'
                '</th><th scope="col">Vérifications</th></tr></thead><tbody>'
                + "".join(f"<tr><td>{e(x.title)}</td><td>{e(x.label)}</td><td>{x.checks}</td>"
                          "</tr>" for x in s.exercises)
                + "</tbody></table>")
        for w in s.writings:
            state = (f"écrit {saved_when(w.saved_at)}"
                     + (f" ({w.versions} versions gardées)" if w.versions > 1 else "")
                     if w.versions else w.label)
            text = (f'<blockquote class="fc-releve-texte">{e(w.text)}</blockquote>'
                    if w.versions else "")
            parts.append(f"<p><strong>Texte — {e(w.instruction)}</strong> : {e(state)}.</p>"
                         + text)
        if s.to_revisit or s.exercises_to_revisit:
            parts.append(_revisit_html(s.to_revisit, s.exercises_to_revisit))
        elif s.answered or any(x.checks for x in s.exercises):
            parts.append("<p><strong>À revoir :</strong> rien pour l'instant.</p>")
    parts.append("</div>")
    return "".join(parts)
