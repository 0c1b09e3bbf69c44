"""The class dashboard: a folder of learners' exports → what the room got right and wrong.

Reads every ``*.json`` file of a folder (exports from JupyterLab and from the static
site: the same document, read and checked by :mod:`._exports`) and aggregates, per
question, the success rate and the most chosen wrong answer with the misconception it
reveals; per notebook, the completion; per learner, the progress — pseudonymised by
default. Demo exports to try it on: :mod:`._demo`.

One bad file never hides the others: malformed, truncated, too big, duplicate,
future-version, schema-invalid or hostile files are skipped (or their strings escaped)
and listed in ``Classe.warnings``. Pure: no IPython; the HTML and CSV renderings escape
everything.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._content import Question, bank_names, load_bank
from .._errors import ClasseError, FabriqueError
from .._render import markdown_inline_html
from ._exports import read_export, safe_text

__all__ = ["Classe", "LearnerRow", "NotebookRow", "QuestionRow", "read_class"]


@dataclass(frozen=True)
class QuestionRow:
    """One question, across the room (latest answer of each learner)."""

    notebook: str
    question_id: str
    prompt: str
    answered: int
    right: int
    wrong_answer: str  # the most chosen wrong answer, as shown to learners
    wrong_count: int
    misconception: str

    @property
    def rate(self) -> float | None:
        return self.right / self.answered if self.answered else None


@dataclass(frozen=True)
class NotebookRow:
    """One notebook: how much of it the room has done."""

    notebook: str
    title: str
    questions: int
    learners_started: int
    completion: float  # mean share of the questions answered, over all learners


@dataclass(frozen=True)
class LearnerRow:
    """One learner (pseudonym), their progress over the whole course."""

    pseudonym: str
    learner_id: str
    answered: int
    right: int
    total: int


@dataclass
class Classe:
    """The aggregated room."""

    folder: Path
    files_read: int = 0
    questions: list[QuestionRow] = field(default_factory=list)
    notebooks: list[NotebookRow] = field(default_factory=list)
    learners: list[LearnerRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    # ----------------------------------------------------------------- renderings

    def lines(self, *, top: int = 10) -> list[str]:
        """A French text report: the questions to discuss first, notebooks, learners."""
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
                        line += f" — {q.misconception}"
                out.append(line)
        out.append("")
        out.append("Avancement par notebook :")
        for n in self.notebooks:
            out.append(f"- {n.notebook} : {n.learners_started} apprenant·e(s) ont commencé, "
                       f"complétion moyenne {_pct(n.completion)}")
        out.append("")
        out.append("Progression par apprenant·e (pseudonymes) :")
        for learner in self.learners:
            out.append(f"- {learner.pseudonym} : {learner.answered}/{learner.total} questions "
                       f"répondues, {learner.right} justes")
        if self.warnings:
            out.append("")
            out.append(f"Fichiers écartés ou corrigés ({len(self.warnings)}) :")
            out += [f"- {w}" for w in self.warnings]
        return out

    def csv_files(self) -> dict[str, str]:
        """``questions.csv``, ``notebooks.csv``, ``apprenants.csv`` (UTF-8, « ; »)."""
        def table(header: list[str], rows: Iterable[list[Any]]) -> str:
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
            writer.writerow(header)
            writer.writerows([[_cell(v) for v in row] for row in rows])
            return buffer.getvalue()

        return {
            "questions.csv": table(
                ["notebook", "question", "repondants", "justes", "taux_reussite",
                 "reponse_fausse_la_plus_choisie", "nombre", "idee_recue"],
                ([q.notebook, q.question_id, q.answered, q.right,
                  "" if q.rate is None else f"{q.rate:.3f}", q.wrong_answer, q.wrong_count,
                  q.misconception] for q in self.questions)),
            "notebooks.csv": table(
                ["notebook", "titre", "questions", "apprenants_ayant_commence",
                 "completion_moyenne"],
                ([n.notebook, n.title, n.questions, n.learners_started,
                  f"{n.completion:.3f}"] for n in self.notebooks)),
            "apprenants.csv": table(
                ["pseudonyme", "questions_repondues", "justes", "questions_du_parcours"],
                ([learner.pseudonym, learner.answered, learner.right, learner.total]
                 for learner in self.learners)),
        }

    def html(self) -> str:
        """An accessible HTML dashboard (every string from the files is escaped; the
        misconceptions, from the course's banks, have their Markdown rendered, raw HTML
        escaped)."""
        e = html.escape
        parts = ['<div class="fc-classe" lang="fr">',
                 f"<p>{len(self.learners)} apprenant·e(s), {self.files_read} fichier(s) lu(s).</p>",
                 '<table><caption>Questions, de la moins réussie à la plus réussie</caption>'
                 '<thead><tr><th scope="col">Notebook</th><th scope="col">Question</th>'
                 '<th scope="col">Réussite</th><th scope="col">Réponse fausse la plus choisie'
                 '</th><th scope="col">Idée reçue</th></tr></thead><tbody>']
        for q in sorted(self.questions, key=lambda q: (q.rate if q.rate is not None else 2.0)):
            wrong = f"« {e(q.wrong_answer)} » ({q.wrong_count})" if q.wrong_count else "—"
            parts.append(f"<tr><td>{e(q.notebook)}</td><td>{e(q.question_id)}</td>"
                         f"<td>{_pct(q.rate)} ({q.right}/{q.answered})</td><td>{wrong}</td>"
                         f"<td>{markdown_inline_html(q.misconception) or '—'}</td></tr>")
        parts.append("</tbody></table>")
        parts.append('<table><caption>Avancement par notebook</caption><thead><tr>'
                     '<th scope="col">Notebook</th><th scope="col">Ont commencé</th>'
                     '<th scope="col">Complétion moyenne</th></tr></thead><tbody>')
        parts += [f"<tr><td>{e(n.title)} ({e(n.notebook)})</td><td>{n.learners_started}</td>"
                  f"<td>{_pct(n.completion)}</td></tr>" for n in self.notebooks]
        parts.append("</tbody></table>")
        parts.append('<table><caption>Progression par apprenant·e (pseudonymes)</caption>'
                     '<thead><tr><th scope="col">Apprenant·e</th><th scope="col">Répondues'
                     '</th><th scope="col">Justes</th></tr></thead><tbody>')
        parts += [f"<tr><td>{e(learner.pseudonym)}</td><td>{learner.answered}/{learner.total}"
                  f"</td><td>{learner.right}</td></tr>" for learner in self.learners]
        parts.append("</tbody></table>")
        if self.warnings:
            parts.append("<p><strong>Fichiers écartés ou corrigés :</strong></p><ul>")
            parts += [f"<li>{e(w)}</li>" for w in self.warnings]
            parts.append("</ul>")
        parts.append("</div>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return "\n".join(self.lines())


# --------------------------------------------------------------------------- helpers

def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)} %"


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(value)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _answer_label(q: Question | None, answer: Any) -> str:
    """How a learner's answer reads: option texts for choice questions."""
    if q is not None and q.type in ("single", "true_false", "multiple"):
        texts = {o.id: o.text for o in q.options}
        values = answer if isinstance(answer, list) else [answer]
        if all(isinstance(v, str) and v in texts for v in values):
            return " + ".join(f"{v} : {texts[v]}" for v in values)
    return safe_text(answer, 80)


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

