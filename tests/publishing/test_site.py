"""The static rendering, the nbconvert exporter and the shared grading vectors (no browser)."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbconvert.exporters import get_export_names, get_exporter

from fabrique_course import bank_names, grade, load_bank
from fabrique_course._cells import quiz_calls
from fabrique_course._content import Question
from fabrique_course._grading import STATUSES
from fabrique_course._progress import EXPORT_FORMAT, EXPORT_VERSION, WRITING_MAX_CHARS
from fabrique_course._render import _probe_answers, detail_html, feedback_html
from fabrique_course.publishing._static import question_form
from fabrique_course.publishing.exporter import (
    FabriqueExporter,
    FabriqueSlidesExporter,
    asset_text,
)

from ..conftest import MARKDOWN_MARKERS, REPO, load_tool, visible_text

VECTORS = REPO / "tests" / "data" / "grading-vectors.json"


def test_the_exporter_is_registered_for_nbconvert_and_jupyterlab() -> None:
    """The « fabrique » exporter is registered for nbconvert and in JupyterLab's export menu."""
    assert get_exporter("fabrique") is FabriqueExporter
    assert "fabrique" in get_export_names()
    assert FabriqueExporter.export_from_notebook  # listed in « Save and Export As »


def test_form_contract_for_every_question_type(course: Path) -> None:
    """Each question type renders as a form with stable data attributes, a live status, labels."""
    bank = load_bank("99_essai")
    seen = set()
    for q in bank.questions:
        page = question_form(q, 1)
        seen.add(q.type)
        assert re.search(rf'<form class="fc-question" id="[^"]+" data-question-id="{q.id}" '
                         rf'data-notebook="99_essai" data-type="{q.type}"', page)
        assert 'role="status" aria-live="polite"' in page
        assert '<button type="submit">Valider</button>' in page
        for control in re.findall(r'id="([^"]+)"[^>]*>', page):
            if control.endswith(("-enonce", "-aide", "-retour")) \
                    or control == f"fc-99-essai-{q.id}":
                continue
            assert f'<label for="{control}"' in page, (q.id, control)
        if q.type == "numeric":
            assert 'inputmode="decimal"' in page
        if q.type in ("order", "match"):
            assert page.count("<select") == len(q.items)
    assert seen == {"single", "multiple", "true_false", "numeric", "order", "match"}


def test_quiz_calls_are_read_from_cell_sources() -> None:
    """quiz() calls are read from a cell's source (bank, ids or none); broken code gives none."""
    calls = quiz_calls('quiz("00_demarche", ["a", "b"])\nquiz("01_investigation")')
    assert [(c.bank, c.ids) for c in calls] == [("00_demarche", ["a", "b"]),
                                                ("01_investigation", None)]
    assert quiz_calls("quiz(") == []


def export(nb: nbformat.NotebookNode, name: str = "00_demarche", **kw: object) -> str:
    """The page the « fabrique » exporter makes of ``nb`` (exporter options in ``kw``)."""
    body, _ = FabriqueExporter(**kw).from_notebook_node(nb, resources={"metadata": {"name": name}})
    return str(body)


