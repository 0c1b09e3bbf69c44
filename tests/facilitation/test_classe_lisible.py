"""The class dashboard, read by a room: answers in words, Markdown rendered or dropped,
a standalone page that carries the site's stylesheet and fetches nothing."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from fabrique_course import bank_names, load_bank
from fabrique_course._content import Bank, Question
from fabrique_course._paths import site_assets_dir
from fabrique_course._progress import EXPORT_FORMAT, EXPORT_VERSION
from fabrique_course._render import markdown_inline_html
from fabrique_course.facilitation import _classe as classe
from fabrique_course.facilitation._classe import read_class
from fabrique_course.facilitation._demo import write_demo_exports

from ..conftest import MARKDOWN_MARKERS, visible_text

MATCH = next(q for b in bank_names() for q in load_bank(b).questions if q.type == "match")
ORDER = next(q for b in bank_names() for q in load_bank(b).questions if q.type == "order")
SINGLE = load_bank("00_demarche").get("manifeste-pilier-impact")
HOSTILE = "<script>alert(1)</script>"


def _event(q: Question, answer: Any, correct: bool, minute: int = 1) -> dict[str, Any]:
    return {"notebook": q.bank, "question_id": q.id, "answer": answer,
            "status": "correct" if correct else "incorrect", "score": float(correct),
            "correct": correct, "created_at": f"2026-11-30T10:{minute:02d}:00Z",
            "origin": "site"}


def _room(folder: Path, answers: list[list[dict[str, Any]]]) -> None:
    """One export per learner, each with its events."""
    for k, events in enumerate(answers):
        doc = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
               "learner_id": f"{k + 1:032x}",
               "exported_at": "2026-11-30T17:00:00Z", "events": events, "exercises": []}
        (folder / f"a{k}.json").write_text(json.dumps(doc, ensure_ascii=False),
                                           encoding="utf-8")


def _plain(markdown: str) -> str:
    """A label as the text report shows it: rendered, tags dropped, spaces collapsed."""
    return " ".join(visible_text(markdown_inline_html(markdown)).split())


def _shifted(q: Question) -> dict[str, str]:
    """A wrong match answer: each item paired with the next choice."""
    choices = [c.id for c in q.choices]
    return {i.id: choices[(choices.index(str(i.match)) + 1) % len(choices)]
            for i in reversed(q.items)}  # the file's order is not the question's


def _row(room: classe.Classe, q: Question) -> classe.QuestionRow:
    return next(r for r in room.questions if (r.notebook, r.question_id) == (q.bank, q.id))


def test_a_wrong_match_answer_reads_as_label_pairs(tmp_path: Path) -> None:
    """The most chosen wrong pairs read « élément → choix ; … » with the question's labels,
    in the question's order of items: in the text report, the CSV and the HTML, no JSON."""
    wrong = _shifted(MATCH)
    right = {i.id: str(i.match) for i in MATCH.items}
    _room(tmp_path, [[_event(MATCH, wrong, False)], [_event(MATCH, wrong, False)],
                     [_event(MATCH, right, True)]])
    room = read_class(tmp_path)
    choice = {c.id: c.text for c in MATCH.choices}
    plain = [f"{_plain(i.text)} → {_plain(choice[wrong[i.id]])}" for i in MATCH.items]
    row = _row(room, MATCH)
    assert row.wrong_answer == " ; ".join(plain)
    text = "\n".join(room.lines(top=1000))
    assert f"« {' ; '.join(plain)} » (2 fois)" in text
    assert '{"' not in text
    cells = [r for r in csv.reader(io.StringIO(room.csv_files()["questions.csv"]),
                                   delimiter=";") if r[1] == MATCH.id]
    assert cells[0][5] == " ; ".join(plain)
    page = room.html()
    assert '{"' not in page
    assert "{&quot;" not in page
    listed = re.search(r'<ul class="fc-reponse">(.*?)</ul>', page)
    assert listed is not None
    assert [visible_text(li) for li in re.findall(r"<li>(.*?)</li>", listed.group(1))] == plain


def test_a_wrong_order_reads_as_a_sequence_of_labels(tmp_path: Path) -> None:
    """A wrong order reads « A → B → C » in the text report, a numbered list in HTML."""
    wrong = [i.id for i in reversed(ORDER.items)]
    _room(tmp_path, [[_event(ORDER, wrong, False)]])
    room = read_class(tmp_path)
    labels = [_plain(i.text) for i in reversed(ORDER.items)]
    assert _row(room, ORDER).wrong_answer == " → ".join(labels)
    text = "\n".join(room.lines(top=1000))
    assert " → ".join(labels) in text
    assert '["' not in text
    page = room.html()
    listed = re.search(r'<ol class="fc-reponse">(.*?)</ol>', page)
    assert listed is not None
    assert [visible_text(li) for li in re.findall(r"<li>(.*?)</li>", listed.group(1))] == labels
    assert "[&quot;" not in page


def test_unknown_ids_fall_back_to_the_files_text_escaped(tmp_path: Path) -> None:
    """An id another version of the course used (or a hostile one) is shown as the file's
    text, escaped in HTML; known ids next to it keep their labels."""
    first, *_ = MATCH.items
    choice = {c.id: c.text for c in MATCH.choices}
    odd = {first.id: str(first.match), "<img src=x onerror=alert(1)>": HOSTILE}
    sequence = [HOSTILE, *(i.id for i in ORDER.items)]
    _room(tmp_path, [[_event(MATCH, odd, False), _event(ORDER, sequence, False, 2),
                      _event(SINGLE, HOSTILE, False, 3)]])
    room = read_class(tmp_path)
    page = room.html()
    for raw in ("<script>", "<img"):
        assert raw not in page, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    match_row = _row(room, MATCH)
    assert match_row.wrong_answer.startswith(
        f"{_plain(first.text)} → {_plain(choice[str(first.match)])} ; ")
    assert match_row.wrong_answer.endswith(f"<img src=x onerror=alert(1)> → {HOSTILE}")
    assert _row(room, ORDER).wrong_answer.startswith(f"{HOSTILE} → ")
    assert _row(room, SINGLE).wrong_answer == HOSTILE


