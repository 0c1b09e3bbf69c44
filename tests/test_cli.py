"""Tests of the `fabrique-course` command's language (cli): French help, French errors,
old spellings kept as deprecated aliases; and of the French help of the notebook helpers."""

from __future__ import annotations

import pydoc
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fabrique_course import graphiques, impact
from fabrique_course._argparse_fr import modernise
from fabrique_course.cli import _RENAMED_COMMANDS, _RENAMED_OPTIONS, _parser, main


def _modernise(argv: list[str]) -> list[str]:
    """The CLI's renaming of old spellings."""
    return modernise(argv, _RENAMED_COMMANDS, _RENAMED_OPTIONS)

COMMANDS = ["verifier", "progression", "lab", "classe", "agenda", "moodle", "diapos", "site"]

#: What argparse writes in English, and must never appear.
ENGLISH_BOILERPLATE = ("usage:", "positional arguments", "optional arguments", "options:",
                       "show this help message", "and exit", "error:", "subcommands")
#: Common English words that no French help text contains.
ENGLISH_WORDS = {"the", "of", "and", "to", "is", "with", "from", "for", "show", "shows",
                 "this", "default", "required", "choose", "invalid", "expected", "returns"}


def english_words(text: str) -> set[str]:
    """The words of `text` that belong to ENGLISH_WORDS."""
    return {w for w in re.findall(r"\b[A-Za-z]+\b", text) if w.lower() in ENGLISH_WORDS}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command; return its exit status, stdout and stderr."""
    try:
        status = main(argv)
    except SystemExit as exc:
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_french_help(text: str) -> None:
    """`text` is a help written entirely in French by the French parser."""
    for english in ENGLISH_BOILERPLATE:
        assert english not in text, english
    assert not english_words(text), english_words(text)
    assert text.startswith("usage : fabrique-course")
    assert "options :" in text
    assert "-h, --aide" in text
    assert "afficher cette aide et quitter" in text


def test_main_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course --help` is French and lists the French commands, not the old ones."""
    status, out, _ = run(["--help"], capsys)
    assert status == 0
    assert_french_help(out)
    assert "commandes :" in out
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\b", out, re.MULTILINE), command
    for old in _RENAMED_COMMANDS:
        assert not re.search(rf"\b{old}\b", out), old


