"""The class dashboard: a folder of learners' exports → what the room got right and wrong.

Reads every ``*.json`` file of a folder (exports from JupyterLab and from the static
site: the same document, read and checked by :mod:`._exports`) and aggregates, per
question, the success rate and the most chosen wrong answer with the misconception it
reveals; per impact exercise, how many checked it and got it all right, and per value
the success rate and the most frequent recognised mistake with the text the learners
read for it; per notebook, the completion; per learner, the progress — pseudonymised by
default. Demo exports to try it on: :mod:`._demo`.

One bad file never hides the others: malformed, truncated, too big, duplicate,
future-version, schema-invalid or hostile files are skipped (or their strings escaped)
and listed in ``Classe.warnings``; so are checks of exercises (or values) this version
of the course does not know, and an exercise that cannot be built (its checks are then
counted without labels or mistake texts). Pure: no IPython; the HTML and CSV renderings
escape everything.

Answers read as a person would write them (option texts, « élément → choix » pairs, a
sequence « A → B → C »), with the question's labels; the course's texts have their
Markdown rendered in HTML and their emphasis marks dropped in the text and CSV reports.
:meth:`Classe.html_document` is a standalone page for a projected room: the site's
stylesheet inlined, nothing fetched from outside (it opens offline, from a USB key).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .._banks import bank_names, load_bank
from .._errors import ClasseError, FabriqueError
from .._model import Question
from .._paths import site_assets_dir
from .._render import markdown_inline_html
from ..exercises._engine import Exercise, exercise, exercise_ids
from ._exports import read_export, safe_text

__all__ = ["Classe", "ExerciseRow", "LearnerRow", "NotebookRow", "ObjectiveRow", "QuestionRow",
           "ValueRow", "read_class"]


@dataclass(frozen=True)
class QuestionRow:
    """One question, across the room (latest answer of each learner)."""

    notebook: str
    question_id: str
    prompt: str
    answered: int
    right: int
    wrong_answer: str  # the most chosen wrong answer, as plain text with the labels
    wrong_count: int
    misconception: str  # the course's Markdown
    wrong_value: Any = field(default=None, compare=False, repr=False)  # as in the files
    question: Question | None = field(default=None, compare=False, repr=False)

    @property
    def rate(self) -> float | None:
        return self.right / self.answered if self.answered else None


@dataclass(frozen=True)
class ExerciseRow:
    """One impact exercise, across the room: who checked it, who got it all right (their
    last check)."""

    exercise_id: str
    notebook: str
    title: str
    checked: int  # learners with at least one check of it
    right: int  # learners whose last check was all right

    @property
    def rate(self) -> float | None:
        return self.right / self.checked if self.checked else None


@dataclass(frozen=True)
class ValueRow:
    """One value of an impact exercise, across the room: the last check of each learner,
    and the recognised mistake the most learners made at least once."""

    exercise_id: str
    key: str
    label: str
    checked: int  # learners who checked the exercise
    given: int  # learners who gave this value (status not « vide ») in their last check
    right: int  # of those, how many had it right
    mistake: str = ""  # id of the most frequent recognised mistake ("" when none)
    mistake_count: int = 0  # learners who made it at least once, across all their checks
    mistake_text: str = ""  # what the learners read for it (French)

    @property
    def rate(self) -> float | None:
        return self.right / self.given if self.given else None

    @property
    def mistake_share(self) -> float | None:
        """The share of the learners who checked the exercise who made that mistake."""
        return self.mistake_count / self.checked if self.checked else None


@dataclass(frozen=True)
class ObjectiveRow:
    """One objective of a lesson, across the room: the learners who answered at least one
    of its questions (or gave one of its exercise values), and how many of those latest
    answers and values were right."""

    notebook: str
    objective_id: str
    text: str  # the course's Markdown line
    learners: int
    answers: int  # latest answers to its questions + values given in latest checks
    right: int

    @property
    def rate(self) -> float | None:
        return self.right / self.answers if self.answers else None


@dataclass(frozen=True)
class NotebookRow:
    """One notebook: how much of it the room has done."""

    notebook: str
    title: str
    questions: int
    learners_started: int
    completion: float  # mean share of the questions answered, over all learners
    exercises: int = 0  # impact exercises of the notebook
    exercise_completion: float = 0.0  # mean share of them checked, over all learners


@dataclass(frozen=True)
class LearnerRow:
    """One learner (pseudonym), their progress over the whole course."""

    pseudonym: str
    learner_id: str
    answered: int
    right: int
    total: int
    exercises_checked: int = 0
    exercises_right: int = 0  # exercises whose last check was all right
    exercises_total: int = 0


@dataclass
class Classe:
    """The aggregated room."""

    folder: Path
    files_read: int = 0
    questions: list[QuestionRow] = field(default_factory=list)
    exercises: list[ExerciseRow] = field(default_factory=list)
    exercise_values: list[ValueRow] = field(default_factory=list)
    objectives: list[ObjectiveRow] = field(default_factory=list)  # lowest rate first
    notebooks: list[NotebookRow] = field(default_factory=list)
    learners: list[LearnerRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    # ----------------------------------------------------------------- renderings

    def exercise_lines(self) -> list[str]:
        """The « Exercices d'impact » section: each exercise, then each of its values."""
        if not self.exercises:
            return []
        out = ["Exercices d'impact (dernière vérification de chaque apprenant·e ; erreur la "
               "plus fréquente : faite au moins une fois) :"]
        for ex in self.exercises:
            line = f"- {ex.exercise_id} — {ex.title} ({ex.notebook}) : "
            if not ex.checked:
                out.append(line + "personne ne l'a encore vérifié")
                continue
            out.append(line + f"{ex.checked} apprenant·e(s) l'ont vérifié, {ex.right} tout "
                       f"juste ({_pct(ex.rate)})")
            out += [f"  - {_value_line(v)}" for v in self.exercise_values
                    if v.exercise_id == ex.exercise_id]
        return out

    def objective_lines(self) -> list[str]:
        """The « Objectifs » section: each objective, the least mastered first."""
        if not self.objectives:
            return []
        out = ["Objectifs, du moins réussi au plus réussi (dernière réponse de chaque "
               "apprenant·e à ses questions et à ses valeurs d'exercice) :"]
        for o in self.objectives:
            line = f"- {o.notebook} / {o.objective_id} — {_plain_markdown(o.text)} : "
            out.append(line + (f"{_pct(o.rate)} de réponses justes ({o.right}/{o.answers}), "
                               f"{o.learners} apprenant·e(s)" if o.answers
                               else "personne n'y a encore répondu"))
        return out

    def lines(self, *, top: int = 10) -> list[str]:
        """A French text report: the questions to discuss first, the impact exercises,
        notebooks, learners."""
        out = [f"Classe : {len(self.learners)} apprenant·e(s), {self.files_read} fichier(s) lu(s) "
               f"dans {self.folder}"]
        hard = sorted((q for q in self.questions if q.answered),
                      key=lambda q: (q.rate or 0.0, -q.answered))[:top]
        if hard:
            out.append("")
            out.append("Questions à reprendre en priorité (taux de réussite le plus bas) :")
            for q in hard:
                line = (f"- {q.notebook} / {q.question_id} : {_pct(q.rate)} de réussite "
                        f"({q.right}/{q.answered})")
                if q.wrong_count:
                    line += (f" ; réponse fausse la plus choisie : « {q.wrong_answer} » "
                             f"({q.wrong_count} fois)")
                    if q.misconception:
                        line += f" — {_plain_markdown(q.misconception)}"
                out.append(line)
        if self.exercises:
            out.append("")
            out += self.exercise_lines()
        if self.objectives:
            out.append("")
            out += self.objective_lines()
        out.append("")
        out.append("Avancement par notebook :")
        for n in self.notebooks:
            line = (f"- {n.notebook} : {n.learners_started} apprenant·e(s) ont commencé, "
                    f"complétion moyenne {_pct(n.completion)}")
            if n.exercises:
                line += (f" des questions, {_pct(n.exercise_completion)} des exercices "
                         f"d'impact ({n.exercises})")
            out.append(line)
        out.append("")
        out.append("Progression par apprenant·e (pseudonymes) :")
        for learner in self.learners:
            line = (f"- {learner.pseudonym} : {learner.answered}/{learner.total} questions "
                    f"répondues, {learner.right} justes")
            if learner.exercises_total:
                line += (f" ; exercices justes : {learner.exercises_right}/"
                         f"{learner.exercises_total} ({learner.exercises_checked} vérifié(s))")
            out.append(line)
        if self.warnings:
            out.append("")
            out.append(f"Fichiers écartés ou corrigés, autres avertissements "
                       f"({len(self.warnings)}) :")
            out += [f"- {w}" for w in self.warnings]
        return out

    def csv_files(self) -> dict[str, str]:
        """``questions.csv``, ``objectifs.csv`` (lowest rate first), ``exercices.csv`` (one
        row per value of an exercise), ``notebooks.csv``, ``apprenants.csv`` (UTF-8, « ; »)."""
        def table(header: list[str], rows: Iterable[list[Any]]) -> str:
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
            writer.writerow(header)
            writer.writerows([[_cell(v) for v in row] for row in rows])
            return buffer.getvalue()

        exercises = {ex.exercise_id: ex for ex in self.exercises}

        def value_row(v: ValueRow) -> list[Any]:
            ex = exercises.get(v.exercise_id)
            return [v.exercise_id, ex.notebook if ex else "", ex.title if ex else "",
                    ex.checked if ex else v.checked, ex.right if ex else "", v.key, v.label,
                    v.given, v.right, _ratio(v.rate), v.mistake, v.mistake_count,
                    _ratio(v.mistake_share) if v.mistake else "", v.mistake_text]

        return {
            "questions.csv": table(
                ["notebook", "question", "repondants", "justes", "taux_reussite",
                 "reponse_fausse_la_plus_choisie", "nombre", "idee_recue"],
                ([q.notebook, q.question_id, q.answered, q.right,
                  _ratio(q.rate), q.wrong_answer, q.wrong_count,
                  _plain_markdown(q.misconception)] for q in self.questions)),
            "objectifs.csv": table(
                ["notebook", "objectif", "texte", "apprenants", "reponses", "justes",
                 "taux_reussite"],
                ([o.notebook, o.objective_id, _plain_markdown(o.text), o.learners, o.answers,
                  o.right, _ratio(o.rate)] for o in self.objectives)),
            "exercices.csv": table(
                ["exercice", "notebook", "titre", "ont_verifie", "tout_juste", "valeur",
                 "libelle", "ont_donne_la_valeur", "justes", "taux_reussite",
                 "erreur_la_plus_frequente", "apprenants_l_ayant_faite",
                 "part_de_ceux_qui_ont_verifie", "ce_que_dit_l_erreur"],
                (value_row(v) for v in self.exercise_values)),
            "notebooks.csv": table(
                ["notebook", "titre", "questions", "apprenants_ayant_commence",
                 "completion_moyenne", "exercices", "exercices_verifies_moyenne"],
                ([n.notebook, n.title, n.questions, n.learners_started,
                  f"{n.completion:.3f}", n.exercises,
                  f"{n.exercise_completion:.3f}" if n.exercises else ""]
                 for n in self.notebooks)),
            "apprenants.csv": table(
                ["pseudonyme", "questions_repondues", "justes", "questions_du_parcours",
                 "exercices_verifies", "exercices_justes", "exercices_du_parcours"],
                ([learner.pseudonym, learner.answered, learner.right, learner.total,
                  learner.exercises_checked, learner.exercises_right, learner.exercises_total]
                 for learner in self.learners)),
        }

    def html(self, *, heading: int = 3) -> str:
        """An accessible HTML dashboard, as a fragment (a notebook's output; a standalone
        page: :meth:`html_document`), its sections under ``<h{heading}>`` headings. Every
        string from the files is escaped; the course's texts (prompts, labels of options
        and items, misconceptions) have their Markdown rendered, raw HTML escaped; the
        exercises' texts are escaped."""
        e = html.escape
        h = f"h{min(max(heading, 2), 6)}"
        parts = ['<div class="fc-classe" lang="fr">',
                 f'<p class="fc-resume">{len(self.learners)} apprenant·e(s), '
                 f"{self.files_read} fichier(s) lu(s).</p>",
                 f"<{h}>Questions</{h}>",
                 '<table class="fc-t-questions"><caption>Questions, de la moins réussie à la '
                 'plus réussie</caption><thead><tr><th scope="col">Notebook</th>'
                 '<th scope="col">Question</th><th scope="col">Réussite</th>'
                 '<th scope="col">Réponse fausse la plus choisie</th>'
                 '<th scope="col">Idée reçue</th></tr></thead><tbody>']
        for q in sorted(self.questions, key=lambda q: (q.rate if q.rate is not None else 2.0)):
            if not q.wrong_count:
                wrong = "—"
            elif q.question is None:
                wrong = f"«\u00a0{e(q.wrong_answer)}\u00a0»"
            else:
                wrong = _answer_html(q.question, q.wrong_value)
            if q.wrong_count:
                wrong += f' <span class="fc-detail">({q.wrong_count}\u00a0fois)</span>'
            prompt = markdown_inline_html(q.prompt)
            parts.append(f"<tr><td>{e(q.notebook)}</td><td>{prompt}"
                         f'<br><span class="fc-id">{e(q.question_id)}</span></td>'
                         f'<td class="fc-num">{_rate_html(q.rate, q.right, q.answered)}</td>'
                         f"<td>{wrong}</td>"
                         f"<td>{markdown_inline_html(q.misconception) or '—'}</td></tr>")
        parts.append("</tbody></table>")
        if self.exercises:
            parts.append(f"<{h}>Exercices d'impact</{h}>")
            parts.append(self._exercises_html())
        if self.objectives:
            parts.append(f"<{h}>Objectifs</{h}>")
            parts.append(self._objectives_html())
        parts.append(f"<{h}>Avancement par notebook</{h}>")
        parts.append('<table class="fc-t-notebooks"><caption>Avancement par notebook'
                     '</caption><thead><tr><th scope="col">Notebook</th>'
                     '<th scope="col">Ont commencé</th>'
                     '<th scope="col">Complétion moyenne (questions)</th>'
                     '<th scope="col">Exercices d\'impact vérifiés (moyenne)</th>'
                     '</tr></thead><tbody>')
        parts += [f"<tr><td>{e(n.title)} ({e(n.notebook)})</td>"
                  f'<td class="fc-num">{n.learners_started}</td>'
                  f'<td class="fc-num">{_rate_html(n.completion)}</td><td class="fc-num">'
                  + (f'{_rate_html(n.exercise_completion)}<span class="fc-detail">'
                     f"{n.exercises} exercice(s)</span>" if n.exercises else "—")
                  + "</td></tr>" for n in self.notebooks]
        parts.append("</tbody></table>")
        parts.append(f"<{h}>Progression par apprenant·e</{h}>")
        parts.append('<table class="fc-t-apprenants"><caption>Progression par apprenant·e '
                     '(pseudonymes)</caption><thead><tr><th scope="col">Apprenant·e</th>'
                     '<th scope="col">Répondues</th><th scope="col">Justes</th>'
                     '<th scope="col">Exercices justes</th>'
                     '<th scope="col">Exercices vérifiés</th></tr></thead><tbody>')
        parts += [f'<tr><td>{e(learner.pseudonym)}</td><td class="fc-num">{learner.answered}'
                  f'/{learner.total}</td><td class="fc-num">{learner.right}</td>'
                  f'<td class="fc-num">{learner.exercises_right}/{learner.exercises_total}</td>'
                  f'<td class="fc-num">{learner.exercises_checked}</td></tr>'
                  for learner in self.learners]
        parts.append("</tbody></table>")
        if self.warnings:
            parts.append(f"<{h}>Fichiers écartés ou corrigés, autres avertissements</{h}>"
                         "<ul>")
            parts += [f"<li>{e(w)}</li>" for w in self.warnings]
            parts.append("</ul>")
        parts.append("</div>")
        return "".join(parts)

    def html_document(self, title: str = "Tableau de bord de la classe") -> str:
        """A complete French page for a projected room: :meth:`html` in ``<main>`` under
        one ``<h1>``, the site's stylesheet and the dashboard's own rules inlined (a large
        type, wide tables, right-aligned figures). Nothing is fetched from outside: the
        page works offline, opened from a USB key."""
        t = html.escape(title)
        return ('<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{t}</title>\n<style>\n{_stylesheet()}</style>\n</head>\n"
                '<body class="fc-tableau-de-bord">\n<main id="contenu">\n'
                f"<h1>{t}</h1>\n{self.html(heading=2)}\n</main>\n</body>\n</html>\n")

    def _objectives_html(self) -> str:
        """The objectives table, the least mastered first."""
        e = html.escape
        parts = ['<table class="fc-t-objectifs"><caption>Objectifs des leçons, du moins '
                 "réussi au plus réussi : réponses justes (dernière réponse de chaque "
                 "apprenant·e à ses questions et à ses valeurs d'exercice)</caption><thead><tr>"
                 '<th scope="col">Notebook</th><th scope="col">Objectif</th>'
                 '<th scope="col">Apprenant·es</th><th scope="col">Réponses justes</th>'
                 "</tr></thead><tbody>"]
        parts += [f"<tr><td>{e(o.notebook)}</td><td>{markdown_inline_html(o.text)}"
                  f'<span class="fc-id">{e(o.objective_id)}</span></td>'
                  f'<td class="fc-num">{o.learners}</td>'
                  f'<td class="fc-num">{_rate_html(o.rate, o.right, o.answers)}</td></tr>'
                  for o in self.objectives]
        parts.append("</tbody></table>")
        return "".join(parts)

    def _exercises_html(self) -> str:
        """The two exercise tables: per exercise, then per value."""
        e = html.escape
        parts = ['<table class="fc-t-exercices"><caption>Exercices d\'impact : qui les a '
                 'vérifiés, qui les a tout justes (dernière vérification)</caption><thead><tr>'
                 '<th scope="col">Exercice</th><th scope="col">Notebook</th>'
                 '<th scope="col">Ont vérifié</th><th scope="col">Tout juste</th>'
                 '</tr></thead><tbody>']
        parts += [f"<tr><td>{e(ex.title)} ({e(ex.exercise_id)})</td><td>{e(ex.notebook)}</td>"
                  f'<td class="fc-num">{ex.checked}</td>'
                  f'<td class="fc-num">{_rate_html(ex.rate, ex.right, ex.checked)}</td>'
                  "</tr>" for ex in self.exercises]
        parts.append("</tbody></table>")
        parts.append('<table class="fc-t-valeurs"><caption>Exercices d\'impact, valeur par '
                     'valeur : réussite à la dernière vérification, erreur reconnue la plus '
                     'fréquente (faite au moins une fois)</caption><thead><tr>'
                     '<th scope="col">Exercice</th>'
                     '<th scope="col">Valeur</th><th scope="col">Réussite</th>'
                     '<th scope="col">Erreur la plus fréquente</th>'
                     '<th scope="col">Ce que dit l\'erreur</th></tr></thead><tbody>')
        for v in self.exercise_values:
            if v.mistake:
                mistake = (f"{_pct(v.mistake_share)} ({v.mistake_count} sur {v.checked}) : "
                           f"<code>{e(v.mistake)}</code>")
                text = e(v.mistake_text) or "—"
            else:
                mistake = text = "—"
            parts.append(f"<tr><td>{e(v.exercise_id)}</td><td>{e(v.label)} "
                         f'(<code>{e(v.key)}</code>)</td><td class="fc-num">'
                         f"{_rate_html(v.rate, v.right, v.given)}</td><td>{mistake}</td>"
                         f"<td>{text}</td></tr>")
        parts.append("</tbody></table>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return "\n".join(self.lines())


# --------------------------------------------------------------------------- helpers

def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)} %"


