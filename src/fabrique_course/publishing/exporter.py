"""nbconvert exporter « fabrique »: an offline, accessible HTML page with working quizzes.

Registered under the ``nbconvert.exporters`` entry point, so that

    jupyter nbconvert --to fabrique notebooks/00_demarche.ipynb

works, and JupyterLab lists it in *File › Save and Export Notebook As…*. A single export
inlines its CSS and JavaScript (one self-contained file); the site build
(``fabrique-course site``) links shared files under ``assets/`` instead.

What changes compared with the stock HTML export: no CDN and no script from outside
(no require.js, MathJax, widget manager or Mermaid); ``quiz(...)`` cells become native
forms graded in the browser by the same rules as the Python grader; ``progress(...)`` and
``sommaire()`` cells become blocks filled from the browser's saved answers and exercise
checks (« À revoir » names each question by its number and short title, linked to its
form); ``ecrire(...)`` cells become a labelled text area kept in the browser
(:func:`._static.writing_form`), ``releve()`` cells the printable « Mon relevé »,
``revision()`` cells the spaced-review block (:mod:`._revision_page`); links
to other notebooks point to their ``.html`` page; facilitator cells (tag
``animateur``) are left out of the learner edition and solutions (tag ``solution``) are
folded. Each impact exercise gets a native form graded in the browser
(:mod:`._exercise_forms`), at its ``formulaire("<id>")`` cell or else at its
``verifier("<id>", reponse)`` cell; the output of a ``verifier`` cell that follows a
solution (the reference solution's verdict) goes inside the solution's fold, labelled as
such. The facilitator edition (page and deck)
adds the answer keys: after each quiz, and after each exercise's form
(:func:`.._editions.exercise_key_places`, the key of ``exercises._answer_key``); in a
deck they are speaker notes. Cells tagged ``jupyter`` (how JupyterLab works) are never
shown, cells tagged ``site`` (how the page works) only on pages. A page of several
sections gets its table of contents, and a lesson links the first use of each glossary
entry to it (:mod:`._wayfinding`).
"""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Sequence
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter, SlidesExporter, TemplateExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Enum, Unicode, default

from .._cells import calls_named, first_arguments, only_course_helpers, quiz_calls
from .._content import Question
from .._editions import (
    EDITIONS,
    JUPYTER_ONLY,
    KEY_TAGS,
    SITE_ONLY,
    answer_key_markdown,
    exercise_key_id,
    exercise_key_places,
)
from .._lessons import HOME, lessons
from .._paths import notebooks_dir
from .._progress import EXPORT_FORMAT, EXPORT_VERSION, WRITING_MAX_CHARS
from .._sources import cite_sources
from .._version import package_version
from ._exercise_forms import REFERENCE_LABEL, exercise_form, fold_reference_output
from ._static import (
    bank_json,
    data_attribute,
    question_links,
    quiz_html,
    releve_block,
    writing_form,
)
from ._wayfinding import PageWays

__all__ = ["ASSETS", "DSFR_STYLESHEETS", "FabriqueExporter", "FabriquePreprocessor",
           "FabriqueSlidesExporter",
           "asset_text", "course_map", "lesson_exercises", "progress_block", "questions_script",
           "templates_dir"]

_NOTEBOOK_LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)#\s]+)\.ipynb(#[^)\s]*)?\)")
_WIDGET = "application/vnd.jupyter.widget-view+json"
ASSETS = ("fabrique.css", "pygments.css", "fabrique-grader.js", "fabrique-exercise.js",
          "fabrique-course.js", "fabrique-revision.js", "fabrique-bilan.js")
#: Extra style sheets of the « dsfr » theme, copied by the site build from @gouvfr/dsfr.
DSFR_STYLESHEETS = ("dsfr/dsfr.min.css", "dsfr/fabrique-dsfr.css")
#: Placeholders of the assets, filled when they are read: the site keeps and exports the
#: answers in the very document ``fabrique-course progression --export`` writes.
_INJECTED = {"__EXPORT_FORMAT__": EXPORT_FORMAT, "__EXPORT_VERSION__": str(EXPORT_VERSION),
             "__WRITING_MAX_CHARS__": str(WRITING_MAX_CHARS)}