def small_notebook() -> nbformat.NotebookNode:
    """A tiny lesson: a link, an import, a quiz, a facilitator note, a solution, progress."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["fabrique_course"] = {"phase": 0, "title": "Essai"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Essai\n\nVoir [la suite](01_investigation.ipynb#fin).",
                                      id="titre"),
        nbformat.v4.new_code_cell("from fabrique_course import quiz, progress", id="imports"),
        nbformat.v4.new_code_cell('quiz("00_demarche", ["manifeste-pilier-impact"])', id="q"),
        nbformat.v4.new_markdown_cell("Note d'animation secrète", id="note",
                                      metadata={"tags": ["animateur"]}),
        nbformat.v4.new_code_cell("x = 6 * 7\nx", id="calcul", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell('progress("00_demarche")', id="progres"),
    ]
    return nb


def test_learner_page_shape() -> None:
    """Learner page: French, one h1, .html links, no facilitator note, folded solution, quiz."""
    page = export(small_notebook(), inline_assets=False)
    assert '<html lang="fr">' in page
    assert page.count("<h1") == 1
    assert 'href="01_investigation.html#fin"' in page
    assert "Note d'animation secrète" not in page
    assert '<details class="fc-solution"><summary>Voir la solution</summary>' in page
    assert 'data-question-id="manifeste-pilier-impact"' in page
    assert "from fabrique_course import" not in page  # helper-only cells show no code
    assert 'quiz(' not in page.split('class="fc-questions"')[0]
    assert 'data-fc-progres="00_demarche"' in page
    assert '<a class="fc-lien-evitement" href="#contenu">' in page
    assert 'src="assets/fabrique-grader.js"' in page
    questions = json.loads(re.search(r'class="fc-questions"[^>]*>(.*?)</script>', page,
                                     re.S).group(1))  # type: ignore[union-attr]
    assert list(questions) == ["00_demarche/manifeste-pilier-impact"]


def test_single_file_export_inlines_everything() -> None:
    """The single-file export inlines its scripts and styles and loads nothing from a CDN."""
    page = export(small_notebook())
    assert "<script src=" not in page
    assert '<link rel="stylesheet"' not in page
    assert "FabriqueGrader" in page
    assert ".fc-question" in page
    for bad in ("cdnjs", "unpkg", "jsdelivr", "require.js", "mathjax", "mermaid"):
        assert bad not in page.lower(), bad


def test_the_site_script_keeps_answers_in_the_export_format_python_defines() -> None:
    """fabrique-course.js gets the export format and version from _progress at build
    time: the shipped script names neither, the built one writes exactly them."""
    from importlib import resources

    raw = (resources.files("fabrique_course.publishing") / "site_assets"
           / "fabrique-course.js").read_text(encoding="utf-8")
    assert EXPORT_FORMAT not in raw
    assert "__EXPORT_FORMAT__" in raw
    assert "__EXPORT_VERSION__" in raw
    built = asset_text("fabrique-course.js")
    assert "__EXPORT" not in built
    assert f'var KEY = "{EXPORT_FORMAT}";' in built
    assert f'var doc = {{ format: "{EXPORT_FORMAT}", version: {EXPORT_VERSION},' in built
    assert "__WRITING_MAX_CHARS__" in raw
    assert f"var MAX_TEXT = {WRITING_MAX_CHARS};" in built
    assert "exported_at: now(), events: data.events, exercises: data.exercises };" in built
    assert f"data.version === {EXPORT_VERSION} &&" in built
    assert EXPORT_VERSION == 2  # a store of version 1 is upgraded to this one, not set aside
    assert "data.version === 1 &&" in built
    assert built in export(small_notebook())  # the single-file export inlines it too


def test_facilitator_page_is_the_same_on_every_export() -> None:
    """The facilitator edition's answer keys have ids of their own: two exports of a
    notebook write the same page (no random cell id)."""
    first = export(small_notebook(), edition="animateur", inline_assets=False)
    assert 'id="cell-id=q-cle"' in first  # the key of quiz cell « q »
    assert export(small_notebook(), edition="animateur", inline_assets=False) == first


def test_the_sites_own_pages_are_their_templates_blocks() -> None:
    """The course map and the facilitator's home and agenda are their templates' blocks in
    order (block name = cell id); the accueil link is _lessons.HOME; the build writes the
    map and the agenda cells."""
    from fabrique_course._lessons import HOME
    from fabrique_course.publishing._pages import DAY_START, facilitator_pages, learner_home

    home = learner_home()
    assert home.metadata["fabrique_course"]["title"] == "Carte du parcours"
    assert [c.id for c in home.cells] == ["introduction", "titre-carte", "carte",
                                          "titre-donnees", "donnees"]
    assert f"[l'accueil du parcours]({HOME})" in home.cells[0].source
    assert home.cells[0].source.startswith("# Parcours Startup d'État\n\nUn cours")
    assert home.cells[2].source == "sommaire()"
    links = home.cells[-1].outputs[0]["data"]["text/html"]
    for name in ("registres_objets", "suivi_mensuel"):
        assert f'href="donnees-tableur/{name}.csv" download="{name}.csv"' in links
    pages = dict(facilitator_pages())
    assert list(pages) == ["index", "agenda", "salle-sans-python"]
    assert [c.id for c in pages["index"].cells] == [
        "introduction", "titre-agenda", "agenda", "titre-classe", "titre-salle", "titre-carte",
        "carte"]
    assert "(salle-sans-python.ipynb)" in pages["index"].cells[4].source
    assert f"agenda --debut {DAY_START}`" in pages["index"].cells[1].source
    assert [c.id for c in pages["agenda"].cells] == ["titre", "agenda"]
    agenda = pages["agenda"].cells[1]
    assert agenda.metadata["tags"] == ["fc-sans-code"]
    assert "<table" in agenda.outputs[0]["data"]["text/html"]
    for nb in [home, *pages.values()]:
        assert all("{{" not in c.source and "{%" not in c.source for c in nb.cells)


def test_the_sites_python_holds_no_page_text() -> None:
    """The site's pages have their words in templates/pages/, not in the build's code."""
    from importlib import resources

    code = (resources.files("fabrique_course.publishing") / "_site.py").read_text(
        encoding="utf-8")
    for words in ("Parcours Startup d'État —", "Les leçons", "Déroulé type",
                  "tableau de bord de la classe", "accueil.ipynb"):
        assert words not in code, words


def test_jupyter_nbconvert_to_fabrique(tmp_path: Path) -> None:
    """The command a user types, on a real course notebook (not executed)."""
    target = tmp_path / "glossaire.html"
    run = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "fabrique",
         str(REPO / "notebooks" / "glossaire.ipynb"), "--output-dir", str(tmp_path)],
        capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    text = target.read_text(encoding="utf-8")
    assert '<html lang="fr">' in text
    assert "<script src=" not in text


def test_python_grader_still_matches_the_shared_vectors() -> None:
    """The Python grader gives the shared vectors' results, and the vectors file is up to date."""
    doc = json.loads(VECTORS.read_text(encoding="utf-8"))
    banks = {name: load_bank(name) for name in {k.split("/")[0] for k in doc["questions"]}}
    for case in doc["cases"]:
        bank, qid = case["question"].split("/")
        q: Question = banks[bank].get(qid)
        r = grade(q, case["answer"])
        assert (r.status, r.score, r.message) == (
            case["expected"]["status"], case["expected"]["score"],
            case["expected"]["message"]), case
    statuses = {c["expected"]["status"] for c in doc["cases"]}
    assert statuses == set(STATUSES)
    assert load_tool("make_grading_vectors").main(["--check"]) == 0


