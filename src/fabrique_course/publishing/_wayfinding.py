"""Finding one's way in a page of the site: a table of contents, and glossary links.

- **Table of contents.** The ``##`` headings of a page (nbconvert gives each an ``id``)
  become a ``<nav class="fc-toc">``: a ``<details>`` whose summary names it and whose list
  links to each section. The style sheet keeps it beside the text on wide screens, and the
  page script opens it there; on a phone it stays folded at the top of the page.
- **Glossary links.** The entries of the glossary notebook (``glossaire.ipynb``) are
  paragraphs that open with their term in bold: ``**Term** — definition``. On the glossary
  page each entry gets a stable anchor, ``terme-<slug of the term>``
  (:func:`entry_anchor`); in a lesson, the first use of each entry links to it (a screen
  reader hears « (glossaire) » after the word) — never in a heading, a link, code, a form,
  a facilitator note, a reader's instructions or a source marker, and never on the
  glossary page itself. The words that count as a use of an entry are its term (each part
  of « A, B » or « A / B »), the words in brackets after it (an acronym's expansion, or the
  acronym), and the extra forms the glossary notebook lists in its metadata
  (``fabrique_course.formes``: term → forms, such as « tests A/B »). A first word may take
  a plural « s »; an entry that only says « Voir *Other entry*. » links to that entry.

Pure string work on rendered HTML fragments: no nbconvert, no HTML parser.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["GLOSSARY", "MIN_SECTIONS", "TOC_PLACEHOLDER", "GlossaryEntry", "PageWays",
           "anchor_glossary_entries", "entry_anchor", "glossary_entries", "glossary_path",
           "headings", "link_glossary_terms", "toc_html"]

#: Where the page template puts the table of contents (a comment until it is filled).
TOC_PLACEHOLDER = "<!--fc-sommaire-->"
#: The name of the glossary notebook (and page).
GLOSSARY = "glossaire"
#: What a glossary link says to a screen reader after its word (RGAA: a link's purpose).
GLOSSARY_HINT = "(glossaire)"

_TAG = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
#: Never link inside these elements.
_SKIP = frozenset({"a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6",
                   "script", "style", "summary", "label", "button", "select", "option",
                   "textarea", "sup", "form"})
#: A source marker of the fact base ([BG:…], [DOC:…], [FMI-guide]…), a web address, the
#: course's own name: their words are not uses of a term.
_UNTOUCHABLE = re.compile(r"\[(?:BG|DOC|DOCold|BLOG|SE|OBS|FMI-guide|https?:)[^\]]*\]"
                          r"|https?://\S+|Parcours Startup d['’]État")
_ENTRY = re.compile(r"^\*\*(.+?)\*\* — (.*)$", re.M)
_SEE = re.compile(r"^Voir \*([^*]+)\*")
_ARTICLES = frozenset({"La", "Le", "Les", "L'"})


def _text(fragment: str) -> str:
    """The text of an HTML fragment (tags dropped, entities decoded, spaces collapsed)."""
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


# --------------------------------------------------------------------------- contents


def headings(fragment: str) -> list[tuple[str, str]]:
    """The ``##`` headings of a rendered fragment, (id, text), in order (the anchor
    link's « ¶ » left out)."""
    out = []
    for match in _H2.finditer(fragment):
        text = _text(match.group(2)).removesuffix("¶").strip()
        if text:
            out.append((match.group(1), text))
    return out


def toc_html(entries: Sequence[tuple[str, str]], label: str) -> str:
    """The table of contents of a page: its sections ``entries`` (id, text), under a
    folding summary ``label`` (also the landmark's name)."""
    e = html.escape
    items = "".join(f'<li><a href="#{e(anchor)}">{e(text)}</a></li>'
                    for anchor, text in entries)
    return (f'<nav class="fc-toc" aria-label="{e(label)}">'
            f'<details class="fc-toc-details"><summary>{e(label)}</summary>'
            f'<ul class="fc-toc-liste">{items}</ul></details></nav>')


# --------------------------------------------------------------------------- glossary


@dataclass(frozen=True)
class GlossaryEntry:
    """One entry of the glossary: its term, its anchor on the glossary page, and the
    anchor a use of it links to (another entry's, for a « Voir … » entry)."""

    term: str
    anchor: str
    target: str
    forms: tuple[str, ...]


def entry_anchor(term: str) -> str:
    """The anchor of a glossary entry: ``terme-`` and its term, without the words in
    brackets, in lower case ASCII (« Comité d'investissement » →
    ``terme-comite-d-investissement``)."""
    main = re.sub(r"\s*\(.*\)\s*$", "", term.replace("*", ""))
    ascii_text = unicodedata.normalize("NFKD", main).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return f"terme-{slug}"


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.replace("/", "").isalnum() and word.upper() == word \
        and any(c.isalpha() for c in word)


