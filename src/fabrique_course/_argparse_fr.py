"""argparse in French: the usage line, the section titles, ``-h``/``--aide`` and argparse's
own error messages, by overriding methods (no patch of argparse itself).

Used by the ``fabrique-course`` command. Pure standard library: it imports nothing of the
course.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn

__all__ = ["FrenchFormatter", "FrenchParser", "modernise"]


#: argparse's own messages (the English text it passes to ``gettext``, Python 3.10 to
#: 3.13) and their French. ``%(name)s``/``%s`` become ``{name}``/``{valeur}``; ``{s}`` is
#: « s » when ``valeur`` lists several words. A message not listed here is shown as is.
_MESSAGES: tuple[tuple[str, str], ...] = (
    ("argument %(argument_name)s: %(message)s", "argument {argument_name} : {message}"),
    ("the following arguments are required: %s", "argument{s} requis : {valeur}"),
    ("unrecognized arguments: %s", "argument{s} non reconnu{s} : {valeur}"),
    ("invalid choice: %(value)r (choose from %(choices)s)",
     "choix invalide : {value} (choix possibles : {choices})"),
    ("invalid %(type)s value: %(value)r", "valeur invalide : {value} ({type})"),
    ("expected one argument", "une valeur est attendue"),
    ("expected at most one argument", "une valeur au plus est attendue"),
    ("expected at least one argument", "au moins une valeur est attendue"),
    ("expected %s argument", "{valeur} valeur attendue"),
    ("expected %s arguments", "{valeur} valeurs attendues"),
    ("ambiguous option: %(option)s could match %(matches)s",
     "option ambiguë : {option} peut désigner {matches}"),
    ("not allowed with argument %s", "incompatible avec l'argument {valeur}"),
    ("ignored explicit argument %r", "valeur inattendue : {valeur}"),
    ("one of the arguments %s is required", "un de ces arguments est requis : {valeur}"),
    ("unexpected option string: %s", "option inattendue : {valeur}"),
    ("can't open '%(filename)s': %(error)s", "impossible d'ouvrir {filename} : {error}"),
)
#: What argparse calls a type (``invalid int value``), as a French reader expects it.
_TYPES = {"int": "nombre entier attendu", "float": "nombre attendu"}
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sr]")


def _pattern(template: str) -> re.Pattern[str]:
    """A regex matching what argparse prints for ``template`` (placeholders as groups)."""
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:match.start()]))
        parts.append(f"(?P<{match.group(1) or 'valeur'}>.+?)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


_TRANSLATIONS = tuple((_pattern(english), french) for english, french in _MESSAGES)


def _guillemets(text: str) -> str:
    """``'dsfrr'`` (a Python repr in argparse's messages) → « dsfrr »."""
    return re.sub(r"'([^'\\]*)'", r"« \1 »", text)


def _french(message: str) -> str:
    """argparse's English error message in French (unchanged if unknown)."""
    for pattern, french in _TRANSLATIONS:
        match = pattern.fullmatch(message)
        if match is None:
            continue
        values = {key: _guillemets(value) for key, value in match.groupdict().items()}
        if "message" in values:
            values["message"] = _french(match["message"])
        if "type" in values:
            values["type"] = _TYPES.get(values["type"], f"type {values['type']} attendu")
        values["s"] = "s" if " " in values.get("valeur", "") else ""
        return french.format(**values)
    return message


def _unbreakable(text: str) -> str:
    """French spacing that never breaks a line: no-break spaces inside « » and before « : »
    and « ; » (argparse wraps on ASCII whitespace only)."""
    return re.sub(r"(?<=«) | (?=[»:;])", "\u00a0", text)


class FrenchFormatter(argparse.HelpFormatter):
    """argparse's help layout with French words and typography (« usage : », « options : »)."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "usage : " if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        # argparse writes « heading: »; French puts a space before the colon.
        super().start_section(f"{heading} " if heading else heading)


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are French (exit status 2 on a usage error).

    ``-h`` and ``--aide`` show the help; ``--help`` still works, unlisted. Sub-commands
    are parsers of this class too (argparse creates them with the parent's class).
    """

    def __init__(self, *, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchFormatter)
        for text in ("description", "epilog"):
            if kwargs.get(text):
                kwargs[text] = _unbreakable(kwargs[text])
        super().__init__(add_help=False, **kwargs)
        # The two default groups get their titles from argparse's English messages.
        self._positionals.title = "arguments positionnels"
        self._optionals.title = "options"
        if add_help:
            self.add_argument("-h", "--aide", action="help",
                              help="afficher cette aide et quitter")
            self.add_argument("--help", action="help", help=argparse.SUPPRESS)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if isinstance(kwargs.get("help"), str):
            kwargs["help"] = _unbreakable(kwargs["help"])
        return super().add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {_french(message)}\n"
                     f"Aide : {self.prog} --aide\n")


#: Old command name -> new one (kept working, hidden, for one release).


def _notice(old: str, new: str) -> None:
    print(f"Note : {old} est remplacé par {new} (l'ancien nom sera retiré dans une "
          "prochaine version).", file=sys.stderr)


def modernise(argv: Sequence[str], commands: Mapping[str, str],
              options: Mapping[str, Mapping[str, str]]) -> list[str]:
    """``argv`` with the old spellings of renamed ``commands`` and (per command) ``options``
    replaced by the new ones, each with a French notice on stderr. The main parser has no
    option taking a value, so its first word not starting with « - » is the command; options
    are renamed
    up to « -- » (what follows goes to another program, e.g. jupyter lab)."""
    words = list(argv)
    position = next((k for k, word in enumerate(words) if not word.startswith("-")), None)
    if position is None:
        return words
    command = words[position]
    if command in commands:
        command = words[position] = commands[command]
        _notice(argv[position], command)
    renamed = options.get(command, {})
    for k in range(position + 1, len(words)):
        word = words[k]
        if word == "--":
            break
        old, equals, value = word.partition("=")
        if old in renamed:
            words[k] = renamed[old] + equals + value
            _notice(old, renamed[old])
    return words