def templates_dir() -> Path:
    """The folder holding the ``fabrique`` nbconvert template."""
    return Path(str(importlib_resources.files("fabrique_course.publishing") / "templates"))


def asset_text(name: str) -> str:
    """The text of a site asset (``pygments.css`` is generated), its placeholders
    (``__EXPORT_FORMAT__``, ``__EXPORT_VERSION__``, ``__WRITING_MAX_CHARS__``) filled from
    ``_progress``."""
    if name == "pygments.css":
        from pygments.formatters import HtmlFormatter

        return str(HtmlFormatter(style="default").get_style_defs(".highlight")) + "\n"
    assets = importlib_resources.files("fabrique_course.publishing") / "site_assets"
    text = (assets / name).read_text(encoding="utf-8")
    for placeholder, value in _INJECTED.items():
        text = text.replace(placeholder, value)
    return text


def _html_output(text: str) -> Any:
    from nbformat.v4 import new_output

    return new_output("display_data", data={"text/html": text, "text/plain": ""})


def questions_script(questions: list[Question]) -> str:
    """The page's questions as a small script file (for the site's ``assets/``)."""
    return ("window.FabriqueQuestions = Object.assign(window.FabriqueQuestions || {}, "
            + bank_json(questions) + ");\n")


def lesson_exercises(notebook: str) -> list[tuple[str, str]]:
    """The impact exercises of lesson ``notebook``, (id, title), in the lesson's order;
    none for a notebook that is not a lesson."""
    from .._report import exercise_title

    for lesson in lessons():
        if lesson.name == notebook:
            return [(x, exercise_title(x)) for x in lesson.exercises]
    return []


def progress_block(notebook: str, total: int, title: str,
                   exercises: Sequence[tuple[str, str]] = (), *, page: str = "",
                   releve: str = "") -> str:
    """A progress block the page script fills from the browser's saved answers: the
    quiz questions and those to revisit (each by its number and short title, a link to
    its form: « #… » on its own page, « <page>#… » elsewhere), then one line per impact
    exercise of ``exercises`` (id, title), a polite live region (a check on the same page
    is announced), the count of the lesson's writing tasks saved, and with ``releve``, a
    link to « Mon relevé »."""
    e = html.escape
    lines = "".join(
        f'<li data-fc-exercice="{e(ex_id)}" data-titre="{e(ex_title)}">'
        f"Exercice d'impact « {e(ex_title)} » : pas encore fait.</li>"
        for ex_id, ex_title in exercises)
    tasks = next((lesson.writings for lesson in lessons() if lesson.name == notebook), ())
    writings = (f'<p class="fc-progres-ecrits" data-fc-ecrits="'
                f'{data_attribute([task for task, _ in tasks])}">Textes écrits : 0 sur '
                f"{len(tasks)}.</p>" if tasks else "")
    link = (f'<p class="fc-progres-releve"><a href="{e(releve)}">Mon relevé : vos réponses, '
            "exercices et textes, à relire ou à imprimer</a></p>" if releve else "")
    return (f'<div class="fc-progres" data-fc-progres="{e(notebook)}" data-total="{total}" '
            f'data-questions="{data_attribute(question_links(notebook, page))}" '
            f'lang="fr"><p><strong>Progression — {e(title)}</strong></p>'
            '<p class="fc-progres-texte">Pas encore commencé.</p>'
            '<div class="fc-progres-revoir"></div>'
            + (f'<ul class="fc-progres-exercices" aria-live="polite">{lines}</ul>'
               if lines else "")
            + writings + link + "</div>")


