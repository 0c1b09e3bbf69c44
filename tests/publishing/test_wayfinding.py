"""Instructions for where the reader is, and finding one's way (no browser; the built
site's pages are read in Chromium by tests/e2e/test_site.py).

- Cells tagged ``jupyter`` say how JupyterLab works; cells tagged ``site`` how the site
  works: no page of the site speaks of cells, kernels, terminals or JupyterLab's keys, and
  the JupyterLab copies keep their instructions.
- Each page of several sections has a table of contents; the first use of each glossary
  entry in a lesson links to its entry, which has a stable anchor.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from bs4 import BeautifulSoup

from fabrique_course._editions import facilitator_edition, learner_edition
from fabrique_course.publishing._pages import learner_home
from fabrique_course.publishing._wayfinding import (
    TOC_PLACEHOLDER,
    entry_anchor,
    glossary_entries,
    link_glossary_terms,
)
from fabrique_course.publishing.exporter import FabriqueExporter

from ..conftest import LESSONS, NOTEBOOKS, REPO

GLOSSARY = REPO / "notebooks" / "glossaire.ipynb"

#: JupyterLab's words, which a reader of the site cannot act on: what it runs (cells,
#: kernels, notebooks), where (a terminal, a command), with which keys, and the button
#: of JupyterLab's quiz widgets that the site does not have (« Réessayer »). Two uses
#: are not instructions: the Basegun device « terminal NEO » (lesson 05) and a « cellule
#: d'innovation » (an option of a question of lesson 00).
JUPYTER_WORDS: dict[str, str] = {
    "cellule": r"\bcellules?\b(?!\s+d['’]innovation)",
    "noyau": r"\bnoyaux?\b|\bkernels?\b",
    "terminal": r"\bterminal\b(?!\s+NEO)",
    "notebook": r"\bnotebooks?\b",
    "exécuter": r"\bexécut(?:er|ez|e|ion)\b",
    "Maj + Entrée": r"\b(?:Maj|Shift)\s*\+\s*(?:Entrée|Enter)\b",
    "Shift": r"\bShift\b",
    "Réessayer": r"\bRéessayer\b",
    "make lab": r"\bmake\s+lab\b",
    "menu Exécution": r"\bExécution\s*›",
}


def jupyter_words(text: str) -> list[str]:
    """The JupyterLab words of ``text``: (word, what surrounds it)."""
    found = []
    for name, pattern in JUPYTER_WORDS.items():
        for match in re.finditer(pattern, text, re.IGNORECASE):
            around = " ".join(text[max(0, match.start() - 50):match.end() + 30].split())
            found.append(f"{name} : « {around} »")
    return found


def visible_text(page: str) -> str:
    """What a page shows: no script, no style, nothing hidden."""
    soup = BeautifulSoup(page, "html.parser")
    for node in soup(["script", "style", "template"]):
        node.decompose()
    for node in soup.select("[hidden]"):
        node.decompose()
    return soup.get_text(" ")


def export(nb: Any, name: str, **kw: Any) -> str:
    """The site page of ``nb`` (not executed: the text is what matters here)."""
    body, _ = FabriqueExporter(inline_assets=False, **kw).from_notebook_node(
        nb, resources={"metadata": {"name": name}})
    return str(body)


def tags(cell: Any) -> set[str]:
    """The tags of a notebook cell."""
    return set(cell.metadata.get("tags", []))


# --------------------------------------------------------------------------- editions


def test_the_word_list_catches_jupyterlab_instructions() -> None:
    """The list is not empty-handed: on the JupyterLab instructions of the accueil and of
    the lessons (the ``jupyter`` cells), it finds each of the words they use."""
    accueil = nbformat.read(REPO / "notebooks" / "accueil.ipynb", as_version=4)
    text = "\n".join(c.source for c in accueil.cells if "jupyter" in tags(c))
    found = {line.split(" : ")[0] for line in jupyter_words(text)}
    assert {"cellule", "noyau", "terminal", "notebook", "Maj + Entrée", "Réessayer",
            "exécuter", "menu Exécution"} <= found
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if "jupyter" in tags(c))
        found = {line.split(" : ")[0] for line in jupyter_words(text)}
        assert {"cellule", "Maj + Entrée"} <= found, path.name
    # and on a whole page that would keep them, it flags them
    accueil_kept = nbformat.read(REPO / "notebooks" / "accueil.ipynb", as_version=4)
    for cell in accueil_kept.cells:
        cell.metadata["tags"] = sorted(tags(cell) - {"jupyter"})
    assert len(jupyter_words(visible_text(export(accueil_kept, "accueil")))) >= 8


@pytest.fixture(scope="module")
def learner_pages() -> dict[str, str]:
    """Every page of the learner site, as its visible text (notebooks not executed)."""
    pages = {p.stem: export(nbformat.read(p, as_version=4), p.stem) for p in NOTEBOOKS}
    pages["index"] = export(learner_home(), "index")
    return pages


@pytest.mark.slow
def test_no_page_of_the_site_speaks_jupyterlab(learner_pages: dict[str, str]) -> None:
    """The site says how the site works: no cell, kernel, terminal, notebook, JupyterLab
    key or « Réessayer » in what any of its pages shows."""
    found = {name: words for name, page in learner_pages.items()
             if (words := jupyter_words(visible_text(page)))}
    assert found == {}


@pytest.mark.slow
def test_the_sites_instructions_name_its_real_buttons(learner_pages: dict[str, str]) -> None:
    """Every button a ``site`` cell names in bold quotes (« **Valider** ») is a button of a
    page: quizzes, exercise forms, download and erase."""
    buttons: set[str] = set()
    for page in learner_pages.values():
        soup = BeautifulSoup(page, "html.parser")
        buttons |= {" ".join(b.get_text().split()) for b in soup.select("button, summary")}
    assert {"Valider", "Vérifier", "Télécharger mes réponses", "Effacer mes réponses"} <= buttons
    named: set[str] = set()
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if "site" in tags(cell):
                named |= {a or b for a, b in re.findall(
                    r"« \*\*([^*»]+)\*\* »|\*\*« ([^»]+) »\*\*", cell.source)}
    assert {"Valider", "Télécharger mes réponses"} <= named
    assert named <= buttons, named - buttons


def test_jupyterlab_copies_keep_their_instructions() -> None:
    """The workspace copies (learner's and facilitator's) keep the ``jupyter`` cells and
    never get a ``site`` cell; the site's twin exists for the accueil and each lesson."""
    for path in [REPO / "notebooks" / "accueil.ipynb", *LESSONS, GLOSSARY]:
        source = nbformat.read(path, as_version=4)
        assert any("site" in tags(c) for c in source.cells), path.name
        assert any("jupyter" in tags(c) for c in source.cells), path.name
        for copy in (learner_edition(source), facilitator_edition(source)):
            assert not any("site" in tags(c) for c in copy.cells), path.name
            text = "\n".join(c.source for c in copy.cells)
            if path.stem == "accueil":
                assert "Maj + Entrée" in text
                assert "--reinitialiser" in text
            elif path.stem != "glossaire":
                assert "Maj + Entrée" in text, path.name
                assert "Réessayer" in text, path.name