def _ratio(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.3f}"


def _value_line(v: ValueRow) -> str:
    """« 04_ab_test / p_valeur : 40 % de réussite (2/5) ; erreur la plus fréquente : 60 %
    (3 sur 5) l'ont faite au moins une fois — C'est une p-valeur unilatérale… »"""
    line = f"{v.exercise_id} / {v.key} : "
    if not v.given:
        line += "personne ne l'a donnée à sa dernière vérification"
    else:
        line += f"{_pct(v.rate)} de réussite ({v.right}/{v.given})"
    if v.mistake:
        line += (f" ; erreur la plus fréquente : {_pct(v.mistake_share)} ({v.mistake_count} "
                 f"sur {v.checked}) l'ont faite au moins une fois — "
                 + (v.mistake_text or f"erreur « {v.mistake} » (texte indisponible)"))
    return line


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(value)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


#: The dashboard's own rules, over the site's stylesheet (``fabrique.css``, whose font
#: stack, colours and tables it keeps): a large type and wide tables for a projected room,
#: figures right-aligned, and under each percentage a bar that repeats it (the written
#: figure stays: the bar, shape not colour, never carries it alone).
_DASHBOARD_CSS = """
body.fc-tableau-de-bord { font-size: 1.2rem; }
.fc-tableau-de-bord main { max-width: 100rem; padding: 0.5rem 1.5rem 2rem; }
.fc-tableau-de-bord h1 { margin-bottom: 0.5rem; }
.fc-classe table { width: 100%; }
.fc-classe caption { text-align: left; font-weight: 700; padding: 0 0 0.5rem; }
.fc-classe tbody tr:nth-child(even) { background: var(--fc-fond-alt); }
.fc-classe td.fc-num, .fc-t-questions th:nth-child(3), .fc-t-exercices th:nth-child(n+3),
.fc-t-valeurs th:nth-child(3), .fc-t-notebooks th:nth-child(n+2),
.fc-t-apprenants th:nth-child(n+2) { text-align: right; }
.fc-classe td.fc-num { white-space: nowrap; font-variant-numeric: tabular-nums; }
.fc-classe .fc-id, .fc-classe .fc-detail { color: var(--fc-texte-doux); }
.fc-classe .fc-id, .fc-classe td.fc-num .fc-detail { display: block; font-size: 0.85em; }
.fc-classe .fc-barre { display: block; min-width: 6rem; height: 0.7rem; margin-top: 0.25rem;
  border: 1px solid var(--fc-texte-doux); background: var(--fc-fond); }
.fc-classe .fc-barre > span { display: block; height: 100%; background: var(--fc-accent); }
.fc-classe .fc-reponse { margin: 0; padding-left: 1.5rem; }
.fc-classe .fc-reponse li { margin: 0.15rem 0; }
@media print { .fc-tableau-de-bord main { max-width: none; } }
"""


