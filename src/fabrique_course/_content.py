"""Loading and validating the course content (``content/quiz/*.yaml``).

A bank is validated in three steps, and every problem found is reported, not only
the first: YAML syntax (with line numbers, duplicate keys refused), the JSON Schema
shipped in ``schemas/quiz-bank.schema.json``, then consistency rules that a schema
cannot say (unique ids, exactly one right option, references between fields).
Messages name the file, the question id and the field, in French.

Each question also declares its cognitive level (``niveau``: rappel, application,
analyse); :func:`level_problems` enforces the course rule that recall is at most half of
a lesson's questions, and :func:`level_mix` gives the counts ``fabrique-course verifier``
prints.

Each bank also lists its lesson's objectives (``objectifs``: id → ``texte``, the Markdown
line of the lesson's « Objectifs » list, which ``tools/normalise_notebooks.py`` generates
from it, and ``competence``, the competence of the intrapreneurs' certification it serves,
one of ``content/competences.yaml``: :func:`load_competences`), and
each question names the objectives it assesses; :func:`alignment` counts, for each
objective, the questions and exercise values that assess it, and
:func:`alignment_problems` refuses an unknown objective and one assessed fewer than
:data:`MIN_ASSESSMENTS` times.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import ContentProblem
from ._files import (
    Lines,
    display_path,
    format_path,
    french_schema_message,
    read_yaml_file,
    schema_validator,
)
from ._model import (
    LEVELS,
    Bank,
    Choice,
    CommonError,
    Item,
    Objective,
    Option,
    Question,
    QuestionLevel,
    QuestionType,
)
from ._numbers import within_tolerance
from ._paths import bank_names, bank_path, content_root

__all__ = [
    "MIN_ASSESSMENTS",
    "Alignment",
    "AssessedValue",
    "Bank",
    "Choice",
    "CommonError",
    "Competence",
    "CompetenceCount",
    "Competences",
    "Item",
    "LevelMix",
    "Objective",
    "Option",
    "Question",
    "QuestionLevel",
    "QuestionType",
    "alignment",
    "alignment_problems",
    "bank_names",
    "bank_problems",
    "check_content",
    "competence_counts",
    "competence_problems",
    "level_mix",
    "level_problems",
    "load_competences",
]

#: The fewest questions and exercise values that must assess each objective of a lesson.
MIN_ASSESSMENTS = 2


@dataclass(frozen=True)
class Competence:
    """One competence of beta.gouv.fr's certification of intrapreneurs, as the version of
    its page read for the course lists it (``content/competences.yaml``)."""

    id: str
    label: str


@dataclass(frozen=True)
class LevelMix:
    """How many questions of a bank ask for each level (field ``niveau``)."""

    notebook: str
    rappel: int
    application: int
    analyse: int

    @property
    def total(self) -> int:
        """Number of questions of the bank."""
        return self.rappel + self.application + self.analyse

    @property
    def max_recall(self) -> int:
        """The most recall questions the rule admits: half the bank, rounded down."""
        return self.total // 2

    @property
    def too_much_recall(self) -> bool:
        """True when recall questions are more than half of the bank."""
        return self.rappel > self.max_recall

    def recall_percent(self) -> int:
        """Share of recall questions, in whole percent."""
        return round(100 * self.rappel / self.total) if self.total else 0

    def summary(self) -> str:
        """« rappel 8 (38 %), application 7, analyse 6 »."""
        return (f"rappel {self.rappel} ({self.recall_percent()} %), "
                f"application {self.application}, analyse {self.analyse}")


def level_mix(bank: Bank) -> LevelMix:
    """Count the questions of ``bank`` at each level."""
    counts = {level: 0 for level in LEVELS}
    for question in bank.questions:
        counts[question.level] += 1
    return LevelMix(bank.notebook, counts["rappel"], counts["application"], counts["analyse"])


def level_problems(banks: Iterable[Bank]) -> list[ContentProblem]:
    """One problem for each bank whose recall questions are more than half of the bank.

    A lesson tests judgment as well as memory: at most half of its questions may only
    ask to recall a fact or a definition (``niveau: rappel``).
    """
    problems = []
    for bank in banks:
        mix = level_mix(bank)
        if mix.too_much_recall:
            problems.append(ContentProblem(
                display_path(bank.path),
                f"trop de questions de rappel dans la leçon {bank.notebook} : {mix.rappel} "
                f"sur {mix.total} ({mix.recall_percent()} %), alors que la règle en admet "
                f"au plus la moitié, soit {mix.max_recall} (application {mix.application}, "
                f"analyse {mix.analyse}). Transformez des questions de rappel en questions "
                "d'application ou d'analyse (voir docs/format-contenu.md)",
                field="niveau",
            ))
    return problems


@dataclass(frozen=True)
class AssessedValue:
    """An exercise value (a field of an impact exercise) and the objectives it assesses."""

    notebook: str
    file: str
    exercise: str
    key: str
    objectives: tuple[str, ...]


@dataclass(frozen=True)
class Alignment:
    """How many questions and exercise values assess each objective of a lesson."""

    notebook: str
    counts: tuple[tuple[str, int], ...]  # (objective id, assessing items), bank order

    @property
    def weak(self) -> list[str]:
        """Objectives assessed fewer than :data:`MIN_ASSESSMENTS` times."""
        return [oid for oid, n in self.counts if n < MIN_ASSESSMENTS]

    def summary(self) -> str:
        """« 01_investigation : 5 objectifs, chacun évalué par 3 à 8 questions ou valeurs »."""
        numbers = [n for _, n in self.counts]
        low, high = (min(numbers), max(numbers)) if numbers else (0, 0)
        spread = f"{low}" if low == high else f"{low} à {high}"
        return (f"{self.notebook} : {len(numbers)} objectifs, chacun évalué par {spread} "
                "questions ou valeurs")


def alignment(bank: Bank, values: Iterable[AssessedValue] = ()) -> Alignment:
    """Count, for each objective of ``bank``, its questions and the exercise ``values``
    of the same lesson that assess it (unknown ids are not counted)."""
    counts = {objective.id: 0 for objective in bank.objectives}
    for question in bank.questions:
        for oid in question.objectives:
            if oid in counts:
                counts[oid] += 1
    for value in values:
        if value.notebook == bank.notebook:
            for oid in value.objectives:
                if oid in counts:
                    counts[oid] += 1
    return Alignment(bank.notebook, tuple(counts.items()))


def alignment_problems(banks: Iterable[Bank],
                       values: Iterable[AssessedValue] = ()) -> list[ContentProblem]:
    """Exercise values naming an objective their lesson's bank does not list (or a lesson
    without bank), and objectives assessed by fewer than :data:`MIN_ASSESSMENTS`
    questions or exercise values. Unknown ids in the questions themselves are refused
    when the bank is validated."""
    banks, values = list(banks), list(values)
    by_name = {bank.notebook: bank for bank in banks}
    problems = []
    orphans: set[str] = set()
    for value in values:
        where = f"exercice « {value.exercise} », champ « {value.key} »"
        bank = by_name.get(value.notebook)
        if bank is None:  # a broken bank is reported by its own validation
            if not bank_path(value.notebook).exists() and value.exercise not in orphans:
                orphans.add(value.exercise)
                problems.append(ContentProblem(
                    value.file, f"exercice « {value.exercise} » : la leçon {value.notebook} "
                    f"n'a pas de banque de questions ({display_path(bank_path(value.notebook))}"
                    "), donc pas d'objectifs que ses valeurs puissent évaluer",
                    field="objectifs"))
            continue
        known = [objective.id for objective in bank.objectives]
        for oid in value.objectives:
            if oid not in known:
                problems.append(ContentProblem(
                    value.file, f"{where} : l'objectif « {oid} » n'existe pas dans la banque "
                    f"{bank.notebook} ; objectifs connus : {', '.join(known)}",
                    field="objectifs"))
    for bank in banks:
        found = alignment(bank, values)
        counts = dict(found.counts)
        for oid in found.weak:
            problems.append(ContentProblem(
                display_path(bank.path),
                f"l'objectif « {oid} » de la leçon {bank.notebook} n'est évalué que par "
                f"{counts[oid]} question(s) ou valeur(s) d'exercice, alors que la règle en "
                f"demande au moins {MIN_ASSESSMENTS}. Indiquez-le dans le champ « objectifs » "
                "d'autres questions ou valeurs d'exercice (voir docs/format-contenu.md)",
                field=f"objectifs.{oid}"))
    return problems


@dataclass(frozen=True)
class Competences:
    """The competences of ``content/competences.yaml``, its source marker and its note on
    the version of the certification's page, and the problems met reading it."""

    competences: tuple[Competence, ...] = ()
    source: str = ""
    note: str = ""
    problems: tuple[ContentProblem, ...] = ()

    @property
    def ids(self) -> list[str]:
        """The competences' ids, in file order."""
        return [c.id for c in self.competences]

    def label(self, competence_id: str) -> str:
        """The French label of ``competence_id`` (the id itself when unknown)."""
        return next((c.label for c in self.competences if c.id == competence_id),
                    competence_id)


