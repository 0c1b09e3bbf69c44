"""Tests of the spreadsheet copies of the data sets (content/data/tableur/) and telecharger."""

from __future__ import annotations

import csv
import io
import math
import shutil
from pathlib import Path
from typing import Any

import pytest

from fabrique_course._workspace import SPREADSHEET_DIR, prepare_workspace
from fabrique_course.exercises import _data
from fabrique_course.exercises._data import (
    dataset,
    dataset_names,
    donnees,
    spreadsheet_path,
    telecharger,
)

from ..conftest import REPO, load_tool

BOM = b"\xef\xbb\xbf"
NAMES = dataset_names()


def sheet_rows(name: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a spreadsheet file, read with csv (delimiter ;)."""
    raw = spreadsheet_path(name).read_bytes()
    text = raw[len(BOM):].decode("utf-8")
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return table[0], table[1:]


def french_number(cell: str) -> float | None:
    """A French spreadsheet number (decimal comma) as a float; None for an empty cell."""
    return None if cell == "" else float(cell.replace(",", "."))


def test_there_is_one_spreadsheet_file_per_data_set() -> None:
    """content/data/tableur/ holds exactly one <name>.csv per data set."""
    folder = REPO / "content" / "data" / "tableur"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_spreadsheet_file_has_the_french_conventions(name: str) -> None:
    """Each file starts with the BOM, separates with ;, ends lines with CRLF, no decimal point."""
    raw = spreadsheet_path(name).read_bytes()
    assert raw.startswith(BOM)
    text = raw[len(BOM):].decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    header = text.split("\r\n", 1)[0]
    assert header == ";".join(c.name for c in dataset(name).columns)
    kinds = {c.name: c.type for c in dataset(name).columns}
    names, rows = sheet_rows(name)
    numeric = [k for k, n in enumerate(names) if kinds[n] in ("entier", "décimal")]
    for row in rows:
        assert all("." not in row[k] for k in numeric), row


@pytest.mark.parametrize("name", NAMES)
def test_spreadsheet_file_gives_back_the_same_numbers(name: str) -> None:
    """Read back with csv (; and decimal commas) each file gives exactly donnees(name)."""
    frame = donnees(name)
    kinds = {c.name: c.type for c in dataset(name).columns}
    names, rows = sheet_rows(name)
    assert names == list(frame.columns)
    assert len(rows) == len(frame)
    for row, (_, expected) in zip(rows, frame.iterrows(), strict=True):
        for column, cell in zip(names, row, strict=True):
            value: Any = expected[column]
            if kinds[column] in ("entier", "décimal"):
                got = french_number(cell)
                if got is None:
                    assert math.isnan(value), (column, cell, value)
                else:
                    assert got == float(value), (column, cell, value)
            else:
                assert cell == ("" if value != value else str(value)), (column, cell)


def test_decimals_get_a_comma_and_booleans_stay_0_1() -> None:
    """The generator writes 2.5 as 2,5, True as 1, None as an empty cell, CRLF and the BOM."""
    tool = load_tool("make_datasets")
    data = tool.spreadsheet_csv(["a", "b", "c", "d"],
                                [{"a": 2.5, "b": True, "c": None, "d": "x;y"}])
    assert data == BOM + b"a;b;c;d\r\n2,5;1;;\"x;y\"\r\n"


def test_generator_check_covers_the_spreadsheet_files(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """--check fails when a spreadsheet file is changed or an unknown one appears."""
    tool = load_tool("make_datasets")
    files = tool.render()
    assert {f"tableur/{n}.csv" for n in NAMES} <= set(files)
    copy = tmp_path / "data"
    shutil.copytree(REPO / "content" / "data", copy)
    monkeypatch.setattr(tool, "DATA", copy)
    assert tool.main(["--check"]) == 0
    sheet = copy / "tableur" / f"{NAMES[0]}.csv"
    sheet.write_bytes(sheet.read_bytes().replace(b"\r\n", b"\n"))
    assert tool.main(["--check"]) == 1
    sheet.write_bytes(files[f"tableur/{NAMES[0]}.csv"])
    (copy / "tableur" / "en-trop.csv").write_bytes(b"x")
    assert tool.main(["--check"]) == 1


def test_telecharger_gives_a_link_and_a_text_fallback(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """telecharger shows an <a download> to donnees-tableur/<name>.csv and the file's path."""
    ws = tmp_path / "ws"
    monkeypatch.setenv("FABRIQUE_COURSE_WORKSPACE", str(ws))
    before = telecharger("registres_objets")  # no workspace yet: the course's own file
    assert before.path == spreadsheet_path("registres_objets")
    assert str(before.path) in repr(before)
    (ws / SPREADSHEET_DIR).mkdir(parents=True)
    mine = ws / SPREADSHEET_DIR / "registres_objets.csv"
    shutil.copy(spreadsheet_path("registres_objets"), mine)
    link = telecharger("registres_objets")
    page = link._repr_html_()
    assert ('<a href="donnees-tableur/registres_objets.csv" download="registres_objets.csv">'
            in page)
    assert str(mine.resolve()) in page
    text = repr(link)
    assert str(mine.resolve()) in text
    assert "donnees-tableur/registres_objets.csv" in text
    assert "double-clic" in text


def test_telecharger_refuses_an_unknown_data_set() -> None:
    """An unknown name gets the French list of the data sets."""
    with pytest.raises(_data.DataError, match="jeu de données inconnu"):
        telecharger("inconnu")


def test_workspace_gets_the_spreadsheet_files(tmp_path: Path) -> None:
    """prepare_workspace copies every spreadsheet file into donnees-tableur/."""
    source = tmp_path / "notebooks"
    source.mkdir()
    ws = tmp_path / "ws"
    report = prepare_workspace(ws, source)
    for name in NAMES:
        got = ws / SPREADSHEET_DIR / f"{name}.csv"
        assert got.read_bytes() == spreadsheet_path(name).read_bytes()
    assert sorted(report.data_copied) == sorted(f"{n}.csv" for n in NAMES)
    assert any(SPREADSHEET_DIR in line for line in report.lines())


def test_tables_display_decimals_the_french_way() -> None:
    """After donnees(), a table's floats show with a decimal comma (in the notebook and
    in the site's copy of the outputs); a learner's own float format is kept."""
    import pandas as pd

    from fabrique_course.exercises._data import donnees

    previous = pd.get_option("display.float_format")
    try:
        pd.reset_option("display.float_format")
        donnees("ab_test_formulaire")
        shown = pd.DataFrame({"taux": [0.4, 0.52, float("nan")], "n": [370.0, 1896.5, 4.0]})
        html = shown.to_html()
        assert "0,52" in html
        assert "1\u202f896,5" in html
        assert "0.52" not in html
        assert "NaN" in html
        pd.set_option("display.float_format", "{:.3f}".format)
        donnees("ab_test_formulaire")
        assert "0.520" in shown.to_html()
    finally:
        pd.set_option("display.float_format", previous)
