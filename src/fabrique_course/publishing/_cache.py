"""The site build's caches: executed notebooks and exported pages, kept between builds.

Both live under :func:`cache_root` (``$FABRIQUE_COURSE_CACHE``, by default
``~/.cache/fabrique-course``), next to the npm packages (:mod:`._npm`):

- ``execution/<key>.ipynb``: an executed notebook, under :func:`execution_key` — its
  bytes and :func:`execution_inputs` (data sets, the package's code, the libraries that
  shape outputs). Quiz texts are not in it: fixing a question never costs a re-execution.
- ``pages/<key>.json``: an exported page (HTML and questions script), under
  :func:`page_key` — its executed notebook, its edition, :func:`export_inputs` (code,
  templates, assets, theme, lessons, sources' registry) and the question banks it shows.

A key names its content: a stale entry is never read, only left behind. Writes are
atomic (a temporary file, then a rename), so a build killed midway leaves no half file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .._paths import cache_root, write_whole

__all__ = ["cache_root", "cached_execution", "cached_page", "execution_cache",
           "execution_inputs", "execution_key", "export_inputs", "page_key", "pages_cache",
           "store_execution", "store_page"]

#: The whole package, not only ``publishing/``: the core shapes pages too (the editions,
#: the sources' notes, the quiz rendering).
_PACKAGE = Path(__file__).resolve().parents[1]


def execution_cache() -> Path:
    """Where executed notebooks are kept between builds."""
    return cache_root() / "execution"


def pages_cache() -> Path:
    """Where exported pages are kept between builds."""
    return cache_root() / "pages"


def _files_digest(digest: Any, files: list[Path], base: Path) -> None:
    """Feed ``files`` (their path under ``base`` and their bytes) into ``digest``."""
    for part in sorted(files):
        digest.update(str(part.relative_to(base)).encode())
        digest.update(part.read_bytes())


def execution_inputs() -> str:
    """What every executed notebook depends on besides itself: the data sets, the
    package's code and version, and the libraries that shape outputs. Quiz texts are not
    in it: quiz cells are re-rendered at export, so fixing a question never costs a
    re-execution. Computed once per build, not once per notebook."""
    from importlib.metadata import PackageNotFoundError, version

    from .._paths import content_root
    from .._version import package_version

    digest = hashlib.sha256(package_version().encode())
    for dist in ("pandas", "matplotlib", "numpy", "ipykernel", "ipywidgets"):
        try:  # outputs (tables, charts) depend on these too
            digest.update(f"{dist}={version(dist)}".encode())
        except PackageNotFoundError:
            digest.update(f"{dist}=absent".encode())
    data = content_root() / "data"
    _files_digest(digest, list(_PACKAGE.rglob("*.py")), _PACKAGE)
    _files_digest(digest, [p for p in data.glob("*") if p.is_file()], data)
    return digest.hexdigest()


def execution_key(path: Path, inputs: str | None = None) -> str:
    """The cache key of one executed notebook: its bytes plus :func:`execution_inputs`."""
    digest = hashlib.sha256((inputs or execution_inputs()).encode())
    digest.update(path.read_bytes())
    return digest.hexdigest()


def export_inputs(theme: str) -> str:
    """What every exported page depends on besides its notebook: the package (code,
    templates, assets), the theme, the lessons' metadata (navigation, course map),
    the glossary (its entries are linked from the lessons) and the sources' registry
    (each page's notes and references list)."""
    from .._lessons import lessons
    from .._paths import notebooks_dir
    from .._sources import sources_digest
    from ._wayfinding import glossary_path

    digest = hashlib.sha256(theme.encode())
    _files_digest(digest, [p for p in _PACKAGE.rglob("*") if p.is_file()
                           and p.suffix in (".py", ".j2", ".json", ".js", ".css")], _PACKAGE)
    digest.update(repr(lessons()).encode())
    glossary = glossary_path(notebooks_dir())
    digest.update(glossary.read_bytes() if glossary.is_file() else b"")
    digest.update(sources_digest())
    return digest.hexdigest()


def _banks_used(nb: Any) -> str:
    """The bytes of the question banks a page shows (all of them for the course map) and
    of the texts of the exercises it shows."""
    from .._cells import calls_named, first_arguments, quiz_calls
    from .._content import bank_names
    from .._lessons import lessons
    from .._paths import content_root

    names: set[str] = set()
    # the course map, « Mon relevé » and the progress blocks show each lesson's exercises
    # by title (and its questions by number and title)
    exercises = {lesson.name: lesson.exercises for lesson in lessons()}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        names |= {call.bank for call in quiz_calls(cell.source)}
        if calls_named(cell.source, "sommaire") or calls_named(cell.source, "releve"):
            names |= set(bank_names())
            names |= {"../exercices/" + x for xs in exercises.values() for x in xs}
        if calls_named(cell.source, "bilan"):  # every bank, exercise and the competences
            names |= set(bank_names()) | {"../competences"}
            names |= {"../exercices/" + path.stem
                      for path in (content_root() / "exercices").glob("*.yaml")}
        shown = set(first_arguments(cell.source, "progress"))
        names |= shown
        names |= {"../exercices/" + x for n in shown for x in exercises.get(n, ())}
        # an exercise's form carries its texts (content/exercices/<id>.yaml)
        names |= {"../exercices/" + x for name in ("verifier", "formulaire")
                  for x in first_arguments(cell.source, name)}
    folder = content_root() / "quiz"
    return "".join(hashlib.sha256((folder / f"{n}.yaml").read_bytes()).hexdigest()
                   for n in sorted(names) if (folder / f"{n}.yaml").is_file())


def page_key(common: str, edition: str, name: str, nb: Any) -> str:
    """The cache key of one exported page: ``common`` (:func:`export_inputs`), its
    edition and name, its executed notebook (``nb``, a notebook node) and the banks it
    shows."""
    notebook = json.dumps(nb, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256("\0".join([common, edition, name, notebook,
                                     _banks_used(nb)]).encode()).hexdigest()


def cached_execution(key: str) -> str | None:
    """The executed notebook (JSON text) stored under ``key``, if any."""
    hit = execution_cache() / f"{key}.ipynb"
    return hit.read_text(encoding="utf-8") if hit.is_file() else None


def store_execution(key: str, text: str) -> None:
    """Keep an executed notebook (JSON text) under ``key``."""
    write_whole(execution_cache() / f"{key}.ipynb", text)


def cached_page(key: str) -> tuple[str, str] | None:
    """The page stored under ``key`` — (HTML, questions script) — if any."""
    hit = pages_cache() / f"{key}.json"
    if not hit.is_file():
        return None
    stored = json.loads(hit.read_text(encoding="utf-8"))
    return str(stored["html"]), str(stored["questions"])


def store_page(key: str, body: str, script: str) -> None:
    """Keep an exported page — its HTML and its questions script — under ``key``."""
    write_whole(pages_cache() / f"{key}.json", json.dumps({"html": body, "questions": script}))