def test_the_site_drops_jupyterlab_cells_in_both_editions() -> None:
    """A page of either edition has the ``site`` cell, not the ``jupyter`` one; a deck,
    projected, has neither (no contents, no download button to speak of)."""
    from fabrique_course.publishing.exporter import FabriqueSlidesExporter

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Essai", id="titre"),
                nbformat.v4.new_markdown_cell("Appuyez sur Maj + Entrée.", id="j",
                                              metadata={"tags": ["jupyter"]}),
                nbformat.v4.new_markdown_cell("Cliquez sur « Valider ».", id="s",
                                              metadata={"tags": ["site"]})]
    for edition in ("apprenant", "animateur"):
        page = export(nb, "essai", edition=edition)
        assert "Cliquez sur « Valider »" in page
        assert "Maj + Entrée" not in page
    deck, _ = FabriqueSlidesExporter().from_notebook_node(
        nb, resources={"metadata": {"name": "essai"}})
    assert "Cliquez sur « Valider »" not in deck
    assert "Maj + Entrée" not in deck
    assert "Essai" in deck


# --------------------------------------------------------------------------- contents


def test_a_page_of_several_sections_gets_a_table_of_contents() -> None:
    """The `##` headings become a labelled nav with a folding list of links to their ids;
    a page of fewer than three sections gets none; the placeholder never shows."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["fabrique_course"] = {"phase": 9, "title": "Essai"}
    nb.cells = [nbformat.v4.new_markdown_cell(
        "# Essai\n\n## Première partie\n\ntexte\n\n## Deuxième, *avec* `code`\n\n"
        "### Sous-partie\n\n## Où en êtes-vous ?", id="titre")]
    page = export(nb, "99_essai")
    soup = BeautifulSoup(page, "html.parser")
    nav = soup.select_one('nav.fc-toc[aria-label="Sommaire de la leçon"]')
    assert nav is not None
    assert nav.select_one("details > summary").get_text() == "Sommaire de la leçon"
    assert nav.select_one("details").get("open") is None  # folded until the script opens it
    links = [(a["href"], a.get_text()) for a in nav.select("ul.fc-toc-liste > li > a")]
    assert [text for _, text in links] == ["Première partie", "Deuxième, avec code",
                                           "Où en êtes-vous ?"]
    for href, _ in links:
        assert soup.find("h2", id=href[1:]) is not None, href
    assert nav.find_parent("main") is not None
    assert TOC_PLACEHOLDER not in page
    nb.cells = [nbformat.v4.new_markdown_cell("# Court\n\n## Seule partie", id="titre")]
    short = export(nb, "99_essai")
    assert "fc-toc" not in short.split("</head>")[1]
    assert TOC_PLACEHOLDER not in short


@pytest.mark.slow
def test_every_lesson_page_has_its_table_of_contents(learner_pages: dict[str, str]) -> None:
    """Each lesson page lists its sections, « Vos réponses » (the download) included; the
    glossary and the accueil have one too."""
    for path in LESSONS:
        soup = BeautifulSoup(learner_pages[path.stem], "html.parser")
        nav = soup.select_one('nav.fc-toc[aria-label="Sommaire de la leçon"]')
        assert nav is not None, path.name
        texts = [a.get_text() for a in nav.select("a")]
        assert texts[:3] == ["Questions", "Objectifs", "Comment utiliser cette page"], texts
        assert "Points clés" in texts, texts
        assert texts[-1] == "Vos réponses", texts
    for name in ("glossaire", "accueil"):
        assert 'aria-label="Sommaire de la page"' in learner_pages[name], name


# --------------------------------------------------------------------------- glossary


def test_each_glossary_entry_has_a_stable_unique_anchor_and_forms() -> None:
    """Anchors are unique and come from the term; each entry is reachable by its words (a
    « Voir … » entry by its target's); the extra forms of the metadata name entries."""
    entries = glossary_entries(GLOSSARY)
    assert len(entries) >= 60
    anchors = [e.anchor for e in entries]
    assert len(anchors) == len(set(anchors))
    assert entry_anchor("Comité d'investissement") == "terme-comite-d-investissement"
    assert entry_anchor("AIPD (analyse d'impact relative à la protection des données)") \
        == "terme-aipd"
    assert {e.target for e in entries} <= set(anchors)
    reachable = {e.target for e in entries if e.forms}
    assert reachable == set(anchors) - {e.anchor for e in entries if e.target != e.anchor}
    nb = nbformat.read(GLOSSARY, as_version=4)
    terms = {e.term for e in entries}
    assert set(nb.metadata["fabrique_course"]["formes"]) <= terms


#: The words the exercises use, which the glossary defines; those the fact base does not
#: define send the reader to the lesson that teaches them.
EXERCISE_TERMS = {"Intervalle de confiance": "leçon", "p-valeur": "leçon",
                  "Significativité statistique": "leçon", "Cohorte": "[DOCold:",
                  "Rétention": "[DOC:", "Taux de pénétration": "[DOC:", "Entonnoir": "[DOC:",
                  "North Star Metric (NSM)": "[DOC:"}


def test_the_glossary_defines_the_words_of_the_exercises_with_their_source() -> None:
    """Each word the exercises use has its entry, with a source marker of the fact base or
    the lesson that teaches it (tests/test_sources.py checks that every marker resolves)."""
    nb = nbformat.read(GLOSSARY, as_version=4)
    text = "\n".join(c.source for c in nb.cells if "animateur" not in tags(c))
    for term, source in EXERCISE_TERMS.items():
        match = re.search(rf"^\*\*{re.escape(term)}\*\* — (.*)$", text, re.M)
        assert match, term
        assert source in match.group(1), term


def test_glossary_links_skip_headings_links_code_and_markers() -> None:
    """Only the first use of each entry links, never inside a heading, a link, code or a
    source marker; a « Voir … » entry links to its target."""
    entries = glossary_entries(GLOSSARY)
    seen: set[str] = set()
    fragment = ("<h2 id=\"x\">Le comité d'investissement</h2>"
                "<p>Voir <a href=\"#y\">le comité d'investissement</a>, <code>sponsor</code>, "
                "[DOC:…/methode-aarri.md] et le Parcours Startup d'État.</p>"
                "<p>Le comité d'investissement réunit le sponsor ; les comités d'investissement"
                " suivants aussi. Le Lab MI et la mise en dormance.</p>")
    out = link_glossary_terms(fragment, entries, seen)
    links = re.findall(r'<a class="fc-terme" href="glossaire.html#([^"]+)">([^<]+)'
                       r'<span class="fc-cache"> \(glossaire\)</span></a>', out)
    assert links == [("terme-comite-d-investissement", "comité d'investissement"),
                     ("terme-sponsor", "sponsor"),
                     ("terme-fabrique-numerique-du-ministere-de-l-interieur", "Lab MI"),
                     ("terme-arret-post-mortem-mise-en-dormance", "mise en dormance")]
    assert out.startswith("<h2 id=\"x\">Le comité d'investissement</h2>")
    assert "[DOC:…/methode-aarri.md]" in out
    assert "Parcours Startup d'État" in out
    again = link_glossary_terms("<p>Le sponsor décide.</p>", entries, seen)
    assert "fc-terme" not in again  # already linked on this page


@pytest.mark.slow
def test_lessons_link_the_first_use_of_each_term_to_its_entry(
        learner_pages: dict[str, str]) -> None:
    """In each lesson, each entry links at most once, from the lesson's text (never a
    heading, a form or a quiz), to an anchor the glossary page has; the glossary itself and
    the accueil link to nothing."""
    glossary = BeautifulSoup(learner_pages["glossaire"], "html.parser")
    anchors = {p["id"] for p in glossary.select('p[id^="terme-"]')}
    assert anchors == {e.anchor for e in glossary_entries(GLOSSARY)}
    for path in LESSONS:
        soup = BeautifulSoup(learner_pages[path.stem], "html.parser")
        links = soup.select("a.fc-terme")
        assert len(links) >= 10, path.name
        targets = [a["href"].split("#", 1)[1] for a in links]
        assert len(targets) == len(set(targets)), path.name
        assert set(targets) <= anchors
        for a in links:
            assert a["href"].startswith("glossaire.html#")
            assert not a.find_parents(["h1", "h2", "h3", "form", "a", "code", "nav"])
            assert a.find_parent(class_="jp-MarkdownOutput") is not None
    for name in ("glossaire", "accueil", "index"):
        assert 'class="fc-terme"' not in learner_pages[name], name
    lesson04 = BeautifulSoup(learner_pages["04_acceleration"], "html.parser")
    linked = {a["href"].split("#")[1] for a in lesson04.select("a.fc-terme")}
    assert {"terme-north-star-metric", "terme-p-valeur", "terme-intervalle-de-confiance",
            "terme-taux-de-penetration", "terme-cohorte", "terme-entonnoir"} <= linked


def test_facilitator_notes_link_nothing() -> None:
    """In the facilitator edition, the notes and answer keys link no term (the lesson's
    text does, as in the learner's)."""
    nb = nbformat.read(REPO / "notebooks" / "01_investigation.ipynb", as_version=4)
    soup = BeautifulSoup(export(nb, "01_investigation", edition="animateur"), "html.parser")
    assert soup.select("a.fc-terme")
    assert not soup.select(".fc-animateur a.fc-terme")


def test_the_glossary_changes_the_pages_cache_key(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A new glossary entry must re-render the lessons: the glossary is an export input."""
    import shutil

    from fabrique_course.publishing._cache import export_inputs

    root = tmp_path / "cours"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    monkeypatch.setenv("FABRIQUE_COURSE_ROOT", str(root))
    before = export_inputs("neutre")
    glossary = root / "notebooks" / "glossaire.ipynb"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "**Cohorte** —", "**Cohortes** —"), encoding="utf-8")
    assert export_inputs("neutre") != before
