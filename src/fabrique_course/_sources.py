"""Sources that help instead of clutter: the lessons' inline markers become numbered notes.

Authors cite as the fact base does (section 0 of its source table), in square brackets:
``[BG:_pages/approche.md]``, ``[DOC:gerer-son-produit/…/arret.md]``, ``[SE:astree.md]``,
``[FMI-guide]``, ``[https://…]``; several sources in one bracket are separated by « ; ».
A path may be shortened with « … » (``[DOC:…/investigation/cest-quoi-concretement.md]``)
when it matches one source of the registry only, and ``{a,b}`` names several files of a
folder; ``[même source]`` repeats the previous note of the same cell.

The registry, ``content/sources.yaml``, says for each source (its full marker): a French
description, the https page a reader can open, and for a file of a repository that has no
public page of its own, the file on GitHub at the commit the fact base read. The
repository and the path of the file read are derived from the marker (:data:`KINDS`), or
given in the entry for a source of another repository.

Every rendered edition goes through :func:`cite_sources`, in one place: the workspace
copies (:mod:`._editions`), the site pages and the slides (the publishing exporter). In a
notebook, the sources are numbered in the order they are first cited — learner cells
first, then the facilitator's notes (so a learner and a facilitator see the same numbers)
— and each bracket becomes a small note, ``<sup>3</sup>`` or ``<sup>3, 4</sup>``, linking
to the lesson's « Références » cell, which becomes the numbered list (the cell keeps its
heading and what it says after its lists, such as the fiction notice; a notebook with
notes and no such cell gets one at its end). Markers in code cells and code spans are
left alone. An unknown or ambiguous marker is left as written (the page still renders);
``fabrique-course verifier`` names it (:func:`check_sources`).

Pure: reads YAML with ``_files``; ``jsonschema`` only in the check.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from ._errors import ContentProblem
from ._files import (
    display_path,
    format_path,
    french_schema_message,
    read_yaml_file,
    schema_validator,
)
from ._paths import content_root

__all__ = ["KINDS", "MARKER_PATTERN", "Kind", "Note", "Registry", "Source", "SourceProblem",
           "SourcesCheck", "check_sources", "cite_sources", "doc_url", "github_url",
           "load_registry", "marker_groups", "raw_markers", "registry_path", "sources_digest"]


@dataclass(frozen=True)
class Kind:
    """A family of markers of the fact base: the repository its files come from and the
    commit read (``folder`` is prepended to the marker's path: ``SE:x.md`` is the file
    ``content/_startups/x.md``; a ``fixed`` path is the kind's only file)."""

    repository: str
    commit: str
    folder: str = ""
    fixed: str = ""


#: The fact base's sources with a repository (section 0 of its table), by prefix.
KINDS: dict[str, Kind] = {
    "BG": Kind("betagouv/beta.gouv.fr", "693fb7c4"),
    "SE": Kind("betagouv/beta.gouv.fr", "693fb7c4", folder="content/_startups/"),
    "DOC": Kind("betagouv/doc.incubateur.net-communaute", "2ba8e2b8"),
    "DOCold": Kind("betagouv/doc.incubateur.net-startups", "09f83392"),
    "BLOG": Kind("betagouv/blog.beta.gouv.fr", "16ff6485"),
    "OBS": Kind("DISIC/observatoire.numerique.gouv.fr", "62c2b716",
                fixed="src/utils/indicators.ts"),
}
#: What a bracket holds when it cites: a marker of :data:`KINDS`, the Fabrique's guide, a
#: web address (possibly after a label: « grille PDF : https://… »), or « même source ».
MARKER_PATTERN = re.compile(
    r"^(?:(?:BG|SE|DOC|DOCold|BLOG):\S.*|OBS|FMI-guide|(?:[^:\[\]]+ : )?https?://\S+"
    r"|même source)$")
#: A source-looking bracket, for the tests that no rendered page shows one.
RAW_MARKER = re.compile(r"\[\s*(?:BG:|SE:|DOC:|DOCold:|BLOG:|OBS\b|FMI-guide\b|même source\b)")
_SAME = "même source"
_GROUP = re.compile(r"(?<![\\!\]])\[([^\[\]\n]+)\](?![(\[:])")
_BETWEEN_GROUPS = re.compile(r"[ \t]*[;,][ \t]*")
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?(?:^(?P=fence)[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t#]*$")
REFERENCES_TITLE = "Références"


# --------------------------------------------------------------------------- registry

@dataclass(frozen=True)
class Source:
    """One source of the registry: its full marker, what it is, where to read it."""

    key: str
    description: str
    url: str
    repository: str | None = None
    path: str | None = None

    @property
    def host(self) -> str:
        """The site the link opens (« doc.incubateur.net »), shown beside the link."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")

    @property
    def href(self) -> str:
        """The link, percent-encoded (a path with accents stays a valid address)."""
        return quote(self.url, safe=":/?#=&%~+@!$'*,;")


def kind_of(key: str) -> tuple[str, str] | None:
    """(prefix, path) of a marker of :data:`KINDS` (« SE », « astree.md »), else None."""
    prefix, sep, path = key.partition(":")
    if key in KINDS and not sep:
        return key, ""
    if sep and prefix in KINDS:
        return prefix, path
    return None


def file_of(key: str) -> tuple[str, str] | None:
    """(repository, path) of the file a marker of :data:`KINDS` names."""
    found = kind_of(key)
    if found is None:
        return None
    kind = KINDS[found[0]]
    return kind.repository, kind.fixed or kind.folder + found[1]


def doc_url(path: str) -> str:
    """The public page of a file of the community documentation (the fact base's
    convention: the path without ``.md``; GitBook publishes a folder's ``README.md`` at
    the folder's address)."""
    page = path.removesuffix(".md")
    page = page.removesuffix("/README") if page.endswith("/README") else page
    return "https://doc.incubateur.net/communaute/" + page.rstrip("/")


def github_url(repository: str, commit: str, path: str) -> str:
    """A file (or a folder, ending in « / ») of a repository on GitHub, at a commit."""
    what = "tree" if path.endswith("/") else "blob"
    return f"https://github.com/{repository}/{what}/{commit}/{path.rstrip('/')}"


@dataclass
class Registry:
    """The sources of ``content/sources.yaml``, by full marker, and their aliases."""

    sources: dict[str, Source] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def knows(self, part: str) -> bool:
        return part in self.sources or part in self.aliases

    def resolve(self, part: str) -> tuple[list[Source], str | None]:
        """The sources one marker names, or none and a French message saying why."""
        part = " ".join(part.split())
        if part in self.aliases:
            part = self.aliases[part]
        if part in self.sources:
            return [self.sources[part]], None
        address = re.match(r"^(?:[^:\[\]]+ : )?(https?://\S+)$", part)
        if address:
            if address.group(1) in self.sources:
                return [self.sources[address.group(1)]], None
            return [], (f"l'adresse {address.group(1)} n'est pas dans "
                        f"{_REGISTRY_NAME} (ajoutez-la, avec sa description)")
        if "…" in part or "{" in part:
            return self._abbreviation(part)
        return [], f"source inconnue : ajoutez « {part} » à {_REGISTRY_NAME}"

    def _abbreviation(self, part: str) -> tuple[list[Source], str | None]:
        if re.fullmatch(r"[A-Za-z-]+:\s*…\s*", part):
            return [], ("une mention sans chemin ne désigne aucune source ; pour montrer la "
                        "notation elle-même, écrivez-la en code (entre accents graves), "
                        "elle restera telle quelle")
        found: list[Source] = []
        variants = _braces(part)
        for variant in variants:
            shown = f"« {variant} » : " if len(variants) > 1 else ""
            pattern = re.compile(".*".join(re.escape(p) for p in variant.split("…")) + r"\Z")
            matches = [s for k, s in self.sources.items() if pattern.match(k)]
            if len(matches) > 1:
                return [], (f"{shown}abréviation ambiguë, {len(matches)} sources de "
                            f"{_REGISTRY_NAME} y correspondent (dont « {matches[0].key} » et "
                            f"« {matches[1].key} ») ; allongez la fin du chemin ou écrivez-le "
                            "en entier")
            if not matches:
                return [], (f"{shown}aucune source de {_REGISTRY_NAME} ne correspond à cette "
                            "abréviation (vérifiez le chemin, ou ajoutez la source)")
            found.append(matches[0])
        return found, None


_REGISTRY_NAME = "content/sources.yaml"


def _braces(part: str) -> list[str]:
    """« …/kit/{a,b}.md » → « …/kit/a.md », « …/kit/b.md »."""
    match = re.search(r"\{([^{}]*)\}", part)
    if not match:
        return [part]
    return [v for alt in match.group(1).split(",")
            for v in _braces(part[:match.start()] + alt.strip() + part[match.end():])]


def registry_path() -> Path:
    """The registry of the course in use."""
    return content_root() / "sources.yaml"


def sources_digest() -> bytes:
    """The registry's bytes (empty when missing), for the site's page cache."""
    try:
        return registry_path().read_bytes()
    except OSError:
        return b""


def _entries(data: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    sources = data.get("sources") if isinstance(data, dict) else None
    for key, entry in (sources or {}).items() if isinstance(sources, dict) else ():
        if isinstance(key, str) and isinstance(entry, dict):
            yield key, entry


def _build(data: Any) -> Registry:
    registry = Registry()
    for key, entry in _entries(data):
        repository, path = file_of(key) or (entry.get("repository"), entry.get("path"))
        registry.sources[key] = Source(
            key=key, description=str(entry.get("description", "")).strip(),
            url=str(entry.get("url", "")).strip(),
            repository=str(repository) if repository else None,
            path=str(path) if path else None)
        for alias in entry.get("aliases") or ():
            registry.aliases[" ".join(str(alias).split())] = key
    return registry


@functools.cache
def _load_cached(path: Path, stamp: tuple[int, int]) -> tuple[Registry | None, bool]:
    data, _lines, problems = read_yaml_file(path)
    return (None, False) if problems else (_build(data), _plainly_sound(data))


def load_registry(path: Path | None = None) -> Registry | None:
    """The registry (``content/sources.yaml`` by default); None when it is missing or
    cannot be read: the pages then keep their markers, and the verifier says why."""
    path = path or registry_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    registry, sound = _load_cached(path, (stat.st_mtime_ns, stat.st_size))
    return registry if sound else None


def _plainly_sound(data: Any) -> bool:
    """The shape a page needs (the schema says the rest, in the verifier)."""
    if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
        return False
    return all(isinstance(k, str) and isinstance(e, dict)
               and isinstance(e.get("description"), str) and e["description"].strip()
               and isinstance(e.get("url"), str) and e["url"].startswith("https://")
               for k, e in data["sources"].items())


# --------------------------------------------------------------------------- markers

def _code_regions(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds code (fenced blocks and code spans): markers there stay."""
    regions = [(m.start(), m.end()) for m in _FENCE.finditer(text)]
    inside = _masked(text, regions)
    regions += [(m.start(), m.end()) for m in _CODE_SPAN.finditer(inside)]
    return sorted(regions)


def _masked(text: str, regions: Sequence[tuple[int, int]]) -> str:
    out = list(text)
    for start, end in regions:
        out[start:end] = " " * (end - start)
    return "".join(out)


def _parts(content: str) -> list[str]:
    return [p.strip() for p in content.split(";") if p.strip()]


def _cites(content: str, registry: Registry | None) -> bool:
    """A bracket cites when one of its parts is a marker (or a registry alias)."""
    return any(MARKER_PATTERN.match(p) or (registry is not None and registry.knows(p))
               for p in _parts(content))


@dataclass(frozen=True)
class Group:
    """A run of citing brackets in a text: ``[A ; B]``, or ``[A] ; [B]`` (one note)."""

    start: int
    end: int
    parts: tuple[str, ...]


def marker_groups(text: str, registry: Registry | None = None) -> list[Group]:
    """The citing brackets of a Markdown text, outside code, adjacent ones merged."""
    code = _code_regions(text)
    groups: list[Group] = []
    for match in _GROUP.finditer(text):
        content = match.group(1)
        if any(start <= match.start() < end for start, end in code) \
                or not _cites(content, registry):
            continue
        if groups and _BETWEEN_GROUPS.fullmatch(text[groups[-1].end:match.start()]):
            last = groups.pop()
            groups.append(Group(last.start, match.end(), last.parts + tuple(_parts(content))))
        else:
            groups.append(Group(match.start(), match.end(), tuple(_parts(content))))
    return groups


def raw_markers(text: str) -> list[str]:
    """The source markers a text shows as written (for tests over rendered pages)."""
    return [m.group(0) for m in RAW_MARKER.finditer(text)]


# --------------------------------------------------------------------------- notes

@dataclass(frozen=True)
class Note:
    """A numbered source of a notebook."""

    number: int
    source: Source


@dataclass(frozen=True)
class SourceProblem:
    """A marker that does not resolve: where it is and why (French)."""

    cell: str
    marker: str
    message: str


class _Numbering:
    def __init__(self, registry: Registry, anchor: str) -> None:
        self.registry = registry
        self.anchor = anchor
        self.notes: dict[str, Note] = {}
        self.cited: list[str] = []  # every citation, in order (a source may come back)
        self.problems: list[SourceProblem] = []

    def number(self, source: Source) -> Note:
        self.cited.append(source.key)
        if source.key not in self.notes:
            self.notes[source.key] = Note(len(self.notes) + 1, source)
        return self.notes[source.key]

    def id_of(self, note: Note) -> str:
        return f"{self.anchor}-{note.number}"

    def annotate(self, text: str, cell: str) -> str:
        """``text`` with each citing bracket turned into a note; an unresolved part stays
        as written, in brackets, and is reported."""
        out: list[str] = []
        position = 0
        previous: list[Note] = []
        for group in marker_groups(text, self.registry):
            notes: list[Note] = []
            unresolved: list[str] = []
            for part in group.parts:
                if part == _SAME:
                    if previous:
                        notes += previous
                    else:
                        unresolved.append(part)
                        self.problems.append(SourceProblem(
                            cell, part, "« même source » sans source citée avant elle dans "
                                        "la même cellule"))
                    continue
                sources, message = self.registry.resolve(part)
                if message is not None:
                    unresolved.append(part)
                    self.problems.append(SourceProblem(cell, part, message))
                notes += [self.number(s) for s in sources]
            before = text[position:group.start]
            if notes:
                previous = notes
                kept = before.rstrip(" \t")
                if kept != before and kept[-1:] not in ("", ":", "|", "\n"):
                    before = kept  # the note sits against the word it backs
            out.append(before)
            out.append(self._sup(notes))
            if unresolved:
                out.append((" " if notes else "") + "[" + " ; ".join(unresolved) + "]")
            position = group.end
        out.append(text[position:])
        return "".join(out)

    def _sup(self, notes: list[Note]) -> str:
        if not notes:
            return ""
        unique = sorted({n.number: n for n in notes}.values(), key=lambda n: n.number)
        links = ", ".join(
            f'<a href="#{self.id_of(n)}" title="Source {n.number} : '
            f'{html.escape(_plain(n.source.description))}">{n.number}</a>' for n in unique)
        return f'<sup class="fc-renvoi">{links}</sup>'


def _plain(text: str) -> str:
    """Author Markdown as plain text (a link's title)."""
    return " ".join(re.sub(r"[`*_]", "", text).split())


def _link_text(text: str) -> str:
    """Author Markdown in a link's text: raw HTML shown as text, brackets escaped."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;")
    return text.replace("[", r"\[").replace("]", r"\]")


def references_markdown(notes: Iterable[Note], anchor: str, *, compact: bool = False) -> str:
    """The numbered list of a notebook's sources (Markdown with a little inline HTML: an
    anchor per item; each description links to the page a reader can open, the site
    named beside it; below, smaller, for authors, the repository and the file read)."""
    lines = []
    for note in notes:
        source = note.source
        line = (f'{note.number}. <span id="{anchor}-{note.number}"></span>'
                f"[{_link_text(source.description)}]({source.href}) — {source.host}")
        if source.repository and source.path and not compact:
            what = "dossier" if source.path.endswith("/") else "fichier"
            line += (f'<br><small class="fc-source-depot">dépôt `{source.repository}`, '
                     f"{what} `{source.path}`</small>")
        lines.append(line)
    return "\n".join(lines)


def _intro(compact: bool) -> str:
    if compact:
        return "Les numéros du texte renvoient à ces sources."
    return ("Les numéros en exposant dans le texte renvoient à cette liste. Chaque lien "
            "ouvre la page publique de la source ; en dessous, pour les auteurs, le dépôt et "
            "le fichier d'où vient le fait.")


def _is_references(cell: Any) -> bool:
    if cell.get("cell_type") != "markdown" or "animateur" in _tags(cell):
        return False
    first = next((line for line in str(cell.get("source", "")).splitlines() if line.strip()), "")
    heading = _HEADING.match(first.strip())
    return heading is not None and heading.group(1).strip().lower() == REFERENCES_TITLE.lower()


def _tags(cell: Any) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _blocks(text: str) -> list[str]:
    return [b for b in re.split(r"\n[ \t]*\n", text.strip("\n")) if b.strip()]


def _is_reference_material(block: str, registry: Registry) -> bool:
    """A block of the old hand-written list: it cites, is a list, or titles a group."""
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    return bool(marker_groups(block, registry)) or lines[0].startswith(("- ", "* ")) \
        or bool(re.fullmatch(r"\*\*[^*]+\*\*(\s*\(.*\))?", lines[0]))


def references_cell_source(old: str, notes: Sequence[Note], anchor: str, registry: Registry,
                           *, compact: bool = False) -> str:
    """The references cell, rendered: its heading, the generated list, then what the
    author's cell says after its last list or citation (a closing remark)."""
    blocks = _blocks(old)
    lines = blocks[0].splitlines() if blocks else []
    if lines and _HEADING.match(lines[0].strip()):
        heading = lines[0].strip()
        blocks = (["\n".join(lines[1:])] if lines[1:] else []) + blocks[1:]
    else:
        heading = f"## {REFERENCES_TITLE}"
    last = max((n for n, b in enumerate(blocks) if _is_reference_material(b, registry)),
               default=-1)
    after = blocks[last + 1:]
    parts = [heading, _intro(compact), references_markdown(notes, anchor, compact=compact)]
    return "\n\n".join(parts + after)


def _anchor(name: str) -> str:
    return "source-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name) if name else "source"


def cite_sources(nb: Any, name: str = "", *, compact: bool = False,
                 registry: Registry | None = None) -> list[SourceProblem]:
    """Turn the markers of notebook ``nb`` (an ``nbformat`` node, changed in place) into
    numbered notes and its « Références » cell into their list; ``name`` (the notebook's
    stem) makes the anchors unique when several notebooks share a page (JupyterLab);
    ``compact`` (the slides) leaves out the authors' mention. Returns the markers that
    did not resolve (left as written). Without a registry, nothing changes."""
    registry = registry if registry is not None else load_registry()
    if registry is None:
        return []
    numbering = _Numbering(registry, _anchor(name))
    cells = [c for c in nb.cells if c.get("cell_type") == "markdown"]
    references = next((c for c in cells if _is_references(c)), None)
    # Learner cells first: a facilitator's note never shifts a learner's numbers.
    ordered = [c for c in cells if c is not references and "animateur" not in _tags(c)] \
        + [c for c in cells if c is not references and "animateur" in _tags(c)]
    for cell in ordered:
        cell["source"] = numbering.annotate(str(cell.get("source", "")),
                                            str(cell.get("id", "?")))
    notes = sorted(numbering.notes.values(), key=lambda n: n.number)
    if references is not None:
        references["source"] = references_cell_source(
            str(references.get("source", "")), notes, numbering.anchor, registry,
            compact=compact) if notes else str(references.get("source", ""))
    elif notes:
        import nbformat

        nb.cells.append(nbformat.v4.new_markdown_cell(  # type: ignore[no-untyped-call]
            references_cell_source("", notes, numbering.anchor, registry, compact=compact),
            id="sources-generees", metadata={"slideshow": {"slide_type": "slide"}}))
    return numbering.problems


# --------------------------------------------------------------------------- check

def _schema_problems(data: Any, shown: str, lines: Any) -> list[ContentProblem]:
    out = []
    for error in sorted(schema_validator("sources").iter_errors(data),
                        key=lambda e: list(map(str, e.absolute_path))):
        path = [str(step) for step in error.absolute_path]
        message, _name = french_schema_message(error)
        if error.validator == "pattern" and path[-1:] == ["url"]:
            message = f"lien {error.instance!r} : une adresse https:// complète est attendue"
        elif error.validator == "additionalProperties":
            message = (f"{message.split(' pour ')[0]} (champs possibles : description, url, "
                       "repository, path, aliases)")
        where = format_path(path[1:]) if path[:1] == ["sources"] else format_path(path)
        out.append(ContentProblem(shown, f"{where} : {message}" if where else message,
                                  line=lines.at(path) if lines is not None else None))
    return out


def _convention_problems(registry: Registry, raw: dict[str, dict[str, Any]], shown: str,
                         line: Callable[[str], int | None]) -> list[ContentProblem]:
    """What the fact base's conventions say of each entry's link and file."""
    out = []
    seen: dict[str, str] = {}
    for key, source in registry.sources.items():
        def problem(message: str, key: str = key) -> None:
            out.append(ContentProblem(shown, f"source « {key} » : {message}", line=line(key)))

        found = kind_of(key)
        if found is None:
            if key.startswith("http") and key != source.url:
                problem(f"l'adresse citée doit être le lien lui-même ({source.url})")
            if (source.repository is None) != (source.path is None):
                problem("« repository » et « path » vont ensemble")
        else:
            prefix, path = found
            kind = KINDS[prefix]
            if not path and not kind.fixed:
                problem(f"« {prefix}: » doit être suivi d'un chemin")
                continue
            repository, file = kind.repository, kind.fixed or kind.folder + path
            on_github = source.url.startswith(f"https://github.com/{repository}/")
            if on_github and source.url != github_url(repository, _full(source.url, kind),
                                                      file):
                problem(f"le lien GitHub doit montrer « {file} » au commit lu par la base "
                        f"de faits ({kind.commit}) : {github_url(repository, kind.commit, file)}")
            elif prefix == "DOC" and not on_github and source.url != doc_url(path):
                problem(f"la page publique d'un fichier de la documentation est "
                        f"{doc_url(path)} (le chemin sans « .md ») ; sinon, le fichier "
                        "sur GitHub")
            elif prefix == "SE" and source.url != \
                    f"https://beta.gouv.fr/startups/{path.removesuffix('.md')}.html":
                problem("une fiche produit est en ligne à l'adresse https://beta.gouv.fr/"
                        f"startups/{path.removesuffix('.md')}.html")
            if "repository" in raw.get(key, {}) or "path" in raw.get(key, {}):
                problem("« repository » et « path » se déduisent de la marque : retirez-les")
        if source.url in seen and not key.startswith("http"):
            problem(f"même lien que « {seen[source.url]} »")
        seen.setdefault(source.url, key)
    for alias, key in registry.aliases.items():
        if alias in registry.sources:
            out.append(ContentProblem(shown, f"l'alias « {alias} » de « {key} » est aussi "
                                             "une source", line=line(key)))
    return out


def _full(url: str, kind: Kind) -> str:
    """The commit a GitHub link shows, when it is (a longer form of) the kind's commit."""
    match = re.search(r"/(?:blob|tree)/([0-9a-f]{7,40})/", url)
    return match.group(1) if match and match.group(1).startswith(kind.commit) else kind.commit


@dataclass
class SourcesCheck:
    """What :func:`check_sources` found: the registry (None when missing or unreadable),
    the citations read (source → how many times), and every problem."""

    registry: Registry | None
    citations: dict[str, int] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)

    def summary(self) -> str:
        """One French line for the verifier."""
        sources = len(self.registry.sources) if self.registry else 0
        return (f"sources : {sources} dans {_REGISTRY_NAME}, "
                f"{sum(self.citations.values())} citations")


def _notebook_texts(notebooks: Iterable[Path],
                    problems: list[ContentProblem]) -> list[tuple[str, str]]:
    """(where, Markdown) of every cell that cites (the references cells aside)."""
    import nbformat

    out = []
    for nb_path in sorted(notebooks):
        try:
            nb = nbformat.read(str(nb_path), as_version=4)  # type: ignore[no-untyped-call]
        except (OSError, ValueError) as exc:
            problems.append(ContentProblem(display_path(nb_path), f"notebook illisible : {exc}"))
            continue
        out += [(f"{display_path(nb_path)}, cellule « {cell.get('id', '?')} »", cell.source)
                for cell in nb.cells
                if cell.cell_type == "markdown" and not _is_references(cell)]
    return out


def check_sources(notebooks: Iterable[Path], source_fields: Iterable[tuple[str, str, str]] = (),
                  path: Path | None = None) -> SourcesCheck:
    """Validate the registry (schema and the fact base's conventions), that every marker of
    ``notebooks`` (their Markdown cells) and of ``source_fields`` ((file, question id,
    text): the banks' ``source`` fields) resolves, and that every source is cited. A
    course without a registry passes as long as no notebook cites (nothing to render)."""
    path = path or registry_path()
    shown = display_path(path)
    report = SourcesCheck(None)
    texts = _notebook_texts(notebooks, report.problems)
    if not path.exists():
        citing = [where for where, text in texts if marker_groups(text)]
        if citing:
            report.problems.append(ContentProblem(
                shown, f"fichier introuvable : le registre des sources est nécessaire dès "
                       f"qu'une leçon cite une source (par exemple {citing[0]})"))
        return report
    data, lines, problems = read_yaml_file(path)
    if problems:
        report.problems += problems
        return report
    report.problems += _schema_problems(data, shown, lines)
    registry = report.registry = _build(data)

    def line(key: str) -> int | None:
        return lines.at(["sources", key]) if lines else None

    report.problems += _convention_problems(registry, dict(_entries(data)), shown, line)

    def cite(text: str, where: str, question: str | None = None) -> None:
        numbering = _Numbering(registry, "source")
        numbering.annotate(text, where)
        for key in numbering.cited:
            report.citations[key] = report.citations.get(key, 0) + 1
        report.problems.extend(ContentProblem(
            where, f"« [{found.marker}] » : {found.message}", question_id=question)
            for found in numbering.problems)

    for where, text in texts:
        cite(text, where)
    for file, question, text in source_fields:
        cite(text, file, question or None)
    report.problems += [ContentProblem(shown, f"source « {key} » citée nulle part (ni leçon "
                                              "ni banque de questions) : retirez-la ou citez-la",
                                       line=line(key))
                        for key in registry.sources if key not in report.citations]
    return report
