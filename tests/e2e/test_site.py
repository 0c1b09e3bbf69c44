"""The static site in a real Chromium: keyboard answers, reload, no outside request,
axe-core on every page, the shared grading vectors run by the page's grader, export."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fabrique_course.publishing._site import build_site

from .conftest import SCREENSHOTS

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "data" / "grading-vectors.json"
EXERCISE_VECTORS = REPO / "tests" / "data" / "exercise-vectors.json"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The learner site, built once for the session (notebooks executed), with every
    lesson's decks when npm can bring reveal.js."""
    out = tmp_path_factory.mktemp("site") / "_site"
    build_site(out, decks=shutil.which("npm") is not None)
    return out


@pytest.fixture
def site_page(browser: Any, site: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page that records every request; fails the test on any request outside the site."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="fr-FR",
                                  accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    outside: list[str] = []
    errors: list[str] = []
    roots = [site.resolve().as_uri()]  # a test that builds another site adds its root

    def record(req: Any) -> None:
        if not (any(req.url.startswith(root + "/") for root in roots)
                or req.url.startswith("blob:") or req.url.startswith("data:")):
            outside.append(req.url)

    pg.on("request", record)
    pg.fc_roots = roots
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            pg.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not outside, f"requêtes hors du site : {outside}"
    assert not errors, f"erreurs JavaScript : {errors}"


def url(site: Path, page: str) -> str:
    """The file:// address of ``page`` in the built site."""
    return (site / page).resolve().as_uri()


def form_key(form: Any) -> str:
    """``<notebook>/<question id>``: how a form's question is named in the page's data."""
    return f"{form.get_attribute('data-notebook')}/{form.get_attribute('data-question-id')}"


def shown_option(form: Any, questions: dict[str, Any], *, correct: bool) -> int:
    """The position, as shown (options may be shuffled), of the first right (or wrong)
    option of a single-choice form."""
    shown = [i.get_attribute("value") for i in form.locator("input").all()]
    options = {o["id"]: o for o in questions[form_key(form)]["options"]}
    return next(k for k, v in enumerate(shown) if options[v]["correct"] == correct)


def page_questions(pg: Any) -> dict[str, Any]:
    """The page's questions (the site loads them from assets/questions/<page>.js)."""
    return dict(pg.evaluate("window.FabriqueQuestions || JSON.parse("
                            "document.querySelector('script.fc-questions').textContent)"))


def test_site_has_every_page_assets_and_zip(site: Path) -> None:
    """Every notebook has its French page; assets and zip exist; nothing loads from outside."""
    names = sorted(p.name for p in site.glob("*.html"))
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        assert f"{notebook.stem}.html" in names
    assert "index.html" in names
    assert sorted(p.name for p in (site / "assets").iterdir()) == [
        "fabrique-bilan.js", "fabrique-course.js", "fabrique-exercise.js", "fabrique-grader.js",
        "fabrique-revision.js", "fabrique.css", "pygments.css", "questions"]
    for page in site.glob("*.html"):
        if 'class="fc-question"' in page.read_text(encoding="utf-8"):
            assert (site / "assets" / "questions" / f"{page.stem}.js").is_file()
    with zipfile.ZipFile(site.with_name("parcours-startup-etat-site.zip")) as archive:
        assert "_site/index.html" in archive.namelist()
        assert not [n for n in archive.namelist() if n.startswith("_site/animateur/")]
    assert (site / "animateur" / "index.html").is_file()
    index = (site / "index.html").read_text(encoding="utf-8")
    for data_set in sorted((REPO / "content" / "data" / "tableur").glob("*.csv")):
        copied = site / "donnees-tableur" / data_set.name
        assert copied.read_bytes() == data_set.read_bytes()
        assert f'href="donnees-tableur/{data_set.name}"' in index
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="fr">' in text
        # Hyperlinks to the sources are fine (nothing loads until clicked); nothing that
        # loads by itself may point outside: scripts, images, style sheets, frames.
        for bad in ('src="http', "src='http", 'src="//', 'stylesheet" href="http'):
            assert bad not in text, (page.name, bad)


def test_learner_and_facilitator_editions_of_each_lesson(site: Path) -> None:
    """The learner pages have no facilitator note and no answer key; the facilitator pages
    have both, and their solutions open."""
    lessons = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for name in lessons:
        learner = (site / f"{name}.html").read_text(encoding="utf-8")
        facilitator = (site / "animateur" / f"{name}.html").read_text(encoding="utf-8")
        for marker in ('class="fc-animateur"', "Clé des réponses", "Activité de groupe"):
            assert marker not in learner, (name, marker)
            assert marker in facilitator, (name, marker)
        if '<details class="fc-solution">' in learner:
            assert re.search(r'<details class="fc-solution" open(="")?>', facilitator)
    index = (site / "animateur" / "index.html").read_text(encoding="utf-8")
    assert "Déroulé de la séance" in index
    assert "fabrique-course classe DOSSIER" in index
    assert (site / "animateur" / "agenda.html").is_file()


def answer_with_keyboard(pg: Any, form: Any, option_index: int) -> None:
    """Focus the first option, move with the arrow keys, submit with Enter."""
    form.locator("input").first.focus()
    for _ in range(option_index):
        pg.keyboard.press("ArrowDown")
    if option_index == 0:
        pg.keyboard.press("Space")
    pg.keyboard.press("Enter")


def test_keyboard_right_and_wrong_answers_are_announced(site_page: Any, site: Path) -> None:
    """At the keyboard, a wrong then a right answer are announced in a polite live region."""
    pg = site_page
    pg.goto(url(site, "00_demarche.html"))
    questions = page_questions(pg)
    form = pg.locator('form.fc-question[data-type="single"]').first
    right = shown_option(form, questions, correct=True)
    wrong = shown_option(form, questions, correct=False)
    status = form.locator('[role="status"]')
    assert status.get_attribute("aria-live") == "polite"

    answer_with_keyboard(pg, form, wrong)
    assert form.get_attribute("data-state") == "incorrect"
    assert status.inner_text().startswith("Ce n'est pas la bonne réponse.")
    answer_with_keyboard(pg, form, right)
    assert form.get_attribute("data-state") == "correct"
    assert status.inner_text().startswith("Bonne réponse !")
    assert "Pour retenir" in status.inner_text()

    numeric = pg.locator('form.fc-question[data-type="numeric"]').first
    field = numeric.locator('input[inputmode="decimal"]')
    field.focus()
    pg.keyboard.type("douze")
    pg.keyboard.press("Enter")
    assert numeric.get_attribute("data-state") == "unreadable"
    assert "un nombre écrit en chiffres" in numeric.locator('[role="status"]').inner_text()


def test_feedback_shows_the_authors_emphasis(site_page: Any, site: Path) -> None:
    """The feedback's Markdown reads as emphasis in the page, never as « *petite* »."""
    pg = site_page
    pg.goto(url(site, "00_demarche.html"))
    form = pg.locator('form.fc-question[data-question-id="startup-etat-definition"]')
    form.locator('input[value="petite-equipe"]').check()
    form.locator("button").click()
    assert form.get_attribute("data-state") == "correct"
    status = form.locator('[role="status"]')
    assert status.get_attribute("aria-live") == "polite"
    assert status.locator("em").first.inner_text() == "petite"
    assert "*" not in status.inner_text()


def test_answers_survive_a_reload_and_reach_the_course_map(site_page: Any, site: Path) -> None:
    """An answer is still there after a reload and is counted on the course map."""
    pg = site_page
    pg.goto(url(site, "01_investigation.html"))
    form = pg.locator('form.fc-question[data-type="single"]').first
    qid = form.get_attribute("data-question-id")
    answer_with_keyboard(pg, form, 1)
    state = form.get_attribute("data-state")
    assert state in ("correct", "incorrect")
    pg.reload()
    form = pg.locator(f'form.fc-question[data-question-id="{qid}"]').first
    assert form.get_attribute("data-state") == state
    assert form.locator("input:checked").count() == 1
    pg.goto(url(site, "index.html"))
    block = pg.locator('[data-fc-progres="01_investigation"] .fc-progres-texte')
    assert block.inner_text().startswith("1 question(s) répondue(s) sur ")


def test_order_and_match_use_native_selects(site_page: Any, site: Path) -> None:
    """Order and match questions are answered with native, labelled selects, and graded."""
    pg = site_page
    pg.goto(url(site, "00_demarche.html"))
    questions = page_questions(pg)
    order = pg.locator('form.fc-question[data-type="order"]').first
    key = form_key(order)
    for k, item in enumerate(questions[key]["items"], start=1):
        order.locator(f'select[data-position="{k}"]').select_option(item["id"])
    order.locator("button").press("Enter")
    assert order.get_attribute("data-state") == "correct"
    match = pg.locator('form.fc-question[data-type="match"]').first
    key = form_key(match)
    items = questions[key]["items"]
    match.locator(f'select[data-item="{items[0]["id"]}"]').select_option(items[0]["match"])
    match.locator("button").click()
    assert match.get_attribute("data-state") in ("partial", "correct")
    for select in match.locator("select").all():
        label = pg.locator(f'label[for="{select.get_attribute("id")}"]')
        assert label.count() == 1


def test_download_gives_the_versioned_export(site_page: Any, site: Path) -> None:
    """« Télécharger mes réponses » gives a versioned export valid against the package schema."""
    pg = site_page
    pg.goto(url(site, "02_conception.html"))
    form = pg.locator('form.fc-question[data-type="single"]').first
    answer_with_keyboard(pg, form, 0)
    pg.get_by_label("Votre pseudonyme, pour nommer le fichier").fill("Camille")
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Télécharger mes réponses").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert "writings" not in data  # no text written: the optional field is left out
    schema = json.loads((resources.files("fabrique_course") / "schemas" /
                         "progress-export.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["format"] == "fabrique-course/progression"
    assert data["version"] == 2
    assert data["exercises"] == []
    assert [e["origin"] for e in data["events"]] == ["site"]
    assert data["events"][0]["question_id"] == form.get_attribute("data-question-id")


def test_shared_grading_vectors_in_the_page(site_page: Any, site: Path) -> None:
    """The page's JavaScript grader gives exactly the Python grader's results."""
    pg = site_page
    pg.goto(url(site, "index.html"))
    doc = json.loads(VECTORS.read_text(encoding="utf-8"))
    mismatches = pg.evaluate(
        """(doc) => doc.cases.filter((c) => {
             const r = window.FabriqueGrader.grade(doc.questions[c.question], c.answer);
             return r.status !== c.expected.status || Math.abs(r.score - c.expected.score) > 1e-12
                    || r.message !== c.expected.message;
           }).slice(0, 5)""", doc)
    assert len(doc["cases"]) > 2000
    assert mismatches == []


def axe_violations(pg: Any) -> list[dict[str, Any]]:
    """The axe-core violations of the open page (id, impact, help, first three nodes)."""
    source = (resources.files("axe_playwright_python") / "axe.min.js").read_text(
        encoding="utf-8")
    pg.add_script_tag(content=source)
    result = pg.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations'], preload: false});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target)}));
    }""")
    return list(result)


def test_axe_finds_no_violation_on_any_page(site_page: Any, site: Path) -> None:
    """axe-core finds no violation on any page of the site, facilitator pages included."""
    pg = site_page
    found = {}
    for page in sorted([*site.glob("*.html"), *site.glob("animateur/*.html")]):
        pg.goto(page.resolve().as_uri())
        if page.name == "00_demarche.html":  # include an announced feedback
            answer_with_keyboard(pg, pg.locator('form.fc-question[data-type="single"]').first, 0)
        violations = axe_violations(pg)
        if violations:
            found[str(page.relative_to(site))] = violations
    assert found == {}


def test_one_h1_skip_link_and_visible_focus(site_page: Any, site: Path) -> None:
    """Each page has one h1, a skip link first in tab order, and a visible focus outline."""
    pg = site_page
    for name in ("index.html", "03_construction.html"):
        pg.goto(url(site, name))
        assert pg.locator("h1").count() == 1
        pg.keyboard.press("Tab")
        focused = pg.evaluate("document.activeElement.textContent")
        assert focused == "Aller au contenu"
        outline = pg.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"


def test_every_question_is_keyboard_ready_and_narrow_screens_do_not_scroll(
        site_page: Any, site: Path) -> None:
    """Each control of each quiz is a native, focusable, labelled control in a form with a
    submit button; at 375 px nothing makes the page scroll sideways (axe runs there too)."""
    pg = site_page
    pg.set_viewport_size({"width": 375, "height": 800})
    total = 0
    for page in sorted(site.glob("*.html")):
        pg.goto(url(site, page.name))
        problems = pg.evaluate("""() => {
            const out = [];
            document.querySelectorAll('form.fc-question').forEach((form) => {
              const controls = form.querySelectorAll('input, select');
              if (!controls.length) out.push(form.id + ': aucun contrôle');
              controls.forEach((c) => {
                if (c.disabled || c.tabIndex < 0) out.push(c.id + ': pas focalisable');
                if (!c.labels || !c.labels.length) out.push(c.id + ': sans étiquette');
              });
              if (!form.querySelector('button[type=submit]')) out.push(form.id + ': sans bouton');
            });
            return out;
        }""")
        assert problems == [], (page.name, problems)
        total += pg.locator("form.fc-question").count()
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (page.name, width)
        if page.name == "04_acceleration.html":
            assert axe_violations(pg) == []
    assert total >= 127


@pytest.mark.skipif(shutil.which("npm") is None,
                    reason="le thème « dsfr » s'installe avec npm, absent de cette machine")
def test_dsfr_edition_is_offline_and_accessible(site_page: Any, tmp_path: Path) -> None:
    """The official edition: @gouvfr/dsfr installed at build time, still no outside request."""
    source = tmp_path / "notebooks"
    source.mkdir()
    for name in ("accueil.ipynb", "00_demarche.ipynb"):
        shutil.copyfile(REPO / "notebooks" / name, source / name)
    out = tmp_path / "_site"
    build_site(out, source=source, theme="dsfr", archive=False)
    site_page.fc_roots.append(out.resolve().as_uri())
    assert (out / "assets" / "dsfr" / "dsfr.min.css").is_file()
    assert list((out / "assets" / "dsfr" / "fonts").glob("Marianne-*.woff2"))
    pg = site_page
    for name in ("index.html", "00_demarche.html"):
        pg.goto(url(out, name))
        assert pg.locator("header.fr-header").count() == 1
        assert axe_violations(pg) == []
    form = pg.locator('form.fc-question[data-type="single"]').first
    answer_with_keyboard(pg, form, 0)
    assert form.get_attribute("data-state") in ("correct", "incorrect")
    assert "fr-btn" in (form.locator("button").get_attribute("class") or "")
    font = pg.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith("Marianne")


@pytest.mark.skipif(shutil.which("npm") is None,
                    reason="reveal.js s'installe avec npm, absent de cette machine")
def test_slides_are_offline_quizzes_grade_and_notes_stay_with_the_facilitator(
        site_page: Any, tmp_path: Path) -> None:
    """Slides load nothing from outside; quizzes grade; notes only in the facilitator deck."""
    from fabrique_course.publishing._slides import build_slides

    learner = build_slides("00", tmp_path, execute=False)
    facilitator = build_slides("00", tmp_path, edition="animateur", execute=False)
    site_page.fc_roots.append(tmp_path.resolve().as_uri())
    learner_text = learner.read_text(encoding="utf-8")
    assert 'class="notes"' not in learner_text
    assert "Animation —" not in learner_text
    assert facilitator.read_text(encoding="utf-8").count('class="notes"') >= 5
    for text in (learner_text, facilitator.read_text(encoding="utf-8")):
        for bad in ('src="http', 'stylesheet" href="http', "unpkg", "cdnjs", "jsdelivr"):
            assert bad not in text
    pg = site_page
    pg.goto(facilitator.resolve().as_uri())
    assert pg.evaluate("Reveal.getTotalSlides()") > 5
    pg.evaluate("""() => { const s = document.querySelector('form.fc-question').closest('section');
                           const i = Reveal.getIndices(s); Reveal.slide(i.h, i.v); }""")
    form = pg.locator("form.fc-question").first
    before = pg.evaluate("JSON.stringify(Reveal.getIndices())")
    answer_with_keyboard(pg, form, 1)
    assert form.get_attribute("data-state") in ("correct", "incorrect")
    assert pg.evaluate("JSON.stringify(Reveal.getIndices())") == before  # keys stayed in the quiz


@pytest.mark.skipif(shutil.which("npm") is None,
                    reason="reveal.js s'installe avec npm, absent de cette machine")
def test_the_sites_decks_are_the_diapos_decks_and_stay_out_of_the_learners_zip(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``site --diapos`` writes each lesson's two decks, the very bytes ``diapos`` makes;
    ``diapos`` after a site build runs nothing; the room's zip has no deck."""

    from fabrique_course.publishing import _site
    from fabrique_course.publishing._slides import build_slides

    folder = site / "animateur" / "diapos"
    decks = sorted(p.name for p in folder.glob("*.html"))
    assert len(decks) == 12
    assert "00_demarche-diapos-animateur.html" in decks
    assert (folder / "assets" / "reveal" / "reveal.js").is_file()

    def no_run(path: str, timeout: int = 300) -> str:
        raise AssertionError(f"{path} exécuté à nouveau")

    monkeypatch.setattr(_site, "execute_notebook", no_run)
    for edition in ("apprenant", "animateur"):
        made = build_slides("00", tmp_path, edition=edition)
        assert made.read_bytes() == (folder / made.name).read_bytes()
    archive = site.with_name("parcours-startup-etat-site.zip")
    assert not [n for n in zipfile.ZipFile(archive).namelist() if "diapos" in n]


# --------------------------------------------------------------------------- exercises


def test_shared_exercise_vectors_in_the_page(site_page: Any, site: Path) -> None:
    """The page's exercise checker gives exactly the Python engine's verdicts."""
    pg = site_page
    pg.goto(url(site, "01_investigation.html"))
    doc = json.loads(EXERCISE_VECTORS.read_text(encoding="utf-8"))
    mismatches = pg.evaluate(
        """(doc) => doc.cases.filter((c) => {
             const fx = window.FabriqueExercise, ex = doc.exercises[c.exercise];
             const r = fx.check(ex, fx.formAnswer(ex, c.inputs));
             const plain = (r) => JSON.stringify([r.status, r.headline,
               r.fields.map((v) => [v.key, v.status, v.message, v.mistake])]);
             return plain(r) !== plain(c.expected);
           }).slice(0, 5)""", doc)
    assert len(doc["cases"]) > 300
    assert mismatches == []


def fill_form(form: Any, inputs: dict[str, str]) -> None:
    """Type ``inputs`` (input name -> text) into an exercise form; a choice is clicked."""
    for name, value in inputs.items():
        control = form.locator(f'input[name="{name}"]')
        if control.first.get_attribute("type") == "radio":
            if value:
                form.locator(f'input[name="{name}"][value="{value}"]').check()
        else:
            control.fill(value)


def exercise_pages(site: Path) -> dict[str, str]:
    """Exercise id -> the page whose form it is."""
    found = {}
    for page in sorted(site.glob("0*.html")):
        for ex_id in re.findall(r'data-exercise-id="([^"]+)"', page.read_text(encoding="utf-8")):
            found[ex_id] = page.name
    return found


def test_each_exercise_form_right_values_and_each_mistake(site_page: Any, site: Path) -> None:
    """Every exercise has its form on its lesson page: the right values give « correct »,
    each declared mistake gives that value « incorrect » with the mistake's message."""
    from fabrique_course.exercises._engine import exercise, exercise_ids

    from ..conftest import load_tool

    tool = load_tool("make_exercise_vectors")
    pages = exercise_pages(site)
    assert sorted(pages) == sorted(exercise_ids())
    pg = site_page
    mistakes = 0
    for ex_id, page in pages.items():
        ex = exercise(ex_id)
        pg.goto(url(site, page))
        form = pg.locator(f'form.fc-exercise[data-exercise-id="{ex_id}"]')
        status = form.locator("[role=status]")
        assert status.get_attribute("aria-live") == "polite"
        fill_form(form, tool.right(ex))
        form.get_by_role("button", name="Vérifier").click()
        assert status.get_attribute("data-state") == "correct", ex_id
        assert form.get_attribute("data-state") == "correct"
        assert "Tout est juste" in status.inner_text()
        for f in ex.fields:
            for m in f.mistakes:
                fill_form(form, tool.right(ex) | tool.put(f, m.value))
                form.get_by_role("button", name="Vérifier").click()
                verdict = status.locator(f'[data-field="{f.key}"]')
                assert verdict.get_attribute("data-state") == "incorrect", (ex_id, f.key, m.id)
                assert m.message[1:] in verdict.inner_text(), (ex_id, f.key, m.id)
                assert status.get_attribute("data-state") == "partial"
                mistakes += 1
    assert mistakes >= 20


def test_reference_verdict_is_folded_and_labelled(site_page: Any, site: Path) -> None:
    """No « Tout est juste » shows under the learner's empty template: the reference
    solution's verdict is inside the closed solution fold, labelled as such."""
    pg = site_page
    pg.goto(url(site, "01_investigation.html"))
    verdicts = pg.locator(".fc-exercice", has_text="Tout est juste")
    assert verdicts.count() == 1
    assert not verdicts.first.is_visible()
    fold = pg.locator("details.fc-solution", has=verdicts.first)
    assert fold.count() == 1
    assert "Résultat de la solution de référence" in (fold.text_content() or "")
    assert fold.get_attribute("open") is None


def test_exercise_form_by_keyboard_only_and_axe(site_page: Any, site: Path) -> None:
    """Tab, type, arrow keys and Enter complete an exercise; axe finds no violation on the
    page with its verdict shown. A screenshot of the filled form is kept."""
    from fabrique_course.exercises._engine import exercise

    from ..conftest import load_tool

    ex = exercise("01_dimensionner")
    right = load_tool("make_exercise_vectors").right(ex)
    pg = site_page
    pg.goto(url(site, "01_investigation.html"))
    form = pg.locator('form.fc-exercise[data-exercise-id="01_dimensionner"]')
    form.locator("input").first.focus()
    for f in ex.fields:
        if f.kind == "choix":
            keys = list(f.choices)
            pg.keyboard.press("Space")  # the first radio
            for _ in range(keys.index(f.expected)):
                pg.keyboard.press("ArrowDown")
            pg.keyboard.press("Tab")
            continue
        names = [f"{f.key}-bas", f"{f.key}-haut"] if f.kind == "intervalle" else [f.key]
        for name in names:
            assert pg.evaluate("document.activeElement.name") == name
            pg.keyboard.type(right[name])
            pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.textContent") == "Vérifier"
    pg.keyboard.press("Enter")
    status = form.locator("[role=status]")
    assert status.get_attribute("data-state") == "correct"
    assert [v.get_attribute("data-state") for v in status.locator("[data-field]").all()] \
        == ["correct"] * len(ex.fields)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    form.screenshot(path=str(SCREENSHOTS / "formulaire-exercice-01.png"))
    assert axe_violations(pg) == []


# --------------------------------------------------------------------------- exercise checks


def export_schema() -> dict[str, Any]:
    """The export document's schema, as the package ships it."""
    return dict(json.loads((resources.files("fabrique_course") / "schemas" /
                            "progress-export.schema.json").read_text(encoding="utf-8")))


def stored(pg: Any) -> dict[str, Any]:
    """What the page keeps in this browser's localStorage (its key: FabriqueCourse.storageKey)."""
    return dict(json.loads(pg.evaluate(
        "localStorage.getItem(window.FabriqueCourse.storageKey)") or "null") or {})


def python_check(ex_id: str, inputs: dict[str, str]) -> dict[str, Any] | None:
    """What the Python side stores (exercises._attempts) for a form filled with
    ``inputs``, as the export writes it, without its date and origin; None when it
    stores nothing."""
    from fabrique_course.exercises._attempts import plain_answer, stored_status
    from fabrique_course.exercises._engine import check, exercise
    from fabrique_course.publishing._exercise_forms import form_answer

    ex = exercise(ex_id)
    answer = form_answer(ex, inputs)
    r = check(ex, answer)
    status = stored_status(r)
    if status is None:
        return None
    return {"notebook": ex.notebook, "exercise_id": ex.id, "answer": plain_answer(r, answer),
            "fields": {v.key: {"status": v.status, "mistake": v.mistake} for v in r.fields},
            "status": status, "score": r.score, "correct": r.correct}


def test_the_page_keeps_exercise_checks_as_python_stores_them(site_page: Any,
                                                                site: Path) -> None:
    """For every shared exercise vector, the page keeps the check exactly as
    exercises._attempts stores it (status, score, answer, mistake of each value), and
    keeps nothing when every value is empty or unreadable."""
    from fabrique_course.exercises._engine import exercise

    from ..conftest import load_tool

    tool = load_tool("make_exercise_vectors")
    pg = site_page
    pg.goto(url(site, "01_investigation.html"))
    doc = json.loads(EXERCISE_VECTORS.read_text(encoding="utf-8"))
    for ex_id in doc["exercises"]:  # the vectors keep the others right: add all wrong
        ex = exercise(ex_id)
        wrong: dict[str, str] = {}
        for f in ex.fields:
            if f.kind == "choix":
                wrong |= tool.put(f, next(k for k in f.choices if k != f.expected))
            elif f.kind == "intervalle":
                low, high = f.expected
                wrong |= tool.put(f, (low - 10 * (f.tolerance or 1), high))
            else:
                wrong |= tool.put(f, -f.expected - 7)
        unreadable = {name: "douze" for name in wrong if not name.startswith(ex.fields[0].key)}
        doc["cases"] += [{"exercise": ex_id, "inputs": wrong},
                         {"exercise": ex_id, "inputs": wrong | unreadable}]
    expected = [python_check(case["exercise"], case["inputs"]) for case in doc["cases"]]
    got = pg.evaluate(
        """(doc) => doc.cases.map((c) => {
             const fx = window.FabriqueExercise, ex = doc.exercises[c.exercise];
             const answer = fx.formAnswer(ex, c.inputs);
             return fx.storedCheck(ex, doc.notebooks[c.exercise], answer, fx.check(ex, answer));
           })""", doc | {"notebooks": {k: exercise(k).notebook for k in doc["exercises"]}})
    mismatches = [(case, g, e) for case, g, e in zip(doc["cases"], got, expected, strict=True)
                  if g != e]
    assert mismatches[:3] == []
    assert {e["status"] for e in expected if e} == {"correct", "partial", "incorrect"}
    assert sum(e is None for e in expected) > 10


def test_exercise_checks_are_progress_kept_restored_shown_and_exported(
        site_page: Any, site: Path) -> None:
    """A check with a declared mistake, then the right values, are kept (an empty or
    unreadable one is not); the lesson's progress says « en partie juste » then « juste »
    in a polite live region; a reload puts the inputs back and grades them without
    keeping a new check; the course map says « juste »; the download is a valid version 2
    export the class dashboard reads, the checks as the Python side stores them."""
    from fabrique_course import load_bank
    from fabrique_course._report import exercise_title
    from fabrique_course.exercises._engine import exercise
    from fabrique_course.facilitation._exports import read_export

    from ..conftest import load_tool

    tool = load_tool("make_exercise_vectors")
    ex = exercise("01_dimensionner")
    field = ex.fields[0]
    mistake = field.mistakes[0]
    right = tool.right(ex)
    wrong = right | tool.put(field, mistake.value)
    pg = site_page
    pg.goto(url(site, "01_investigation.html"))
    form = pg.locator('form.fc-exercise[data-exercise-id="01_dimensionner"]')
    assert form.get_attribute("data-notebook") == "01_investigation"
    status = form.locator("[role=status]")
    line = pg.locator('[data-fc-progres="01_investigation"] [data-fc-exercice="01_dimensionner"]')
    title = exercise_title("01_dimensionner")
    assert title == ex.title
    assert line.inner_text() == f"Exercice d'impact « {title} » : pas encore fait."
    assert pg.locator('[data-fc-progres="01_investigation"] ul').get_attribute(
        "aria-live") == "polite"

    form.get_by_role("button", name="Vérifier").click()  # nothing given
    assert status.get_attribute("data-state") == "unreadable"
    fill_form(form, {name: ("" if name == "indicateur" else "douze") for name in right})
    form.get_by_role("button", name="Vérifier").click()  # nothing readable
    assert status.locator('[data-state="unreadable"]').count() == len(ex.fields) - 1
    assert stored(pg).get("exercises", []) == []
    assert "pas encore fait" in line.inner_text()

    fill_form(form, wrong)
    form.get_by_role("button", name="Vérifier").click()
    assert status.get_attribute("data-state") == "partial"
    assert line.inner_text().endswith(" : en partie juste.")
    fill_form(form, right)
    form.get_by_role("button", name="Vérifier").click()
    assert status.get_attribute("data-state") == "correct"
    assert line.inner_text() == f"Exercice d'impact « {title} » : juste."
    assert line.get_attribute("data-state") == "correct"
    # a quiz answer refreshes the block but leaves the unchanged line alone (not announced)
    line.evaluate("(n) => { n.firstChild.fcMark = true; }")
    answer_with_keyboard(pg, pg.locator('form.fc-question[data-type="single"]').first, 0)
    assert line.evaluate("(n) => n.firstChild.fcMark === true")
    assert axe_violations(pg) == []

    pg.reload()
    assert status.get_attribute("data-state") == "correct"
    for name, value in right.items():
        control = form.locator(f'input[name="{name}"]')
        if control.first.get_attribute("type") == "radio":
            assert form.locator(f'input[name="{name}"]:checked').get_attribute("value") == value
        else:
            assert control.input_value() == value
    assert line.inner_text().endswith(" : juste.")
    assert len(stored(pg)["exercises"]) == 2  # the reload graded again, kept nothing
    assert len(stored(pg)["events"]) == 1

    pg.goto(url(site, "index.html"))
    course_map = pg.locator(".fc-carte")
    assert course_map.locator('[data-fc-exercice="01_dimensionner"]').inner_text() \
        == f"Exercice d'impact « {title} » : juste."
    for other in ("02_tests", "04_ab_test", "05_bonne_boite"):
        assert course_map.locator(f'[data-fc-exercice="{other}"]').inner_text().endswith(
            " : pas encore fait.")
    assert pg.locator('[data-fc-progres="00_demarche"] [data-fc-exercice]').count() == 0
    counts = {name: len(load_bank(name).questions)
              for name in ("01_investigation", "02_conception")}
    assert course_map.locator('[data-fc-progres="01_investigation"] .fc-progres-texte') \
        .inner_text().startswith(f"1 question(s) répondue(s) sur {counts['01_investigation']}")
    assert course_map.locator('[data-fc-progres="02_conception"] .fc-progres-texte') \
        .inner_text() == f"Pas encore commencé ({counts['02_conception']} questions)."
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.locator('[data-fc-progres="01_investigation"]').screenshot(
        path=str(SCREENSHOTS / "carte-exercice-juste.png"))
    assert axe_violations(pg) == []

    pg.goto(url(site, "01_investigation.html"))
    pg.get_by_label("Votre pseudonyme, pour nommer le fichier").fill("Camille")
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Télécharger mes réponses").click()
    name = info.value.suggested_filename
    assert re.fullmatch(r"reponses-camille-\d{4}-\d\d-\d\d\.json", name)
    assert pg.locator("#fc-telecharger-statut").inner_text() == (
        f"Fichier « {name} » préparé (1 réponse(s), 2 vérification(s) d'exercice et "
        "0 texte(s) écrit(s)).")
    path = Path(info.value.path())
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, export_schema())
    assert data["version"] == 2
    assert [c["origin"] for c in data["exercises"]] == ["site", "site"]
    first, second = data["exercises"]
    assert first["fields"][field.key] == {"status": "incorrect", "mistake": mistake.id}
    assert first["status"] == "partial"
    assert second["correct"] is True
    for entry, inputs in ((first, wrong), (second, right)):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.pop("created_at"))
        assert entry == python_check("01_dimensionner", inputs) | {"origin": "site"}
    warnings: list[str] = []
    read = read_export(path, warnings)
    assert warnings == []
    assert read is not None
    assert len(read["exercises"]) == 2