def _own_forms(term: str) -> tuple[list[str], list[str]]:
    """The forms of a term: (its own words, the words in its brackets)."""
    text = term.replace("*", "").strip()
    quoted = text.startswith("«")
    text = text.strip("«» ").strip()
    match = re.fullmatch(r"(.*?)\s*\((.*)\)", text)
    main, paren = (match.group(1), match.group(2)) if match else (text, "")
    own = [main] if quoted else [p.strip() for p in re.split(r",\s+|\s+/\s+", main)]
    extra: list[str] = []
    paren = paren.split(";")[0].strip()
    if paren and paren not in _ARTICLES and " ou " not in paren:
        if " " not in paren and paren.islower():  # « Kano (méthode) » → « méthode Kano »
            extra.append(f"{paren} {main}")
        else:
            extra += [p.strip() for p in paren.split(",") if len(p.strip()) > 1]
    return [f for f in own if f], extra


def _word_pattern(word: str) -> str:
    """A word of a form: « · » endings optional (« intrapreneur·e »)."""
    if "·" in word:
        head, tail = word.split("·", 1)
        return f"{re.escape(head)}(?:·{re.escape(tail)}|{re.escape(tail)})?"
    return re.escape(word).replace("'", "['’]")


def _form_pattern(form: str) -> str:
    """The regular expression of a form: acronyms as written, other forms in any case,
    the first word (or a lone word) with an optional plural « s »."""
    words = form.split()
    parts = [_word_pattern(w) for w in words]
    plural_at = 0 if words[0].replace("'", "").isalpha() else len(words) - 1
    if not _is_acronym(words[plural_at]) and words[plural_at][-1:] not in ("s", "x", "z") \
            and words[plural_at].replace("·", "").replace("'", "").isalpha():
        parts[plural_at] += "s?"
    body = r"\s+".join(parts)
    return body if all(_is_acronym(w) for w in words) else f"(?i:{body})"


@functools.lru_cache(maxsize=8)
def _entries(path_text: str, mtime: int, size: int) -> tuple[GlossaryEntry, ...]:
    nb: dict[str, Any] = json.loads(Path(path_text).read_text(encoding="utf-8"))
    extra_forms: dict[str, list[str]] = \
        nb.get("metadata", {}).get("fabrique_course", {}).get("formes", {})
    found: list[tuple[str, str]] = []  # (term, definition)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown" \
                or "animateur" in cell.get("metadata", {}).get("tags", []):
            continue
        raw = cell.get("source", "")
        source = "".join(raw) if isinstance(raw, list) else str(raw)
        found += [(m.group(1), m.group(2)) for m in _ENTRY.finditer(source)]
    anchors = {term: entry_anchor(term) for term, _ in found}
    claimed: dict[str, str] = {}  # form (lower case) → term
    forms: dict[str, list[str]] = {term: [] for term, _ in found}

    def claim(term: str, candidates: Iterable[str]) -> None:
        for form in candidates:
            if form and form.lower() not in claimed:
                claimed[form.lower()] = term
                forms[term].append(form)

    own = {term: _own_forms(term) for term, _ in found}
    for term, _ in found:  # a term's own words first: « RGS » is the RGS entry's
        claim(term, own[term][0])
    for term, _ in found:
        claim(term, own[term][1])
        claim(term, extra_forms.get(term, []))
    out = []
    for term, definition in found:
        see = _SEE.match(definition)
        wanted = entry_anchor(see.group(1)) if see else ""
        target = wanted if wanted in anchors.values() else anchors[term]
        out.append(GlossaryEntry(term, anchors[term], target, tuple(forms[term])))
    return tuple(out)


def glossary_path(folder: Path) -> Path:
    """The glossary notebook of a folder of notebooks."""
    return folder / f"{GLOSSARY}.ipynb"


def glossary_entries(path: Path) -> tuple[GlossaryEntry, ...]:
    """The entries of the glossary notebook ``path``, in its order (none if it is
    missing or unreadable)."""
    try:
        stat = path.stat()
        return _entries(str(path), stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError, AttributeError, TypeError):
        return ()


def anchor_glossary_entries(fragment: str) -> str:
    """The glossary page's fragment with an anchor on each entry's paragraph."""
    def anchored(match: re.Match[str]) -> str:
        return f'<p id="{entry_anchor(_text(match.group(1)))}"><strong>{match.group(1)}</strong> — '

    return re.sub(r"<p><strong>(.+?)</strong> — ", anchored, fragment)


