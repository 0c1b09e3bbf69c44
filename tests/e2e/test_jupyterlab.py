"""The learner's journey in a real JupyterLab and a real Chromium."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import expect

from fabrique_course import load_bank, releve
from fabrique_course._report import question_numbers, short_title

from ..test_jupyter_settings import course_texts, menu_paths
from .conftest import REPO, SCREENSHOTS, Lab

pytestmark = pytest.mark.e2e

_COUNTER = itertools.count()
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))

# JavaScript run in the page; ``panel(path)`` finds the notebook tab of a file.
# Until JupyterLab has started, ``jupyterapp`` does not exist: ``panel`` then gives
# ``undefined`` (the predicate keeps polling) instead of throwing (which would end the wait).
PANEL = """const panel = (path) => (typeof window.jupyterapp === 'undefined' || !jupyterapp.shell)
  ? undefined
  : Array.from(jupyterapp.shell.widgets('main')).find(w => w.context && w.context.path === path);"""
KERNEL_IDLE = PANEL + """
const w = panel(%s);
const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
return Boolean(k && k.status === 'idle' && w.content.widgets.length
               && jupyterapp.shell.currentWidget === w);"""
ALL_RAN = PANEL + """
const w = panel(%s);
const code = w.content.widgets.filter(c => c.model.type === 'code');
return code.every(c => c.model.executionCount !== null)
  && w.sessionContext.session.kernel.status === 'idle';"""
BAD_OUTPUTS = PANEL + """
return panel(%s).content.widgets
  .filter(c => c.model.type === 'code')
  .flatMap(c => c.model.outputs.toJSON())
  .filter(o => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))
  .map(o => o.ename ? o.ename + ': ' + o.evalue : o.text);"""


def _js(template: str, path: str) -> str:
    return "() => { " + template % json.dumps(path) + " }"


def open_notebook(page: Any, lab: Lab, name: str) -> None:
    """Open ``name`` in JupyterLab, in front, and wait for its kernel to be ready.

    The first notebook of a page is opened in a fresh JupyterLab workspace of its own, so
    that no tab restored from an earlier test takes the focus; later ones open beside it.
    """
    if page.url.startswith(lab.url):
        page.evaluate(f"jupyterapp.commands.execute('docmanager:open', "
                      f"{{path: {json.dumps(name)}}})")
    else:
        workspace = f"e2e-{next(_COUNTER)}"
        page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{name}?reset")
    page.wait_for_function(_js(KERNEL_IDLE, name), timeout=120_000)


def current(page: Any) -> Any:
    """Locator of the notebook panel in front (other tabs stay in the DOM)."""
    return page.locator("#" + page.evaluate("jupyterapp.shell.currentWidget.id"))


def run_all(page: Any) -> list[str]:
    """Run every cell of the notebook in front; return its error or stderr outputs."""
    path = page.evaluate("jupyterapp.shell.currentWidget.context.path")
    page.evaluate("jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.evaluate("jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(_js(ALL_RAN, path), timeout=120_000)
    return list(page.evaluate(_js(BAD_OUTPUTS, path)))


def focused(page: Any, script: str) -> Any:
    """The value of the JavaScript expression ``script`` about the focused element ``e``."""
    return page.evaluate(f"(() => {{ const e = document.activeElement; return {script}; }})()")


def answer_with_keyboard(page: Any, question: str, option: str) -> Any:
    """Choose ``option`` of radio question ``question`` and validate, keyboard only."""
    box = current(page).locator(f".fc-00-demarche-{question}")
    expect(box).to_be_visible()
    box.scroll_into_view_if_needed()
    box.locator("input[type=radio]").first.focus()
    for _ in range(15):
        if focused(page, "e.closest('label') && e.closest('label').textContent.trim()") == option:
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail(f"option « {option} » jamais atteinte au clavier")
    page.keyboard.press("Space")
    assert focused(page, "e.checked") is True
    for _ in range(15):
        if focused(page, "e.classList.contains('fc-valider')"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("bouton « Valider » jamais atteint au clavier")
    page.keyboard.press("Enter")
    feedback = box.locator(f".fc-00-demarche-{question}-feedback [role=status]")
    feedback.wait_for()
    return feedback


def export(lab: Lab) -> dict[str, Any]:
    """What `fabrique-course progression --export` writes for the test workspace."""
    target = lab.workspace.parent / "export-e2e.json"
    cli = Path(sys.executable).with_name("fabrique-course")
    subprocess.run([str(cli), "progress", "--espace", str(lab.workspace), "--export",
                    str(target)], check=True, capture_output=True)
    return dict(json.loads(target.read_text(encoding="utf-8")))


def test_home_shows_the_course_and_opens_a_lesson(page: Any, lab: Lab) -> None:
    """The home explains the course, maps the lessons with minutes, and its links open them."""
    open_notebook(page, lab, "accueil.ipynb")
    assert run_all(page) == []
    expect(current(page).get_by_role("heading", name="Comment utiliser ce cours")).to_have_count(1)
    table = current(page).locator(".fc-sommaire table")
    expect(table).to_contain_text("La démarche Startup d'État")
    expect(table).to_contain_text("35 + 20 min")
    expect(current(page).locator(".fc-sommaire")).to_contain_text("Prochaine étape")
    assert page.get_by_text("official Jupyter news").count() == 0
    table.get_by_role("link", name="La démarche Startup d'État").click()
    page.wait_for_function(_js(KERNEL_IDLE, "00_demarche.ipynb"))


def test_jupyterlab_speaks_french(page: Any, lab: Lab) -> None:
    """The menus are in French, and every menu path the course names opens as written."""
    open_notebook(page, lab, "accueil.ipynb")
    bar = page.locator("#jp-menu-panel")
    for title in ("Fichier", "Édition", "Affichage", "Exécution", "Noyau", "Paramètres"):
        expect(bar.get_by_role("menuitem", name=title, exact=True)).to_be_visible()
    texts = course_texts()
    assert menu_paths(texts["accueil.ipynb"]), "l'accueil ne nomme plus de chemin de menu"
    for path in [path for text in texts.values() for path in menu_paths(text)]:
        where = " › ".join(path)
        title = bar.get_by_role("menuitem", name=path[0], exact=True)
        expect(title, f"menu absent : {where}").to_be_visible(timeout=5_000)
        title.click()
        for label in path[1:]:
            entry = page.locator(".lm-Menu").last.locator(".lm-Menu-itemLabel").get_by_text(
                label, exact=True)
            expect(entry, f"entrée absente : {where}").to_be_visible(timeout=5_000)
            entry.hover()
        for _ in path:
            page.keyboard.press("Escape")
    # The course's own exporter is offered in the export menu (JupyterLab names it « Fabrique »).
    bar.get_by_role("menuitem", name="Fichier", exact=True).click()
    menus = page.locator(".lm-Menu")
    menus.get_by_text("Enregistrer et exporter le notebook comme", exact=True).hover()
    expect(menus.last.get_by_text("Fabrique", exact=True)).to_be_visible()
    page.keyboard.press("Escape")


def test_lesson_answers_feedback_and_progress_after_restart(page: Any, lab: Lab) -> None:
    """Keyboard answers get feedback; after a kernel restart progress still shows them."""
    open_notebook(page, lab, "00_demarche.ipynb")
    assert run_all(page) == []
    expect(current(page).locator(".fc-question")).to_have_count(18)
    nav = current(page).locator(".jp-MarkdownCell").first
    nav.scroll_into_view_if_needed()
    expect(nav).to_contain_text("Leçon 00 · Démarche")
    expect(nav.get_by_role("link", name="Accueil du parcours")).to_be_visible()

    right = answer_with_keyboard(page, "manifeste-pilier-impact", "La mesure de l'impact")
    assert "Bonne réponse" in right.inner_text()
    sunk_cost = "Construire quand même un service, pour ne pas perdre le travail déjà fait"
    wrong = answer_with_keyboard(page, "arret-neuf-semaines", sunk_cost)
    assert "Idée reçue" in wrong.inner_text()
    assert "Pour retenir" in wrong.inner_text()

    # Arrow keys on a focused drop-down list change the answer, not the notebook cell.
    order = current(page).locator(".fc-00-demarche-phases-ordre-parcours select").first
    order.scroll_into_view_if_needed()
    order.focus()
    page.keyboard.press("ArrowDown")
    assert focused(page, "e.tagName") == "SELECT"
    assert order.evaluate("e => e.selectedIndex") == 1

    page.evaluate("jupyterapp.shell.currentWidget.sessionContext.restartKernel()")
    page.wait_for_function(_js(KERNEL_IDLE, "00_demarche.ipynb"))
    assert run_all(page) == []
    shown = current(page).locator(".fc-progress")
    expect(shown).to_contain_text("2 question(s) répondue(s) sur 18, 1 juste(s)")
    expect(shown).to_contain_text("À revoir :")
    number = question_numbers("00_demarche")["arret-neuf-semaines"]
    title = short_title(load_bank("00_demarche").get("arret-neuf-semaines").prompt)
    expect(shown.locator("li", has_text=f"Question {number} — ")).to_have_text(
        f"Question {number} — {title} (à revoir)")
    expect(shown).not_to_contain_text("arret-neuf-semaines")


def test_two_notebooks_open_at_once_both_record(page: Any, lab: Lab) -> None:
    """Answers given in two notebooks open side by side (two kernels) are all kept."""
    scratch = nbformat.v4.new_notebook()
    scratch.cells = [nbformat.v4.new_code_cell(
        'from fabrique_course import quiz\nquiz("00_demarche", "sponsor-choisir")', id="quiz")]
    scratch.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}
    nbformat.write(scratch, lab.workspace / "brouillon.ipynb")

    open_notebook(page, lab, "brouillon.ipynb")
    assert run_all(page) == []
    first = current(page).locator(".fc-00-demarche-sponsor-choisir")
    expect(first).to_be_visible()
    first.get_by_text("Son supérieur direct, qui tient à valider chacune de ses décisions",
                      exact=False).click()
    first.locator(".fc-valider").click()
    first.locator("[role=status]").wait_for()

    open_notebook(page, lab, "00_demarche.ipynb")
    assert run_all(page) == []
    second = current(page).locator(".fc-00-demarche-beta-etapes-nombre")
    expect(second).to_be_visible()
    second.scroll_into_view_if_needed()
    second.locator("input[type=text]").fill("4")
    second.locator(".fc-valider").click()
    expect(second.locator("[role=status]")).to_contain_text("Bonne réponse")

    sessions = page.evaluate(
        "jupyterapp.serviceManager.sessions.refreshRunning().then(() => "
        "Array.from(jupyterapp.serviceManager.sessions.running()).map(s => s.path))")
    assert {"brouillon.ipynb", "00_demarche.ipynb"} <= set(sessions)
    events = export(lab)["events"]
    answered = {(e["question_id"], e["status"]) for e in events}
    assert ("sponsor-choisir", "incorrect") in answered
    assert ("beta-etapes-nombre", "correct") in answered


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_runs_in_the_browser(page: Any, lab: Lab, name: str) -> None:
    """Each course notebook runs all its cells in JupyterLab without an error output."""
    open_notebook(page, lab, name)
    assert run_all(page) == []
    assert current(page).locator(".jp-OutputArea-output:has-text('Traceback')").count() == 0


def test_formulaire_ab_test_by_keyboard_only(page: Any, lab: Lab) -> None:
    """The 04_ab_test form, filled and checked by keyboard only, says « juste »."""
    open_notebook(page, lab, "04_acceleration.ipynb")
    assert run_all(page) == []
    form = current(page).locator(".fc-formulaire-04_ab_test")
    expect(form).to_be_visible()
    form.scroll_into_view_if_needed()
    form.locator(".fc-champ-ecart_points input").focus()
    typed = [("ecart_points", "12"), ("hausse_relative", "30 %"),
             ("intervalle_ecart_points-bas", "5,54"), ("intervalle_ecart_points-haut", "18,46"),
             ("p_valeur", "0,000304"), ("taille_par_groupe_api", "294"), ("", "")]
    for key, text in typed:
        target = f".fc-champ-{key}" if key else ".fc-verifier"
        for _ in range(6):
            if focused(page, f"Boolean(e.closest({json.dumps(target)}))"):
                break
            page.keyboard.press("Tab")
        else:
            pytest.fail(f"« {target} » jamais atteint au clavier")
        page.keyboard.type(text)
    page.keyboard.press("Enter")
    verdict = form.locator(".fc-feedback-area [role=status]")
    expect(verdict).to_have_attribute("data-state", "correct")
    expect(verdict).to_contain_text("Tout est juste (5 sur 5)")


def test_writing_task_saves_by_keyboard_and_comes_back_after_a_restart(
        page: Any, lab: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writing task's text area has a real label; typed in and saved by keyboard, the
    text is announced, comes back after a kernel restart, is in the export, and
    releve() reads it from the workspace."""
    open_notebook(page, lab, "00_demarche.ipynb")
    assert run_all(page) == []
    box = current(page).locator(".fc-ecrit-00-demarche-fil-rouge-exercice")
    expect(box).to_be_visible()
    box.scroll_into_view_if_needed()
    area = box.locator("textarea")
    label = box.locator(f'label[for="{area.get_attribute("id")}"]')
    expect(label).to_contain_text("le problème réécrit")
    answer = box.locator(".fc-ecrit-00-demarche-fil-rouge-exercice-statut [role=status]")
    area.focus()
    page.keyboard.type("Quand je perds un objet, je ne sais pas où le chercher.")
    page.keyboard.press("Enter")
    page.keyboard.type("Et personne ne me le dit.")
    for _ in range(4):
        if focused(page, "e.classList.contains('fc-ecrit-00-demarche-fil-rouge-exercice-"
                         "enregistrer')"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("bouton « Enregistrer » jamais atteint au clavier")
    page.keyboard.press("Enter")
    expect(answer).to_contain_text("Texte enregistré le ")
    assert answer.get_attribute("aria-live") == "polite"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    box.screenshot(path=str(SCREENSHOTS / "ecrire-jupyterlab.png"))
    page.evaluate("jupyterapp.shell.currentWidget.sessionContext.restartKernel()")
    page.wait_for_function(_js(KERNEL_IDLE, "00_demarche.ipynb"))
    assert run_all(page) == []
    expect(box.locator("textarea")).to_have_value(
        "Quand je perds un objet, je ne sais pas où le chercher.\nEt personne ne me le dit.")
    expect(answer).to_contain_text("Dernière version enregistrée le ")
    writings = export(lab)["writings"]
    assert [(w["task_id"], w["origin"]) for w in writings] == [("fil-rouge-exercice", "jupyter")]

    monkeypatch.setenv("FABRIQUE_COURSE_WORKSPACE", str(lab.workspace))
    shown = releve("00_demarche")
    assert "Textes écrits : 1 sur 1." in shown._repr_html_()  # type: ignore[union-attr]
    assert "Et personne ne me le dit." in repr(shown)
