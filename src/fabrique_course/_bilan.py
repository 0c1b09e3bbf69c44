"""The learner's bilan: mastery per lesson, per objective and per competence of the
intrapreneurs' certification, from the latest answer to each question and the latest
verdict on each impact-exercise value. Pure: no IPython, no pandas.

Two steps, so that the notebook (``bilan()``) and the static site (``bilan.html``, whose
script ``site_assets/fabrique-bilan.js`` does the second step in the browser) compute the
same thing from the same data:

1. :func:`bilan_data` writes, from the content (banks, objectives, competences, exercise
   texts), a JSON-able *map*: each lesson's objectives with their competence, each
   question's objectives, number, short title and link, each exercise value's objectives;
2. :func:`compute` reads a map and the learner's answers (events, in order) and exercise
   checks (in order) and returns a :class:`Bilan`.

The rules (said in the bilan, held equal in Python and JavaScript by the shared vectors
``tests/data/bilan-vectors.json``, made by ``tools/make_bilan_vectors.py``):

- an *item* is a question or an exercise value; only its **latest** answer counts (for an
  exercise value, its latest verdict that was neither empty nor unreadable);
- an item is *right* when that answer is fully right (a partly right answer is not);
- an objective's items are those that name it; a competence's, those that name one of
  its objectives (each counted once); a lesson's, its questions and exercise values;
- rate = right / answered; status: « pas encore commencé » (nothing answered),
  « à revoir » (rate under :data:`REVIEW_PERCENT` %), « maîtrisé » (rate at least
  :data:`MASTERED_PERCENT` % with at least :data:`MASTERED_MIN_ITEMS` items answered),
  « en cours » otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._content import Bank, Competences, load_competences
from ._files import read_yaml_file
from ._lessons import Lesson
from ._paths import content_root
from ._report import short_title
from ._sources import load_registry

__all__ = [
    "INTRO",
    "MASTERED_MIN_ITEMS",
    "MASTERED_PERCENT",
    "NOT_STARTED",
    "REVIEW_PERCENT",
    "STATUSES",
    "Bilan",
    "CompetenceMastery",
    "LessonMastery",
    "Mastery",
    "ObjectiveMastery",
    "ReviewItem",
    "bilan_data",
    "bilan_json",
    "compute",
    "exercise_values",
    "heading_anchor",
    "mastery_status",
    "notebook_links",
    "plain_objective",
    "thresholds_sentence",
]

#: At least this share of the answered items right (and enough of them): « maîtrisé ».
MASTERED_PERCENT = 80
#: The fewest answered items a « maîtrisé » rests on.
MASTERED_MIN_ITEMS = 2
#: Under this share of the answered items right: « à revoir ».
REVIEW_PERCENT = 50
NOT_STARTED = "pas encore commencé"
#: The statuses, from the best.
STATUSES = ("maîtrisé", "en cours", "à revoir", NOT_STARTED)
#: An exercise value's verdicts that are not an answer (nothing given, nothing readable).
_NO_ANSWER = ("vide", "illisible")
_STATE_LABELS = {"incorrect": "à revoir", "partial": "en partie juste"}


#: What the bilan says first, in the notebook and on the site: where the competences come
#: from, and that the course does not prepare for the certification.
INTRO = (
    "Les compétences de ce bilan sont celles de la certification des intrapreneur·es que "
    "propose beta.gouv.fr, telles que les liste la version de sa page lue pour ce cours ; "
    "c'est ce cours qui rattache chaque objectif des leçons à la compétence dont il est le "
    "plus proche.",
    "Ce cours n'est pas une préparation officielle à cette certification : ce bilan vous "
    "aide à faire le point, seul·e ou avec un·e coach, il ne vaut pas évaluation.",
)


def mastery_status(answered: int, right: int) -> str:
    """The status of ``right`` right items out of ``answered`` (integer arithmetic, as the
    site's script does: no rounding at the edges)."""
    if answered <= 0:
        return NOT_STARTED
    if right * 100 < REVIEW_PERCENT * answered:
        return "à revoir"
    if right * 100 >= MASTERED_PERCENT * answered and answered >= MASTERED_MIN_ITEMS:
        return "maîtrisé"
    return "en cours"


def thresholds_sentence() -> str:
    """The rule in French, as the bilan states it."""
    return (f"« maîtrisé » : au moins {MASTERED_PERCENT} % de réponses justes, sur au moins "
            f"{MASTERED_MIN_ITEMS} questions ou valeurs répondues ; « à revoir » : moins de "
            f"{REVIEW_PERCENT} % de réponses justes ; « en cours » entre les deux ; « pas "
            "encore commencé » : rien de répondu. Seule compte votre dernière réponse à "
            "chaque question ; une réponse en partie juste ne compte pas comme juste.")


@dataclass(frozen=True)
class Mastery:
    """Items answered and right out of ``total``, and what that says."""

    answered: int = 0
    right: int = 0
    total: int = 0

    @property
    def status(self) -> str:
        """« maîtrisé », « en cours », « à revoir » or « pas encore commencé »."""
        return mastery_status(self.answered, self.right)

    @property
    def percent(self) -> int | None:
        """Share of the answered items right, in whole percent (None when none)."""
        return round(100 * self.right / self.answered) if self.answered else None

    def rate_text(self) -> str:
        """« 75 % sur 4 questions ou valeurs » or « — »."""
        if not self.answered:
            return "—"
        unit = "question ou valeur" if self.answered == 1 else "questions ou valeurs"
        return f"{self.percent} % sur {self.answered} {unit}"


@dataclass(frozen=True)
class ObjectiveMastery:
    """One objective of a lesson and the learner's mastery of it."""

    id: str
    text: str  # plain text, without its Markdown
    competence: str  # the competence's id
    mastery: Mastery


@dataclass(frozen=True)
class ReviewItem:
    """A question whose latest answer was not fully right, or an exercise value whose
    latest verdict was wrong."""

    notebook: str
    key: str  # question id, or « exercise/value »
    name: str  # « Question 3 — Laquelle… » or « Exercice « … » : valeur … »
    state: str  # « à revoir » or « en partie juste »
    link: str = ""


@dataclass(frozen=True)
class LessonMastery:
    """One lesson: its mastery, its objectives', what to review."""

    notebook: str
    title: str
    mastery: Mastery
    objectives: tuple[ObjectiveMastery, ...] = ()
    review: tuple[ReviewItem, ...] = ()
    link: str = ""


@dataclass(frozen=True)
class CompetenceMastery:
    """One competence of the certification: how many objectives serve it, and mastery."""

    id: str
    label: str
    objectives: int
    mastery: Mastery


@dataclass(frozen=True)
class Bilan:
    """The whole bilan."""

    lessons: tuple[LessonMastery, ...] = ()
    competences: tuple[CompetenceMastery, ...] = ()
    note: str = ""  # the competences' source note (which version of the page)
    source: str = ""  # its source marker
    source_title: str = ""  # the cited page's description
    source_href: str = ""  # and its address

    @property
    def started(self) -> bool:
        """True when at least one item was answered."""
        return any(lesson.mastery.answered for lesson in self.lessons)


# --------------------------------------------------------------------------- the map

@dataclass(frozen=True)
class _Value:
    notebook: str
    exercise: str
    title: str
    key: str
    label: str
    objectives: tuple[str, ...]


def exercise_values() -> list[_Value]:
    """Each value of each impact exercise (``content/exercices/*.yaml``) with the
    objectives it assesses; a file that cannot be read is left out (``fabrique-course
    verifier`` reports it)."""
    out: list[_Value] = []
    for path in sorted((content_root() / "exercices").glob("*.yaml")):
        data, _lines, problems = read_yaml_file(path)
        if problems or not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
            continue
        title = data.get("title") if isinstance(data.get("title"), str) else path.stem
        for key, spec in data["fields"].items():
            if not isinstance(spec, dict) or not isinstance(spec.get("objectifs"), list):
                continue
            label = spec.get("label") if isinstance(spec.get("label"), str) else str(key)
            out.append(_Value(str(data.get("notebook", "")), path.stem, str(title).strip(),
                              str(key), " ".join(str(label).split()),
                              tuple(str(o) for o in spec["objectifs"])))
    return out


def plain_objective(text: str) -> str:
    """An objective's Markdown line as plain text, without its closing « ; » or « . »."""
    return short_title(text, width=10_000).rstrip(" ;.")


def heading_anchor(heading: str) -> str:
    """The anchor JupyterLab gives a Markdown heading: its text, spaces as « - »."""
    return short_title(heading, width=10_000).replace(" ", "-")


def notebook_links(lesson: str, folder: Path) -> dict[str, str]:
    """Question id → « <lesson>.ipynb#<section> »: the heading of the section whose quiz
    asks it, in the lesson notebook ``folder/<lesson>.ipynb`` (just the notebook when
    the question has no heading above it, or the notebook cannot be read)."""
    from ._cells import quiz_calls

    page = f"{lesson}.ipynb"
    try:
        nb = json.loads((folder / page).read_text(encoding="utf-8"))
        cells = list(nb.get("cells", []))
    except (OSError, ValueError, AttributeError):
        return {}
    links: dict[str, str] = {}
    heading = ""
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        raw = cell.get("source", "")
        source = "".join(raw) if isinstance(raw, list) else str(raw)
        if cell.get("cell_type") == "markdown":
            for line in source.splitlines():
                if line.startswith("#"):
                    heading = line.lstrip("#").strip()
        elif cell.get("cell_type") == "code" and "quiz(" in source:
            for call in quiz_calls(source):
                if call.bank != lesson:
                    continue
                try:
                    ids = [q.id for q in call.questions()]
                except Exception:  # a broken bank: its questions have no link
                    continue
                for qid in ids:
                    links.setdefault(qid, f"{page}#{heading_anchor(heading)}" if heading
                                     else page)
    return links


def bilan_data(banks: Sequence[Bank], lessons: Sequence[Lesson] = (),
               values: Iterable[_Value] | None = None,
               competences: Competences | None = None,
               numbers: Mapping[str, Mapping[str, int]] | None = None,
               links: Mapping[str, Mapping[str, str]] | None = None,
               pages: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The map the bilan is computed from (JSON-able; the site embeds it in its page):
    the rule's thresholds, the competences, and per bank its objectives (id, plain text,
    competence), questions (id → objectives, number, short title, link) and exercise
    values (« exercise/value » → objectives, exercise title, value label). ``numbers`` and
    ``links`` are per notebook (question id → number / address); ``pages`` notebook → the
    address of the lesson; ``lessons`` gives titles."""
    found = competences or load_competences()
    registry = load_registry()
    cited = registry.resolve(found.source.strip().strip("[]"))[0] \
        if registry is not None and found.source else []
    titles = {lesson.name: lesson.title for lesson in lessons}
    all_values = list(exercise_values() if values is None else values)
    out_lessons = []
    for bank in banks:
        order = (numbers or {}).get(bank.notebook, {})
        where = (links or {}).get(bank.notebook, {})
        out_lessons.append({
            "notebook": bank.notebook,
            "title": titles.get(bank.notebook, bank.title),
            "page": (pages or {}).get(bank.notebook, ""),
            "objectives": [[o.id, plain_objective(o.text), o.competence]
                           for o in bank.objectives],
            "questions": {q.id: {"objectives": list(q.objectives),
                                 "number": order.get(q.id, k),
                                 "title": short_title(q.prompt),
                                 "link": where.get(q.id, "")}
                          for k, q in enumerate(bank.questions, start=1)},
            "values": {f"{v.exercise}/{v.key}": {"objectives": list(v.objectives),
                                                  "exercise": v.title, "label": v.label}
                       for v in all_values if v.notebook == bank.notebook},
        })
    return {
        "thresholds": {"mastered_percent": MASTERED_PERCENT,
                       "mastered_min_items": MASTERED_MIN_ITEMS,
                       "review_percent": REVIEW_PERCENT},
        "competences": [[c.id, c.label] for c in found.competences],
        "note": found.note,
        "source": found.source,
        "source_link": ([cited[0].description, cited[0].href] if cited else []),
        "intro": list(INTRO),
        "rule": thresholds_sentence(),
        "lessons": out_lessons,
    }


# --------------------------------------------------------------------------- computing

#: A quiz answer as the bilan reads it: notebook, question id, status.
Answer = tuple[str, str, str]
#: An exercise check as the bilan reads it: notebook, exercise id, value key → verdict
#: (``{"status": …}``).
Check = tuple[str, str, Mapping[str, Any]]


def compute(data: Mapping[str, Any], answers: Iterable[Answer],
            checks: Iterable[Check] = ()) -> Bilan:
    """The bilan of a learner whose ``answers`` and ``checks`` (each in the order they
    were given) are read against the map ``data`` (:func:`bilan_data`)."""
    latest: dict[tuple[str, str], str] = {}
    for notebook, qid, status in answers:
        latest[(notebook, qid)] = status
    verdicts: dict[tuple[str, str], str] = {}
    for notebook, exercise, fields in checks:
        for key, verdict in (fields or {}).items():
            given = verdict.get("status") if isinstance(verdict, Mapping) else None
            if isinstance(given, str) and given not in _NO_ANSWER:
                verdicts[(notebook, f"{exercise}/{key}")] = given

    # every item: (notebook, key, objectives, answered, right)
    items: list[tuple[str, str, tuple[str, ...], bool, bool]] = []
    lessons_out = []
    for lesson in data.get("lessons", []):
        nb = lesson["notebook"]
        mine: list[tuple[str, tuple[str, ...], bool, bool]] = []
        review: list[ReviewItem] = []
        for qid, info in lesson.get("questions", {}).items():
            last = latest.get((nb, qid))
            mine.append((qid, tuple(info["objectives"]), last is not None, last == "correct"))
            if last is not None and last != "correct":
                review.append(ReviewItem(nb, qid, f"Question {info['number']} — {info['title']}",
                                         _STATE_LABELS.get(last, "à revoir"), info["link"]))
        review.sort(key=lambda r: lesson["questions"][r.key]["number"])
        for key, info in lesson.get("values", {}).items():
            last = verdicts.get((nb, key))
            mine.append((key, tuple(info["objectives"]), last is not None, last == "correct"))
            if last is not None and last != "correct":
                review.append(ReviewItem(nb, key, f"Exercice d'impact « {info['exercise']} » : "
                                         f"{info['label']}", "à revoir", lesson["page"]))
        items += [(nb, key, objs, answered, right) for key, objs, answered, right in mine]
        objectives = tuple(
            ObjectiveMastery(oid, text, competence,
                             _mastery([m for m in mine if oid in m[1]]))
            for oid, text, competence in lesson.get("objectives", []))
        lessons_out.append(LessonMastery(nb, lesson["title"], _mastery(mine), objectives,
                                         tuple(review), lesson["page"]))
    serving: dict[str, set[tuple[str, str]]] = {}
    for lesson in data.get("lessons", []):
        for oid, _text, competence in lesson.get("objectives", []):
            serving.setdefault(competence, set()).add((lesson["notebook"], oid))
    competences = []
    for cid, label in data.get("competences", []):
        own = serving.get(cid, set())
        chosen = [(key, objs, answered, right) for nb, key, objs, answered, right in items
                  if any((nb, oid) in own for oid in objs)]
        competences.append(CompetenceMastery(cid, label, len(own), _mastery(chosen)))
    link = list(data.get("source_link") or ["", ""])
    return Bilan(tuple(lessons_out), tuple(competences), str(data.get("note", "")),
                 str(data.get("source", "")), str(link[0]), str(link[1]))


def _mastery(items: Sequence[tuple[str, tuple[str, ...], bool, bool]]) -> Mastery:
    return Mastery(sum(1 for i in items if i[2]), sum(1 for i in items if i[3]), len(items))


def bilan_json(bilan: Bilan) -> dict[str, Any]:
    """What the shared vectors compare (Python and the site's script): per lesson, per
    objective and per competence, answered / right / total / status, and the review keys."""
    def m(x: Mastery) -> list[Any]:
        return [x.answered, x.right, x.total, x.status]

    return {
        "lessons": {lesson.notebook: {
            "mastery": m(lesson.mastery),
            "objectives": {o.id: m(o.mastery) for o in lesson.objectives},
            "review": [r.key for r in lesson.review]} for lesson in bilan.lessons},
        "competences": {c.id: [c.objectives, *m(c.mastery)] for c in bilan.competences},
    }