def test_site_build_refuses_an_empty_source(tmp_path: Path) -> None:
    """Building the site from a folder without notebooks fails with a French SiteError."""
    from fabrique_course._errors import SiteError
    from fabrique_course.publishing._site import build_site

    (tmp_path / "vide").mkdir()
    with pytest.raises(SiteError, match="aucun notebook"):
        build_site(tmp_path / "_site", source=tmp_path / "vide")


def test_site_caches_executions_and_pages_and_a_question_fix_costs_no_execution(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild reuses executions and pages; a question fix re-renders pages and runs nothing."""
    import shutil

    from fabrique_course import _banks
    from fabrique_course.publishing._site import build_site

    root = tmp_path / "cours"
    shutil.copytree(REPO / "content", root / "content")
    (root / "notebooks").mkdir()
    for name in ("accueil.ipynb", "00_demarche.ipynb"):
        shutil.copyfile(REPO / "notebooks" / name, root / "notebooks" / name)
    monkeypatch.setenv("FABRIQUE_COURSE_ROOT", str(root))
    monkeypatch.setenv("FABRIQUE_COURSE_CACHE", str(tmp_path / "cache"))
    _banks._load.cache_clear()
    out = tmp_path / "_site"
    first = build_site(out, archive=False)
    assert (first.cached, first.pages_cached) == (0, 0)
    _nbconvert_pass_would_change_nothing(out)
    second = build_site(out, archive=False)
    assert second.cached == 2
    assert second.pages_cached == len(second.pages)
    bank = root / "content" / "quiz" / "00_demarche.yaml"
    q = load_bank("00_demarche").questions[0]
    first_line = q.prompt.splitlines()[0]
    bank.write_text(bank.read_text(encoding="utf-8").replace(
        first_line, "Version corrigée : " + first_line, 1), encoding="utf-8")
    _banks._load.cache_clear()
    third = build_site(out, archive=False)
    assert third.cached == 2  # no notebook ran again
    assert 0 < third.pages_cached < len(third.pages)
    assert "Version corrigée" in (out / "00_demarche.html").read_text(encoding="utf-8")
    _banks._load.cache_clear()


def test_an_execution_runs_again_when_data_package_code_or_a_library_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The execution cache is keyed on what outputs depend on: a data set, the package's
    code, a library's version; each change runs the notebook again, nothing else does."""
    import importlib.metadata
    import shutil

    from fabrique_course.publishing import _cache
    from fabrique_course.publishing._site import build_site

    root = tmp_path / "cours"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "notebooks", root / "notebooks")  # the facilitator's agenda
    source = tmp_path / "publies"  # the one notebook this site publishes
    source.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("6 * 7", id="calcul")]
    nbformat.write(nb, source / "essai.ipynb")
    monkeypatch.setenv("FABRIQUE_COURSE_ROOT", str(root))
    monkeypatch.setenv("FABRIQUE_COURSE_CACHE", str(tmp_path / "cache"))

    def ran() -> int:
        """How many notebooks the build ran (the others came from the cache)."""
        report = build_site(tmp_path / "_site", source=source, archive=False, jobs=1)
        return 1 - report.cached

    assert ran() == 1
    assert ran() == 0  # nothing moved
    data = sorted(p for p in (root / "content" / "data").glob("*") if p.is_file())[0]
    data.write_bytes(data.read_bytes() + b"\n")
    assert ran() == 1  # a data set changed
    package = tmp_path / "paquet"
    shutil.copytree(_cache._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(_cache, "_PACKAGE", package)
    assert ran() == 0  # the same code, elsewhere
    (package / "_numbers.py").write_text((package / "_numbers.py").read_text(
        encoding="utf-8") + "\n# modifié\n", encoding="utf-8")
    assert ran() == 1  # the package's code changed
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda dist: "99.0" if dist == "pandas" else real(dist))
    assert ran() == 1  # a library that shapes outputs changed version
    assert ran() == 0