def v1_store(pg: Any) -> dict[str, Any]:
    """A version 1 store (quiz answers only) holding one answer of the page's first
    single-choice question."""
    form = pg.locator('form.fc-question[data-type="single"]').first
    key = form_key(form)
    answer = form.locator("input").first.get_attribute("value")
    return {"version": 1, "learner_id": "0123456789abcdef0123456789abcdef",
            "events": [{"notebook": form.get_attribute("data-notebook"),
                        "question_id": form.get_attribute("data-question-id"),
                        "answer": answer, "status": "incorrect", "score": 0.0,
                        "correct": False, "created_at": "2026-01-05T09:30:00Z",
                        "origin": "site"}],
            "last": {key: answer}}


def test_version_1_answers_are_upgraded_never_set_aside(site_page: Any, site: Path) -> None:
    """A browser holding version 1 answers keeps them all: the store becomes version 2
    (no exercise check yet), the answer is put back, the export is a valid version 2;
    an unknown version is still set aside, never lost."""
    pg = site_page
    pg.goto(url(site, "01_investigation.html"))
    old = v1_store(pg)
    key = pg.evaluate("window.FabriqueCourse.storageKey")
    pg.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(old)])
    pg.reload()
    assert pg.evaluate("(k) => localStorage.getItem(k + '/corrompu')", key) is None
    now = stored(pg)
    assert now == old | {"version": 2, "exercises": [], "exercise_last": {}}
    qid = old["events"][0]["question_id"]
    form = pg.locator(f'form.fc-question[data-question-id="{qid}"]')
    assert form.get_attribute("data-state") in ("correct", "incorrect")
    assert form.locator("input:checked").get_attribute("value") == old["events"][0]["answer"]
    doc = pg.evaluate("window.FabriqueCourse.exportDocument()")
    jsonschema.validate(doc, export_schema())
    assert (doc["version"], doc["learner_id"], doc["events"], doc["exercises"]) \
        == (2, old["learner_id"], old["events"], [])
    ex_form = pg.locator('form.fc-exercise[data-exercise-id="01_dimensionner"]')
    fill_form(ex_form, {"indicateur": "c"})
    ex_form.get_by_role("button", name="Vérifier").click()
    after = stored(pg)
    assert after["events"] == old["events"]
    assert [c["exercise_id"] for c in after["exercises"]] == ["01_dimensionner"]

    unknown = json.dumps(old | {"version": 99})
    pg.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, unknown])
    pg.reload()
    assert pg.evaluate("(k) => localStorage.getItem(k + '/corrompu')", key) == unknown
    assert pg.evaluate("window.FabriqueCourse.exportDocument()")["events"] == []
    pg.evaluate("(k) => localStorage.setItem(k, '{pas du JSON')", key)  # a truncated file
    pg.reload()
    assert pg.evaluate("(k) => localStorage.getItem(k + '/corrompu')", key) == "{pas du JSON"
    assert pg.locator("#fc-stockage").is_hidden()  # the storage itself still works


