"""Tests of the live quiz widgets (_widgets), driven without a browser."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from fabrique_course import progress, quiz, repondre
from fabrique_course._widgets import Message, QuizView
from fabrique_course._workspace import open_store

pytestmark = pytest.mark.usefixtures("course", "workspace")


def _view(question_id: str | None = None) -> QuizView:
    view = quiz("99_essai", question_id)
    assert isinstance(view, QuizView)
    return view


def test_bank_view_has_one_box_per_question_with_stable_classes() -> None:
    """Every question is a box whose classes come from its id, never from randomness."""
    view = _view()
    assert len(view.questions) == 7
    classes = [qw.box._dom_classes for qw in view.questions]
    assert ("fc-question", "fc-99-essai-choix-unique") in [tuple(c) for c in classes]
    again = _view()
    assert [qw.box._dom_classes for qw in again.questions] == classes


def test_order_question_is_shown_shuffled_the_same_way_every_time() -> None:
    """Order items are shuffled with a seed from the question key: same order each run."""
    first = [o[1] for o in _view("ordre").questions[0].controls[0].options]
    second = [o[1] for o in _view("ordre").questions[0].controls[0].options]
    assert first == second
    assert first[1:] != ["investigation", "construction", "acceleration", "perennisation"]


def test_right_answer_through_the_controls(workspace: Path) -> None:
    """Choosing the right option and clicking Valider shows 'Bonne réponse' and records it."""
    qw = _view("choix-unique").questions[0]
    qw.controls[0].value = "impact"
    qw.validate_button.click()
    assert qw.result is not None
    assert qw.result.correct
    assert "Bonne réponse" in qw.feedback.value
    assert 'aria-live="polite"' in qw.feedback.value
    assert qw.validate_button.disabled
    assert qw.controls[0].disabled
    assert qw.retry_button.layout.display is None
    events = open_store(workspace).events()
    assert [(e.question_id, e.status, e.answer) for e in events] == [
        ("choix-unique", "correct", "impact")]


def test_wrong_answer_then_retry(workspace: Path) -> None:
    """A wrong answer shows its misconception; Réessayer clears the controls and feedback."""
    qw = _view("choix-multiple").questions[0]
    for box, oid in zip(qw.controls, qw._multiple_ids, strict=True):
        box.value = oid in ("usagers", "reporting")
    qw.validate_button.click()
    assert "Idée reçue : contrôler par le reporting" in qw.feedback.value
    qw.retry_button.click()
    assert qw.feedback.value == ""
    assert not any(box.value for box in qw.controls)
    assert not qw.validate_button.disabled
    assert len(open_store(workspace).events()) == 1


def test_unreadable_answer_is_not_recorded(workspace: Path) -> None:
    """Clicking Valider with nothing chosen explains what to do and stores nothing."""
    qw = _view("nombre").questions[0]
    qw.controls[0].value = "six"
    qw.validate_button.click()
    assert "un nombre écrit en chiffres" in qw.feedback.value
    assert not qw.validate_button.disabled
    assert open_store(workspace).events() == []


@pytest.mark.parametrize(
    ("question_id", "fill", "status"),
    [
        ("vrai-faux", lambda c: setattr(c[0], "value", "faux"), "correct"),
        ("nombre-relatif", lambda c: setattr(c[0], "value", "0,42 €"), "correct"),
        ("ordre", lambda c: [setattr(d, "value", v) for d, v in zip(
            c, ["investigation", "construction", "perennisation", "acceleration"],
            strict=True)], "partial"),
        ("associer", lambda c: [setattr(d, "value", v) for d, v in zip(
            c, ["produit", "accompagne", "produit"], strict=True)], "partial"),
    ],
)
def test_every_control_type_reads_and_grades(question_id: str, fill: object,
                                             status: str) -> None:
    """Radio, text and drop-down controls give answers the grader reads."""
    qw = _view(question_id).questions[0]
    fill(qw.controls)  # type: ignore[operator]
    assert qw.submit().status == status


def test_controls_are_native_and_labelled() -> None:
    """Controls are standard ipywidgets with visible French labels and a Valider button."""
    view = _view()
    kinds = {type(c) for qw in view.questions for c in qw.controls}
    assert kinds == {widgets.RadioButtons, widgets.Checkbox, widgets.Text, widgets.Dropdown}
    for qw in view.questions:
        assert qw.validate_button.description == "Valider"
        assert qw.retry_button.description == "Réessayer"
        for control in qw.controls:
            if isinstance(control, widgets.Dropdown | widgets.Text):
                assert control.description


def test_display_bundle_has_readable_fallbacks() -> None:
    """Without a widget front end, the cell shows the question and how to answer it."""
    bundle = _view("choix-unique")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "VBox(" not in bundle["text/plain"]
    assert "Qui pilote une Startup d'État ?" in bundle["text/plain"]
    assert 'repondre("99_essai", "choix-unique"' in bundle["text/plain"]
    assert "a besoin des widgets Jupyter" in bundle["text/html"]


def test_repondre_grades_and_records_without_widgets(workspace: Path) -> None:
    """The text fallback repondre() grades, records with origin 'texte', and explains."""
    shown = repondre("99_essai", "nombre", "6")
    assert "Bonne réponse" in repr(shown)
    assert "Pour retenir" in repr(shown)
    assert open_store(workspace).events()[0].origin == "texte"
    assert "n'a pas de question" in repr(repondre("99_essai", "absente", "x"))


def test_broken_content_shows_a_message_not_a_traceback(course: Path) -> None:
    """A broken bank gives a French message in the cell."""
    path = course / "content" / "quiz" / "99_essai.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: single", "type: seul"),
                    encoding="utf-8")
    shown = quiz("99_essai")
    assert isinstance(shown, Message)
    assert "99_essai.yaml" in repr(shown)
    assert "choix-unique" in repr(shown)
    assert 'role="alert"' in shown._repr_html_()
    assert isinstance(quiz("inconnu"), Message)


def test_progress_view_shows_answers_and_what_to_revisit(workspace: Path) -> None:
    """progress() lists answered and right questions and what to revisit."""
    view = _view()
    view["choix-unique"].submit("cahier")
    view["nombre"].submit("6")
    shown = progress("99_essai")
    text = repr(shown)
    assert "2/7 questions répondues, 1 justes" in text
    assert "à revoir : Question 1 — Qui pilote une Startup d'État ? (à revoir)" in text
    html = shown._repr_html_()  # type: ignore[union-attr]
    assert "<caption>" in html
    assert "<li>Question 1 — Qui pilote une Startup d&#x27;État ? (à revoir)</li>" in html
    assert "choix-unique" not in html


def test_answers_survive_a_new_session(workspace: Path) -> None:
    """Progress is read back from disk by a new store, as after a kernel restart."""
    _view("vrai-faux").questions[0].submit("faux")
    assert "1/7 questions répondues, 1 justes" in repr(progress("99_essai"))


def test_front_end_without_widgets_shows_the_question(course: Path, tmp_path: Path) -> None:
    """Executed and exported by a tool without ipywidgets, a quiz cell reads as text."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import MarkdownExporter

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        'from fabrique_course import quiz\nquiz("99_essai", "choix-unique")', id="quiz")]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    import html

    text = html.unescape(MarkdownExporter().from_notebook_node(nb)[0])
    assert "Ce quiz a besoin des widgets Jupyter" in text
    assert "Qui pilote une Startup d'État ?" in text
    assert 'repondre("99_essai", "choix-unique"' in text
    assert "VBox(" not in text