def _nbconvert_pass_would_change_nothing(site: Path) -> None:
    """The pages skip ``HTMLExporter``'s last pass (BeautifulSoup: an English ``alt`` for
    images without one, ``tabindex`` on the lab template's cell wrappers): on every page
    of the site, it would find nothing to do."""
    from bs4 import BeautifulSoup

    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), features="html.parser")
        found = [str(e)[:80] for selector in ("img:not([alt])",
                                              ".jp-Notebook div.jp-Cell-inputWrapper",
                                              ".jp-Notebook div.jp-OutputArea-output")
                 for e in soup.select(selector)]
        assert found == [], page.name


# --------------------------------------------------------------------------- feedback Markdown

def page_data(page: str) -> dict[str, Any]:
    """The questions' data of an exported page (its inline JSON)."""
    found = re.search(r'class="fc-questions"[^>]*>(.*?)</script>', page, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_page_and_slides_carry_the_feedback_markdown_rendered_and_escaped(
        course: Path) -> None:
    """A Markdown feedback line reaches the page and the deck as HTML made at build time."""
    path = course / "content" / "quiz" / "99_essai.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "feedback: Oui, l'impact mesuré.",
        'feedback: "Oui : une *petite* équipe, **gras**, <script>alert(1)</script>."'),
        encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.metadata["fabrique_course"] = {"phase": 0, "title": "Essai"}
    nb.cells = [nbformat.v4.new_code_cell('quiz("99_essai", ["choix-unique"])', id="q")]
    line = "Oui : une *petite* équipe, **gras**, <script>alert(1)</script>."
    rendered = ("Oui : une <em>petite</em> équipe, <strong>gras</strong>, "
                "&lt;script&gt;alert(1)&lt;/script&gt;.")
    deck, _ = FabriqueSlidesExporter().from_notebook_node(
        nbformat.from_dict(nb), resources={"metadata": {"name": "99_essai"}})
    for page in (export(nb, name="99_essai"), str(deck)):
        assert "<script>alert" not in page
        assert page_data(page)["99_essai/choix-unique"]["details_html"] == {line: rendered}
    widget = feedback_html(grade(load_bank("99_essai").get("choix-unique"), "impact"))
    assert f"<p>{rendered}</p>" in widget  # the same HTML as in JupyterLab