def _stylesheet() -> str:
    """The site's stylesheet, read from the package, then the dashboard's own rules (no
    « </ » left to close the ``<style>`` element early)."""
    site = (site_assets_dir() / "fabrique.css").read_text(encoding="utf-8")
    return (site + _DASHBOARD_CSS).replace("</", "<\\/")


def _rate_html(rate: float | None, right: int | None = None, total: int | None = None) -> str:
    """A percentage in a table cell: the figure (and « right/total »), then a bar that
    repeats it, hidden from screen readers."""
    detail = (f' <span class="fc-detail">({right}/{total})</span>'
              if right is not None and total is not None else "")
    if rate is None:
        return "—" + detail
    width = min(100, max(0, round(rate * 100)))
    return (f"{_pct(rate)}{detail}"
            f'<span class="fc-barre" aria-hidden="true"><span style="width: {width}%">'
            "</span></span>")


_TAGS = re.compile(r"<[^>]+>")


def _plain_markdown(text: str) -> str:
    """The course's Markdown as plain text: emphasis marks dropped, a link's text kept
    (« *informés* » → « informés »)."""
    if not text:
        return ""
    shown = html.unescape(_TAGS.sub("", markdown_inline_html(text)))
    return " ".join(shown.split())


#: Where a piece of an answer's wording comes from: the course's banks (Markdown), a
#: learner's file (escaped, shortened), or the dashboard itself (plain words).
_Source = Literal["cours", "fichier", "texte"]
_Piece = tuple[str, _Source]