def test_erasing_clears_exercise_checks_but_keeps_them_aside(site_page: Any,
                                                             site: Path) -> None:
    """« Effacer mes réponses » empties the exercise forms and their progress line; the
    checks are kept aside in this browser, not lost."""
    from fabrique_course import load_bank
    from fabrique_course.exercises._engine import exercise

    from ..conftest import load_tool

    right = load_tool("make_exercise_vectors").right(exercise("02_tests"))
    pg = site_page
    pg.goto(url(site, "02_conception.html"))
    form = pg.locator('form.fc-exercise[data-exercise-id="02_tests"]')
    fill_form(form, right)
    form.get_by_role("button", name="Vérifier").click()
    line = pg.locator('[data-fc-exercice="02_tests"]')
    assert line.inner_text().endswith(" : juste.")
    total = len(load_bank("02_conception").questions)
    quiz_line = pg.locator('[data-fc-progres="02_conception"] .fc-progres-texte')
    assert quiz_line.inner_text() == f"Aucune question répondue sur {total}."
    pg.on("dialog", lambda dialog: dialog.accept())
    pg.get_by_role("button", name="Effacer mes réponses").click()
    assert line.inner_text().endswith(" : pas encore fait.")
    assert quiz_line.inner_text() == f"Pas encore commencé ({total} questions)."
    assert form.get_attribute("data-state") is None
    assert form.locator("[role=status]").inner_text() == ""
    assert all(not c.input_value() for c in form.locator('input[type="text"]').all())
    assert stored(pg)["exercises"] == []
    aside = pg.evaluate("""(k) => Object.keys(localStorage)
                             .filter((n) => n.startsWith(k + '/efface-'))
                             .map((n) => JSON.parse(localStorage.getItem(n)))""",
                        pg.evaluate("window.FabriqueCourse.storageKey"))
    assert [c["exercise_id"] for c in aside[0]["exercises"]] == ["02_tests"]
    pg.reload()
    assert form.get_attribute("data-state") is None


