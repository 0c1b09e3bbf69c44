"""revision.html: the review block embeds every question of the course, hidden."""

from __future__ import annotations

import json
import re

import nbformat

from fabrique_course._revision import course_catalogue
from fabrique_course.publishing._revision_page import revision_block
from fabrique_course.publishing.exporter import ASSETS, FabriqueExporter

from ..conftest import REPO


def test_block_holds_every_question_hidden_with_the_catalogue() -> None:
    """One hidden block (label line + native form) per question, and the catalogue as data."""
    block, questions = revision_block()
    catalogue = course_catalogue()
    keys = [f"{nb}/{qid}" for nb, ids in catalogue for qid in ids]
    assert [q.key for q in questions] == keys
    shown = re.findall(r'data-fc-revision-question="([^"]+)" hidden>', block)
    assert shown == keys
    assert block.count('<form class="fc-question"') == len(keys)
    assert 'role="status" aria-live="polite"' in block
    assert 'lang="fr"' in block
    data = re.search(r'<script type="application/json" class="fc-revision-donnees">(.*?)'
                      r"</script>", block)
    assert data is not None
    assert json.loads(data.group(1))["catalogue"] == [[nb, ids] for nb, ids in catalogue]


def test_the_notebook_cell_becomes_the_block_without_its_code() -> None:
    """The `revision()` cell of revision.ipynb shows the block on the page, not its code."""
    nb = nbformat.read(REPO / "notebooks" / "revision.ipynb", as_version=4)
    body, resources = FabriqueExporter().from_notebook_node(
        nb, resources={"metadata": {"name": "revision"}})
    assert 'id="fc-revision"' in body
    assert '<span class="kn">import</span>' not in body  # the code cell is not shown
    assert len(resources["fabrique"]["questions"]) == sum(len(i) for _, i in course_catalogue())
    assert "fabrique-revision.js" in ASSETS
    assert "window.FabriqueRevision" in body  # a single export inlines the scheduler