#: At most this many pairs or items of one answer are shown (an export is untrusted).
_MAX_SHOWN = 20


def _from_file(value: Any) -> _Piece:
    return safe_text(value, 80), "fichier"


def _answer_shape(q: Question | None, answer: Any) -> tuple[str, list[list[_Piece]]] | None:
    """An answer as a person would write it, with the question's labels: its kind
    (« choix », « ordre », « paires ») and its entries, each made of pieces; an id this
    version of the course does not know is kept as text from the file. ``None`` when
    the answer has no shape the question knows (shown as the file's text)."""
    if q is None:
        return None
    if q.type in ("single", "true_false", "multiple"):
        texts = {o.id: o.text for o in q.options}
        values = answer if isinstance(answer, list) else [answer]
        if not values or not any(isinstance(v, str) and v in texts for v in values):
            return None
        return "choix", [[(f"{v} : ", "texte"), (texts[v], "cours")]
                         if isinstance(v, str) and v in texts else [_from_file(v)]
                         for v in values[:_MAX_SHOWN]]
    if q.type == "order" and isinstance(answer, list) and answer:
        items = {i.id: i.text for i in q.items}
        return "ordre", [[(items[v], "cours")] if isinstance(v, str) and v in items
                         else [_from_file(v)] for v in answer[:_MAX_SHOWN]]
    if q.type == "match" and isinstance(answer, dict) and answer:
        choices = {c.id: c.text for c in q.choices}
        rank = {i.id: k for k, i in enumerate(q.items)}
        items = {i.id: i.text for i in q.items}
        pairs: list[list[_Piece]] = []
        for left in sorted(answer, key=lambda k: (rank.get(k, len(rank)), k))[:_MAX_SHOWN]:
            right = answer[left]
            shown: _Piece
            if isinstance(right, str) and right in choices:
                shown = (choices[right], "cours")
            elif right is None or right == "":
                shown = ("non associé", "texte")
            else:
                shown = _from_file(right)
            pairs.append([(items[left], "cours") if left in items else _from_file(left),
                          (" → ", "texte"), shown])
        return "paires", pairs
    return None