def course_map(link_suffix: str = ".html", releve: str = "") -> str:
    """The course map: lessons in order, minutes, what each teaches, progress (quiz
    answers and impact exercises); with ``releve``, a link to « Mon relevé » first."""
    from .._banks import load_bank
    from .._report import exercise_title

    e = html.escape
    items = []
    for lesson in lessons():
        try:
            total = len(load_bank(lesson.name).questions)
        except Exception:  # a lesson without a bank still appears on the map
            total = 0
        exercises = [(x, exercise_title(x)) for x in lesson.exercises]
        summary = f'<p>{e(lesson.summary)}</p>' if lesson.summary else ""
        items.append(
            f'<li><h2><a href="{e(lesson.name)}{link_suffix}">{e(lesson.title)}</a></h2>'
            f'<p class="fc-meta">Leçon {lesson.phase} · {lesson.teaching_minutes} min de cours '
            f"+ {lesson.exercise_minutes} min d'exercices</p>{summary}"
            + (progress_block(lesson.name, total, lesson.title, exercises,
                              page=f"{lesson.name}{link_suffix}")
               if total or exercises else "") + "</li>")
    link = (f'<p class="fc-lien-releve"><a href="{e(releve)}">Mon relevé : toutes vos '
            "réponses, exercices et textes, à relire ou à imprimer</a></p>" if releve else "")
    return link + '<ol class="fc-carte">' + "".join(items) + "</ol>"


def _literal_args(call: ast.Call) -> list[str]:
    """The leading string constants among a call's positional arguments."""
    out = []
    for arg in call.args:
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            break
        out.append(arg.value)
    return out


def _exercise_form(exercise_id: str) -> str | None:
    """The static form of an exercise; None when it cannot be built (a broken texts
    file: the notebook already shows the problem)."""
    from .._errors import FabriqueError
    from ..exercises._engine import exercise

    try:
        return exercise_form(exercise(exercise_id))
    except FabriqueError:
        return None


def _exercise_key(exercise_id: str) -> str | None:
    """The answer key of an exercise (Markdown); None when it cannot be built (a broken
    texts file: the notebook already shows the problem)."""
    from .._errors import FabriqueError
    from ..exercises._answer_key import answer_key

    try:
        return answer_key(exercise_id)
    except FabriqueError:
        return None


def _fold_reference_result(nb: Any, verify: Any) -> bool:
    """Move the outputs of ``verify`` (a ``verifier`` cell) into the solution cell just
    before it, after the label « Résultat de la solution de référence »; False when no
    solution precedes it."""
    code = [c for c in nb.cells[:nb.cells.index(verify)] if c.cell_type == "code"]
    if not code or "solution" not in code[-1].metadata.get("tags", []):
        return False
    solution = code[-1]
    moved = []
    for output in verify.get("outputs", []):
        data = output.get("data", {})
        if "text/html" in data:
            data["text/html"] = fold_reference_output(data["text/html"])
        moved.append(output)
    if moved:
        solution.outputs = [*solution.get("outputs", []), _html_output(
            f'<p class="fc-resultat-reference"><strong>{REFERENCE_LABEL}</strong></p>'),
            *moved]
    verify.outputs = []
    return True


