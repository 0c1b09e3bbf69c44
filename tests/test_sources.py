"""Sources: inline markers become numbered notes, the references cell their list, every
entry of content/sources.yaml links to a public https page, and the verifier names every
marker that does not resolve — on small notebooks, then on every rendered edition of the
course (workspace copies, site pages, slides)."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import nbformat
import pytest

from fabrique_course import _sources
from fabrique_course._editions import edition_bytes, facilitator_edition, learner_edition
from fabrique_course._sources import (
    Registry,
    Source,
    check_sources,
    cite_sources,
    doc_url,
    load_registry,
    marker_groups,
    raw_markers,
)
from fabrique_course._workspace import prepare_workspace
from fabrique_course.cli import main

from .conftest import LESSONS, NOTEBOOKS, REPO

NOTE = re.compile(r'<sup class="fc-renvoi">(.*?)</sup>')
NOTE_LINK = re.compile(r'<a href="#([^"]+)" title="Source (\d+) : [^"]+">(\d+)</a>')

#: A small registry: the sources of the small notebooks below and of the test bank.
REGISTRY = textwrap.dedent("""\
    sources:
      "BG:_pages/manifeste.md":
        description: Page « Manifeste »
        url: https://beta.gouv.fr/manifeste
      "DOC:gerer-son-produit/la-vie-du-produit/arret.md":
        description: L'arrêt d'un produit
        url: https://doc.incubateur.net/communaute/gerer-son-produit/la-vie-du-produit/arret
      "DOC:gerer-son-produit/la-vie-du-produit/construction/README.md":
        description: La phase de construction
        url: https://doc.incubateur.net/communaute/gerer-son-produit/la-vie-du-produit/construction
      "DOC:gerer-son-produit/la-vie-du-produit/acceleration/README.md":
        description: La phase d'accélération
        url: https://doc.incubateur.net/communaute/gerer-son-produit/la-vie-du-produit/acceleration
      "DOC:travailler-chez-beta.gouv.fr/les-differents-metiers/intrapreneur/certification-des-intrapreneurs/README.md":
        description: Certification des intrapreneurs (cité par content/competences.yaml)
        url: https://doc.incubateur.net/communaute/travailler-chez-beta.gouv.fr/les-differents-metiers/intrapreneur/certification-des-intrapreneurs
      "SE:astree.md":
        description: Fiche produit « Astrée »
        url: https://beta.gouv.fr/startups/astree.html
      "FMI-guide":
        description: Guide de la Fabrique
        url: https://baot.gitbook.io/guide-de-la-fabrique-du-mi/demarche-startup-detat-au-mi
      "https://www.vie-publique.fr/en-bref/292576":
        description: Vie publique, les sanctions
        url: https://www.vie-publique.fr/en-bref/292576
      "BG:_pages/approche.md":
        description: Page « Découvrir le programme »
        url: https://beta.gouv.fr/approche/
      "DOC:gerer-son-produit/la-vie-du-produit/investigation/criteres-devaluation-a-la-fin-dune-investigation.md":
        description: Critères d'évaluation à la fin d'une investigation
        url: https://doc.incubateur.net/communaute/gerer-son-produit/la-vie-du-produit/investigation/criteres-devaluation-a-la-fin-dune-investigation
      "DOC:gerer-son-produit/gestion-au-quotidien/budget/preparer-un-comite-dinvestissement/README.md":
        description: Préparer un comité d'investissement
        url: https://doc.incubateur.net/communaute/gerer-son-produit/gestion-au-quotidien/budget/preparer-un-comite-dinvestissement
      "DOC:gerer-son-produit/guide-de-financement-des-startups-detat/1.-reperes-pour-decideuses-et-decideurs-publics-sur-le-cout-des-services-numeriques.md":
        description: Guide de financement, partie 1
        url: https://doc.incubateur.net/communaute/gerer-son-produit/guide-de-financement-des-startups-detat/1.-reperes-pour-decideuses-et-decideurs-publics-sur-le-cout-des-services-numeriques
      "dépôt `dnum-mi/vue-dsfr`, README.md":
        description: VueDsfr
        url: https://github.com/dnum-mi/vue-dsfr
        repository: dnum-mi/vue-dsfr
        path: README.md
        aliases: ["dnum-mi/vue-dsfr:README.md"]
    """)


@pytest.fixture
def registry(course: Path) -> Registry:
    """The small registry above, as the course's ``content/sources.yaml``."""
    (course / "content" / "sources.yaml").write_text(REGISTRY, encoding="utf-8")
    loaded = load_registry()
    assert loaded is not None
    return loaded