_JOINERS = {"choix": " + ", "ordre": " → ", "paires": " ; "}


def _piece_text(piece: _Piece) -> str:
    text, source = piece
    return _plain_markdown(text) if source == "cours" else text


def _piece_html(piece: _Piece) -> str:
    text, source = piece
    return markdown_inline_html(text) if source == "cours" else html.escape(text)


def _answer_label(q: Question | None, answer: Any) -> str:
    """How a learner's answer reads, as plain text: option texts for choice questions,
    « élément → choix ; … » for pairs (in the question's order), « A → B → C » for a
    sequence; the file's text otherwise."""
    shape = _answer_shape(q, answer)
    if shape is None:
        return safe_text(answer, 80)
    kind, entries = shape
    return _JOINERS[kind].join("".join(_piece_text(p) for p in entry) for entry in entries)


def _answer_html(q: Question | None, answer: Any) -> str:
    """How a learner's answer reads, in HTML: a choice between quotes, pairs as a list, a
    sequence as a numbered list; the course's labels rendered, the file's text escaped."""
    shape = _answer_shape(q, answer)
    if shape is None:
        return f"«\u00a0{html.escape(safe_text(answer, 80))}\u00a0»"
    kind, entries = shape
    shown = ["".join(_piece_html(p) for p in entry) for entry in entries]
    if kind == "choix":
        return "«\u00a0" + " + ".join(shown) + "\u00a0»"
    tag = "ol" if kind == "ordre" else "ul"
    return (f'<{tag} class="fc-reponse">' + "".join(f"<li>{x}</li>" for x in shown)
            + f"</{tag}>")