# --------------------------------------------------------------------------- finding one's way


def test_site_pages_speak_of_the_site_not_of_jupyterlab(site_page: Any, site: Path) -> None:
    """What a reader of the site sees never tells her to run a cell, restart a kernel, open
    a terminal or press JupyterLab's keys: every learner page, and the lesson text of the
    facilitator pages (their notes, written for both rooms, left aside); nor a raw source
    marker (« [DOC:…] »)."""
    from ..publishing.test_wayfinding import jupyter_words

    pg = site_page
    pages = [*sorted(site.glob("*.html")),
             *sorted(site.glob("animateur/[0-9][0-9]_*.html")), site / "animateur" / "accueil.html"]
    found = {}
    for page in pages:
        pg.goto(page.resolve().as_uri())
        text = pg.evaluate("""() => {
            document.querySelectorAll('.fc-animateur').forEach((n) => n.remove());
            return document.body.innerText; }""")
        if words := jupyter_words(text):
            found[str(page.relative_to(site))] = words
        # nor a raw source marker: sources are numbered notes
        if markers := re.findall(r"\[(?:BG|DOC|DOCold|BLOG|SE|OBS)[:\]]|\[FMI-guide\]", text):
            found[str(page.relative_to(site)) + " (repères)"] = markers
    assert found == {}
    pg.goto(url(site, "accueil.html"))
    text = pg.evaluate("document.body.innerText")
    for button in ("Valider", "Vérifier", "Télécharger mes réponses", "Effacer mes réponses"):
        assert f"« {button} »" in text, button


