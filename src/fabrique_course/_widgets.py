"""Live quizzes in a notebook: ipywidgets views over the pure question model.

``quiz("00_demarche")`` shows a bank, ``quiz("00_demarche", "some-id")`` one question.
Each question is a box of native controls (radio buttons, check boxes, a text field,
drop-down lists), a « Valider » button, the feedback in place and « Réessayer ».
Class names come from question ids (``fc-<bank>-<id>``), never from randomness.
Every displayed object also carries an HTML and plain-text rendering, so a front end
without ipywidgets shows the question and how to answer it with ``repondre(...)``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from ._banks import load_bank, question_numbers
from ._errors import FabriqueError
from ._markdown import markdown_html
from ._quiz_text import QUIZ_CSS, dom_id, ordered, question_text, type_hint

# The first quiz of a lesson imports ipywidgets and the modules above, nothing more: the
# grader, the progress store and the reports are imported when a learner answers or asks
# for a report.
if TYPE_CHECKING:
    from ._grading import Result
    from ._model import Question
    from ._progress import ProgressStore
    from ._report import NotebookSummary

__all__ = ["Message", "ProgressView", "QuestionWidget", "QuizView", "ReleveView", "live_status",
           "progress", "quiz", "releve", "repondre"]

_EMPTY = ""
_PLACEHOLDER = ("— choisir —", _EMPTY)
_FULL = widgets.Layout(width="auto", max_width="100%")
# Shared, never-mutated layout and style models: each widget would otherwise create its
# own (about a third of the time it takes to build a quiz).
_PLAIN = widgets.Layout()
_AUTO = widgets.Layout(width="auto")
_HIDDEN = widgets.Layout(width="auto", display="none")
_CARD = widgets.Layout(border="1px solid #6a6a6a", padding="0.5em 1em", margin="0.5em 0")
_INITIAL = DescriptionStyle(description_width="initial")
_DESCRIPTION = DescriptionStyle()
_CHECKBOX = CheckboxStyle()
_INITIAL_TEXT = TextStyle(description_width="initial")
_BUTTON = widgets.ButtonStyle()
_HTML_STYLE = HTMLStyle()


class Message:
    """A French message shown in place of a cell's result (e.g. broken content)."""

    def __init__(self, text: str, kind: str = "erreur") -> None:
        self.text = text
        self.kind = kind

    def _repr_html_(self) -> str:
        title = "Problème" if self.kind == "erreur" else "Information"
        body = "<br>".join(html.escape(line) for line in self.text.splitlines())
        return (f'<div class="fc-message fc-{self.kind}" role="alert" lang="fr">'
                f"<strong>{title} :</strong> {body}</div>")

    def __repr__(self) -> str:
        return self.text


class _Shown:
    """What ipywidgets' display bundle reads of a widget (its view and model ids), with a
    short repr: the widget's own repr walks every child (milliseconds for a quiz) to make
    a text that :func:`widget_bundle` replaces anyway."""

    def __init__(self, box: widgets.Widget) -> None:
        self._view_name, self._model_id = box._view_name, box._model_id

    def __repr__(self) -> str:
        return "widget"


def widget_bundle(box: widgets.Widget, text: str, subject: str, otherwise_html: str,
                  css_class: str = "fc-quiz-fallback", **kwargs: Any) -> dict[str, Any]:
    """The display bundle of a widget view: the widgets for JupyterLab, and for a front
    end without them the plain ``text`` and an HTML note that « ``subject`` a besoin des
    widgets Jupyter », then what to do instead (``otherwise_html``, trusted HTML)."""
    bundle: dict[str, Any] = dict(widgets.Widget._repr_mimebundle_(_Shown(box), **kwargs) or {})
    bundle["text/plain"] = text
    bundle["text/html"] = (
        f'<div class="{css_class}" lang="fr"><p><strong>{subject} a besoin des widgets '
        "Jupyter.</strong> Ouvrez ce notebook dans JupyterLab (commande <code>make lab</code>)"
        f", ou {otherwise_html}</p><pre>{html.escape(text)}</pre></div>")
    return bundle