def lesson(*cells: tuple[str, str, list[str]]) -> nbformat.NotebookNode:
    """A notebook of Markdown cells: (id, source, tags)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text, id=cell_id, metadata={"tags": tags})
                for cell_id, text, tags in cells]
    return nb


REFERENCES = ("## Références\n\nLes abréviations renvoient aux sources suivantes.\n\n"
              "**Dépôt `betagouv/beta.gouv.fr`**\n\n- [BG:_pages/manifeste.md] — page\n"
              "- [SE:astree.md] — fiche\n\n**Pages web**\n\n- https://x.fr — un article\n\n"
              "Le service « Retrouvé ! » est **fictif**.")


def notes_of(text: str) -> list[list[int]]:
    """The numbers of each note of a text, in order."""
    return [[int(n) for _a, _t, n in NOTE_LINK.findall(sup)] for sup in NOTE.findall(text)]


# --------------------------------------------------------------------------- parsing

def test_markers_become_notes_numbered_by_first_citation(registry: Registry) -> None:
    """The first source cited is 1; a source cited again keeps its number; the note
    hugs the word it backs and links to the list, its title says what the source is."""
    nb = lesson(("a", "Le manifeste [BG:_pages/manifeste.md]. Astrée [SE:astree.md].", []),
                ("b", "Encore le manifeste [BG:_pages/manifeste.md], puis [FMI-guide].", []),
                ("references", REFERENCES, []))
    assert cite_sources(nb, "00_demarche", registry=registry) == []
    first, second = nb.cells[0].source, nb.cells[1].source
    assert notes_of(first) == [[1], [2]]
    assert notes_of(second) == [[1], [3]]
    assert first.startswith('Le manifeste<sup class="fc-renvoi"><a href="#source-00_demarche-1" '
                            'title="Source 1 : Page « Manifeste »">1</a></sup>.')
    assert not raw_markers(first + second)


def test_a_bracket_of_several_sources_is_one_note(registry: Registry) -> None:
    """« [A ; B] » and « [A] ; [B] » are one note « 1, 2 »; numbers ascend in a note; a
    repeated source appears once."""
    nb = lesson(("a", "Texte [SE:astree.md ; BG:_pages/manifeste.md]. Autre "
                      "[BG:_pages/manifeste.md] ; [SE:astree.md ; SE:astree.md].", []))
    cite_sources(nb, registry=registry)
    assert notes_of(nb.cells[0].source) == [[1, 2], [1, 2]]
    assert nb.cells[0].source.count("<sup") == 2


def test_code_links_and_other_brackets_are_left_alone(registry: Registry) -> None:
    """Markers in code spans and fenced blocks stay as written; so do Markdown links,
    check boxes and brackets that cite nothing."""
    text = ("Écrivez `[BG:_pages/manifeste.md]` ainsi. [Accueil](accueil.ipynb), [x] fait, "
            "[voir plus bas].\n\n```\n[SE:astree.md]\n```\n")
    nb = lesson(("a", text, []))
    cite_sources(nb, registry=registry)
    assert nb.cells[0].source == text
    assert marker_groups(text) == []


def test_abbreviations_braces_aliases_addresses_and_same_source(registry: Registry) -> None:
    """« …/arret.md » names the one source ending so; « {a,b} » several; an alias and a
    labelled address resolve; « même source » repeats the previous note of the cell."""
    nb = lesson(("a", "Arrêt [DOC:…/arret.md]. Phases [DOC:…/la-vie-du-produit/"
                      "{construction,acceleration}/README.md]. VueDsfr [dnum-mi/vue-dsfr:"
                      "README.md]. Sanctions [article : https://www.vie-publique.fr/en-bref/"
                      "292576]. Outil [même source].", []))
    assert cite_sources(nb, registry=registry) == []
    assert notes_of(nb.cells[0].source) == [[1], [2, 3], [4], [5], [5]]


@pytest.mark.parametrize(("marker", "says"), [
    ("DOC:…/README.md", "abréviation ambiguë, 4 sources de content/sources.yaml"),
    ("DOC:…/inconnu.md", "aucune source de content/sources.yaml ne correspond"),
    ("DOC:…", "une mention sans chemin ne désigne aucune source"),
    ("BG:_pages/absente.md", "source inconnue : ajoutez « BG:_pages/absente.md »"),
    ("https://exemple.fr/article", "l'adresse https://exemple.fr/article n'est pas dans"),
    ("même source", "« même source » sans source citée avant elle"),
])
def test_a_marker_that_does_not_resolve_stays_and_is_named(registry: Registry, marker: str,
                                                           says: str) -> None:
    """An unknown or ambiguous marker stays as written (the page still renders) and the
    problem says why, in French; the other sources of its bracket still become notes."""
    nb = lesson(("a", f"Fait [{marker} ; SE:astree.md].", []))
    problems = cite_sources(nb, registry=registry)
    assert [(p.cell, p.marker) for p in problems] == [("a", marker)]
    assert says in problems[0].message
    assert nb.cells[0].source.endswith(f"</sup> [{marker}].")
    assert notes_of(nb.cells[0].source) == [[1]]


# --------------------------------------------------------------------------- the list

def test_the_references_cell_becomes_the_numbered_list(registry: Registry) -> None:
    """The cell keeps its heading and its closing remark; its hand-written lists give way
    to the numbered list: an anchor per item, the description linking to the https page,
    the site named, then the repository and the file for authors."""
    nb = lesson(("a", "Fait [SE:astree.md ; FMI-guide].", []), ("references", REFERENCES, []))
    cite_sources(nb, "01_investigation", registry=registry)
    assert nb.cells[1].source == (
        "## Références\n\n"
        "Les numéros en exposant dans le texte renvoient à cette liste. Chaque lien ouvre la "
        "page publique de la source ; en dessous, pour les auteurs, le dépôt et le fichier "
        "d'où vient le fait.\n\n"
        '1. <span id="source-01_investigation-1"></span>[Fiche produit « Astrée »]'
        "(https://beta.gouv.fr/startups/astree.html) — beta.gouv.fr<br>"
        '<small class="fc-source-depot">dépôt `betagouv/beta.gouv.fr`, fichier '
        "`content/_startups/astree.md`</small>\n"
        '2. <span id="source-01_investigation-2"></span>[Guide de la Fabrique]'
        "(https://baot.gitbook.io/guide-de-la-fabrique-du-mi/demarche-startup-detat-au-mi) — "
        "baot.gitbook.io\n\n"
        "Le service « Retrouvé ! » est **fictif**.")


def test_slides_list_leaves_out_the_authors_mention(registry: Registry) -> None:
    """In a deck the list is short: description and site, no repository nor file."""
    nb = lesson(("a", "Fait [SE:astree.md].", []), ("references", REFERENCES, []))
    cite_sources(nb, registry=registry, compact=True)
    assert "dépôt" not in nb.cells[1].source
    assert "[Fiche produit « Astrée »](https://beta.gouv.fr/startups/astree.html)" \
        in nb.cells[1].source


def test_a_notebook_citing_without_references_cell_gets_one(registry: Registry) -> None:
    """Notes always have somewhere to point: a references cell is added at the end."""
    nb = lesson(("a", "Fait [SE:astree.md].", []))
    cite_sources(nb, "glossaire", registry=registry)
    assert [c.id for c in nb.cells] == ["a", "sources-generees"]
    assert nb.cells[1].source.startswith("## Références\n\n")
    assert 'id="source-glossaire-1"' in nb.cells[1].source
    untouched = lesson(("a", "Rien à citer.", []))
    cite_sources(untouched, registry=registry)
    assert [c.id for c in untouched.cells] == ["a"]


def test_facilitator_notes_never_shift_the_learners_numbers(registry: Registry) -> None:
    """Learner cells are numbered first: the same source has the same number in both
    editions; a source only the facilitator cites comes after, in their list only."""
    nb = lesson(("note", "Animation [FMI-guide].", ["animateur"]),
                ("a", "Fait [SE:astree.md]. Manifeste [BG:_pages/manifeste.md].", []),
                ("references", REFERENCES, []))
    learner, facilitator = learner_edition(nb, "00_demarche"), facilitator_edition(nb, None,
                                                                                   "00_demarche")
    assert notes_of(learner.cells[0].source) == notes_of(facilitator.cells[1].source) == [[1],
                                                                                            [2]]
    assert notes_of(facilitator.cells[0].source) == [[3]]
    assert "3. " not in learner.cells[-1].source
    assert '3. <span id="source-00_demarche-3"></span>[Guide de la Fabrique]' \
        in facilitator.cells[-1].source


def test_the_workspace_copy_is_the_same_on_every_build(registry: Registry, course: Path) -> None:
    """Numbering is deterministic: the same source notebook gives the same bytes."""
    path = course / "notebooks" / "00_demarche.ipynb"
    nbformat.write(lesson(("a", "Fait [SE:astree.md ; FMI-guide].", []),
                          ("references", REFERENCES, [])), path)
    first = edition_bytes(path)
    assert first == edition_bytes(path)
    assert b'href=\\"#source-00_demarche-2\\"' in first
    assert b"[SE:astree.md" not in first


def test_without_a_registry_pages_keep_their_markers(course: Path) -> None:
    """No registry (or a broken one): nothing changes, nothing raises; the verifier says
    why (next tests)."""
    nb = lesson(("a", "Fait [SE:astree.md].", []))
    assert cite_sources(nb) == []
    assert nb.cells[0].source == "Fait [SE:astree.md]."
    (course / "content" / "sources.yaml").write_text("sources: [\n", encoding="utf-8")
    assert load_registry() is None
    cite_sources(nb)
    assert nb.cells[0].source == "Fait [SE:astree.md]."


# --------------------------------------------------------------------------- verifier

def write_notebook(course: Path, text: str) -> None:
    """A one-cell notebook saying ``text`` in the small course."""
    nbformat.write(lesson(("fait", text, [])), course / "notebooks" / "99_essai.ipynb")


def test_verifier_names_a_marker_that_does_not_resolve(
        registry: Registry, course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`fabrique-course verifier` exits 1 and says where and why, in French, no traceback."""
    write_notebook(course, "Fait [SE:astree.md ; DOC:…/README.md ; BG:_pages/manifeste.md "
                           "; FMI-guide ; https://www.vie-publique.fr/en-bref/292576 ; "
                           "DOC:…/arret.md ; dnum-mi/vue-dsfr:README.md].")
    assert main(["verifier"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert ("notebooks/99_essai.ipynb, cellule « fait » : « [DOC:…/README.md] » : "
            "abréviation ambiguë") in err
    assert "citée nulle part" in err  # the two phases' pages


def test_verifier_passes_when_every_source_is_cited_and_known(
        registry: Registry, course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every marker resolves, every entry is cited: exit 0 and a summary line."""
    write_notebook(course, "Fait [SE:astree.md ; DOC:…/{construction,acceleration}/README.md "
                           "; BG:_pages/manifeste.md ; FMI-guide ; https://www.vie-publique.fr/"
                           "en-bref/292576 ; DOC:…/arret.md ; dnum-mi/vue-dsfr:README.md].")
    assert main(["verifier"]) == 0, capsys.readouterr().err
    # 8 citations in the notebook, 7 in the test bank's « source » fields, 1 in the
    # competences' « source »
    assert "✔ sources : 13 dans content/sources.yaml, 16 citations" in capsys.readouterr().out


def test_a_course_citing_without_registry_is_refused(course: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Notebooks that cite need the registry (a course that cites nothing does not)."""
    write_notebook(course, "Fait [SE:astree.md].")
    assert main(["verifier"]) == 1
    assert ("content/sources.yaml : fichier introuvable : le registre des sources est "
            "nécessaire dès qu'une leçon cite une source") in capsys.readouterr().err


@pytest.mark.parametrize(("entry", "says"), [
    ('  "SE:astree.md":\n    description: Astrée\n    url: http://beta.gouv.fr/startups/'
     'astree.html\n', "une adresse https:// complète est attendue"),
    ('  "SE:astree.md":\n    description: Astrée\n    url: https://beta.gouv.fr/astree\n',
     "une fiche produit est en ligne à l'adresse https://beta.gouv.fr/startups/astree.html"),
    ('  "DOC:a/README.md":\n    description: A\n    url: https://doc.incubateur.net/'
     'communaute/a/README\n', "est https://doc.incubateur.net/communaute/a (le chemin sans"),
    ('  "BG:content/_phases/":\n    description: Phases\n    url: https://github.com/'
     'betagouv/beta.gouv.fr/tree/0123456/content/_phases\n',
     "au commit lu par la base de faits (693fb7c4)"),
    ('  "SE:astree.md":\n    description: Astrée\n    url: https://beta.gouv.fr/startups/'
     'astree.html\n    path: content/_startups/astree.md\n', "se déduisent de la marque"),
    ('  "SE:astree.md":\n    description: Astrée\n    lien: https://beta.gouv.fr\n',
     "champ obligatoire « url » manquant"),
])
def test_verifier_holds_each_entry_to_the_conventions(
        course: Path, capsys: pytest.CaptureFixture[str], entry: str, says: str) -> None:
    """Schema and the fact base's conventions, with the entry's line."""
    (course / "content" / "sources.yaml").write_text("sources:\n" + entry, encoding="utf-8")
    key = entry.split('"')[1]
    write_notebook(course, f"Fait [{key}].")
    assert main(["verifier"]) == 1
    err = capsys.readouterr().err
    assert "content/sources.yaml, ligne " in err, err
    assert says in err, err


def test_doc_pages_follow_the_fact_base_convention() -> None:
    """The path without « .md »; a folder's README.md is the folder's page."""
    assert doc_url("a/b/c.md") == "https://doc.incubateur.net/communaute/a/b/c"
    assert doc_url("a/b/README.md") == "https://doc.incubateur.net/communaute/a/b"
    assert doc_url("a/b/") == "https://doc.incubateur.net/communaute/a/b"
    assert Source("k", "d", "https://beta.gouv.fr/fast/déroulement").href \
        == "https://beta.gouv.fr/fast/d%C3%A9roulement"


# --------------------------------------------------------------------------- the course

def test_every_source_the_course_cites_is_in_the_registry() -> None:
    """The twin of `fabrique-course verifier` for sources: the course's registry follows
    the conventions, every marker of the notebooks and banks resolves, every entry is
    cited, and every link is https."""
    from fabrique_course import bank_names, load_bank
    from fabrique_course._content import load_competences

    fields = [(f"content/quiz/{name}.yaml", q.id, q.source)
              for name in bank_names() for q in load_bank(name).questions]
    fields.append(("content/competences.yaml", "", load_competences().source))
    report = check_sources([*NOTEBOOKS, *(REPO / "notebooks" / "animateur").glob("*.ipynb")],
                           fields)
    assert report.registry is not None
    assert [str(p) for p in report.problems] == []
    assert all(s.url.startswith("https://") for s in report.registry.sources.values())


class Page(HTMLParser):
    """What a page shows (scripts, styles and code aside), its ids, and for each list
    item the ids and links it holds."""

    SKIP: ClassVar[set[str]] = {"script", "style", "code", "pre", "template"}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: list[str] = []
        self.ids: set[str] = set()
        self.notes: list[str] = []  # the targets of the note links
        self.item_of: dict[str, int] = {}  # id → the list item holding it
        self.links_of: dict[int, list[str]] = {}
        self._skip = 0
        self._items: list[int] = []
        self._count = 0
        self._in_note = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in self.SKIP:
            self._skip += 1
        if tag == "li":
            self._count += 1
            self._items.append(self._count)
        if tag == "sup" and "fc-renvoi" in (attr.get("class") or ""):
            self._in_note += 1
        if attr.get("id"):
            self.ids.add(str(attr["id"]))
            if self._items:
                self.item_of[str(attr["id"])] = self._items[-1]
        href = attr.get("href") or ""
        if tag == "a" and self._in_note and href.startswith("#"):
            self.notes.append(href[1:])
        if tag == "a" and self._items:
            self.links_of.setdefault(self._items[-1], []).append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip -= 1
        if tag == "li" and self._items:
            self._items.pop()
        if tag == "sup" and self._in_note:
            self._in_note -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.shown.append(data)


def check_page(text: str, where: str) -> int:
    """No source marker shown; every note resolves to a list item with an https link.
    Returns the number of notes."""
    page = Page(text)
    shown = " ".join(page.shown)
    assert not raw_markers(shown), (where, raw_markers(shown)[:5])
    for target in page.notes:
        assert target in page.ids, (where, target)
        item = page.item_of.get(target)
        assert item is not None, (where, target)
        assert any(h.startswith("https://") for h in page.links_of[item]), (where, target)
    return len(page.notes)


def markdown_html(nb: nbformat.NotebookNode) -> str:
    """The Markdown cells of a notebook rendered as nbconvert renders them."""
    from nbconvert.filters.markdown import markdown2html

    return "\n".join(markdown2html(c.source) for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("edition", ["apprenant", "animateur"])
def test_workspace_copies_show_notes_not_markers(tmp_path: Path, edition: Any) -> None:
    """Every copy a learner or a facilitator opens in JupyterLab: no marker left, each
    note links to an item of the lesson's list that opens an https page."""
    workspace = tmp_path / edition
    prepare_workspace(workspace, edition=edition)
    total = 0
    for path in sorted(workspace.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        total += check_page(markdown_html(nb), f"{edition}/{path.name}")
    assert total > 500  # the lessons and the glossary cite hundreds of times


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_slides_show_notes_not_markers(path: Path) -> None:
    """The decks (learner and facilitator): notes resolve, the list is the short one."""
    from fabrique_course.publishing.exporter import FabriqueSlidesExporter

    for edition in ("apprenant", "animateur"):
        body, _ = FabriqueSlidesExporter(edition=edition).from_notebook_node(
            nbformat.read(path, as_version=4), resources={"metadata": {"name": path.stem}})
        assert check_page(body, f"{path.stem} ({edition})") > 20
        assert "fc-source-depot" not in body


@pytest.mark.slow
def test_site_pages_show_notes_not_markers(tmp_path: Path) -> None:
    """The built site, learner and facilitator pages: no source marker in what a page
    shows, and each note resolves to a list item with an https link."""
    from fabrique_course.publishing._site import build_site

    out = tmp_path / "_site"
    build_site(out, archive=False)
    notes = {page.relative_to(out).as_posix(): check_page(page.read_text(encoding="utf-8"),
                                                         page.name)
             for page in sorted(out.rglob("*.html"))}
    for path in LESSONS:
        assert notes[f"{path.stem}.html"] > 20, notes
        assert notes[f"animateur/{path.stem}.html"] >= notes[f"{path.stem}.html"]
    assert notes["glossaire.html"] > 100


def test_the_registry_is_read_once_per_version(registry: Registry, course: Path) -> None:
    """Every page of a build reads the registry once; an author's edit is seen."""
    assert _sources.load_registry() is registry
    path = course / "content" / "sources.yaml"
    path.write_text(REGISTRY.replace("Page « Manifeste »", "Le manifeste"), encoding="utf-8")
    edited = _sources.load_registry()
    assert edited is not None
    assert edited is not registry
    assert edited.sources["BG:_pages/manifeste.md"].description == "Le manifeste"