def test_table_of_contents_beside_the_text_or_folded(site_page: Any, site: Path) -> None:
    """On a wide screen the lesson's contents are open beside the text and stay in view;
    on a phone they are folded at the top; by keyboard, they open and lead to a section."""
    pg = site_page
    pg.set_viewport_size({"width": 1400, "height": 900})
    pg.goto(url(site, "02_conception.html"))
    nav = pg.locator('nav.fc-toc[aria-label="Sommaire de la leçon"]')
    assert pg.locator("nav.fc-toc details").get_attribute("open") is not None
    assert nav.evaluate("n => getComputedStyle(n).position") == "sticky"
    text_left = pg.locator("main h1").bounding_box()["x"]
    box = nav.bounding_box()
    assert box["x"] + box["width"] <= text_left  # beside the text, not over it
    pg.mouse.wheel(0, 6000)
    pg.wait_for_timeout(200)
    box = nav.bounding_box()
    assert 0 <= box["y"] < 900  # still in view once the reader has scrolled down
    assert axe_violations(pg) == []
    pg.set_viewport_size({"width": 390, "height": 800})
    pg.goto(url(site, "02_conception.html"))
    details = pg.locator("nav.fc-toc details")
    assert details.get_attribute("open") is None
    assert not pg.locator("nav.fc-toc ul a").first.is_visible()
    summary = pg.locator("nav.fc-toc summary")
    summary.focus()
    pg.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    link = pg.locator("nav.fc-toc ul a", has_text="Où en êtes-vous ?")
    link.focus()
    pg.keyboard.press("Enter")
    pg.wait_for_function("location.hash.length > 1")
    heading = pg.locator("h2", has_text="Où en êtes-vous ?")
    top = heading.bounding_box()["y"]
    assert 0 <= top < 800
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(pg) == []