class FabriquePreprocessor(Preprocessor):
    """Turn a course notebook into its static, learner-facing form."""

    edition = Enum(EDITIONS, "apprenant", help="« apprenant » (learner) or « animateur » "
                   "(facilitator) edition").tag(config=True)
    exercise_forms = Bool(False, help="impact exercises as forms graded in the page, the "
                          "reference solution's verdict folded (the « fabrique » page; not "
                          "the slides)").tag(config=True)
    site_instructions = Bool(True, help="keep the cells tagged « site » (how the page works: "
                             "its contents, its buttons); a projected deck has neither"
                             ).tag(config=True)
    releve = Unicode("", help="address of « Mon relevé » (the learner's printable record) "
                     "that progress blocks and the course map link to; none when empty"
                     ).tag(config=True)
    compact_sources = Bool(False, help="the references list without the authors' mention "
                           "of repository and file (the slides)").tag(config=True)

    def _exercises(self, nb: Any) -> None:
        """Forms at the ``formulaire`` cells, else at the ``verifier`` cells; the
        reference solution's verdict inside its fold."""
        code = [c for c in nb.cells if c.cell_type == "code"]
        placed: set[str] = set()
        for cell in code:
            exercise_id = next(iter(first_arguments(cell.source, "formulaire")), None)
            if exercise_id is not None and (form := _exercise_form(exercise_id)):
                cell.outputs = [_html_output(form)]
                tags = list(cell.metadata.get("tags", []))
                cell.metadata["tags"] = [*tags, "fc-sans-code"] \
                    if "fc-sans-code" not in tags else tags
                placed.add(exercise_id)
        for cell in code:
            exercise_id = next(iter(first_arguments(cell.source, "verifier")), None)
            if exercise_id is None:
                continue
            _fold_reference_result(nb, cell)
            if exercise_id not in placed and (form := _exercise_form(exercise_id)):
                cell.outputs = [_html_output(form), *cell.get("outputs", [])]
                placed.add(exercise_id)

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        # JupyterLab's instructions are never on a page or a slide, the page's never in a
        # deck; the notes are for facilitators.
        hidden = {JUPYTER_ONLY} | ({"animateur"} if self.edition == "apprenant" else set()) \
            | (set() if self.site_instructions else {SITE_ONLY})
        nb.cells = [c for c in nb.cells if not hidden & set(c.metadata.get("tags", []))]
        # Source markers become numbered notes and the « Références » cell their list.
        cite_sources(nb, str(resources.get("metadata", {}).get("name", "")),
                     compact=self.compact_sources)
        questions: list[Question] = []
        keys: list[tuple[Any, str, str]] = []  # (cell, key, key cell id): key after cell
        info = nb.metadata.get("fabrique_course", {})
        if self.exercise_forms:
            self._exercises(nb)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = _NOTEBOOK_LINK.sub(
                    lambda m: f"]({m.group(1)}.html{m.group(2) or ''})", cell.source)
                continue
            if cell.cell_type != "code":
                continue
            tags = list(cell.metadata.get("tags", []))
            source = cell.source
            calls = quiz_calls(source)
            if calls:
                asked = [q for call in calls for q in call.questions()]
                cell.outputs = [_html_output(quiz_html(asked, start=len(questions) + 1))]
                questions += asked
                if self.edition == "animateur":
                    # Its id follows its quiz's, so that two builds write the same page.
                    keys.append((cell, answer_key_markdown(asked),
                                 f"{cell.get('id') or 'quiz'}-cle"[-64:]))
            elif progress_calls := calls_named(source, "progress"):
                call = progress_calls[0]
                bank = call.args[0].value if call.args and isinstance(call.args[0], ast.Constant) \
                    else str(resources.get("metadata", {}).get("name", ""))
                from .._banks import load_bank

                loaded = load_bank(str(bank))
                cell.outputs = [_html_output(progress_block(
                    loaded.notebook, len(loaded.questions), str(info.get("title", loaded.title)),
                    lesson_exercises(loaded.notebook), releve=self.releve))]
            elif calls_named(source, "sommaire"):
                cell.outputs = [_html_output(course_map(releve=self.releve))]
            elif writing_calls := calls_named(source, "ecrire"):
                cell.outputs = [_html_output(writing_form(*args)) for call in writing_calls
                                if 2 <= len(args := _literal_args(call)) <= 3]
            elif calls_named(source, "releve"):
                cell.outputs = [_html_output(releve_block())]
            elif calls_named(source, "bilan"):
                from ._bilan_page import bilan_block

                cell.outputs = [_html_output(bilan_block())]
            elif revision_calls := calls_named(source, "revision"):
                from ._revision_page import revision_block

                first = revision_calls[0].args[:1]
                size = first[0].value if first and isinstance(first[0], ast.Constant) \
                    and isinstance(first[0].value, int) else 10
                block, embedded = revision_block(size)
                cell.outputs = [_html_output(block)]
                questions += embedded
                if "fc-sans-code" not in tags:  # the page shows the session, not the call
                    tags.append("fc-sans-code")
            else:
                for output in cell.get("outputs", []):
                    data = output.get("data", {})
                    if _WIDGET in data:
                        data.pop(_WIDGET)
                    if "dataframe" in data.get("text/html", ""):
                        # pandas leaves the index header cells empty: name them for
                        # screen readers (RGAA: every header cell has a text).
                        data["text/html"] = data["text/html"].replace(
                            "<th></th>", '<th><span class="fc-cache">ligne</span></th>')
            if only_course_helpers(source) and "fc-sans-code" not in tags:
                tags.append("fc-sans-code")
            cell.metadata["tags"] = tags
        if self.edition == "animateur":
            for cell, exercise_id in exercise_key_places(nb.cells):
                if (key := _exercise_key(exercise_id)) is not None:
                    keys.append((cell, key, exercise_key_id(exercise_id)))
        from nbformat.v4 import new_markdown_cell

        # The facilitator's answer keys, each right after its quiz or its exercise's form
        # (inserted last first: a quiz's key comes before an exercise's in a shared cell).
        for cell, key, key_id in reversed(keys):
            nb.cells.insert(nb.cells.index(cell) + 1, new_markdown_cell(
                key, id=key_id, metadata={"tags": list(KEY_TAGS),
                                          "slideshow": {"slide_type": "notes"}}))
        resources.setdefault("fabrique", {})
        resources["fabrique"]["questions"] = questions
        return nb, resources


