"""HTML and text renderings shared by the widgets and the text fallback. No IPython."""

from __future__ import annotations

import html
import random
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

import mistune
from mistune.core import BlockState

from ._content import Question
from ._grading import Result, grade
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

T = TypeVar("T")

_renderer = mistune.HTMLRenderer(escape=True)  # raw HTML in author Markdown is escaped
_markdown = mistune.create_markdown(renderer=_renderer, plugins=["strikethrough", "table"])

_TYPE_HINTS = {
    "single": "Une seule bonne réponse.",
    "multiple": "Plusieurs réponses possibles : cochez toutes celles qui conviennent.",
    "true_false": "Vrai ou faux ?",
    "numeric": "Répondez par un nombre (« 1,5 », « 1 234 », « 12 % » sont compris).",
    "order": "Remettez les éléments dans l'ordre, position par position.",
    "match": "Associez chaque élément à la bonne proposition.",
}


#: Styles of the quiz views: long option texts wrap instead of overlapping, keyboard
#: focus is always visible, and the verdict is marked by a coloured edge as well as by
#: its words (colour is never the only cue). Colours reach 4.5:1 on white.
QUIZ_CSS = """
.fc-question .jupyter-widget-radio-box label, .fc-question .widget-radio-box label {
  display: flex; flex-direction: row-reverse; justify-content: flex-end;
  align-items: flex-start; height: auto; min-height: var(--jp-widgets-radio-item-height);
  line-height: 1.4; white-space: normal; padding: 0.2em 0;
}
.fc-question .jupyter-widget-radio-box input, .fc-question .widget-radio-box input {
  float: none; flex-shrink: 0; height: 1.4em; line-height: 1.4;
}
.fc-question .jupyter-widget-checkbox, .fc-question .widget-checkbox {
  height: auto; min-height: var(--jp-widgets-inline-height);
}
.fc-question .jupyter-widget-checkbox label, .fc-question .widget-checkbox label {
  white-space: normal; line-height: 1.4;
}
.fc-question .widget-html-content { line-height: 1.5; }
.fc-question input:focus-visible, .fc-question select:focus-visible,
.fc-question button:focus-visible {
  outline: 3px solid #0063cb; outline-offset: 2px;
}
.fc-feedback { border-left: 6px solid #3a3a3a; padding: 0.1em 0 0.1em 0.8em; }
.fc-feedback.fc-correct { border-left-color: #18753c; }
.fc-feedback.fc-partial { border-left-color: #b34000; }
.fc-feedback.fc-incorrect { border-left-color: #ce0500; }
.fc-feedback.fc-unreadable { border-left-color: #0063cb; }
.fc-releve-texte { white-space: pre-wrap; border-left: 4px solid #6a6a6a; margin: 0.5em 0;
  padding: 0.25em 0.8em; }
.fc-ecrire .widget-textarea { flex-direction: column; align-items: stretch; width: 100%; }
.fc-ecrire .widget-textarea label { white-space: normal; width: auto; max-width: none;
  text-align: left; line-height: 1.4; margin-bottom: 0.3em; }
.fc-ecrire textarea:focus-visible { outline: 3px solid #0063cb; outline-offset: 2px; }
"""


def type_hint(question: Question) -> str:
    """One French sentence telling how to answer this type of question."""
    return _TYPE_HINTS[question.type]


def markdown_html(text: str) -> str:
    """Render author Markdown to HTML (raw HTML in the source is escaped)."""
    return str(_markdown(text)).strip()


def markdown_inline_html(text: str) -> str:
    """Render one line of author Markdown as phrasing content, for a ``<p>``, ``<li>`` or
    ``<label>``: emphasis, bold, code, links; no block (« 1. », « # », « > » stay text).
    Raw HTML in the source is escaped, as in :func:`markdown_html`."""
    state = BlockState()
    tokens = _markdown.inline(text.strip(" \r\n\t\f"), state.env)
    return _renderer.render_tokens(tokens, state).strip()


def detail_html(result: Result, line: str) -> str:
    """One detail line of a graded answer in HTML.

    A readable answer's details are made of the author's texts (option texts, feedback,
    items, choices) and of numbers: their Markdown is rendered. An unreadable answer's
    details quote what the learner typed: they stay plain, escaped text.
    """
    if result.status == "unreadable":
        return html.escape(line)
    return markdown_inline_html(line)


def dom_id(question: Question, suffix: str = "") -> str:
    """Stable DOM id/class for a question: ``fc-<bank>-<id>[-suffix]``."""
    base = f"fc-{question.bank}-{question.id}".replace("_", "-")
    return f"{base}-{suffix}" if suffix else base


def ordered(question: Question, values: Sequence[T]) -> list[T]:
    """``values`` in display order: shuffled with a seed from the question key if asked."""
    out = list(values)
    if question.shuffle or question.type == "order":
        random.Random(question.key).shuffle(out)
        if question.type == "order" and len(out) > 1 and out == list(values):
            out = out[1:] + out[:1]  # never show an order question already solved
    return out


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


def question_text(question: Question, number: int | None = None) -> str:
    """Plain-text rendering of a question and how to answer it without widgets."""
    label = f"Question {number}" if number is not None else "Question"
    lines = [f"{label} [{question.id}] — {type_hint(question)}", question.prompt, ""]
    if question.type in ("single", "multiple", "true_false"):
        lines += [f"  - {o.id} : {o.text}" for o in ordered(question, question.options)]
        example = (f'"{question.options[0].id}"' if question.type != "multiple"
                   else f'["{question.options[0].id}"]')
    elif question.type == "numeric":
        example = '"1,5"'
        if question.unit:
            lines.append(f"  (unité : {question.unit})")
    elif question.type == "order":
        lines += [f"  - {i.id} : {i.text}" for i in ordered(question, question.items)]
        example = "[" + ", ".join(f'"{i.id}"' for i in ordered(question, question.items)) + "]"
    else:
        lines.append("  Éléments :")
        lines += [f"  - {i.id} : {i.text}" for i in question.items]
        lines.append("  Propositions :")
        lines += [f"  - {c.id} : {c.text}" for c in question.choices]
        example = "{" + f'"{question.items[0].id}": "{question.choices[0].id}", …' + "}"
    lines += ["", f'Pour répondre sans widgets : repondre("{question.bank}", '
                  f'"{question.id}", {example})']
    return "\n".join(lines)


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