@functools.lru_cache(maxsize=8)
def _terms_regex(entries: tuple[GlossaryEntry, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One expression for every form (longest first), and the target of each form."""
    targets: dict[str, str] = {}
    patterns: list[tuple[int, str, str]] = []
    for entry in entries:
        for form in entry.forms:
            group = f"f{len(patterns)}"
            targets[group] = entry.target
            patterns.append((len(form), group, _form_pattern(form)))
    patterns.sort(key=lambda p: -p[0])
    body = "|".join(f"(?P<{group}>{pattern})" for _, group, pattern in patterns)
    return re.compile(rf"(?<![\w\-/.@])(?:{body})(?![\w\-])"), targets


def _link_text(text: str, regex: re.Pattern[str], targets: dict[str, str],
               seen: set[str], href: str) -> str:
    """Plain text (HTML-escaped, no tag) with the first use of each entry linked."""
    out: list[str] = []
    start = 0
    blocked = [(m.start(), m.end()) for m in _UNTOUCHABLE.finditer(text)]
    for match in regex.finditer(text):
        target = targets[str(match.lastgroup)]
        if target in seen or any(a < match.end() and match.start() < b for a, b in blocked):
            continue
        seen.add(target)
        out.append(text[start:match.start()])
        out.append(f'<a class="fc-terme" href="{href}#{target}">{match.group(0)}'
                   f'<span class="fc-cache"> {GLOSSARY_HINT}</span></a>')
        start = match.end()
    out.append(text[start:])
    return "".join(out)


def link_glossary_terms(fragment: str, entries: tuple[GlossaryEntry, ...], seen: set[str],
                        href: str = f"{GLOSSARY}.html") -> str:
    """``fragment`` (rendered Markdown) with the first use of each glossary entry not in
    ``seen`` linked to ``href#<anchor>``; ``seen`` gains the entries linked."""
    if not entries:
        return fragment
    regex, targets = _terms_regex(entries)
    out: list[str] = []
    skipping: list[str] = []
    for piece in _TAG.split(fragment):
        if not piece:
            continue
        if piece.startswith("<"):
            out.append(piece)
            match = re.match(r"<(/?)([a-zA-Z0-9]+)", piece)
            if match and match.group(2).lower() in _SKIP and not piece.endswith("/>"):
                name = match.group(2).lower()
                if match.group(1):
                    if name in skipping:
                        del skipping[len(skipping) - 1 - skipping[::-1].index(name)]
                else:
                    skipping.append(name)
            continue
        out.append(piece if skipping else _link_text(piece, regex, targets, seen, href))
    return "".join(out)


# --------------------------------------------------------------------------- one page

#: Cells whose words never link to the glossary (notes, answer keys, navigation, the
#: instructions for JupyterLab or the site), and sections whose words are not the
#: lesson's (its list of sources).
_NO_LINKS = frozenset({"animateur", "cle-reponses", "navigation", "jupyter", "site"})
_NO_LINKS_SECTIONS = frozenset({"Références"})
#: A page gets a table of contents from this many sections on.
MIN_SECTIONS = 3


class PageWays:
    """The ways through one page while it renders: the glossary links of a lesson (its
    first use of each entry), the anchors of the glossary page, and the table of contents
    put in place once the page is written (:meth:`fill`)."""

    def __init__(self, name: str, *, lesson: bool, folder: Path) -> None:
        self.lesson = lesson
        self.glossary_page = name == GLOSSARY
        self.entries = glossary_entries(glossary_path(folder)) if lesson else ()
        self.seen: set[str] = set()

    def markdown(self, fragment: str, tags: Iterable[str]) -> str:
        """A rendered Markdown cell (tagged ``tags``) of the page, as the page shows it."""
        if self.glossary_page:
            return anchor_glossary_entries(fragment)
        if self.lesson and not _NO_LINKS & set(tags) \
                and not any(text in _NO_LINKS_SECTIONS for _, text in headings(fragment)):
            return link_glossary_terms(fragment, self.entries, self.seen)
        return fragment

    def fill(self, body: str) -> str:
        """The written page with its table of contents (its ``##`` sections, « Vos
        réponses » included) in place of :data:`TOC_PLACEHOLDER`, or none for a page of
        fewer than :data:`MIN_SECTIONS` sections."""
        sections = headings(body)
        label = "Sommaire de la leçon" if self.lesson else "Sommaire de la page"
        toc = toc_html(sections, label) if len(sections) >= MIN_SECTIONS else ""
        return body.replace(TOC_PLACEHOLDER, toc, 1)