def live_status(text: str) -> str:
    """A status line that screen readers announce when it changes (a polite live region):
    the French ``text``, escaped."""
    return f'<div role="status" aria-live="polite" lang="fr">{html.escape(text)}</div>'


def _safe_store(problem: str = "Votre réponse n'a pas pu être enregistrée"
                ) -> tuple[ProgressStore | None, str]:
    """The learner's progress store, or None and « ``problem`` : why » in French."""
    from ._workspace import open_store

    try:
        return open_store(), ""
    except FabriqueError as exc:
        return None, f"{problem} : {exc}"


StoreFactory = Callable[[], "tuple[ProgressStore | None, str]"]


def _record(question: Question, answer: Any, result: Result, origin: str,
            store_factory: StoreFactory = _safe_store) -> str:
    """Store a readable answer; return a French note if it could not be stored."""
    if result.status == "unreadable":
        return ""
    from ._grading import normalise_answer

    store, note = store_factory()
    if store is None:
        return note
    try:
        store.record(question.bank, question.id, normalise_answer(answer),
                     result.status, result.score, origin=origin)
    except FabriqueError as exc:
        return f"Votre réponse n'a pas pu être enregistrée : {exc}"
    return ""


class QuestionWidget:
    """One question as live widgets."""

    def __init__(self, question: Question,
                 store_factory: StoreFactory = _safe_store,
                 number: int | None = None) -> None:
        self.question = question
        self.number = number
        self._store_factory = store_factory
        self.result: Result | None = None
        self.controls: list[widgets.Widget] = []
        self._control_box = self._build_controls()
        # Each widget is created whole, classes included: in a kernel every later change
        # (add_class, a layout of its own) is one more message before the quiz shows.
        self.validate_button = widgets.Button(
            description="Valider", button_style="primary", tooltip="Valider ma réponse",
            layout=_AUTO, style=_BUTTON, _dom_classes=("fc-valider", dom_id(question, "valider")),
        )
        self.validate_button.on_click(lambda _b: self.submit())
        # « Réessayer » appears after a verdict: it is built then, not before the quiz shows.
        self._retry: widgets.Button | None = None
        self._buttons = widgets.HBox([self.validate_button], layout=_PLAIN)
        self.feedback = widgets.HTML(
            value="", layout=_PLAIN, style=_HTML_STYLE,
            _dom_classes=("fc-feedback-area", dom_id(question, "feedback")),
        )
        label = f"Question {number}" if number is not None else "Question"
        header = widgets.HTML(
            value=(f'<div class="fc-prompt" lang="fr"><p><strong>{label}</strong> — '
                   f"<em>{html.escape(type_hint(question))}</em></p>"
                   f"{markdown_html(question.prompt)}</div>"), layout=_PLAIN, style=_HTML_STYLE,
        )
        self.box = widgets.VBox(
            [header, self._control_box,
             self._buttons,
             self.feedback],
            layout=_CARD, _dom_classes=("fc-question", dom_id(question)),
        )

    @property
    def retry_button(self) -> widgets.Button:
        """« Réessayer », beside « Valider » (hidden until a verdict is shown)."""
        return self._retry_button(shown=False)

    def _retry_button(self, shown: bool) -> widgets.Button:
        if self._retry is None:
            self._retry = widgets.Button(
                description="Réessayer", tooltip="Effacer ma réponse et recommencer",
                layout=_AUTO if shown else _HIDDEN, style=_BUTTON,
                _dom_classes=("fc-reessayer", dom_id(self.question, "reessayer")),
            )
            self._retry.on_click(lambda _b: self.reset())
            self._buttons.children = (self.validate_button, self._retry)
        elif shown:
            self._retry.layout = _AUTO
        return self._retry

    # ------------------------------------------------------------------ controls
    def _build_controls(self) -> widgets.Widget:
        q = self.question
        if q.type in ("single", "true_false"):
            radio = widgets.RadioButtons(
                options=[(o.text, o.id) for o in ordered(q, q.options)], value=None,
                layout=_FULL, style=_DESCRIPTION,
            )
            self.controls = [radio]
            return radio
        if q.type == "multiple":
            boxes = [widgets.Checkbox(value=False, description=o.text, indent=False,
                                      layout=_FULL, style=_CHECKBOX,
                                      _dom_classes=(dom_id(q, f"option-{o.id}"),))
                     for o in ordered(q, q.options)]
            self._multiple_ids = [o.id for o in ordered(q, q.options)]
            self.controls = list(boxes)
            return widgets.VBox(boxes, layout=_PLAIN)
        if q.type == "numeric":
            text = widgets.Text(value="", placeholder="ex. 1,5",
                                description="Votre réponse :",
                                style=_INITIAL_TEXT)
            self.controls = [text]
            unit = widgets.Label(value=q.unit or "", layout=_PLAIN)
            return widgets.HBox([text, unit], layout=_PLAIN)
        if q.type == "order":
            shown = ordered(q, q.items)
            listing = widgets.HTML(value="<p>Éléments à ordonner : " + " · ".join(
                f"« {html.escape(i.text)} »" for i in shown) + "</p>", layout=_PLAIN,
                style=_HTML_STYLE)
            options = [_PLACEHOLDER] + [(i.text, i.id) for i in shown]
            drops = [widgets.Dropdown(options=options, value=_EMPTY,
                                      description=f"Position {k} :",
                                      style=_INITIAL, layout=_FULL)
                     for k in range(1, len(q.items) + 1)]
            self.controls = list(drops)
            return widgets.VBox([listing, *drops], layout=_PLAIN)
        options = [_PLACEHOLDER] + [(c.text, c.id) for c in ordered(q, q.choices)]
        drops = [widgets.Dropdown(options=options, value=_EMPTY, description=f"{i.text} :",
                                  style=_INITIAL, layout=_FULL)
                 for i in q.items]
        self.controls = list(drops)
        return widgets.VBox(drops, layout=_PLAIN)

    def answer(self) -> Any:
        """The answer currently given in the controls, in ``grade()`` format."""
        q = self.question
        if q.type in ("single", "true_false"):
            return self.controls[0].value
        if q.type == "multiple":
            return [oid for oid, box in zip(self._multiple_ids, self.controls, strict=True)
                    if box.value]
        if q.type == "numeric":
            return self.controls[0].value
        if q.type == "order":
            values = [d.value for d in self.controls]
            return None if all(v == _EMPTY for v in values) else values
        return {i.id: d.value for i, d in zip(q.items, self.controls, strict=True)
                if d.value != _EMPTY} or None

    # ------------------------------------------------------------------ actions
    def submit(self, answer: Any = None) -> Result:
        """Grade the given answer (or the controls'), record it, show the feedback."""
        from ._grading import grade
        from ._render import feedback_html

        given = self.answer() if answer is None else answer
        result = grade(self.question, given)
        note = _record(self.question, given, result, "jupyter", self._store_factory)
        if result.status != "unreadable":
            for control in self.controls:
                control.disabled = True
            self.validate_button.disabled = True
            self._retry_button(shown=True)
        self.result = result
        warning = f'<p class="fc-warning">{html.escape(note)}</p>' if note else ""
        self.feedback.value = (f'<div role="status" aria-live="polite" lang="fr">'
                               f"{feedback_html(result)}{warning}</div>")
        return result

    def reset(self) -> None:
        """Clear the answer and the feedback, to try again."""
        for control in self.controls:
            control.disabled = False
            if isinstance(control, widgets.Checkbox):
                control.value = False
            elif isinstance(control, widgets.RadioButtons):
                control.value = None
            else:
                control.value = _EMPTY
        self.validate_button.disabled = False
        if self._retry is not None:
            self._retry.layout = _HIDDEN
        self.feedback.value = ""
        self.result = None


