"""Banks as lessons load them: the full check once, then its checked form; a stale,
corrupt or missing form never lets through a bank that ``check_content`` refuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fabrique_course import _banks, _content, check_content
from fabrique_course._errors import ContentError
from fabrique_course._model import Bank

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of the test's own (its checked banks' folder), and no room's folder."""
    monkeypatch.setenv("FABRIQUE_COURSE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("FABRIQUE_COURSE_EDITIONS", raising=False)
    return tmp_path / "cache" / "banques"


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every full check of a bank ``load_bank`` asks for, in order."""
    calls: list[Path] = []
    real = _content.bank_problems

    def counted(path: Path) -> tuple[object, list[object]]:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(_content, "bank_problems", counted)
    return calls


def _reload(name: str = "99_essai") -> Bank:
    _banks._load.cache_clear()
    return _banks.load_bank(name)


def _edit(course: Path, old: str, new: str, count: int = 1) -> Path:
    path = course / "content" / "quiz" / "99_essai.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def test_a_bank_is_checked_once_then_read_from_its_checked_form(
        course: Path, cache: Path, checks: list[Path]) -> None:
    """The first load checks and writes the form, with the prompts' HTML; the next reads it."""
    first = _reload()
    assert len(checks) == 1
    [form] = cache.glob("99_essai-*.json")
    again = _reload()
    assert len(checks) == 1  # read back, not checked again
    assert again == first
    assert again.path == first.path
    data = json.loads(form.read_text(encoding="utf-8"))
    assert data["html"][first.questions[0].prompt].startswith("<p>")


def test_the_checked_form_gives_the_same_bank_as_the_check(course: Path, cache: Path) -> None:
    """Read back from its form, the bank is the one ``check_content`` builds."""
    banks, problems = check_content()
    assert not problems
    _reload()
    assert _reload() == banks[0]
    assert [q.options for q in _reload().questions] == [q.options for q in banks[0].questions]


@pytest.mark.parametrize(("old", "new", "why"), [
    # the level rule: 4 recall questions out of 7
    ("    niveau: application\n", "    niveau: rappel\n", "trop de questions de rappel"),
    # the schema: a field no question has
    ("    explanation: Trois engagements.\n",
     "    explanation: Trois engagements.\n    indice: une aide\n", "indice"),
    # the competence list: an objective names an unknown competence
    ("    competence: financement\n", "    competence: inconnue\n", "inconnue"),
])
def test_an_edit_the_check_refuses_is_refused_even_after_a_checked_form(
        course: Path, cache: Path, checks: list[Path], old: str, new: str, why: str) -> None:
    """An edit the check refuses (levels, schema, competences) is refused by the lesson too."""
    _reload()
    _edit(course, old, new)
    _, problems = check_content()
    assert any(why in str(p) for p in problems)
    with pytest.raises(ContentError, match=why):
        _reload()
    assert len(checks) == 2
    assert len(list(cache.glob("99_essai-*.json"))) == 1  # no form for the refused bank


def test_a_fixed_question_is_checked_again_and_replaces_the_old_form(
        course: Path, cache: Path, checks: list[Path]) -> None:
    """A valid edit is checked again and its form replaces the previous one."""
    _reload()
    [old] = cache.glob("99_essai-*.json")
    _edit(course, "Qui pilote une Startup d'État ?", "Qu'est-ce qui pilote une Startup d'État ?")
    assert _reload().questions[0].prompt == "Qu'est-ce qui pilote une Startup d'État ?"
    assert len(checks) == 2
    [new] = cache.glob("99_essai-*.json")
    assert new != old


def test_a_change_of_the_competence_list_or_of_the_checking_code_checks_again(
        course: Path, cache: Path, checks: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The competence list and the checking code are part of the key."""
    _reload()
    competences = course / "content" / "competences.yaml"
    competences.write_text(competences.read_text(encoding="utf-8") + "\n# relu\n",
                           encoding="utf-8")
    _reload()
    assert len(checks) == 2
    monkeypatch.setattr(_banks, "_code_digest", lambda: b"un autre code")
    _reload()
    assert len(checks) == 3
    _reload()
    assert len(checks) == 3


def test_the_key_covers_the_code_that_checks_and_renders() -> None:
    """Every file named in the key exists, and the checking and rendering code is among them."""
    package = Path(_banks.__file__).parent
    for name in _banks._CODE:
        assert (package / name).is_file(), name
    assert {"_content.py", "_files.py", "_markdown.py", "_model.py",
            "schemas/quiz-bank.schema.json"} <= set(_banks._CODE)


@pytest.mark.parametrize("damage", ["tronqué", "autre clé", "vide"])
def test_a_damaged_checked_form_is_ignored_checked_again_and_rewritten(
        course: Path, cache: Path, checks: list[Path], damage: str) -> None:
    """A truncated, mismatched or empty form is never trusted."""
    good = _reload()
    [form] = cache.glob("99_essai-*.json")
    text = form.read_text(encoding="utf-8")
    form.write_text({"tronqué": text[: len(text) // 2],
                     "autre clé": text.replace('"key": "', '"key": "0'),
                     "vide": "{}"}[damage], encoding="utf-8")
    assert _reload() == good
    assert len(checks) == 2
    assert json.loads(form.read_text(encoding="utf-8"))["key"] in form.name


def test_a_cache_that_cannot_be_written_costs_speed_not_the_quiz(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        checks: list[Path]) -> None:
    """An unwritable cache folder: the bank is checked each time, and loads."""
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier", encoding="utf-8")
    monkeypatch.setenv("FABRIQUE_COURSE_CACHE", str(blocker))
    assert _reload().notebook == "99_essai"
    assert _reload().notebook == "99_essai"
    assert len(checks) == 2


def test_a_room_reads_the_prepared_forms_first(
        course: Path, cache: Path, checks: list[Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The forms ``make salle`` prepares are read before the learner's own cache."""
    prepared = tmp_path / "editions"
    written, refused = _banks.prepare_banks(prepared / "banques")
    assert [p.name.split("-")[0] for p in written] == ["99_essai"]
    assert refused == []
    assert len(checks) == 1
    monkeypatch.setenv("FABRIQUE_COURSE_EDITIONS", str(prepared))
    _reload()
    assert len(checks) == 1
    assert not cache.exists()  # nothing written to the learner's own cache


def test_prepare_banks_names_the_banks_the_check_refuses(
        course: Path, cache: Path) -> None:
    """A refused bank gets no form, and ``prepare_banks`` says which."""
    _edit(course, "    niveau: application\n", "    niveau: rappel\n")
    written, refused = _banks.prepare_banks()
    assert written == []
    assert len(refused) == 1
    assert refused[0].startswith("99_essai : ")


def test_the_first_quiz_imports_no_parser_and_no_checker(tmp_path: Path) -> None:
    """With its checked form, a lesson's first quiz imports neither YAML, nor Markdown,
    nor JSON-schema, nor the progress store (they come when the learner answers)."""
    env = dict(os.environ, FABRIQUE_COURSE_CACHE=str(tmp_path / "cache"))
    env.pop("FABRIQUE_COURSE_EDITIONS", None)
    code = ("import sys; from fabrique_course import quiz; "
            "v = quiz('00_demarche', ['startup-etat-definition', 'manifeste-engagements']); "
            "v._repr_mimebundle_(); "
            "print(sorted(m for m in ('yaml', 'mistune', 'jsonschema', 'sqlite3', "
            "'fabrique_course._content', 'fabrique_course._files', 'fabrique_course._grading', "
            "'fabrique_course._progress', 'fabrique_course._report') if m in sys.modules))")
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, capture_output=True, text=True, env=env, check=True, cwd=REPO)
    assert "yaml" in first.stdout  # no checked form yet: the bank is checked in full
    second = subprocess.run(run, capture_output=True, text=True, env=env, check=True, cwd=REPO)
    assert second.stdout.strip() == "[]"
