"""Tests of content loading and validation (_content) and of `fabrique-course verifier`."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from fabrique_course import (
    ContentError,
    UnknownQuestionError,
    check_content,
    load_bank,
    load_question,
)
from fabrique_course._content import (
    AssessedValue,
    Bank,
    LevelMix,
    alignment,
    alignment_problems,
    level_mix,
    level_problems,
    validate_bank_file,
)
from fabrique_course.cli import main

from .conftest import DATA, REPO

REAL_BANKS = sorted((REPO / "content" / "quiz").glob("*.yaml"))


@pytest.mark.parametrize("path", REAL_BANKS, ids=lambda p: p.stem)
def test_every_course_bank_is_valid(path: Path) -> None:
    """Each bank shipped with the course passes the schema and consistency rules."""
    bank, problems = validate_bank_file(path)
    assert problems == []
    assert bank is not None
    assert bank.notebook == path.stem


@pytest.mark.parametrize("path", REAL_BANKS, ids=lambda p: p.stem)
def test_every_wrong_option_names_a_misconception(path: Path) -> None:
    """Wrong options carry a real diagnostic feedback, not a bare 'faux'."""
    bank, _ = validate_bank_file(path)
    assert bank is not None
    for question in bank.questions:
        for option in question.options:
            if not option.correct:
                assert len(option.feedback) >= 40, (question.id, option.id)


def test_course_has_a_notebook_for_every_bank() -> None:
    """The course ships banks, and every bank serves a notebook of the same name."""
    assert REAL_BANKS, "no question bank found in content/quiz"
    for path in REAL_BANKS:
        assert (REPO / "notebooks" / f"{path.stem}.ipynb").is_file(), path.stem


def test_test_bank_covers_all_six_types() -> None:
    """The fixture bank exercises every question type."""
    bank, problems = validate_bank_file(DATA / "quiz" / "99_essai.yaml")
    assert problems == []
    assert bank is not None
    assert {q.type for q in bank.questions} == {
        "single", "multiple", "true_false", "numeric", "order", "match"}


def _write_broken(course: Path, mutate: str, replace: str) -> Path:
    path = course / "content" / "quiz" / "99_essai.yaml"
    text = path.read_text(encoding="utf-8")
    assert mutate in text
    path.write_text(text.replace(mutate, replace, 1), encoding="utf-8")
    return path


BROKEN = [
    # (text to replace, replacement, question id, field, words in the message)
    ("        feedback: Oui, l'impact mesuré.\n", "", "choix-unique", "options[0].feedback",
     "champ obligatoire « feedback » manquant"),
    ("type: single", "type: unique", "choix-unique", "type", "valeurs possibles"),
    ("        correct: true\n        feedback: Oui, l'impact", "        correct: oui\n"
     "        feedback: Oui, l'impact", "choix-unique", "options[0].correct", "true ou false"),
    ("    answer: 6\n", "    answer: six\n", "nombre", "answer", "un nombre est attendu"),
    ("      absolute: 0\n", "      absolue: 0\n", "nombre", "tolerance.absolue", "inconnu"),
    ("        match: teste\n", "        match: tester\n", "associer", "items[2].match",
     "n'est l'id d'aucun choix"),
    ("        correct: false\n        feedback: \"Idée reçue : le cahier",
     "        correct: true\n        feedback: \"Idée reçue : le cahier", "choix-unique",
     "options", "exactement une option correcte"),
    ("  - id: choix-multiple\n", "  - id: choix-unique\n", "choix-unique", "id",
     "déjà utilisé"),
    ("  - id: vrai-faux\n", "  - id: Vrai Faux\n", "Vrai Faux", "id", "minuscules"),
    ("    explanation: Chacun son rôle.\n", "    explication: Chacun son rôle.\n", "associer",
     "explication", "inconnu"),
    ("    prompt: Remettez les phases dans l'ordre.\n", "    prompt: ''\n", "ordre", "prompt",
     "texte vide"),
    ("notebook: 99_essai", "notebook: 98_autre", None, "notebook",
     "ne correspond pas au nom du fichier"),
    ("      - answer: 12\n", "      - answer: 6\n", "nombre", "common_errors[0].answer",
     "acceptée comme juste"),
    ("    source: \"[BG:_pages/approche.md]\"\n", "", "ordre", "source",
     "champ obligatoire « source » manquant"),
    ("        feedback: \"Idée reçue : tout spécifier d'avance.\"\n", "", "choix-multiple",
     "options[3].feedback", "champ obligatoire « feedback » manquant"),
    ("    niveau: analyse\n", "", "ordre", "niveau", "champ obligatoire « niveau » manquant"),
    ("    niveau: application\n", "    niveau: synthese\n", "vrai-faux", "niveau",
     "valeurs possibles : rappel, application, analyse"),
    ("    objectifs: [piloter-par-impact]\n", "", "choix-unique", "objectifs",
     "champ obligatoire « objectifs » manquant"),
    ("    objectifs: [piloter-par-impact]\n", "    objectifs: [piloter-impact]\n",
     "choix-unique", "objectifs[0]",
     "l'objectif « piloter-impact » n'existe pas dans « objectifs » en tête de la banque ; "
     "objectifs connus : piloter-par-impact, situer-phases"),
]


@pytest.mark.parametrize(("old", "new", "qid", "field", "words"), BROKEN,
                         ids=[b[4][:30] for b in BROKEN])
def test_problems_name_file_question_and_field(course: Path, old: str, new: str,
                                               qid: str | None, field: str,
                                               words: str) -> None:
    """Each kind of mistake gives a French message naming the file, question id and field."""
    path = _write_broken(course, old, new)
    _, problems = check_content([path])
    assert problems, "the broken file was accepted"
    matching = [p for p in problems if p.field == field and p.question_id == qid]
    assert matching, [str(p) for p in problems]
    text = str(matching[0])
    assert "99_essai.yaml" in text
    assert words in text
    if qid:
        assert f"question « {qid} »" in text
    assert matching[0].line is not None


def test_yaml_syntax_error_gives_the_line(course: Path) -> None:
    """A YAML syntax error names the file and its line, and loading raises ContentError."""
    path = _write_broken(course, "    prompt: Qui pilote", "    prompt: [Qui pilote")
    _, problems = check_content([path])
    assert len(problems) == 1
    assert "YAML invalide" in str(problems[0])
    assert problems[0].line is not None
    assert problems[0].line > 1
    with pytest.raises(ContentError):
        load_bank("99_essai")


def test_duplicate_key_is_refused(course: Path) -> None:
    """A key written twice in a question is an error, not a silent overwrite."""
    path = _write_broken(course, "    source: \"[BG:_pages/manifeste.md]\"\n",
                         "    source: \"[BG:_pages/manifeste.md]\"\n    source: autre\n")
    _, problems = check_content([path])
    assert any("en double" in str(p) for p in problems)


@pytest.mark.parametrize("text", ["", "questions: []\n", "- a\n- b\n", "notebook: 99_essai\n"])
def test_empty_or_wrong_shaped_files_are_reported(course: Path, text: str) -> None:
    """Empty or wrongly shaped files give messages, not exceptions."""
    path = course / "content" / "quiz" / "99_essai.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_content([path])
    assert problems


def test_not_utf8_is_reported(course: Path) -> None:
    """A file in Latin-1 is reported as not UTF-8."""
    path = course / "content" / "quiz" / "99_essai.yaml"
    path.write_bytes("notebook: é".encode("latin-1"))
    _, problems = check_content([path])
    assert "UTF-8" in str(problems[0])


def test_unknown_bank_and_question(course: Path) -> None:
    """Unknown names raise UnknownQuestionError listing what exists."""
    with pytest.raises(UnknownQuestionError, match="Banques connues : 99_essai"):
        load_bank("00_inexistant")
    with pytest.raises(UnknownQuestionError, match="Questions connues"):
        load_question("99_essai", "nope")
    with pytest.raises(UnknownQuestionError):
        load_bank("../secret")


def test_bank_reloads_when_file_changes(course: Path) -> None:
    """An author's edit is seen without restarting the kernel."""
    assert load_question("99_essai", "choix-unique").prompt.startswith("Qui pilote")
    _write_broken(course, "prompt: Qui pilote une", "prompt: Qui dirige vraiment une")
    assert load_question("99_essai", "choix-unique").prompt.startswith("Qui dirige")


