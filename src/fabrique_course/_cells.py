"""What a notebook's code cells ask for: the literal ``quiz(...)``, ``progress(...)``,
``sommaire()``, ``ecrire(...)`` and ``releve()`` calls, read from the source with ``ast``,
never by running it.

Used by the editions (answer keys after each quiz), the site and the exporter (which
questions a page holds), and the CLI (which questions each notebook asks).
"""

from __future__ import annotations

import ast

from ._banks import load_bank
from ._model import Question

__all__ = ["QuizCall", "calls_named", "first_arguments", "only_course_helpers", "quiz_calls"]


class QuizCall:
    """A literal ``quiz(bank[, ids])`` call found in a code cell."""

    def __init__(self, bank: str, ids: list[str] | None) -> None:
        self.bank = bank
        self.ids = ids

    def questions(self) -> list[Question]:
        bank = load_bank(self.bank)
        return list(bank.questions) if self.ids is None else [bank.get(i) for i in self.ids]


def quiz_calls(source: str, names: tuple[str, ...] = ("quiz",)) -> list[QuizCall]:
    """The literal ``quiz(...)`` calls (or of other ``names``) of a code cell's source."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in names and node.args):
            continue
        bank = node.args[0]
        if not (isinstance(bank, ast.Constant) and isinstance(bank.value, str)):
            continue
        if len(node.args) < 2:
            calls.append(QuizCall(bank.value, None))
            continue
        arg = node.args[1]
        values = arg.elts if isinstance(arg, ast.List | ast.Tuple) else [arg]
        ids = [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        calls.append(QuizCall(bank.value, ids))
    return calls


def only_course_helpers(source: str) -> bool:
    """True when a code cell only imports the course helpers and calls quiz, progress,
    sommaire, ecrire, releve or bilan (the site shows their result, not their code)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    if not tree.body:
        return False
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("fabrique_course"):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Name) \
                and node.value.func.id in ("quiz", "progress", "sommaire", "ecrire", "releve",
                                           "bilan"):
            continue
        return False
    return True


def calls_named(source: str, name: str) -> list[ast.Call]:
    """The calls of function ``name`` (by its bare name) in a code cell's source."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name) and n.func.id == name]


def first_arguments(source: str, name: str) -> list[str]:
    """The first arguments, written as string constants, of the ``name(...)`` calls of a
    code cell (``verifier("04_ab_test", reponse)`` → ``["04_ab_test"]``), in order."""
    return [call.args[0].value for call in calls_named(source, name)
            if call.args and isinstance(call.args[0], ast.Constant)
            and isinstance(call.args[0].value, str)]
