"""The site's own pages (not notebooks of the course): the learner site's course map and
« Mon relevé », and the facilitator site's home and printable agenda.

Their words live in ``templates/pages/<page>.md.j2``, one Jinja2 block per cell, in page
order: a block's name is its cell's id (« _ » for « - »), its text a Markdown cell.
Reserved blocks: ``title`` is the page's title; ``carte`` (the course map), ``agenda``
(the day's agenda) and ``releve`` (the learner's record) are cells this module writes.
The pages are notebooks, exported like the lessons.
"""

# nbformat is not typed: its cell constructors are called here as in the exporter.
# mypy: allow-untyped-calls

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .._errors import SiteError
from .._lessons import HOME

__all__ = ["DAY_START", "facilitator_pages", "learner_home", "learner_releve"]

#: When the facilitator site's typical day starts (its agenda, and the command it shows).
DAY_START = "09:30"


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("fabrique_course.publishing",
                                                          "templates/pages"),
                              undefined=jinja2.StrictUndefined, autoescape=False)


def _course_map() -> Any:
    """The cell the exporter turns into the course map."""
    from nbformat.v4 import new_code_cell

    return new_code_cell("sommaire()", id="carte")


def _html_cell(text: str, cell_id: str) -> Any:
    """A code-less cell showing ``text`` (HTML)."""
    from nbformat.v4 import new_code_cell, new_output

    cell = new_code_cell("", id=cell_id, metadata={"tags": ["fc-sans-code"]})
    cell.outputs = [new_output("display_data", data={"text/html": text, "text/plain": ""})]
    return cell


def _releve() -> Any:
    """The cell the exporter turns into « Mon relevé »."""
    from nbformat.v4 import new_code_cell

    return new_code_cell("releve()", id="releve")


#: The blocks whose cell the build writes: the course map, the day's agenda, the links to
#: the data sets for a spreadsheet, the learner's record.
_RESERVED = ("carte", "agenda", "donnees", "releve")


def _page(template: str, written: dict[str, Callable[[], Any]]) -> Any:
    """The notebook of page ``template``: its blocks, in order, as cells; ``written``
    makes the cells of the reserved blocks."""
    import nbformat
    from nbformat.v4 import new_markdown_cell

    page = _environment().get_template(template)
    context = page.new_context({"home": HOME, "debut": DAY_START})
    nb = nbformat.v4.new_notebook()
    for name, block in page.blocks.items():
        text = "".join(block(context)).strip()
        if name == "title":
            nb.metadata["fabrique_course"] = {"title": text}
        elif name in _RESERVED:
            if text or name not in written:
                raise SiteError(f"templates/pages/{template} : le bloc « {name} » est écrit "
                                "par la construction du site (laissez-le vide), et seulement "
                                "sur les pages qui le prévoient")
            nb.cells.append(written[name]())
        else:
            nb.cells.append(new_markdown_cell(text, id=name.replace("_", "-")))
    return nb


def _spreadsheet_links() -> Any:
    """The cell listing the data sets as spreadsheet files (copied beside the pages)."""
    from .._paths import data_dir
    from .._workspace import SPREADSHEET_DIR
    from ..exercises._data import SPREADSHEET_SUBDIR

    files = sorted((data_dir() / SPREADSHEET_SUBDIR).glob("*.csv"))
    items = "".join(f'<li><a href="{SPREADSHEET_DIR}/{f.name}" download="{f.name}">'
                    f"{f.name}</a></li>" for f in files)
    return _html_cell(f'<ul class="fc-telecharger">{items}</ul>', "donnees")


def learner_home() -> Any:
    """The learner site's ``index``: the course map and the data sets for a spreadsheet."""
    return _page("index.md.j2", {"carte": _course_map, "donnees": _spreadsheet_links})


def learner_releve() -> Any:
    """The learner site's ``releve`` page: « Mon relevé », printable, filled in the browser."""
    return _page("releve.md.j2", {"releve": _releve})


def facilitator_pages() -> list[tuple[str, Any]]:
    """The facilitator site's own pages, (name, notebook): its home (agenda, dashboard,
    map), the printable agenda, and the plan for a room with the site only."""
    from ..facilitation._agenda import agenda, agenda_html

    day = agenda_html(agenda(DAY_START))
    written = {"carte": _course_map, "agenda": lambda: _html_cell(day, "agenda")}
    return [("index", _page("animateur.md.j2", written)),
            ("agenda", _page("agenda.md.j2", written)),
            ("salle-sans-python", _page("salle-sans-python.md.j2", written))]