def test_page_shows_each_feedback_line_as_jupyterlab_does() -> None:
    """For every shared vector, each line the page grader writes has the widget's HTML."""
    doc = json.loads(VECTORS.read_text(encoding="utf-8"))
    checked = 0
    for case in doc["cases"]:
        bank, qid = case["question"].split("/")
        result = grade(load_bank(bank).get(qid), case["answer"])
        rich = doc["questions"][case["question"]]["details_html"]
        for line in result.details:
            expected = detail_html(result, line)
            if result.status != "unreadable" and line in rich:
                assert rich[line] == expected, case
                checked += 1
            else:  # the page shows the line as text: the widget's HTML must read the same
                assert html.unescape(expected) == line, case
    assert checked > 20


def test_no_feedback_of_the_course_shows_markdown_markers() -> None:
    """Every real bank: no feedback a learner can get reads « ** » or a lone « *mot* »."""
    doc = json.loads(VECTORS.read_text(encoding="utf-8"))
    answers: dict[str, list[Any]] = {}
    for case in doc["cases"]:
        answers.setdefault(case["question"], []).append(case["answer"])
    emphasised = 0
    for name in bank_names():
        for q in load_bank(name).questions:
            for answer in [*answers[q.key], *_probe_answers(q)]:
                shown = feedback_html(grade(q, answer))
                text = visible_text(shown)
                assert not MARKDOWN_MARKERS.search(text), (q.key, answer, text)
                emphasised += "<em>" in shown or "<strong>" in shown
    assert emphasised > 0


def test_a_page_showing_progress_depends_on_the_exercise_titles_it_shows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The course map (sommaire) and a lesson's progress block show its exercises' titles:
    changing an exercise's texts file changes their page key, not an unrelated page's."""
    import shutil

    import nbformat

    from fabrique_course.publishing._cache import page_key

    root = tmp_path / "cours"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    monkeypatch.setenv("FABRIQUE_COURSE_ROOT", str(root))

    def page(source: str) -> str:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source, id="page")])
        return page_key("commun", "apprenant", "page", nb)

    before = {s: page(s) for s in ("sommaire()", 'progress("04_acceleration")',
                                   'progress("00_demarche")')}
    texts = root / "content" / "exercices" / "04_ab_test.yaml"
    texts.write_text(texts.read_text(encoding="utf-8").replace(
        "title: Lire un A/B test", "title: Lire un test A/B"), encoding="utf-8")
    after = {s: page(s) for s in before}
    assert after["sommaire()"] != before["sommaire()"]
    assert after['progress("04_acceleration")'] != before['progress("04_acceleration")']
    assert after['progress("00_demarche")'] == before['progress("00_demarche")']