class _CourseTemplates(TemplateExporter):
    """What the course's two exporters share: their templates folder, no prompts, the
    edition, and the filter that writes a page's questions as safe JSON."""

    edition = Enum(EDITIONS, "apprenant", help="« apprenant » or « animateur »").tag(config=True)

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(templates_dir())]

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    def default_filters(self) -> Any:
        yield from super().default_filters()
        yield ("fc_questions_json", bank_json)

    def from_notebook_node(self, nb: Any, resources: dict[str, Any] | None = None,
                           **kw: Any) -> tuple[Any, dict[str, Any]]:
        """``HTMLExporter.from_notebook_node`` without its last step, which parses the
        whole page again with BeautifulSoup (about half of a lesson's export time) to give
        ``<img>`` without ``alt`` an English text and ``tabindex`` to the lab template's
        cell wrappers: the course's templates write neither (``tests/publishing/
        test_site.py`` checks it on every page), so that pass would change nothing."""
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        resources = self._init_resources(resources)
        self.register_filter("highlight_code", self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


class FabriqueExporter(_CourseTemplates, HTMLExporter):
    """Offline, accessible HTML page of a course notebook, quizzes included."""

    export_from_notebook = "Parcours Startup d'État (HTML hors ligne)"
    inline_assets = Bool(True, help="inline CSS and JS (single file) instead of linking "
                         "assets/").tag(config=True)
    assets_prefix = Unicode("assets/", help="where linked assets live").tag(config=True)
    home = Unicode("index.html", help="link to the course map").tag(config=True)
    questions_dir = Unicode("", help="with linked assets: put the page's questions in "
                            "<assets>/<questions_dir>/<page>.js (a cached file) instead of "
                            "inline JSON; the site build writes those files").tag(config=True)
    theme = Unicode("neutre", help="« neutre » (default) or « dsfr » (the State design "
                    "system, reserved to the public administration)").tag(config=True)
    releve = Unicode("", help="address of « Mon relevé », the learner's printable record "
                     "(the site build sets it); progress blocks link to it").tag(config=True)

    @default("template_name")
    def _template_name_default(self) -> str:
        return "fabrique"

    def _init_preprocessors(self) -> None:
        super()._init_preprocessors()
        self.register_preprocessor(FabriquePreprocessor(edition=self.edition,
                                                        exercise_forms=True,
                                                        releve=self.releve, parent=self),
                                   enabled=True)

    def from_notebook_node(self, nb: Any, resources: dict[str, Any] | None = None,
                           **kw: Any) -> tuple[Any, dict[str, Any]]:
        resources = self._init_resources(resources)
        name = str(resources.get("metadata", {}).get("name", ""))
        info = nb.metadata.get("fabrique_course", {})
        title = str(info.get("title") or nb.metadata.get("title") or name or "Notebook")
        available = lessons()
        home = Path(HOME).stem
        order = [home, *[lesson.name for lesson in available]]
        titles = {home: "Accueil du parcours",
                  **{lesson.name: lesson.title for lesson in available}}
        position = order.index(name) if name in order else None
        fc: dict[str, Any] = {
            "version": package_version(), "title": title, "home": self.home,
            "inline": self.inline_assets, "previous": None, "next": None,
            "theme": self.theme, "edition": self.edition,
            "questions_src": (f"{self.assets_prefix}{self.questions_dir}/{name}.js"
                              if self.questions_dir and not self.inline_assets else ""),
            # DSFR first, the course's sheets next, the DSFR adjustments last.
            "stylesheets": [self.assets_prefix + a for a in
                            ([DSFR_STYLESHEETS[0]] if self.theme == "dsfr" else [])
                            + [a for a in ASSETS if a.endswith(".css")]
                            + ([DSFR_STYLESHEETS[1]] if self.theme == "dsfr" else [])],
            "scripts": [self.assets_prefix + a for a in ASSETS if a.endswith(".js")],
        }
        if position is not None and position > 0:
            fc["previous"] = {"href": f"{order[position - 1]}.html",
                              "title": titles[order[position - 1]]}
        if position is not None and position + 1 < len(order):
            fc["next"] = {"href": f"{order[position + 1]}.html",
                          "title": titles[order[position + 1]]}
        if self.inline_assets:
            fc["css"] = asset_text("fabrique.css") + asset_text("pygments.css")
            fc["js"] = "".join(asset_text(a) for a in ASSETS if a.endswith(".js"))
        resources["fabrique"] = fc  # the preprocessor adds the page's questions to it
        # Glossary links and anchors as the Markdown renders, the contents once written.
        self._ways = PageWays(name, lesson="phase" in info, folder=notebooks_dir())
        body, resources = super().from_notebook_node(nb, resources, **kw)
        return self._ways.fill(body), resources

    @pass_context
    def markdown2html(self, context: Any, source: str) -> str:
        """A Markdown cell as the page shows it: with the page's glossary links (a
        lesson) or entry anchors (the glossary)."""
        fragment = str(super().markdown2html(context, source))
        ways: PageWays | None = getattr(self, "_ways", None)
        if ways is None:
            return fragment
        tags = context.get("cell", {}).get("metadata", {}).get("tags", [])
        return ways.markdown(fragment, tags)


class _NotesAfterTheirSlide(Preprocessor):
    """Facilitator notes sit just before the heading they introduce; in a deck they must
    be inside that slide, so each run of notes moves after the next slide start."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        cells: list[Any] = []
        pending: list[Any] = []
        for cell in nb.cells:
            kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
            if kind == "notes" and "cle-reponses" not in cell.metadata.get("tags", []):
                pending.append(cell)
                continue
            cells.append(cell)
            if kind in ("slide", "subslide") and pending:
                cells += pending
                pending = []
        nb.cells = cells + pending
        return nb, resources


class FabriqueSlidesExporter(_CourseTemplates, SlidesExporter):
    """An offline reveal.js deck of a course notebook; quizzes grade in the deck; the
    facilitator edition carries the notes as speaker notes (press « S »)."""

    export_from_notebook = "Parcours Startup d'État (diaporama hors ligne)"
    assets_prefix = Unicode("assets/").tag(config=True)

    @default("template_name")
    def _template_name_default(self) -> str:
        return "fabrique-slides"

    def _init_preprocessors(self) -> None:
        super()._init_preprocessors()
        # Ours first: the reveal metadata preprocessor must see the final list of cells.
        ours = [FabriquePreprocessor(edition=self.edition, compact_sources=True,
                                     site_instructions=False, parent=self),
                _NotesAfterTheirSlide(parent=self)]
        for pre in ours:
            pre.enabled = True
        self._preprocessors[:0] = ours

    def from_notebook_node(self, nb: Any, resources: dict[str, Any] | None = None,
                           **kw: Any) -> tuple[Any, dict[str, Any]]:
        resources = self._init_resources(resources)
        info = nb.metadata.get("fabrique_course", {})
        resources["fabrique"] = {"title": str(info.get("title") or "Notebook"),
                                 "prefix": self.assets_prefix, "edition": self.edition}
        return super().from_notebook_node(nb, resources, **kw)