def _misconception(q: Question | None, answer: Any) -> str:
    if q is None:
        return ""
    if q.type in ("single", "true_false"):
        option = next((o for o in q.options if o.id == answer), None)
        return option.feedback if option is not None and not option.correct else ""
    if q.type == "multiple" and isinstance(answer, list):
        wrong = [o.feedback for o in q.options if not o.correct and o.id in answer]
        return " ".join(wrong)
    if q.type == "numeric":
        from .._numbers import parse_french_number

        value = parse_french_number(answer)
        for err in q.common_errors:
            if value is not None and abs(value - err.answer) <= 1e-9 * max(1.0, abs(value)):
                return err.feedback
    return ""


# --------------------------------------------------------------------------- reading

def export_files(root: Path) -> list[tuple[str, Path]]:
    """The exports of a folder: its ``*.json`` files, and the ``reponses.json`` of its
    sub-folders (a room's hand-in folder, copied or mounted as it is), each with the name
    shown in messages."""
    flat = [(p.name, p) for p in sorted(root.glob("*.json"))]
    nested = [(f"{p.parent.name}/{p.name}", p) for p in sorted(root.glob("*/reponses.json"))]
    return flat + nested


def read_class(folder: Path | str, *, names: bool = False,
               files: Sequence[tuple[str, Path]] | None = None) -> Classe:
    """Aggregate every export of ``folder`` (see :func:`export_files`), or the
    ``(name, path)`` of ``files`` when given (a room's hand-ins, ``name`` being
    ``<identifiant>/reponses.json``). ``names=True`` shows who each learner is instead of
    a pseudonym: the account for a room's hand-in, else the learner id (random: the
    exports never contain names)."""
    root = Path(folder)
    if not root.is_dir():
        raise ClasseError(f"dossier introuvable : {root}")
    result = Classe(root)
    docs: dict[str, dict[str, Any]] = {}
    seen_hashes: set[str] = set()
    for label, path in (export_files(root) if files is None else files):
        doc = read_export(path, result.warnings, label)
        if doc is None:
            continue
        if files is not None:
            doc["_owner"] = label.split("/", 1)[0]
        result.files_read += 1
        if doc["_hash"] in seen_hashes:
            result.warnings.append(f"{doc['_file']} : copie exacte d'un autre fichier, ignoré")
            continue
        seen_hashes.add(doc["_hash"])
        previous = docs.get(doc["learner_id"])
        if previous is not None:
            keep, drop = sorted([previous, doc], key=lambda d: str(d.get("exported_at", "")))[::-1]
            result.warnings.append(f"{drop['_file']} : même apprenant·e que {keep['_file']}, "
                                   "seul l'export le plus récent est compté")
            docs[doc["learner_id"]] = keep
        else:
            docs[doc["learner_id"]] = doc

    banks = {}
    for name in bank_names():
        try:
            banks[name] = load_bank(name)
        except FabriqueError:
            continue
    questions: dict[tuple[str, str], Question] = {
        (b.notebook, q.id): q for b in banks.values() for q in b.questions}
    total = len(questions)

    # Latest answer of each learner to each question.
    latest: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    unknown: Counter[str] = Counter()
    for learner_id, doc in docs.items():
        mine: dict[tuple[str, str], dict[str, Any]] = {}
        for event in sorted(doc["events"], key=lambda ev: str(ev["created_at"])):
            if event["status"] == "unreadable":
                continue
            key = (event["notebook"], event["question_id"])
            if key not in questions:
                unknown[doc["_file"]] += 1
                continue
            mine[key] = event
        latest[learner_id] = mine
    for file_name, count in sorted(unknown.items()):
        result.warnings.append(f"{file_name} : {count} réponse(s) à des questions inconnues de "
                               "cette version du cours, ignorée(s)")

    for (notebook, qid), q in questions.items():
        answers = [m[(notebook, qid)] for m in latest.values() if (notebook, qid) in m]
        right = sum(1 for a in answers if a["correct"])
        wrong = Counter(json.dumps(a["answer"], ensure_ascii=False, sort_keys=True)
                        for a in answers if not a["correct"])
        wrong_answer, wrong_count, misconception, value = "", 0, "", None
        if wrong:
            top, wrong_count = min(wrong.items(), key=lambda kv: (-kv[1], kv[0]))
            value = json.loads(top)
            wrong_answer = _answer_label(q, value)
            misconception = _misconception(q, value)
        result.questions.append(QuestionRow(notebook, qid, q.prompt, len(answers), right,
                                            wrong_answer, wrong_count, misconception,
                                            value if wrong else None, q))

    known = _course_exercises({c["exercise_id"] for d in docs.values()
                               for c in d["exercises"]}, result.warnings)
    ex_latest, ex_mistakes = _exercise_checks(docs, known, result.warnings)
    _exercise_rows(result, known, ex_latest, ex_mistakes)

    _objective_rows(result, banks, latest, known, ex_latest)

    ex_notebook = {ex_id: ex.notebook for ex_id, ex in known.items()}
    for name, bank in banks.items():
        n = len(bank.questions)
        mine_ex = [ex_id for ex_id, nb in ex_notebook.items() if nb == name]
        started = [learner_id for learner_id, m in latest.items()
                   if any(k[0] == name for k in m)
                   or any(ex_id in ex_latest[learner_id] for ex_id in mine_ex)]
        completion = (sum(sum(1 for k in m if k[0] == name) / n for m in latest.values())
                      / len(latest)) if latest and n else 0.0
        ex_completion = (sum(sum(1 for ex_id in mine_ex if ex_id in checks) / len(mine_ex)
                             for checks in ex_latest.values()) / len(ex_latest)
                         ) if ex_latest and mine_ex else 0.0
        result.notebooks.append(NotebookRow(name, bank.title, n, len(started), completion,
                                            len(mine_ex), ex_completion))

    ordered_ids = sorted(latest, key=lambda i: hashlib.sha256(i.encode()).hexdigest())
    for k, learner_id in enumerate(ordered_ids, start=1):
        mine = latest[learner_id]
        checks = ex_latest[learner_id]
        result.learners.append(LearnerRow(
            (str(docs[learner_id].get("_owner") or learner_id) if names
             else f"Apprenant·e {k:02d}"), learner_id, len(mine),
            sum(1 for a in mine.values() if a["correct"]), total,
            len(checks), sum(1 for c in checks.values() if c["correct"]), len(known)))
    return result