def _when_kernel_free(action: Callable[[], None]) -> bool:
    """Have the running IPython kernel call ``action`` as soon as it is free (once the
    current cell's output has gone out); False outside a kernel (a script, the tests)."""
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    loop = getattr(getattr(shell, "kernel", None), "io_loop", None)
    if loop is None:
        return False
    loop.add_callback(action)
    return True


class QuizView:
    """Several questions, displayed as widgets with HTML and text fallbacks.

    In a kernel, the first question's widgets are built at once and the others just
    after the cell's output has gone out: the learner reads and answers question 1 while
    the rest arrive. Anything that needs them (``questions``, ``view["id"]``) builds them
    first; outside a kernel they are all built at once.
    """

    def __init__(self, questions: Sequence[Question], title: str | None = None) -> None:
        numbered = len(questions) > 1
        # A lesson's question carries its number in the lesson, as on the site and in
        # progress(); any other is numbered within the view.
        numbers = {bank: question_numbers(bank) for bank in {q.bank for q in questions}}
        self._numbered = [(q, numbers[q.bank].get(q.id) or (k if numbered else None))
                          for k, q in enumerate(questions, start=1)]
        self._built = [QuestionWidget(q, number=n) for q, n in self._numbered[:1]]
        children: list[widgets.Widget] = [widgets.HTML(value=f"<style>{QUIZ_CSS}</style>")]
        if title:
            children.append(widgets.HTML(value=f"<h3>{html.escape(title)}</h3>"))
        children += [qw.box for qw in self._built]
        self.box = widgets.VBox(children, _dom_classes=("fc-quiz",))
        if len(self._numbered) > 1 and not _when_kernel_free(self._build_rest):
            self._build_rest()

    def _build_rest(self) -> None:
        """Build the widgets of the questions not built yet, and show them."""
        if len(self._built) == len(self._numbered):
            return
        rest = [QuestionWidget(q, number=n) for q, n in self._numbered[len(self._built):]]
        self._built += rest
        self.box.children = (*self.box.children, *(qw.box for qw in rest))

    @property
    def questions(self) -> list[QuestionWidget]:
        """The question widgets, in order (all of them built)."""
        self._build_rest()
        return self._built

    def __getitem__(self, question_id: str) -> QuestionWidget:
        for qw in self.questions:
            if qw.question.id == question_id:
                return qw
        raise KeyError(question_id)

    def _fallback_text(self) -> str:
        return "\n\n".join(question_text(q, n) for q, n in self._numbered)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return widget_bundle(self.box, self._fallback_text(), "Ce quiz",
                             "répondez dans une cellule de code avec <code>repondre(...)</code>"
                             " comme indiqué ci-dessous.", **kwargs)

    def __repr__(self) -> str:
        return self._fallback_text()