def test_glossary_links_lead_to_their_entry(site_page: Any, site: Path) -> None:
    """The first use of a glossary word in a lesson is a link; following it (by keyboard)
    opens the glossary at that entry, which the page marks; every such link has its entry."""
    pg = site_page
    pg.goto(url(site, "glossaire.html"))
    anchors = set(pg.evaluate(
        "[...document.querySelectorAll('p[id^=\"terme-\"]')].map((p) => p.id)"))
    assert len(anchors) >= 60
    for page in sorted(site.glob("0[0-5]_*.html")):
        pg.goto(url(site, page.name))
        hrefs = pg.evaluate("[...document.querySelectorAll('a.fc-terme')].map((a) => a.hash)")
        assert hrefs, page.name
        assert {h[1:] for h in hrefs} <= anchors, page.name
        assert len(hrefs) == len(set(hrefs)), page.name
    pg.goto(url(site, "04_acceleration.html"))
    link = pg.locator('a.fc-terme[href="glossaire.html#terme-p-valeur"]')
    assert link.count() == 1
    link.focus()
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/glossaire.html#terme-p-valeur")
    entry = pg.locator("#terme-p-valeur")
    assert entry.evaluate("p => p.matches(':target')")
    assert entry.evaluate("p => getComputedStyle(p).outlineStyle") == "solid"
    assert "p-valeur" in entry.inner_text()


def test_facilitator_plan_for_a_room_with_the_site_only(site: Path) -> None:
    """The facilitator edition has the plan of a session without Python, linked from its
    home, with the agenda's timings; no learner page links to the facilitator folder, so
    the copy for the room can leave it out, as the plan says."""
    plan = (site / "animateur" / "salle-sans-python.html").read_text(encoding="utf-8")
    home = (site / "animateur" / "index.html").read_text(encoding="utf-8")
    assert 'href="salle-sans-python.html"' in home
    for words in ("clé USB", "intranet", "index.html", "« Télécharger mes réponses »",
                  "fabrique-course classe DOSSIER", "_site/animateur/",
                  '<table class="fc-agenda">', "cours, avec les quiz de ses sections"):
        assert words in plan, words
    for page in site.glob("*.html"):
        assert 'href="animateur/' not in page.read_text(encoding="utf-8"), page.name


# --------------------------------------------------------------------------- writing tasks,
# readable progress, « Mon relevé »

NOTES = Path("/tmp/notes")


