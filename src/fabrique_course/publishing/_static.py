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

A writing task (``ecrire(...)``) becomes ``<form class="fc-ecrit" id="fc-ecrit-<bank>-<task>"
data-notebook="…" data-task-id="…">`` with a labelled ``<textarea>``, a submit button
« Enregistrer » and a ``role="status"`` line; the page script keeps each save in the
browser. Progress blocks and « Mon relevé » name each question by its number in its
lesson and a short title, linked to its form (:func:`question_links`).

Pure: no IPython, no nbconvert.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import Any

from .._banks import load_bank
from .._errors import FabriqueError
from .._lessons import Lesson, lessons
from .._model import Question
from .._render import (
    dom_id,
    feedback_lines_html,
    markdown_html,
    markdown_inline_html,
    ordered,
    type_hint,
)

__all__ = ["bank_json", "data_attribute", "question_data", "question_form", "question_links",
           "quiz_html", "releve_block", "releve_data", "writing_dom_id", "writing_form"]


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


def data_attribute(value: Any) -> str:
    """``value`` as compact JSON, escaped for an HTML attribute (double quotes)."""
    return html.escape(json.dumps(value, ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":")), quote=True)


def question_links(notebook: str, page: str = "",
                   available: list[Lesson] | None = None) -> dict[str, list[Any]]:
    """Question id → [its number in the lesson, its short title, the address of its form]
    for the bank ``notebook``: « #fc-… » on its own page (``page`` empty), else
    « <page>#fc-… »; none for a bank that cannot be read."""
    from .._report import question_numbers, short_title

    try:
        bank = load_bank(notebook)
    except FabriqueError:
        return {}
    numbers = question_numbers(notebook, available)
    return {q.id: [numbers.get(q.id, 0), short_title(q.prompt), f"{page}#{dom_id(q)}"]
            for q in bank.questions}


def writing_dom_id(notebook: str, task_id: str) -> str:
    """Stable DOM id of a writing task's form: ``fc-ecrit-<bank>-<task>``."""
    return f"fc-ecrit-{notebook}-{task_id}".replace("_", "-")


def writing_form(notebook: str, task_id: str, instruction: str = "") -> str:
    """A writing task as an accessible native form: a labelled text area, « Enregistrer »
    and a polite status line; the page script keeps each save in this browser."""
    e = html.escape
    base = writing_dom_id(notebook, task_id)
    label = instruction or "Votre texte"
    return "\n".join([
        f'<form class="fc-ecrit" id="{base}" data-notebook="{e(notebook)}" '
        f'data-task-id="{e(task_id)}" novalidate>',
        f'<div class="fc-champ-texte"><label for="{base}-texte">{e(label)}</label>',
        f'<textarea id="{base}-texte" name="{base}-texte" rows="8" '
        f'aria-describedby="{base}-aide"></textarea>',
        f'<p class="fc-aide" id="{base}-aide">« Enregistrer » garde votre texte dans ce '
        "navigateur (chaque version est gardée) ; il fait partie de vos réponses "
        "téléchargées, et n'est envoyé nulle part.</p></div>",
        '<div class="fc-actions"><button type="submit">Enregistrer</button></div>',
        f'<p class="fc-retour" role="status" aria-live="polite" id="{base}-statut"></p>',
        "</form>",
    ])


def releve_data(available: list[Lesson] | None = None) -> list[dict[str, Any]]:
    """What « Mon relevé » shows of each lesson besides the learner's answers: its page,
    title, questions (:func:`question_links`), impact exercises (id, title) and writing
    tasks (id, instruction, address of the form)."""
    from .._report import exercise_title

    found = lessons() if available is None else available
    return [{"notebook": lesson.name, "title": lesson.title, "page": f"{lesson.name}.html",
             "questions": question_links(lesson.name, f"{lesson.name}.html", found),
             "exercises": [[x, exercise_title(x)] for x in lesson.exercises],
             "writings": [[task, instruction or task,
                           f"{lesson.name}.html#{writing_dom_id(lesson.name, task)}"]
                          for task, instruction in lesson.writings]}
            for lesson in found]


def releve_block() -> str:
    """The block « Mon relevé » the page script fills from this browser's saved answers,
    checks and texts; its lessons' data ride along as JSON."""
    data = json.dumps(releve_data(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    safe = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ('<div class="fc-releve" id="fc-releve" lang="fr">'
            '<p class="fc-releve-attente">Votre relevé se remplit à partir des réponses '
            "gardées dans ce navigateur (JavaScript nécessaire).</p></div>"
            f'<script type="application/json" class="fc-releve-donnees">{safe}</script>')