class ProgressView:
    """The learner's progress, as an HTML table with a text fallback."""

    def __init__(self, summaries: Sequence[NotebookSummary], problem: str = "") -> None:
        self.summaries = list(summaries)
        self.problem = problem

    def _repr_html_(self) -> str:
        from ._render import progress_html

        note = f"<p>{html.escape(self.problem)}</p>" if self.problem else ""
        return note + progress_html(self.summaries)

    def __repr__(self) -> str:
        from ._report import summary_lines

        lines = summary_lines(self.summaries)
        return "\n".join(([self.problem] if self.problem else []) + lines)


def quiz(notebook: str, question_ids: str | Sequence[str] | None = None) -> QuizView | Message:
    """Affiche un quiz interactif : toutes les questions d'une leçon, ou celles demandées.

    Paramètres :
        notebook : le nom de la leçon, par exemple "00_demarche".
        question_ids : l'identifiant d'une question ("manifeste-pilier-impact") ou une
            liste d'identifiants ; sans lui, toutes les questions de la leçon.

    Cliquez sur « Valider » pour corriger votre réponse et lire le commentaire,
    « Réessayer » pour recommencer. Vos réponses sont enregistrées dans votre espace de
    travail (voir progress). Sans les widgets Jupyter, le quiz s'affiche en texte et vous
    répondez avec repondre.

    Exemples :
        quiz("00_demarche")
        quiz("00_demarche", "manifeste-pilier-impact")
        quiz("00_demarche", ["manifeste-pilier-impact", "matrice-impact-indicateurs"])
    """
    try:
        bank = load_bank(notebook)
        if question_ids is None:
            return QuizView(bank.questions, title=f"Quiz — {bank.title}")
        ids = [question_ids] if isinstance(question_ids, str) else list(question_ids)
        return QuizView([bank.get(qid) for qid in ids])
    except FabriqueError as exc:
        return Message(f"Le quiz ne peut pas s'afficher.\n{exc}")