def keep_screenshot(target: Any, name: str, **kwargs: Any) -> None:
    """A screenshot kept with the test results (and in /tmp/notes for the review)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    NOTES.mkdir(parents=True, exist_ok=True)
    for folder in (SCREENSHOTS, NOTES):
        target.screenshot(path=str(folder / name), **kwargs)


def unsaved_text_holds_the_page(pg: Any) -> bool:
    """Whether leaving the page now would ask first (a text typed and not saved)."""
    return bool(pg.evaluate("""() => { const e = new Event('beforeunload', {cancelable: true});
                                       window.dispatchEvent(e); return e.defaultPrevented; }"""))


def test_a_writing_task_is_kept_across_a_reload_and_exported(site_page: Any,
                                                             site: Path) -> None:
    """A writing task is a labelled text area: each save is announced and kept (never
    overwritten), counted on the lesson's progress block, put back after a reload and
    part of the download; a text typed and not saved holds the page; every « Une
    réponse possible » stays folded; axe finds nothing."""
    from fabrique_course.facilitation._exports import read_export

    pg = site_page
    pg.goto(url(site, "00_demarche.html"))
    form = pg.locator('form.fc-ecrit[data-task-id="fil-rouge-exercice"]')
    area = form.locator("textarea")
    label = pg.locator(f'label[for="{area.get_attribute("id")}"]')
    assert label.count() == 1
    assert label.inner_text().strip()
    folds = pg.locator("details", has=pg.locator("summary", has_text="Une réponse possible"))
    assert folds.count() >= 1
    assert all(d.get_attribute("open") is None for d in folds.all())
    task = pg.locator('[id="cell-id=fil-rouge-exercice"]')  # the task, then its area,
    answer = pg.locator('[id="cell-id=fil-rouge-exercice-reponse"] details')  # its answer
    assert answer.get_attribute("open") is None
    assert not answer.locator("p").first.is_visible()
    assert task.evaluate("(t, f) => !!(t.compareDocumentPosition(f) & 4)",
                         form.element_handle())
    assert form.evaluate("(f, a) => !!(f.compareDocumentPosition(a) & 4)",
                         answer.element_handle())
    status = form.locator("[role=status]")
    assert status.get_attribute("aria-live") == "polite"
    written = pg.locator('[data-fc-progres="00_demarche"] .fc-progres-ecrits')
    assert written.inner_text() == "Textes écrits : 0 sur 1."

    first = "Quand je perds un objet à Valmont, je ne sais pas où le chercher."
    second = first + "\nEt je dois appeler plusieurs services pour le savoir."
    area.fill(first)
    assert unsaved_text_holds_the_page(pg)
    form.get_by_role("button", name="Enregistrer").click()
    assert re.fullmatch(r"Texte enregistré le \d\d/\d\d/\d{4} à \d\d:\d\d\. "
                        r"Il reste dans ce navigateur\.", status.inner_text())
    assert not unsaved_text_holds_the_page(pg)
    area.fill(second)
    form.get_by_role("button", name="Enregistrer").focus()
    pg.keyboard.press("Enter")
    assert "la version précédente reste gardée" in status.inner_text()
    form.get_by_role("button", name="Enregistrer").click()
    assert status.inner_text() == "Ce texte est déjà enregistré."
    assert written.inner_text() == "Textes écrits : 1 sur 1."
    assert axe_violations(pg) == []

    pg.reload()
    assert area.input_value() == second
    assert status.inner_text().startswith("Dernière version enregistrée le ")
    assert written.inner_text() == "Textes écrits : 1 sur 1."
    kept = stored(pg)["writings"]
    assert [(w["task_id"], w["text"], w["origin"]) for w in kept] == [
        ("fil-rouge-exercice", first, "site"), ("fil-rouge-exercice", second, "site")]

    pg.get_by_label("Votre pseudonyme, pour nommer le fichier").fill("Camille")
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Télécharger mes réponses").click()
    assert pg.locator("#fc-telecharger-statut").inner_text().endswith(
        " et 2 texte(s) écrit(s)).")
    path = Path(info.value.path())
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, export_schema())
    assert data["version"] == 2
    assert [w["text"] for w in data["writings"]] == [first, second]
    warnings: list[str] = []
    read = read_export(path, warnings)
    assert warnings == []
    assert read is not None
    assert len(read["writings"]) == 2


def test_a_revoir_names_each_question_by_number_and_title_and_links_to_it(
        site_page: Any, site: Path) -> None:
    """« À revoir » on a lesson and on the course map: « Question n — its first words »,
    as the form is numbered, never an internal id; each is a link that leads to the
    question's form."""
    pg = site_page
    pg.goto(url(site, "01_investigation.html"))
    questions = page_questions(pg)
    wrong_forms = []
    for form in pg.locator('form.fc-question[data-type="single"]').all()[:2]:
        answer_with_keyboard(pg, form, shown_option(form, questions, correct=False))
        assert form.get_attribute("data-state") == "incorrect"
        wrong_forms.append(form)
    block = pg.locator('[data-fc-progres="01_investigation"] .fc-progres-revoir')
    links = block.locator("a")
    assert links.count() == 2
    text = block.inner_text()
    assert text.startswith("À revoir :")
    for key in questions:
        assert key.split("/", 1)[1] not in text
    for link, form in zip(links.all(), wrong_forms, strict=True):
        number = form.locator(".fc-numero").inner_text()
        assert re.fullmatch(r"Question \d+ — \S.{5,}", link.inner_text())
        assert link.inner_text().startswith(number + " — ")
        assert "*" not in link.inner_text()
        assert link.get_attribute("href") == "#" + form.get_attribute("id")
    keep_screenshot(pg.locator('[data-fc-progres="01_investigation"]'), "a-revoir.png")
    links.last.focus()
    pg.keyboard.press("Enter")
    pg.wait_for_function(f"location.hash === '#{wrong_forms[-1].get_attribute('id')}'")
    top = wrong_forms[-1].bounding_box()["y"]
    assert -2 <= top < 900  # scrolled to the form (sub-pixel rounding aside)
    assert axe_violations(pg) == []

    first_id = wrong_forms[0].get_attribute("id")
    pg.goto(url(site, "index.html"))
    link = pg.locator('[data-fc-progres="01_investigation"] .fc-progres-revoir a').first
    assert link.get_attribute("href") == f"01_investigation.html#{first_id}"
    link.click()
    pg.wait_for_url(re.compile(r"01_investigation\.html#fc-01-investigation-"))
    assert pg.locator(f"#{first_id}").get_attribute("data-state") == "incorrect"


def test_the_download_is_named_after_a_pseudonym_asked_once(site_page: Any,
                                                            site: Path) -> None:
    """The first download asks for a pseudonym (a labelled field, said invalid and
    focused, nothing downloaded); the file is « reponses-<pseudo>-<local date>.json »,
    the pseudonym in the name only; the next page remembers it."""
    pg = site_page
    pg.goto(url(site, "02_conception.html"))
    answer_with_keyboard(pg, pg.locator('form.fc-question[data-type="single"]').first, 0)
    downloads: list[Any] = []
    pg.on("download", lambda download: downloads.append(download))
    field = pg.get_by_label("Votre pseudonyme, pour nommer le fichier")
    assert field.get_attribute("autocomplete") == "nickname"
    pg.get_by_role("button", name="Télécharger mes réponses").click()
    status = pg.locator("#fc-telecharger-statut")
    assert status.inner_text().startswith("Indiquez d'abord votre pseudonyme")
    assert field.get_attribute("aria-invalid") == "true"
    assert pg.evaluate("document.activeElement.id") == "fc-pseudonyme"
    pg.wait_for_timeout(300)
    assert downloads == []
    assert axe_violations(pg) == []
    field.fill("  Éloïse B. ")
    today = pg.evaluate("new Date().toLocaleDateString('sv-SE')")  # AAAA-MM-JJ, local
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Télécharger mes réponses").click()
    assert info.value.suggested_filename == f"reponses-eloise-b-{today}.json"
    assert field.get_attribute("aria-invalid") is None
    content = Path(info.value.path()).read_text(encoding="utf-8")
    assert "loïse" not in content
    assert "eloise" not in content
    pg.goto(url(site, "03_construction.html"))
    assert pg.get_by_label("Votre pseudonyme, pour nommer le fichier").input_value() == "Éloïse B."
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Télécharger mes réponses").click()
    assert info.value.suggested_filename == f"reponses-eloise-b-{today}.json"