# --------------------------------------------------------------------------- objectives

def _objective_rows(result: Classe, banks: dict[str, Any],
                    latest: dict[str, dict[tuple[str, str], dict[str, Any]]],
                    known: dict[str, _Known], ex_latest: _Checks) -> None:
    """An :class:`ObjectiveRow` per objective of each bank, the lowest rate first (then in
    course order; objectives nobody answered last): each learner's latest answer to each
    of its questions, and each value given in the latest check of an exercise whose value
    names it."""
    rows = []
    for name, bank in banks.items():
        values = [(ex_id, f.key, f.objectives) for ex_id, entry in known.items()
                  if entry.exercise is not None and entry.exercise.notebook == name
                  for f in entry.exercise.fields]
        for objective in bank.objectives:
            keys = [(name, q.id) for q in bank.questions if objective.id in q.objectives]
            mine = [(ex_id, key) for ex_id, key, ids in values if objective.id in ids]
            learners = answers = right = 0
            for learner_id, answered in latest.items():
                given = [answered[k]["correct"] for k in keys if k in answered]
                checks = ex_latest.get(learner_id, {})
                for ex_id, key in mine:
                    status = checks.get(ex_id, {}).get("fields", {}).get(key, {}).get("status")
                    if status is not None and status != "vide":
                        given.append(status == "correct")
                if given:
                    learners += 1
                    answers += len(given)
                    right += sum(1 for ok in given if ok)
            rows.append(ObjectiveRow(name, objective.id, objective.text, learners, answers,
                                     right))
    order = {id(row): k for k, row in enumerate(rows)}
    result.objectives = sorted(rows, key=lambda r: (r.rate is None, r.rate or 0.0,
                                                    order[id(r)]))