def progress(notebook: str | None = None) -> ProgressView | Message:
    """Affiche votre progression : questions répondues, justes et à revoir (par leur
    numéro dans la leçon et le début de leur énoncé), où vous en êtes des exercices
    d'impact (la dernière vérification de chacun) et de vos textes écrits.

    Paramètres :
        notebook : le nom d'une leçon, par exemple "00_demarche" ; sans lui, tout le
            parcours.

    Exemples :
        progress("00_demarche")
        progress()
    """
    try:
        return ProgressView(*_summaries(notebook))
    except FabriqueError as exc:
        return Message(f"La progression ne peut pas s'afficher.\n{exc}")


def _summaries(notebook: str | None) -> tuple[list[NotebookSummary], str]:
    from ._report import summarise_notebooks

    store, problem = _safe_store()
    events = store.events() if store is not None else []
    checks = store.exercise_checks() if store is not None else []
    writings = store.writings() if store is not None else []
    return (summarise_notebooks([notebook] if notebook else None, events, checks, writings),
            problem)


class ReleveView(ProgressView):
    """« Mon relevé »: answers, scores, exercises, texts and what to review, as HTML."""

    def _repr_html_(self) -> str:
        from ._render import releve_html

        note = f"<p>{html.escape(self.problem)}</p>" if self.problem else ""
        return note + releve_html(self.summaries)

    def __repr__(self) -> str:
        from ._report import summary_lines

        lines = summary_lines(self.summaries)
        for s in self.summaries:
            for w in s.writings:
                if w.versions:
                    lines += [f"{s.notebook} — texte « {w.instruction} » :",
                              *("    " + line for line in w.text.splitlines())]
        return "\n".join(([self.problem] if self.problem else []) + lines)


def releve(notebook: str | None = None) -> ReleveView | Message:
    """Affiche votre relevé, à relire ou à imprimer : pour chaque leçon, les questions
    répondues (numéro, début de l'énoncé, état, score), l'état des exercices d'impact,
    vos textes écrits (la dernière version enregistrée) et ce qu'il reste à revoir.

    Paramètres :
        notebook : le nom d'une leçon, par exemple "00_demarche" ; sans lui, tout le
            parcours.

    Exemples :
        releve()
        releve("01_investigation")
    """
    try:
        return ReleveView(*_summaries(notebook))
    except FabriqueError as exc:
        return Message(f"Le relevé ne peut pas s'afficher.\n{exc}")


class _ResultView:
    def __init__(self, result: Result, note: str) -> None:
        self.result, self.note = result, note

    def _repr_html_(self) -> str:
        from ._render import feedback_html

        warning = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return f'<div role="status" lang="fr">{feedback_html(self.result)}{warning}</div>'

    def __repr__(self) -> str:
        parts = [self.result.message]
        if self.result.explanation:
            parts.append("Pour retenir : " + self.result.explanation)
        if self.note:
            parts.append(self.note)
        return "\n".join(parts)


def repondre(notebook: str, question_id: str, answer: Any) -> _ResultView | Message:
    """Répond à une question sans widgets : corrige, enregistre et affiche le commentaire.

    Paramètres :
        notebook : le nom de la leçon, par exemple "00_demarche".
        question_id : l'identifiant de la question, affiché avec elle.
        answer : votre réponse, sous la forme qu'indique la question : l'identifiant d'une
            option ("impact") ; une liste d'identifiants pour plusieurs options ou pour un
            ordre ; un nombre ou un texte ("1,5") pour une valeur ; un dictionnaire
            {élément: proposition} pour une association.

    Exemple :
        repondre("00_demarche", "manifeste-pilier-impact", "impact")
    """
    try:
        question = load_bank(notebook).get(question_id)
    except FabriqueError as exc:
        return Message(str(exc))
    from ._grading import grade

    result = grade(question, answer)
    return _ResultView(result, _record(question, answer, result, "texte"))
