"""Static (no-kernel) rendering of the quizzes for the web site and HTML exports.

Each question becomes a native HTML form that the self-hosted browser grader
(``site_assets/fabrique-grader.js``) grades exactly like :func:`fabrique_course.grade`.
The HTML contract the site's tests rely on:

- ``<form class="fc-question" data-question-id="…" data-notebook="…" data-type="…">``;
- options are native radio buttons or check boxes with real ``<label>``s; ``order`` and
  ``match`` use native ``<select>``s; ``numeric`` a text input with ``inputmode="decimal"``;
- a submit button « Valider » (Enter submits);
- inside the form an element with ``role="status"`` (polite live region) for the feedback;
- after grading the form carries ``data-state`` = correct | partial | incorrect | unreadable;
- the feedback's Markdown (emphasis, bold…) is rendered to HTML here, at build time, with
  raw HTML escaped; the page script inserts that trusted HTML, never the learner's input.

Pure: no IPython, no nbconvert.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import Any

from .._content import Question
from .._render import (
    dom_id,
    feedback_lines_html,
    markdown_html,
    markdown_inline_html,
    ordered,
    type_hint,
)

__all__ = ["bank_json", "question_data", "question_form",
           "quiz_html"]


def question_data(q: Question) -> dict[str, Any]:
    """What the browser grader needs: the question model, plus, rendered to HTML at build
    time (Markdown with raw HTML escaped), its explanation and the feedback lines that
    carry Markdown (``details_html``: plain-text line as the grader writes it → HTML)."""
    return {
        "bank": q.bank, "id": q.id, "type": q.type,
        "explanation_html": markdown_html(q.explanation) if q.explanation else "",
        "details_html": feedback_lines_html(q),
        "options": [{"id": o.id, "text": o.text, "correct": o.correct, "feedback": o.feedback}
                    for o in q.options],
        "items": [{"id": i.id, "text": i.text, "match": i.match, "feedback": i.feedback}
                  for i in q.items],
        "choices": [{"id": c.id, "text": c.text} for c in q.choices],
        "answer": q.answer, "tolerance_absolute": q.tolerance_absolute,
        "tolerance_relative": q.tolerance_relative, "unit": q.unit,
        "common_errors": [{"answer": e.answer, "feedback": e.feedback}
                          for e in q.common_errors],
    }


def bank_json(questions: Iterable[Question]) -> str:
    """The questions' data as JSON safe to put inside ``<script type="application/json">``."""
    data = {q.key: question_data(q) for q in questions}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def question_form(q: Question, number: int | None = None) -> str:
    """One question as an accessible native HTML form."""
    base = dom_id(q)
    e = html.escape
    label = f"Question {number}" if number is not None else "Question"
    parts = [
        f'<form class="fc-question" id="{base}" data-question-id="{e(q.id)}" '
        f'data-notebook="{e(q.bank)}" data-type="{q.type}" novalidate>',
        f'<fieldset aria-labelledby="{base}-enonce" aria-describedby="{base}-aide">',
        f'<div class="fc-enonce" id="{base}-enonce"><span class="fc-numero">{label}</span> '
        f"{markdown_html(q.prompt)}</div>",
        f'<p class="fc-aide" id="{base}-aide">{e(type_hint(q))}</p>',
    ]
    if q.type in ("single", "true_false", "multiple"):
        kind = "checkbox" if q.type == "multiple" else "radio"
        for o in ordered(q, q.options):
            oid = f"{base}-o-{o.id}"
            parts.append(f'<div class="fc-option"><input type="{kind}" id="{e(oid)}" '
                         f'name="{base}" value="{e(o.id)}"> <label for="{e(oid)}">'
                         f"{markdown_inline_html(o.text)}</label></div>")
    elif q.type == "numeric":
        unit = f" (en {e(q.unit)})" if q.unit else ""
        parts.append(f'<div class="fc-nombre"><label for="{base}-nombre">Votre réponse{unit}'
                     f'</label> <input type="text" inputmode="decimal" id="{base}-nombre" '
                     f'name="{base}" autocomplete="off" spellcheck="false"></div>')
    elif q.type == "order":
        items = ordered(q, q.items)
        choices = "".join(f'<option value="{e(i.id)}">{e(i.text)}</option>' for i in items)
        for k in range(1, len(q.items) + 1):
            sid = f"{base}-position-{k}"
            parts.append(f'<div class="fc-select"><label for="{sid}">Position {k}</label> '
                         f'<select id="{sid}" name="{base}-position-{k}" data-position="{k}">'
                         f'<option value="">— choisir —</option>{choices}</select></div>')
    else:  # match
        choices = "".join(f'<option value="{e(c.id)}">{e(c.text)}</option>' for c in q.choices)
        for item in q.items:
            sid = f"{base}-m-{item.id}"
            parts.append(f'<div class="fc-select"><label for="{e(sid)}">'
                         f"{markdown_inline_html(item.text)}</label> "
                         f'<select id="{e(sid)}" name="{e(sid)}" '
                         f'data-item="{e(item.id)}"><option value="">— choisir —</option>'
                         f"{choices}</select></div>")
    parts += [
        "</fieldset>",
        '<div class="fc-actions"><button type="submit">Valider</button></div>',
        f'<div class="fc-retour" role="status" aria-live="polite" id="{base}-retour"></div>',
        "</form>",
    ]
    return "\n".join(parts)


def quiz_html(questions: list[Question], start: int = 1) -> str:
    """Several questions, numbered from ``start``, in one block."""
    forms = "\n".join(question_form(q, start + k) for k, q in enumerate(questions))
    return f'<div class="fc-quiz" lang="fr">\n{forms}\n</div>'