def test_releve_lists_answers_exercise_states_texts_and_what_to_review(
        site_page: Any, site: Path) -> None:
    """« Mon relevé », reached from the course map: per lesson, an answer with its number,
    title, state and score, an exercise's state, a writing's text, and « À revoir »
    with links; printable (navigation and buttons hidden in print); axe finds nothing."""
    from fabrique_course.exercises._engine import exercise

    from ..conftest import load_tool

    tool = load_tool("make_exercise_vectors")
    ex = exercise("01_dimensionner")
    field = ex.fields[0]
    pg = site_page
    pg.goto(url(site, "01_investigation.html"))
    questions = page_questions(pg)
    form = pg.locator('form.fc-question[data-type="single"]').first
    answer_with_keyboard(pg, form, shown_option(form, questions, correct=False))
    number = form.locator(".fc-numero").inner_text()
    form_id = form.get_attribute("id")
    ex_form = pg.locator('form.fc-exercise[data-exercise-id="01_dimensionner"]')
    fill_form(ex_form, tool.right(ex) | tool.put(field, field.mistakes[0].value))
    ex_form.get_by_role("button", name="Vérifier").click()
    writing = pg.locator("form.fc-ecrit").first
    text = "Le drame : personne ne sait où chercher.\nLa solution : … (fictif)"
    writing.locator("textarea").fill(text)
    writing.get_by_role("button", name="Enregistrer").click()
    instruction = writing.locator("label").inner_text()
    assert pg.locator('[data-fc-progres="01_investigation"] a[href="releve.html"]').count() == 1

    pg.goto(url(site, "index.html"))
    pg.get_by_role("link", name=re.compile("^Mon relevé")).click()
    pg.wait_for_url(re.compile(r"releve\.html$"))
    assert pg.locator("h1").inner_text().rstrip("¶ ") == "Mon relevé"
    lesson = pg.locator("section.fc-releve-lecon", has=pg.locator("#releve-01_investigation"))
    answers = lesson.locator("table", has=pg.locator("caption", has_text="Questions répondues"))
    row = answers.locator("tbody tr")
    assert row.count() == 1
    cells = [c.inner_text() for c in row.first.locator("td").all()]
    assert cells[0].startswith(number + " — ")
    assert cells[1:] == ["à revoir", "0 %", "1"]
    assert row.first.locator("a").get_attribute("href") == f"01_investigation.html#{form_id}"
    exercises = lesson.locator("table", has=pg.locator("caption", has_text="Exercices d'impact"))
    assert [c.inner_text() for c in exercises.locator("tbody tr").first.locator("td").all()] \
        == [ex.title, "en partie juste", "1"]
    assert lesson.locator(".fc-releve-texte").inner_text() == text
    assert instruction in lesson.inner_text()
    revisit = lesson.locator(".fc-releve-revoir li")
    assert revisit.count() == 2
    assert revisit.first.locator("a").inner_text().startswith(number + " — ")
    assert revisit.last.inner_text() == f"Exercice d'impact « {ex.title} » (en partie juste)"
    assert "pas encore commencée" in pg.locator("section.fc-releve-lecon").nth(3).inner_text()
    assert axe_violations(pg) == []
    assert pg.evaluate("document.documentElement.scrollWidth") <= 1200
    keep_screenshot(pg, "releve.png", full_page=True)
    pg.emulate_media(media="print")
    assert not pg.get_by_role("button", name="Imprimer mon relevé").is_visible()
    assert not pg.locator("header nav").first.is_visible()
    assert lesson.locator(".fc-releve-texte").is_visible()
    pg.emulate_media(media="screen")
    pg.set_viewport_size({"width": 375, "height": 800})
    pg.reload()
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375



def test_every_number_a_learner_reads_is_written_the_french_way(site: Path) -> None:
    """No learner page shows a decimal point outside code (« 12,0 points », never « 12.0
    points »): lesson text, outputs, tables and forms. Version names are not numbers."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        """The text of a page outside code, scripts, styles and code-cell inputs."""

        def __init__(self) -> None:
            super().__init__()
            self.stack: list[bool] = []
            self.parts: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
                return
            classes = dict(attrs).get("class") or ""
            self.stack.append(tag in ("code", "pre", "script", "style", "kbd", "samp")
                              or "jp-InputArea" in classes)

        def handle_endtag(self, tag: str) -> None:
            if self.stack and tag not in ("br", "img", "input", "meta", "link", "hr"):
                self.stack.pop()

        def handle_data(self, data: str) -> None:
            if not any(self.stack):
                self.parts.append(data)

    pages = sorted(site.glob("*.html"))
    assert len(pages) >= 9
    found = []
    for page in pages:
        reader = Reader()
        reader.feed(page.read_text(encoding="utf-8"))
        text = re.sub(r"Licence Ouverte \d\.\d", "", " ".join(reader.parts))
        found += [f"{page.name} : …{m.group(0)}…"
                  for m in re.finditer(r".{0,25}(?<![\w.])\d+\.\d+(?![\w.]).{0,15}", text)]
    assert found == []


BILAN_VECTORS = REPO / "tests" / "data" / "bilan-vectors.json"


def test_shared_bilan_vectors_in_the_page(site_page: Any, site: Path) -> None:
    """The bilan page's script gives exactly the Python bilan's results (statuses at the
    thresholds' edges, whole bilans)."""
    pg = site_page
    pg.goto(url(site, "bilan.html"))
    doc = json.loads(BILAN_VECTORS.read_text(encoding="utf-8"))
    mismatches = pg.evaluate(
        """(doc) => doc.cases.filter((c) => {
             const map = doc.maps.essai;
             if (c.kind === "etat") {
               const got = window.FabriqueBilan.status(c.answered, c.right, map.thresholds);
               return got !== c.expected;
             }
             const got = window.FabriqueBilan.summary(
               window.FabriqueBilan.compute(doc.maps[c.map], c.events, c.exercises));
             const norm = (x) => JSON.stringify(x, (k, v) => (v && typeof v === "object"
               && !Array.isArray(v)) ? Object.keys(v).sort().reduce((o, key) => {
                 o[key] = v[key]; return o; }, {}) : v);
             return norm(got) !== norm(c.expected);
           }).map((c) => c.name || [c.answered, c.right])""", doc)
    assert len(doc["cases"]) > 60
    assert mismatches == []


def test_bilan_lists_a_wrong_answer_with_a_working_link(site_page: Any, site: Path) -> None:
    """A wrong answer on a lesson page shows on bilan.html: the lesson and the objective
    « à revoir », the question under « À revoir » with a link that opens its form; the
    certification sentence is there; printable; axe finds nothing."""
    from fabrique_course import load_bank

    pg = site_page
    pg.goto(url(site, "00_demarche.html"))
    questions = page_questions(pg)
    form = pg.locator('form.fc-question[data-type="single"]').first
    key = form_key(form)
    answer_with_keyboard(pg, form, shown_option(form, questions, correct=False))
    assert form.get_attribute("data-state") == "incorrect"
    form_id = form.get_attribute("id")
    question = load_bank("00_demarche").get(key.split("/")[1])
    objective = next(o for o in load_bank("00_demarche").objectives
                     if o.id == question.objectives[0])

    pg.goto(url(site, "bilan.html"))
    bilan = pg.locator("#fc-bilan")
    assert "Ce cours n'est pas une préparation officielle" in bilan.inner_text()
    lessons = bilan.locator("table", has=pg.locator("caption", has_text="Bilan par leçon"))
    row = lessons.locator("tbody tr", has=pg.locator("th", has_text="La démarche"))
    assert row.locator("td").last.inner_text() == "à revoir"
    objectives = bilan.locator("table", has=pg.locator(
        "caption", has_text="Objectifs — La démarche"))
    first_words = objective.text.replace("*", "").split(" ;")[0][:30]
    row = objectives.locator("tbody tr", has=pg.locator("th", has_text=first_words))
    assert row.locator("td").last.inner_text() == "à revoir"
    review = bilan.locator("ul.fc-bilan-revoir li")
    assert review.count() == 1
    link = review.first.locator("a")
    assert link.inner_text().startswith("Question ")
    assert link.get_attribute("href") == f"00_demarche.html#{form_id}"
    assert review.first.inner_text().endswith("(à revoir)")
    assert axe_violations(pg) == []
    pg.emulate_media(media="print")
    assert not pg.get_by_role("button", name="Imprimer mon bilan").is_visible()
    pg.emulate_media(media="screen")
    link.click()
    pg.wait_for_url(re.compile(rf"00_demarche\.html#{re.escape(form_id)}$"))
    assert pg.locator(f"#{form_id}").is_visible()