def test_cli_check_ok(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course verifier` prints a per-bank count and exits 0 on valid content."""
    assert main(["verifier"]) == 0
    out = capsys.readouterr().out
    assert "99_essai : 7 questions" in out
    assert "Contenu valide." in out


def test_cli_check_broken_file(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """On a broken file `check` exits 1 and names file, question id and field — no traceback."""
    _write_broken(course, "        feedback: Oui, l'impact mesuré.\n", "")
    assert main(["verifier"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.search(r"99_essai\.yaml, ligne \d+, question « choix-unique », "
                     r"champ « options\[0\]\.feedback » : champ obligatoire", err), err


def test_cli_check_finds_dangling_quiz_reference(course: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A notebook calling quiz() with an unknown question id fails the check."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('quiz("99_essai", ["choix-unique", "disparue"])',
                                          id="quiz-cell")]
    nbformat.write(nb, course / "notebooks" / "99_essai.ipynb")
    assert main(["verifier"]) == 1
    assert "n'a pas de question « disparue »" in capsys.readouterr().err


def test_cli_check_validates_the_impact_exercises(course: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """With the course's data sets, `check` also checks the exercises' grading, and passes."""
    import shutil

    from fabrique_course.exercises._engine import exercise_ids

    shutil.copytree(REPO / "content" / "data", course / "content" / "data")
    shutil.copytree(REPO / "content" / "exercices", course / "content" / "exercices")
    shutil.copytree(REPO / "content" / "quiz", course / "content" / "quiz", dirs_exist_ok=True)
    assert main(["verifier"]) == 0
    assert f"✔ exercices d'impact : {len(exercise_ids())} exercices" in capsys.readouterr().out


def test_cli_check_refuses_an_exercise_whose_mistake_is_graded_right(
        course: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` exits 1 when a declared mistake of an impact exercise falls in its tolerance."""
    from fabrique_course.exercises import _engine as _exercises
    from fabrique_course.exercises._engine import Exercise, Field, Mistake

    broken = Exercise("99_erreur", "99_essai", "Exercice cassé", (
        Field("taux", "un taux", "proportion", 0.30, 0.01,
              (Mistake(0.305, "une erreur trop proche de la bonne réponse"),)),), "rien")
    monkeypatch.setattr(_exercises, "EXERCISES", {"99_erreur": lambda: broken})
    (course / "content" / "data").mkdir()  # exercises are checked when data are shipped
    assert main(["verifier"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "exercice « 99_erreur », champ « taux » : l'erreur déclarée 0,305" in captured.err
    assert "serait jugée juste" in captured.err
    assert "Contenu valide." not in captured.out


def test_schema_file_is_valid_json_schema() -> None:
    """The shipped schema is itself a valid JSON Schema."""
    from fabrique_course._files import schema_validator

    assert schema_validator("quiz-bank").schema["$id"].startswith("urn:fabrique-course")


def test_yaml_is_plain_safe_yaml() -> None:
    """The test bank is loadable by any safe YAML reader (no custom tags)."""
    assert yaml.safe_load((DATA / "quiz" / "99_essai.yaml").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- levels

def _set_levels(course: Path, levels: dict[str, str]) -> Path:
    """Give the test bank's questions the levels ``levels`` (question id -> niveau)."""
    path = course / "content" / "quiz" / "99_essai.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    current = None
    for i, line in enumerate(lines):
        if line.startswith("  - id: "):
            current = line.split(":", 1)[1].strip()
        elif line.startswith("    niveau: ") and current in levels:
            lines[i] = f"    niveau: {levels[current]}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return path


#: The test bank holds 3 recall questions out of 7; making these recall too adds one.
ONE_MORE_RECALL = {"vrai-faux": "rappel"}


def test_questions_carry_their_level() -> None:
    """`niveau` is read into Question.level, and level_mix counts every question once."""
    bank, _ = validate_bank_file(DATA / "quiz" / "99_essai.yaml")
    assert bank is not None
    assert bank.get("choix-unique").level == "rappel"
    assert bank.get("ordre").level == "analyse"
    mix = level_mix(bank)
    assert (mix.rappel, mix.application, mix.analyse) == (3, 2, 2)
    assert mix.total == len(bank.questions) == 7
    assert mix.summary() == "rappel 3 (43 %), application 2, analyse 2"


@pytest.mark.parametrize(("rappel", "total", "too_much"),
                         [(3, 7, False), (4, 7, True), (5, 10, False), (6, 10, True),
                          (0, 1, False), (1, 1, True), (0, 0, False)])
def test_at_most_half_recall(rappel: int, total: int, too_much: bool) -> None:
    """The rule: recall questions may be half of a bank, not one more."""
    mix = LevelMix("99_essai", rappel, total - rappel, 0)
    assert mix.too_much_recall is too_much


def test_bank_with_too_much_recall_is_reported(course: Path) -> None:
    """One recall question too many: check_content names the lesson and the counts."""
    path = _set_levels(course, ONE_MORE_RECALL)
    banks, problems = check_content([path])
    assert [b.notebook for b in banks] == ["99_essai"]  # the bank itself is valid
    assert len(problems) == 1
    text = str(problems[0])
    assert "99_essai.yaml" in text
    assert "leçon 99_essai : 4 sur 7 (57 %)" in text
    assert "au plus la moitié, soit 3" in text
    assert problems[0].field == "niveau"


def test_level_problems_is_empty_within_the_rule(course: Path) -> None:
    """The test bank as shipped (3 recall out of 7) passes the rule."""
    banks, problems = check_content([course / "content" / "quiz" / "99_essai.yaml"])
    assert problems == []
    assert level_problems(banks) == []


def test_every_course_bank_keeps_recall_at_most_half() -> None:
    """The course's own banks pass the level rule, and use all three levels."""
    banks: list[Bank] = []
    for path in REAL_BANKS:
        bank, problems = validate_bank_file(path)
        assert problems == [], path.stem
        assert bank is not None
        banks.append(bank)
    assert level_problems(banks) == []
    for bank in banks:
        mix = level_mix(bank)
        assert 2 * mix.rappel <= mix.total, (bank.notebook, mix.summary())
        assert mix.application > 0, (bank.notebook, mix.summary())
        assert mix.analyse > 0, (bank.notebook, mix.summary())


def test_cli_check_prints_the_level_mix(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`verifier` prints, for each lesson, its questions by level."""
    assert main(["verifier"]) == 0
    out = capsys.readouterr().out
    assert "✔ 99_essai : 7 questions — rappel 3 (43 %), application 2, analyse 2" in out


def test_cli_check_fails_on_too_much_recall(course: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Above half recall, `verifier` exits 1 with a French message naming the lesson."""
    _set_levels(course, ONE_MORE_RECALL)
    assert main(["verifier"]) == 1
    captured = capsys.readouterr()
    assert "✘ 99_essai : 7 questions — rappel 4 (57 %), application 1, analyse 2" in captured.out
    assert "Contenu valide." not in captured.out
    assert "Traceback" not in captured.err
    assert re.search(r"99_essai\.yaml, champ « niveau » : trop de questions de rappel dans la "
                     r"leçon 99_essai : 4 sur 7 \(57 %\)", captured.err), captured.err
    assert "1 problème(s) trouvé(s)" in captured.err


# --------------------------------------------------------------------------- objectives

def _retag(course: Path, question_id: str, old: str, new: str) -> Path:
    """Replace the objectives ``old`` of question ``question_id`` of the test bank."""
    path = course / "content" / "quiz" / "99_essai.yaml"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(f"  - id: {question_id}\n")
    assert f"    objectifs: [{old}]\n" in rest.split("  - id:")[0]
    rest = rest.replace(f"    objectifs: [{old}]\n", f"    objectifs: [{new}]\n", 1)
    path.write_text(f"{head}  - id: {question_id}\n{rest}", encoding="utf-8")
    return path


def test_bank_objectives_and_question_objectives_are_loaded() -> None:
    """The bank's objectives keep their order and Markdown; each question names its own."""
    bank, problems = validate_bank_file(DATA / "quiz" / "99_essai.yaml")
    assert problems == []
    assert bank is not None
    assert [o.id for o in bank.objectives] == ["piloter-par-impact", "situer-phases"]
    assert bank.objectives_markdown() == (
        "- **expliquer** ce qui pilote une Startup d'État ;\n"
        "- **situer** les phases du parcours.")
    assert bank.get("ordre").objectives == ("situer-phases",)
    assert alignment(bank).counts == (("piloter-par-impact", 4), ("situer-phases", 3))


def test_objective_assessed_once_is_refused_and_exercise_values_count(course: Path) -> None:
    """Two questions move away from « situer-phases »: one item left, the rule refuses it;
    an exercise value of the lesson naming it brings it back to two."""
    _retag(course, "ordre", "situer-phases", "piloter-par-impact")
    path = _retag(course, "associer", "situer-phases", "piloter-par-impact")
    banks, problems = check_content([path])
    assert problems == []  # the bank itself is valid: the rule needs the exercises too
    found = alignment_problems(banks)
    assert [p.field for p in found] == ["objectifs.situer-phases"]
    assert ("l'objectif « situer-phases » de la leçon 99_essai n'est évalué que par 1 "
            "question(s) ou valeur(s) d'exercice, alors que la règle en demande au moins 2"
            ) in str(found[0])
    assert alignment(banks[0]).weak == ["situer-phases"]
    value = AssessedValue("99_essai", "content/exercices/99_ex.yaml", "99_ex", "taux",
                          ("situer-phases",))
    assert alignment_problems(banks, [value]) == []
    assert dict(alignment(banks[0], [value]).counts)["situer-phases"] == 2
    other_lesson = dataclasses.replace(value, notebook="98_autre")
    assert dict(alignment(banks[0], [other_lesson]).counts)["situer-phases"] == 1


def test_exercise_value_with_unknown_objective_is_refused(course: Path) -> None:
    """An exercise value names an objective its lesson's bank does not list, or a lesson
    without bank: the problem names the exercise file, exercise and field."""
    banks, _ = check_content([course / "content" / "quiz" / "99_essai.yaml"])
    value = AssessedValue("99_essai", "content/exercices/99_ex.yaml", "99_ex", "taux",
                          ("situer-phases", "inconnu"))
    texts = [str(p) for p in alignment_problems(banks, [value])]
    assert texts == ["content/exercices/99_ex.yaml, champ « objectifs » : exercice « 99_ex », "
                     "champ « taux » : l'objectif « inconnu » n'existe pas dans la banque "
                     "99_essai ; objectifs connus : piloter-par-impact, situer-phases"]
    orphan = dataclasses.replace(value, notebook="98_autre")
    texts = [str(p) for p in alignment_problems(banks, [orphan, orphan])]
    assert len(texts) == 1
    assert "la leçon 98_autre n'a pas de banque de questions" in texts[0]


def test_cli_check_prints_the_alignment(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`verifier` prints, for each lesson, how its objectives are assessed."""
    assert main(["verifier"]) == 0
    out = capsys.readouterr().out
    assert ("✔ objectifs 99_essai : 2 objectifs, chacun évalué par 3 à 4 questions ou valeurs"
            in out)


def test_cli_check_fails_on_an_objective_assessed_once(course: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """An objective assessed by a single question: `verifier` exits 1 and names it."""
    _retag(course, "ordre", "situer-phases", "piloter-par-impact")
    _retag(course, "associer", "situer-phases", "piloter-par-impact")
    assert main(["verifier"]) == 1
    captured = capsys.readouterr()
    assert ("✘ objectifs 99_essai : 2 objectifs, chacun évalué par 1 à 6 questions ou valeurs"
            in captured.out)
    assert "Contenu valide." not in captured.out
    assert re.search(r"99_essai\.yaml, champ « objectifs\.situer-phases » : l'objectif "
                     r"« situer-phases » de la leçon 99_essai n'est évalué que par 1",
                     captured.err), captured.err


def test_cli_check_refuses_an_exercise_value_with_unknown_objective(
        course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With the course's exercises, a value naming an unknown objective fails `verifier`."""
    import shutil

    for folder in ("data", "exercices"):
        shutil.copytree(REPO / "content" / folder, course / "content" / folder)
    shutil.copytree(REPO / "content" / "quiz", course / "content" / "quiz", dirs_exist_ok=True)
    path = course / "content" / "exercices" / "01_dimensionner.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    objectifs: [evaluer-dossier-comite]\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "    objectifs: [evaluer-comite]\n"), encoding="utf-8")
    assert main(["verifier"]) == 1
    err = capsys.readouterr().err
    assert ("content/exercices/01_dimensionner.yaml, champ « objectifs » : exercice "
            "« 01_dimensionner », champ « indicateur » : l'objectif « evaluer-comite » n'existe "
            "pas dans la banque 01_investigation") in err, err


def test_every_course_objective_is_assessed_by_questions_alone() -> None:
    """Each objective of the course's banks is assessed by at least two questions, so the
    rule holds even where the exercises are not checked (no data sets shipped)."""
    banks, problems = check_content(REAL_BANKS)
    assert problems == []
    assert alignment_problems(banks) == []
    for bank in banks:
        assert len(bank.objectives) >= 3, bank.notebook
        assert all(q.objectives for q in bank.questions)