def test_a_misconceptions_emphasis_is_rendered_in_html_and_dropped_in_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A misconception's « *informés* » is <em> in the HTML, « informés » (no asterisk)
    in the text report and the CSV."""
    feedback = "Idée reçue : les usagers sont *informés*, donc **servis**."
    wrong = next(o for o in SINGLE.options if not o.correct)
    question = SINGLE._replace(options=tuple(o._replace(feedback=feedback) if o is wrong
                                             else o for o in SINGLE.options))
    real = classe.load_bank

    def patched(name: str) -> Bank:
        bank = real(name)
        if name != SINGLE.bank:
            return bank
        return bank._replace(questions=tuple(question if q.id == SINGLE.id else q
                                             for q in bank.questions))

    monkeypatch.setattr(classe, "load_bank", patched)
    _room(tmp_path, [[_event(SINGLE, wrong.id, False)]])
    room = read_class(tmp_path)
    page = room.html()
    assert "<em>informés</em>" in page
    assert "<strong>servis</strong>" in page
    line = next(x for x in room.lines(top=1000) if f"/ {SINGLE.id} :" in x)
    assert "— Idée reçue : les usagers sont informés, donc servis." in line
    assert "*" not in line
    assert "*" not in room.csv_files()["questions.csv"]


def test_the_demo_room_reads_without_json_or_markdown_marks(tmp_path: Path) -> None:
    """Over the whole demo room: no answer as JSON, no Markdown marks in the text report
    or the CSV; the HTML lists pairs and sequences."""
    write_demo_exports(tmp_path, 30)
    room = read_class(tmp_path)
    text = "\n".join(room.lines(top=1000))
    assert '{"' not in text
    assert '["' not in text
    assert not MARKDOWN_MARKERS.search(text), MARKDOWN_MARKERS.search(text)
    table = room.csv_files()["questions.csv"]
    assert '{"' not in table
    assert not MARKDOWN_MARKERS.search(table)
    page = room.html()
    assert '<ul class="fc-reponse">' in page
    assert '<ol class="fc-reponse">' in page
    assert not MARKDOWN_MARKERS.search(visible_text(page))


class _Tags(HTMLParser):
    """Every start tag of a page, in order, with its attributes; the <style> text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def test_the_standalone_page_carries_the_site_stylesheet_and_fetches_nothing(
        tmp_path: Path) -> None:
    """``html_document``: a French page (one h1, charset, viewport, title), the site's
    stylesheet inlined, no external resource (no link, no script, no http(s) address in
    src or href), each table with a caption and column headers with their scope, sections
    under h2 headings in order, figures right-aligned with the percentage written."""
    write_demo_exports(tmp_path, 8)
    room = read_class(tmp_path)
    page = room.html_document()
    assert page.startswith("<!DOCTYPE html>")
    parser = _Tags()
    parser.feed(page)
    tags = parser.tags
    names = [t for t, _ in tags]
    assert tags[0] == ("html", {"lang": "fr"})
    assert names.count("h1") == 1
    assert "<title>Tableau de bord de la classe</title>" in page
    assert any(t == "meta" and a.get("charset") == "utf-8" for t, a in tags)
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in tags)
    assert "link" not in names
    assert "script" not in names
    for _, attrs in tags:
        for key in ("src", "href"):
            assert not re.match(r"\s*(https?:)?//", attrs.get(key) or ""), attrs
    site = (site_assets_dir() / "fabrique.css").read_text(encoding="utf-8")
    assert names.count("style") == 1
    for rule in (".fc-question fieldset", "--fc-accent: #0063cb;",
                 'font-family: system-ui, -apple-system, "Segoe UI"'):
        assert rule in site  # the rule exists in the site's stylesheet
        assert rule in parser.style, rule
    assert "url(" not in parser.style
    assert "@import" not in parser.style
    assert names.index("main") < names.index("h1") < names.index("table")
    assert names.count("table") == names.count("caption") >= 4
    for k, name in enumerate(names):
        if name == "table":
            assert names[k + 1] == "caption"
    headers = [a for t, a in tags if t == "th"]
    assert headers
    assert all(a.get("scope") == "col" for a in headers)
    titles = re.findall(r"<h2>(.*?)</h2>", page)
    assert titles[:2] == ["Questions", "Exercices d'impact"]
    assert titles.index("Avancement par notebook") < titles.index("Progression par apprenant·e")
    figures = re.findall(r'<td class="fc-num">(.*?)</td>', page)
    assert any(re.match(r"\d+ %", f) for f in figures)
    assert "body.fc-tableau-de-bord { font-size: 1.2rem; }" in parser.style
    assert "td.fc-num" in parser.style
    assert "text-align: right" in parser.style
    assert room.html(heading=2) in page
    fragment = room.html()  # a notebook's output: sections under h3, no page around
    assert "<h3>Questions</h3>" in fragment
    for tag in ("<style", "<h1", "<h2", "<html", "<main"):
        assert tag not in fragment, tag


def test_the_standalone_page_escapes_its_title() -> None:
    """A title is text: escaped in <title> and <h1>."""
    page = classe.Classe(Path("."), files_read=0).html_document("Salle <b>2</b> & co")
    assert "<title>Salle &lt;b&gt;2&lt;/b&gt; &amp; co</title>" in page
    assert "<h1>Salle &lt;b&gt;2&lt;/b&gt; &amp; co</h1>" in page