def read_class(folder: Path | str, *, names: bool = False) -> Classe:
    """Aggregate every export of ``folder``. ``names=True`` shows learner ids instead of
    pseudonyms (the ids are random; the exports never contain names)."""
    root = Path(folder)
    if not root.is_dir():
        raise ClasseError(f"dossier introuvable : {root}")
    result = Classe(root)
    docs: dict[str, dict[str, Any]] = {}
    seen_hashes: set[str] = set()
    for path in sorted(root.glob("*.json")):
        doc = read_export(path, result.warnings)
        if doc is None:
            continue
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
        wrong_answer, wrong_count, misconception = "", 0, ""
        if wrong:
            top, wrong_count = min(wrong.items(), key=lambda kv: (-kv[1], kv[0]))
            value = json.loads(top)
            wrong_answer = _answer_label(q, value)
            misconception = _misconception(q, value)
        result.questions.append(QuestionRow(notebook, qid, q.prompt, len(answers), right,
                                            wrong_answer, wrong_count, misconception))

    for name, bank in banks.items():
        n = len(bank.questions)
        started = [m for m in latest.values() if any(k[0] == name for k in m)]
        completion = (sum(sum(1 for k in m if k[0] == name) / n for m in latest.values())
                      / len(latest)) if latest and n else 0.0
        result.notebooks.append(NotebookRow(name, bank.title, n, len(started), completion))

    ordered_ids = sorted(latest, key=lambda i: hashlib.sha256(i.encode()).hexdigest())
    for k, learner_id in enumerate(ordered_ids, start=1):
        mine = latest[learner_id]
        result.learners.append(LearnerRow(
            learner_id if names else f"Apprenant·e {k:02d}", learner_id, len(mine),
            sum(1 for a in mine.values() if a["correct"]), total))
    return result
