"""Export the question banks in Moodle's XML question format (and read it back).

The ministry's training platform (Mentor) runs Moodle: `fabrique-course moodle` writes
one category per notebook, keeps each question's stable id (``<bank>/<id>``) in its name
and ``idnumber``, the per-answer feedback, the numeric tolerances and the frequent wrong
numeric answers (as 0 % answers with their feedback). Mapping:

- ``single`` → ``multichoice`` (one answer); ``multiple`` → ``multichoice`` with
  ``single=false``: each right option +100/n %, each wrong one −100/n % (Moodle floors at
  0, like our scoring);
- ``true_false`` → ``truefalse``; ``numeric`` → ``numerical``;
- ``match`` → ``matching`` (choices no item uses become extra wrong answers);
- ``order`` → ``matching`` too: « Position 1 », « Position 2 »… each to be paired with an
  element. Moodle core has no ordering type in its XML format; this keeps the same
  position-by-position partial credit. Documented in ``docs/export-moodle.md``.

The impact exercises are not exported (:func:`exercises_note` says so, in French, at
each export): they are computed on the course's data sets in a notebook or on the site
and graded by the course's checker, whose grading Moodle's ``numerical`` type cannot
fully reproduce (intervals, « 15,03 % » read as a proportion, the mistakes it recognises
in any exercise and the order in which it tries them). Their checks reach the trainer
through the progress exports and the class dashboard (``fabrique-course classe``).

Pure: standard library XML only.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from .._content import Bank, Question
from .._lessons import lessons
from .._render import markdown_html, markdown_inline_html

__all__ = ["exercises_note", "moodle_xml", "read_moodle_xml"]

ROOT_CATEGORY = "$course$/top/Parcours Startup d'État"


def _fraction(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(parent: ET.Element, tag: str, text: str, html: bool = True) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(node, "text").text = text
    return node


def _head(q: Question, kind: str) -> ET.Element:
    node = ET.Element("question", {"type": kind})
    name = ET.SubElement(node, "name")
    ET.SubElement(name, "text").text = q.key
    prompt = markdown_html(q.prompt)
    if q.type == "order":
        prompt += "<p>Associez chaque position à l'élément qui doit s'y trouver.</p>"
    if q.type == "numeric" and q.unit:
        prompt += f"<p>(Réponse en {html.escape(q.unit)}.)</p>"
    _text(node, "questiontext", prompt)
    general = markdown_html(q.explanation) if q.explanation else ""
    if q.type == "match":
        notes = [f"<p>« {markdown_inline_html(i.text)} » : {markdown_inline_html(i.feedback)}"
                 "</p>" for i in q.items if i.feedback]
        general += "".join(notes)
    _text(node, "generalfeedback", general)
    ET.SubElement(node, "defaultgrade").text = "1"
    ET.SubElement(node, "penalty").text = "0.3333333"
    ET.SubElement(node, "hidden").text = "0"
    ET.SubElement(node, "idnumber").text = q.key
    return node


def _choice_question(q: Question) -> ET.Element:
    if q.type == "true_false":
        node = _head(q, "truefalse")
        for option in q.options:
            truth = "true" if option.id == "vrai" else "false"
            answer = ET.SubElement(node, "answer", {"fraction": "100" if option.correct else "0",
                                                    "format": "moodle_auto_format"})
            ET.SubElement(answer, "text").text = truth
            _text(answer, "feedback", markdown_html(option.feedback))
        return node
    node = _head(q, "multichoice")
    right = [o for o in q.options if o.correct]
    single = q.type == "single"
    ET.SubElement(node, "single").text = "true" if single else "false"
    ET.SubElement(node, "shuffleanswers").text = "true" if q.shuffle else "false"
    ET.SubElement(node, "answernumbering").text = "abc"
    _text(node, "correctfeedback", "<p>Bonne réponse !</p>")
    _text(node, "partiallycorrectfeedback", "<p>Réponse partiellement juste.</p>")
    _text(node, "incorrectfeedback", "<p>Ce n'est pas la bonne réponse.</p>")
    for option in q.options:
        if single:
            fraction = 100.0 if option.correct else 0.0
        else:
            fraction = (100.0 if option.correct else -100.0) / len(right)
        answer = ET.SubElement(node, "answer", {"fraction": _fraction(fraction),
                                                "format": "html"})
        ET.SubElement(answer, "text").text = markdown_html(option.text)
        _text(answer, "feedback", markdown_html(option.feedback))
    return node


def _numeric_question(q: Question) -> ET.Element:
    assert q.answer is not None
    node = _head(q, "numerical")
    tolerance = q.margin
    unit = f" {html.escape(q.unit)}" if q.unit else ""
    answers = [(q.answer, 100.0, tolerance, f"<p>Bonne réponse ! La valeur attendue est "
                                            f"{q.answer:g}{unit}.</p>")]
    answers += [(e.answer, 0.0, 0.0, markdown_html(e.feedback)) for e in q.common_errors]
    for value, fraction, tol, feedback in answers:
        answer = ET.SubElement(node, "answer", {"fraction": _fraction(fraction),
                                                "format": "moodle_auto_format"})
        ET.SubElement(answer, "text").text = repr(float(value)).removesuffix(".0")
        ET.SubElement(answer, "tolerance").text = repr(float(tol))
        _text(answer, "feedback", feedback)
    ET.SubElement(node, "unitgradingtype").text = "0"
    ET.SubElement(node, "unitpenalty").text = "0.1000000"
    ET.SubElement(node, "showunits").text = "3"
    ET.SubElement(node, "unitsleft").text = "0"
    return node


def _matching_question(q: Question) -> ET.Element:
    node = _head(q, "matching")
    ET.SubElement(node, "shuffleanswers").text = "true"
    _text(node, "correctfeedback", "<p>Bonne réponse !</p>")
    _text(node, "partiallycorrectfeedback", "<p>Réponse partiellement juste.</p>")
    _text(node, "incorrectfeedback", "<p>Ce n'est pas la bonne réponse.</p>")
    if q.type == "order":
        pairs = [(f"Position {k}", item.text) for k, item in enumerate(q.items, start=1)]
    else:
        text = {c.id: c.text for c in q.choices}
        pairs = [(markdown_html(i.text), text[str(i.match)]) for i in q.items]
        used = {str(i.match) for i in q.items}
        pairs += [("", c.text) for c in q.choices if c.id not in used]  # distractors
    for question_text, answer_text in pairs:
        sub = _text(node, "subquestion", question_text)
        answer = ET.SubElement(sub, "answer")
        ET.SubElement(answer, "text").text = answer_text
    return node


def _question(q: Question) -> ET.Element:
    if q.type in ("single", "multiple", "true_false"):
        return _choice_question(q)
    if q.type == "numeric":
        return _numeric_question(q)
    return _matching_question(q)


def moodle_xml(banks: Iterable[Bank]) -> str:
    """The banks as one Moodle XML document (a category per notebook)."""
    quiz = ET.Element("quiz")
    for bank in banks:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        cat = ET.SubElement(category, "category")
        ET.SubElement(cat, "text").text = f"{ROOT_CATEGORY}/{bank.notebook} — {bank.title}"
        _text(category, "info", f"<p>Questions du notebook {bank.notebook} du Parcours Startup "
                                "d'État (identifiants stables dans le nom de chaque question)."
                                "</p>")
        for q in bank.questions:
            quiz.append(_question(q))
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") \
        + "\n"


def exercises_note(notebooks: Iterable[str]) -> str:
    """What the export does with the impact exercises of ``notebooks`` (French; empty when
    these lessons have none): not exported as Moodle questions, and where they are
    graded and collected instead."""
    chosen = set(notebooks)
    ids = [ex_id for lesson in lessons() if lesson.name in chosen for ex_id in lesson.exercises]
    if not ids:
        return ""
    return (f"Exercices d'impact non exportés ({len(ids)} : {', '.join(ids)}) : ils se font "
            "sur les données du cours, dans le notebook ou sur le site, et c'est le "
            "vérificateur du cours qui les note (intervalles, erreurs classiques reconnues "
            "dans tout exercice), ce que Moodle ne saurait pas refaire à l'identique. Pour "
            "suivre ces exercices, rassemblez les exports de progression des apprenant·es et "
            "lancez « fabrique-course classe DOSSIER » (section « Exercices d'impact »).")


# --------------------------------------------------------------------------- reading back

def _strip_p(html_text: str) -> str:
    text = html_text.strip()
    if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
        return text[3:-4]
    return text


def read_moodle_xml(text: str) -> list[dict[str, Any]]:
    """The questions of a Moodle XML document, in a neutral form for round-trip checks.

    Each entry: ``key``, ``moodle_type`` and, by type, ``options`` (text, correct,
    feedback), ``answer``/``tolerance``/``common_errors``, or ``pairs``.
    """
    root = ET.fromstring(text)
    out: list[dict[str, Any]] = []
    for node in root.findall("question"):
        kind = node.get("type", "")
        if kind == "category":
            continue
        entry: dict[str, Any] = {"key": node.findtext("name/text", ""), "moodle_type": kind}
        answers = node.findall("answer")
        if kind in ("multichoice", "truefalse"):
            entry["single"] = kind == "truefalse" or node.findtext("single") == "true"
            entry["options"] = [
                (_strip_p(a.findtext("text", "")), float(a.get("fraction", "0")) > 0,
                 _strip_p(a.findtext("feedback/text", ""))) for a in answers]
        elif kind == "numerical":
            first, *errors = answers
            entry["answer"] = float(first.findtext("text", "nan"))
            entry["tolerance"] = float(first.findtext("tolerance", "0"))
            entry["common_errors"] = [(float(a.findtext("text", "nan")),
                                       _strip_p(a.findtext("feedback/text", "")))
                                      for a in errors]
        elif kind == "matching":
            entry["pairs"] = [(_strip_p(s.findtext("text", "")), s.findtext("answer/text", ""))
                              for s in node.findall("subquestion")]
        out.append(entry)
    return out