def _competences_path() -> Path:
    return content_root() / "competences.yaml"


def _competences_sound(data: Any) -> bool:
    """True when the file has the schema's shape (the schema, slow to import, then only
    runs when it does not, for its French messages)."""
    try:
        found = data["competences"]
        return set(data) == {"source", "note", "competences"} and all(
            isinstance(data[k], str) and data[k].strip() for k in ("source", "note")
        ) and isinstance(found, dict) and bool(found) and all(
            isinstance(k, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", k)
            and isinstance(v, str) and v.strip() for k, v in found.items())
    except (KeyError, TypeError):
        return False


@functools.lru_cache(maxsize=8)
def _competences_cached(path: Path, mtime_ns: int, size: int) -> Competences:
    data, lines, problems = read_yaml_file(path)
    if problems or lines is None:
        return Competences(problems=tuple(problems))
    if not _competences_sound(data):
        shown = display_path(path)
        found = [ContentProblem(shown, french_schema_message(error)[0],
                                field=format_path(error.absolute_path) or None,
                                line=lines.at(list(error.absolute_path)))
                 for error in schema_validator("competences").iter_errors(data)]
        return Competences(problems=tuple(found or [ContentProblem(shown, "format invalide")]))
    return Competences(tuple(Competence(k, v.strip()) for k, v in data["competences"].items()),
                       data["source"].strip(), " ".join(data["note"].split()))


def load_competences() -> Competences:
    """The competences of the intrapreneurs' certification (``content/competences.yaml``),
    cached until the file changes; a missing or broken file gives no competence and its
    problems (never an exception)."""
    path = _competences_path()
    try:
        stat = path.stat()
    except OSError:
        return Competences(problems=(ContentProblem(display_path(path), "fichier introuvable : "
                                                    "il liste les compétences que servent les "
                                                    "objectifs des leçons"),))
    return _competences_cached(path, stat.st_mtime_ns, stat.st_size)


def competence_problems() -> list[ContentProblem]:
    """The problems of ``content/competences.yaml`` itself (the banks' references to it
    are checked with each bank)."""
    return list(load_competences().problems)


@dataclass(frozen=True)
class CompetenceCount:
    """How many objectives serve one competence, and how many questions and exercise
    values assess those objectives."""

    competence: Competence
    objectives: int
    questions: int
    values: int

    def summary(self) -> str:
        """« test : 5 objectifs, 31 questions, 6 valeurs d'exercice »."""
        return (f"{self.competence.label} : {self.objectives} objectif(s), {self.questions} "
                f"question(s), {self.values} valeur(s) d'exercice")


def competence_counts(banks: Iterable[Bank], values: Iterable[AssessedValue] = (),
                      competences: Competences | None = None) -> list[CompetenceCount]:
    """For each competence, in file order: its objectives across ``banks``, the questions
    and the exercise ``values`` that assess at least one of them."""
    found = competences or load_competences()
    banks, values = list(banks), list(values)
    out = []
    for competence in found.competences:
        serving = {(b.notebook, o.id) for b in banks for o in b.objectives
                   if o.competence == competence.id}
        questions = sum(1 for b in banks for q in b.questions
                        if any((b.notebook, oid) in serving for oid in q.objectives))
        assessed = sum(1 for v in values
                       if any((v.notebook, oid) in serving for oid in v.objectives))
        out.append(CompetenceCount(competence, len(serving), questions, assessed))
    return out


def _question_id_at(data: Any, path: Sequence[str | int]) -> str | None:
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        try:
            qid = data["questions"][path[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
        return qid if isinstance(qid, str) else f"n° {path[1] + 1} (sans id)"
    return None


def _schema_problems(data: Any, lines: Lines, shown: str) -> list[ContentProblem]:
    problems = []
    errors = sorted(schema_validator("quiz-bank").iter_errors(data),
                    key=lambda e: list(map(str, e.absolute_path)))
    seen: set[tuple[str, str]] = set()
    for error in errors:
        path = list(error.absolute_path)
        message, missing = french_schema_message(error)
        field_path = path[2:] if path[:1] == ["questions"] and len(path) >= 2 else path
        if missing is not None:
            field_path = [*field_path, missing]
        field_name = format_path(field_path) or None
        key = (str(path), message)
        if key in seen:
            continue
        seen.add(key)
        problems.append(ContentProblem(
            file=shown, message=message, question_id=_question_id_at(data, path),
            field=field_name, line=lines.at(path),
        ))
    return problems


def _consistency_problems(data: dict[str, Any], path: Path, lines: Lines,
                          shown: str) -> list[ContentProblem]:
    problems: list[ContentProblem] = []

    def add(message: str, qid: str | None, fld: str | None,
            ypath: Sequence[str | int]) -> None:
        problems.append(ContentProblem(shown, message, qid, fld, lines.at(ypath)))

    if data["notebook"] != path.stem:
        add(f"« notebook: {data['notebook']} » ne correspond pas au nom du fichier "
            f"(« {path.stem} » attendu)", None, "notebook", ["notebook"])
    seen_ids: dict[str, int] = {}
    objective_ids = list(data["objectifs"])
    competences = load_competences()
    if not competences.problems:  # a broken list is reported once, by check_content
        known = competences.ids
        for oid, objective in data["objectifs"].items():
            if objective["competence"] not in known:
                add(f"l'objectif « {oid} » nomme la compétence « {objective['competence']} », "
                    "inconnue de content/competences.yaml ; compétences connues : "
                    f"{', '.join(known)}", None, f"objectifs.{oid}.competence",
                    ["objectifs", oid, "competence"])
    for i, q in enumerate(data["questions"]):
        qid, qtype = q["id"], q["type"]
        base: tuple[str | int, ...] = ("questions", i)
        for j, oid in enumerate(q["objectifs"]):
            if oid not in objective_ids:
                add(f"l'objectif « {oid} » n'existe pas dans « objectifs » en tête de la "
                    f"banque ; objectifs connus : {', '.join(objective_ids)}",
                    qid, f"objectifs[{j}]", [*base, "objectifs", j])
        if qid in seen_ids:
            add(f"identifiant déjà utilisé par la question n° {seen_ids[qid] + 1}",
                qid, "id", [*base, "id"])
        seen_ids.setdefault(qid, i)
        for list_name in ("options", "items", "choices"):
            ids = [x["id"] for x in q.get(list_name, [])]
            for j, x_id in enumerate(ids):
                if x_id in ids[:j]:
                    add(f"identifiant « {x_id} » en double", qid, f"{list_name}[{j}].id",
                        [*base, list_name, j, "id"])
            texts = [x["text"].strip() for x in q.get(list_name, [])]
            for j, text in enumerate(texts):
                if text in texts[:j]:
                    add(f"texte « {text} » en double", qid, f"{list_name}[{j}].text",
                        [*base, list_name, j, "text"])
        options = q.get("options", [])
        n_correct = sum(1 for o in options if o["correct"])
        if qtype in ("single", "true_false") and n_correct != 1:
            add(f"exactement une option correcte attendue, {n_correct} trouvée(s)",
                qid, "options", [*base, "options"])
        if qtype == "multiple" and n_correct < 1:
            add("au moins une option correcte attendue", qid, "options", [*base, "options"])
        if qtype == "true_false" and sorted(o["id"] for o in options) != ["faux", "vrai"]:
            add("une question vrai/faux a exactement deux options, d'id « vrai » et « faux »",
                qid, "options", [*base, "options"])
        if qtype == "match":
            choice_ids = {c["id"] for c in q["choices"]}
            for j, item in enumerate(q["items"]):
                if item["match"] not in choice_ids:
                    add(f"« {item['match']} » n'est l'id d'aucun choix de « choices » "
                        f"({', '.join(sorted(choice_ids))})", qid, f"items[{j}].match",
                        [*base, "items", j, "match"])
        if qtype == "numeric":
            for j, err in enumerate(q.get("common_errors", [])):
                if _within(q, float(err["answer"])):
                    add("cette « erreur fréquente » est acceptée comme juste par la tolérance",
                        qid, f"common_errors[{j}].answer", [*base, "common_errors", j, "answer"])
    return problems


def _within(q: dict[str, Any], value: float) -> bool:
    tol = q["tolerance"]
    return within_tolerance(value, float(q["answer"]), tol.get("absolute"), tol.get("relative"))


def _build_question(bank: str, q: dict[str, Any]) -> Question:
    tol = q.get("tolerance", {})
    return Question(
        bank=bank,
        id=q["id"],
        type=q["type"],
        prompt=q["prompt"].strip(),
        explanation=q["explanation"].strip(),
        source=q["source"].strip(),
        level=q["niveau"],
        shuffle=bool(q.get("shuffle", False)),
        options=tuple(Option(o["id"], o["text"].strip(), o["correct"], o["feedback"].strip())
                      for o in q.get("options", [])),
        items=tuple(Item(i["id"], i["text"].strip(), i.get("match"),
                         i["feedback"].strip() if i.get("feedback") else None)
                    for i in q.get("items", [])),
        choices=tuple(Choice(c["id"], c["text"].strip()) for c in q.get("choices", [])),
        answer=float(q["answer"]) if "answer" in q else None,
        tolerance_absolute=float(tol["absolute"]) if "absolute" in tol else None,
        tolerance_relative=float(tol["relative"]) if "relative" in tol else None,
        unit=q.get("unit"),
        common_errors=tuple(CommonError(float(e["answer"]), e["feedback"].strip())
                            for e in q.get("common_errors", [])),
        objectives=tuple(q["objectifs"]),
    )


def validate_bank_file(path: Path) -> tuple[Bank | None, list[ContentProblem]]:
    """Validate one bank file; return the bank (if valid) and every problem found."""
    data, lines, problems = read_yaml_file(path)
    if problems or lines is None:
        return None, problems
    return _validate_data(data, lines, path, display_path(path))


def _validate_data(data: Any, lines: Lines, path: Path, shown: str,
                   schema: bool = True) -> tuple[Bank | None, list[ContentProblem]]:
    """Schema (unless ``schema=False``), consistency rules, then the bank itself."""
    if data is None:
        return None, [ContentProblem(shown, "fichier vide : il doit contenir « notebook », "
                                            "« title », « objectifs » et « questions »")]
    problems = _schema_problems(data, lines, shown) if schema else []
    if problems:
        return None, problems
    problems = _consistency_problems(data, path, lines, shown)
    if problems:
        return None, problems
    questions = tuple(_build_question(data["notebook"], q) for q in data["questions"])
    objectives = tuple(Objective(oid, o["texte"].strip(), o["competence"])
                       for oid, o in data["objectifs"].items())
    return Bank(data["notebook"], data["title"].strip(), path, questions, objectives), []


def bank_problems(path: Path) -> tuple[Bank | None, list[ContentProblem]]:
    """Everything :func:`check_content` says of the one bank at ``path``: its file, its
    schema, its consistency, its levels, the competence list it refers to. The bank comes
    back only when the list of problems is empty."""
    bank, problems = validate_bank_file(path)
    if bank is not None:
        problems += level_problems([bank])
    problems += competence_problems()
    return (bank if not problems else None), problems


def check_content(paths: Iterable[Path] | None = None) -> tuple[list[Bank], list[ContentProblem]]:
    """Validate every bank (or the given files); return valid banks and all problems,
    the level rule of :func:`level_problems` included."""
    files = sorted(paths) if paths is not None else sorted((content_root() / "quiz").glob("*.yaml"))
    banks: list[Bank] = []
    problems: list[ContentProblem] = []
    if not files:
        problems.append(ContentProblem(display_path(content_root() / "quiz"),
                                       "aucune banque de questions (*.yaml) trouvée"))
    for path in files:
        bank, found = validate_bank_file(path)
        problems.extend(found)
        if bank is not None:
            banks.append(bank)
    problems.extend(level_problems(banks))
    if paths is None:
        problems.extend(competence_problems())
    return banks, problems