# Author Markdown in the feedback of the test bank, with raw HTML that must stay text.
MARKDOWN_FEEDBACK = "Oui : une *petite* équipe, **gras**, <script>alert(1)</script>."


def _markdown_feedback(course: Path) -> None:
    """Give options and items of the test bank feedback written in Markdown."""
    path = course / "content" / "quiz" / "99_essai.yaml"
    text = path.read_text(encoding="utf-8")
    for old in ("feedback: Oui, l'impact mesuré.", "feedback: L'intrapreneur porte le produit.",
                "feedback: C'est la durée de la construction, pas le rythme du comité."):
        assert old in text
        text = text.replace(old, f'feedback: "{MARKDOWN_FEEDBACK}"')
    text = text.replace("feedback: Oui.", f'feedback: "{MARKDOWN_FEEDBACK}"')
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("question_id", "answer"), [
    ("choix-unique", "impact"), ("choix-multiple", ["usagers"]), ("nombre", "12"),
    ("associer", {"intrapreneur": "teste"})])
def test_feedback_renders_the_authors_markdown_and_escapes_raw_html(
        course: Path, question_id: str, answer: object) -> None:
    """Widget and repondre() feedback show <em>/<strong>, never *…* nor a live <script>."""
    _markdown_feedback(course)
    qw = _view(question_id).questions[0]
    qw.submit(answer)
    shown = repondre("99_essai", question_id, answer)
    for page in (qw.feedback.value, shown._repr_html_()):  # type: ignore[union-attr]
        assert "<em>petite</em>" in page
        assert "<strong>gras</strong>" in page
        assert "*petite*" not in page
        assert "**" not in page
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<div role="status" aria-live="polite" lang="fr">' in qw.feedback.value


def test_text_fallback_keeps_the_markdown_source(course: Path) -> None:
    """Without HTML, repondre() prints the feedback as written: « *petite* » reads as text."""
    _markdown_feedback(course)
    text = repr(repondre("99_essai", "choix-unique", "impact"))
    assert MARKDOWN_FEEDBACK in text
    assert "<em>" not in text


def test_unreadable_answer_quotes_the_learner_as_text(course: Path) -> None:
    """What a learner typed is never read as Markdown: « *six* » stays « *six* »."""
    qw = _view("choix-unique").questions[0]
    result = qw.submit("*six* <b>")
    assert result.status == "unreadable"
    assert "« *six* &lt;b&gt; »" in qw.feedback.value
    assert "<em>" not in qw.feedback.value