# --------------------------------------------------------------------------- exercises

@dataclass(frozen=True)
class _Known:
    """An exercise of this version of the course, as the dashboard reads its checks:
    built (``exercise`` set), or — when it cannot be built — its id only (values from
    the checks, no labels or mistake texts)."""

    exercise_id: str
    exercise: Exercise | None

    @property
    def notebook(self) -> str:
        return self.exercise.notebook if self.exercise is not None else ""


def _course_exercises(checked: set[str], warnings: list[str]) -> dict[str, _Known]:
    """Every exercise of the course, in course order. One that cannot be built (a broken
    texts file, missing data) is kept without its words, with a French warning when some
    learner checked it; it never stops the dashboard."""
    out: dict[str, _Known] = {}
    for ex_id in exercise_ids():
        try:
            built: Exercise | None = exercise(ex_id)
        except Exception as exc:  # broken texts or data: a warning, never a traceback
            built = None
            if ex_id in checked:
                warnings.append(f"exercice « {ex_id} » : impossible de lire ses textes ou ses "
                                f"données ({safe_text(str(exc), 160)}) ; ses vérifications "
                                "sont comptées sans libellés ni messages d'erreur (lancez "
                                "« fabrique-course verifier »)")
        out[ex_id] = _Known(ex_id, built)
    return out


_Checks = dict[str, dict[str, dict[str, Any]]]  # learner -> exercise id -> last check
_Mistakes = dict[str, dict[tuple[str, str], set[str]]]  # learner -> (exercise, key) -> ids


def _exercise_checks(docs: dict[str, dict[str, Any]], known: dict[str, _Known],
                     warnings: list[str]) -> tuple[_Checks, _Mistakes]:
    """Each learner's last check of each exercise, and the recognised mistakes each made at
    least once per value; checks of unknown exercises and unknown values counted in a
    warning per file."""
    latest: _Checks = {}
    mistakes: _Mistakes = {}
    unknown_ex: Counter[str] = Counter()
    unknown_values: Counter[str] = Counter()
    for learner_id, doc in docs.items():
        mine: dict[str, dict[str, Any]] = {}
        made: dict[tuple[str, str], set[str]] = {}
        for check in sorted(doc["exercises"], key=lambda c: str(c["created_at"])):
            ex_id = check["exercise_id"]
            if ex_id not in known:
                unknown_ex[doc["_file"]] += 1
                continue
            ex = known[ex_id].exercise
            keys = {f.key for f in ex.fields} if ex is not None else None
            for key, verdict in check["fields"].items():
                if keys is not None and key not in keys:
                    unknown_values[doc["_file"]] += 1
                    continue
                if verdict["status"] == "incorrect" and verdict["mistake"]:
                    made.setdefault((ex_id, key), set()).add(verdict["mistake"])
            mine[ex_id] = check
        latest[learner_id] = mine
        mistakes[learner_id] = made
    for file_name, count in sorted(unknown_ex.items()):
        warnings.append(f"{file_name} : {count} vérification(s) d'exercices inconnus de cette "
                        "version du cours, ignorée(s)")
    for file_name, count in sorted(unknown_values.items()):
        warnings.append(f"{file_name} : {count} valeur(s) d'exercice inconnue(s) de cette "
                        "version du cours, ignorée(s)")
    return latest, mistakes


def _exercise_rows(result: Classe, known: dict[str, _Known], latest: _Checks,
                   mistakes: _Mistakes) -> None:
    """An :class:`ExerciseRow` per exercise of the course and a :class:`ValueRow` per
    value, in course order."""
    for ex_id, entry in known.items():
        ex = entry.exercise
        checks = [m[ex_id] for m in latest.values() if ex_id in m]
        if ex is None and not checks:
            continue  # cannot be built, and nobody checked it: nothing to show
        if ex is not None:
            notebook, title = ex.notebook, ex.title
            values = [(f.key, f.label) for f in ex.fields]
        else:
            notebooks = Counter(str(c["notebook"]) for c in checks)
            notebook = safe_text(min(notebooks.items(), key=lambda kv: (-kv[1], kv[0]))[0], 40)
            title = ex_id
            values = [(k, k) for k in sorted({str(k) for c in checks for k in c["fields"]})]
        result.exercises.append(ExerciseRow(ex_id, notebook, title, len(checks),
                                            sum(1 for c in checks if c["correct"])))
        for key, label in values:
            given = [c["fields"][key]["status"] for c in checks
                     if key in c["fields"] and c["fields"][key]["status"] != "vide"]
            made = Counter(m for learner in mistakes.values()
                           for m in learner.get((ex_id, key), ()))
            mistake, count, text = "", 0, ""
            if made:
                mistake, count = min(made.items(), key=lambda kv: (-kv[1], kv[0]))
                if ex is not None:
                    text = next(f for f in ex.fields if f.key == key).mistake_text(mistake)
                mistake = safe_text(mistake, 80)
            result.exercise_values.append(ValueRow(
                ex_id, safe_text(key, 80), label, len(checks), len(given),
                sum(1 for status in given if status == "correct"), mistake, count, text))
