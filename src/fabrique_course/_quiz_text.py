"""How a question reads outside the grader: the sentence that says how to answer it, the
order its options are shown in, its stable DOM ids, its plain-text rendering (a front end
without widgets), and the quiz views' styles. Light: no parser, no grader, so a lesson's
first quiz imports little more than ipywidgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from ._model import Question

__all__ = ["QUIZ_CSS", "dom_id", "ordered", "question_text", "type_hint"]

T = TypeVar("T")

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


def dom_id(question: Question, suffix: str = "") -> str:
    """Stable DOM id/class for a question: ``fc-<bank>-<id>[-suffix]``."""
    base = f"fc-{question.bank}-{question.id}".replace("_", "-")
    return f"{base}-{suffix}" if suffix else base


def ordered(question: Question, values: Sequence[T]) -> list[T]:
    """``values`` in display order: shuffled with a seed from the question key if asked."""
    out = list(values)
    if question.shuffle or question.type == "order":
        import random

        random.Random(question.key).shuffle(out)
        if question.type == "order" and len(out) > 1 and out == list(values):
            out = out[1:] + out[:1]  # never show an order question already solved
    return out


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