@pytest.mark.parametrize("command", COMMANDS)
def test_subcommand_help_is_french(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each sub-command's help is French and shows none of the old English options."""
    status, out, err = run([command, "--help"], capsys)
    assert status == 0
    assert err == ""
    assert_french_help(out)
    assert out.startswith(f"usage : fabrique-course {command} ")
    for old in _RENAMED_OPTIONS.get(command, {}):
        assert old not in out, old


@pytest.mark.parametrize("flag", ["-h", "--aide", "--help"])
def test_every_help_flag_shows_the_same_help(flag: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`-h`, `--aide` and `--help` (kept, unlisted) all show the same French help."""
    status, out, _ = run(["moodle", flag], capsys)
    _, reference, _ = run(["moodle", "--aide"], capsys)
    assert status == 0
    assert out == reference
    assert "--help" not in out


def test_no_line_starts_with_a_closing_guillemet(capsys: pytest.CaptureFixture[str]) -> None:
    """French spacing is kept when a help text wraps (no line starts with « » » or « : »)."""
    for command in COMMANDS:
        _, out, _ = run([command, "--aide"], capsys)
        assert not re.search(r"^\s*[»:;]", out, re.MULTILINE), command


@pytest.mark.parametrize(("argv", "expected"), [
    ([], "fabrique-course : erreur : argument requis : COMMANDE"),
    (["moodle"], "fabrique-course moodle : erreur : argument requis : --sortie"),
    (["site", "--theme", "bleu"],
     "erreur : argument --theme : choix invalide : « bleu » (choix possibles : « neutre », "
     "« dsfr »)"),
    (["verifer"], "erreur : argument COMMANDE : choix invalide : « verifer »"),
    (["classe", "x", "--limite", "dix"],
     "erreur : argument --limite : valeur invalide : « dix » (nombre entier attendu)"),
    (["progression", "--export"], "erreur : argument --export : une valeur est attendue"),
    (["agenda", "--matin", "9h"], "erreur : arguments non reconnus : --matin 9h"),
    (["site", "--s", "x"], "erreur : option ambiguë : --s peut désigner --sortie"),
])
def test_usage_errors_are_french_with_status_2(argv: list[str], expected: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A missing argument, a bad choice or value, an unknown option: French error, exit 2."""
    status, out, err = run(argv, capsys)
    assert status == 2
    assert out == ""
    assert expected in err
    assert err.startswith("usage : fabrique-course")
    for english in ENGLISH_BOILERPLATE:
        assert english not in err, english
    assert not english_words(err), english_words(err)


def test_bad_choice_does_not_offer_the_old_command_names(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The list of possible commands in an error shows the French names only."""
    _, _, err = run(["verifer"], capsys)
    assert "« verifier »" in err
    for old in _RENAMED_COMMANDS:
        assert f"« {old} »" not in err


@pytest.mark.parametrize(("old", "new"), [
    (["check"], ["verifier"]),
    (["progress", "--export", "x.json"], ["progression", "--export", "x.json"]),
    (["slides", "02"], ["diapos", "02"]),
    (["lab", "--reset", "--no-browser"], ["lab", "--reinitialiser", "--sans-navigateur"]),
    (["classe", "d", "--top", "3"], ["classe", "d", "--limite", "3"]),
    (["moodle", "--out", "b.xml"], ["moodle", "--sortie", "b.xml"]),
    (["moodle", "--out=b.xml"], ["moodle", "--sortie=b.xml"]),
    (["site", "--jobs", "2"], ["site", "--taches", "2"]),
])
def test_old_spellings_still_work_with_a_notice(old: list[str], new: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Each renamed command or option still parses as its new name, with a French notice."""
    assert _modernise(old) == new
    err = capsys.readouterr().err
    renamed = [(a.partition("=")[0], b.partition("=")[0])
               for a, b in zip(old, new, strict=True) if a != b]
    assert renamed
    for before, after in renamed:
        assert f"{before} est remplacé par {after}" in err
    assert vars(_parser().parse_args(_modernise(old))) == vars(_parser().parse_args(new))


def test_new_spellings_give_no_notice(capsys: pytest.CaptureFixture[str]) -> None:
    """The current names print no notice."""
    assert _modernise(["lab", "--reinitialiser", "--sans-navigateur"]) == [
        "lab", "--reinitialiser", "--sans-navigateur"]
    assert capsys.readouterr().err == ""


def test_options_after_double_dash_are_left_to_jupyter(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Words after « -- » go to jupyter lab as typed: `--no-browser` there is not renamed."""
    argv = ["lab", "--no-browser", "--", "--no-browser"]
    assert _modernise(argv) == ["lab", "--sans-navigateur", "--", "--no-browser"]
    assert capsys.readouterr().err.count("est remplacé par") == 1


def test_renamed_options_exist_in_their_command(capsys: pytest.CaptureFixture[str]) -> None:
    """Every renaming points to a command and an option the parser has."""
    for old, new in _RENAMED_COMMANDS.items():
        assert new in COMMANDS, old
    for command, renamed in _RENAMED_OPTIONS.items():
        _, out, _ = run([command, "--aide"], capsys)
        for new in renamed.values():
            assert new in out, (command, new)


def test_deprecated_moodle_out_writes_the_file(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """`moodle --out` (old spelling) still writes the export, and says what replaces it."""
    target = tmp_path / "banque.xml"
    status, out, err = run(["moodle", "--out", str(target), "--notebooks", "00"], capsys)
    assert status == 0
    assert target.read_text(encoding="utf-8").startswith("<?xml")
    assert "--out est remplacé par --sortie" in err
    assert "écrites dans" in out


def french_help(obj: Any) -> str:
    """What `help(obj)` prints, as plain text."""
    return pydoc.render_doc(obj, renderer=pydoc.plaintext)


def test_help_of_quiz_is_french() -> None:
    """`help(quiz)` explains the helper in French, with its parameters and examples."""
    from fabrique_course import quiz

    text = french_help(quiz)
    assert "Affiche un quiz interactif" in text
    assert "Paramètres :" in text
    assert 'quiz("00_demarche")' in text
    assert not english_words(quiz.__doc__ or "")


def public_helpers() -> list[Callable[..., Any]]:
    """The public functions and classes a learner calls or reads in the notebooks."""
    from fabrique_course import progress, quiz, repondre, sommaire

    helpers: list[Callable[..., Any]] = [quiz, progress, repondre, sommaire]
    for module in (graphiques, impact):
        helpers += [getattr(module, name) for name in module.__all__
                    if name != "ImpactError"]
    return helpers


@pytest.mark.parametrize("helper", public_helpers(), ids=lambda h: h.__name__)
def test_public_helper_docstrings_are_french(helper: Callable[..., Any]) -> None:
    """The docstring of each public notebook helper (widgets, charts, impact) is French."""
    doc = helper.__doc__ or ""
    assert doc.strip(), helper.__name__
    assert not english_words(doc), english_words(doc)
    assert re.search(r"\b(le|la|les|un|une|des|du|de)\b", doc, re.IGNORECASE), helper.__name__


def test_impact_keeps_its_old_keyword_names() -> None:
    """An English keyword name of a renamed impact parameter still works, and warns."""
    with pytest.warns(PendingDeprecationWarning, match="« target » est remplacé par « cible »"):
        old = impact.north_star([60, 70, 80, 90], target=150)
    assert old == impact.north_star([60, 70, 80, 90], cible=150)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        impact.cohort_retention([("a", 1), ("a", 2)], utilisateur="u", periode="p")
    with pytest.raises(TypeError, match="même paramètre"):
        impact.north_star([1, 2], target=3, cible=3)


def _formats(schema: Any) -> set[str]:
    """Every « format » a JSON schema names, at any depth."""
    if isinstance(schema, dict):
        found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
        return found.union(*(_formats(v) for v in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_formats(v) for v in schema))
    return set()


def test_the_command_gives_up_only_formats_no_schema_of_it_uses() -> None:
    """The command leaves jsonschema's « iri » checks out (their module takes over a
    second to import): no schema it validates, the course's or nbformat's, uses them."""
    import json
    import subprocess
    import sys
    from importlib import resources

    from fabrique_course.cli import IRI_FORMATS

    schemas = [*Path(str(resources.files("fabrique_course") / "schemas")).glob("*.json"),
               *Path(str(resources.files("nbformat") / "v4")).glob("nbformat.v4*.schema.json")]
    assert len(schemas) >= 6
    used = set().union(*(_formats(json.loads(p.read_text(encoding="utf-8"))) for p in schemas))
    assert "date-time" in used  # the walk finds formats
    assert not used & set(IRI_FORMATS)
    code = ("import sys; from fabrique_course.cli import main; "
            "status = main(['verifier']); import jsonschema, nbformat; "
            "print(status, 'rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=300)
    assert done.stdout.split()[-2:] == ["0", "None"], done.stdout[-500:] + done.stderr[-500:]
