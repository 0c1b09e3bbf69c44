"""Build the static course site: ``_site/index.html``, one page per notebook, assets, a zip.

Notebooks are executed with nbclient (in parallel, one process per notebook, each in a
throw-away learner workspace), then exported with :class:`~fabrique_course.publishing.exporter.
FabriqueExporter` linking shared assets; the facilitator edition goes to ``animateur/``.
Executions and pages are reused from the build caches (:mod:`._cache`) when nothing they
depend on moved; the site's own pages (course map, facilitator home, agenda) come from
templates (:mod:`._pages`); the « dsfr » theme from npm (:mod:`._npm`). Every path in the
site is relative, so it works from ``file://`` and from any static host; no page loads
anything from outside.
"""

from __future__ import annotations

import copy
import functools
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._editions import Edition
from .._errors import SiteError
from .._paths import data_dir, notebooks_dir
from .._workspace import SPREADSHEET_DIR
from ..exercises._data import SPREADSHEET_SUBDIR
from ._cache import (
    cached_execution,
    cached_page,
    execution_inputs,
    execution_key,
    export_inputs,
    page_key,
    store_execution,
    store_page,
)
from ._npm import npm_package
from ._pages import facilitator_pages, learner_home, learner_releve

__all__ = [
    "DECKS_DIR",
    "DSFR_PACKAGE",
    "RELEVE",
    "REVEAL_PACKAGE",
    "THEMES",
    "SiteReport",
    "build_site",
    "copy_deck_assets",
    "deck_name",
    "dsfr_dist",
    "execute_notebook",
    "executed_notebook",
    "export_page",
    "site_notebooks",
]

ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed: the zip has the same bytes on every build
THEMES = ("neutre", "dsfr")
#: « Mon relevé », the learner's printable record, at the site's root.
RELEVE = "releve.html"
#: The State design system release the « dsfr » theme is built and tested with.
DSFR_PACKAGE = "@gouvfr/dsfr@1.15.3"
#: The reveal.js release of the slide decks (``fabrique-course diapos``, ``site --diapos``).
REVEAL_PACKAGE = "reveal.js@5.2.1"
#: Where ``site --diapos`` puts the decks: a self-contained folder of the facilitator
#: edition (decks and their assets), left out of the learners' zip like the rest of it.
DECKS_DIR = "animateur/diapos"


@dataclass
class SiteReport:
    """What a build did, and how long it took."""

    out: Path
    pages: list[str] = field(default_factory=list)
    archive: Path | None = None
    seconds: float = 0.0
    execute_seconds: float = 0.0
    cached: int = 0
    pages_cached: int = 0

    def lines(self) -> list[str]:
        """A French account of the build."""
        out = [f"Site écrit dans {self.out} : {len(self.pages)} pages "
               f"({self.seconds:.1f} s, dont {self.execute_seconds:.1f} s d'exécution des "
               f"notebooks ; repris du cache : {self.cached} exécution(s), "
               f"{self.pages_cached} page(s)).",
               f"Ouvrez {self.out / 'index.html'} dans un navigateur (aucune connexion requise)."]
        decks = [p for p in self.pages if p.startswith(DECKS_DIR + "/")]
        if decks:
            out.append(f"Diaporamas des leçons ({len(decks)}, éditions apprenant et "
                       f"animateur) : {self.out / DECKS_DIR} (touche « S » : notes "
                       "d'animation).")
        if self.archive is not None:
            out.append(f"Archive pour les salles sans réseau : {self.archive}")
        return out


def site_notebooks(source: Path | None = None) -> list[Path]:
    """The notebooks the site publishes: home, lessons, glossary (sorted by name)."""
    return sorted((source or notebooks_dir()).glob("*.ipynb"))


def execute_notebook(path: str, timeout: int = 300) -> str:
    """Run one notebook in a fresh kernel and a throw-away workspace; return its JSON."""
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="fabrique-site-") as workspace:
        env = dict(os.environ, FABRIQUE_COURSE_WORKSPACE=workspace)
        # Unix sockets, not loopback ports: kernels started together never race for a
        # port (with TCP, four at once could leave one unreachable for a minute).
        kernel = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                    ip=str(Path(workspace) / "noyau"))
        client = NotebookClient(nb, km=kernel, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(Path(path).parent)}})
        # The kernel's own chatter (transport warnings) stays out of the build log;
        # errors still surface as cell errors, which stop the build.
        client.execute(env=env, stderr=subprocess.DEVNULL)
    return str(nbformat.writes(nb))


def executed_notebook(path: Path, timeout: int = 300) -> str:
    """The executed notebook ``path`` (JSON text): from the build's execution cache when
    nothing it depends on moved, else run now and kept there."""
    key = execution_key(path, execution_inputs())
    text = cached_execution(key)
    if text is None:
        text = execute_notebook(str(path), timeout)
        store_execution(key, text)
    return text


def deck_name(notebook: str, edition: Edition) -> str:
    """The file name of a deck: ``00_demarche-diapos.html``, ``…-diapos-animateur.html``."""
    return f"{notebook}-diapos{'' if edition == 'apprenant' else '-' + edition}.html"


def copy_deck_assets(assets: Path) -> None:
    """What a deck loads, into ``assets``: the course's stylesheets and scripts, and
    reveal.js (installed from npm into the build cache on first use)."""
    from .exporter import ASSETS, asset_text

    reveal = npm_package(REVEAL_PACKAGE, "dist/reveal.js", "le diaporama (reveal.js)")
    (assets / "reveal" / "theme").mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        (assets / name).write_text(asset_text(name), encoding="utf-8")
    shutil.copyfile(reveal / "dist" / "reveal.css", assets / "reveal" / "reveal.css")
    shutil.copyfile(reveal / "dist" / "reveal.js", assets / "reveal" / "reveal.js")
    shutil.copyfile(reveal / "plugin" / "notes" / "notes.js", assets / "reveal" / "notes.js")
    shutil.copyfile(reveal / "dist" / "theme" / "white.css",
                    assets / "reveal" / "theme" / "white.css")
    fonts = assets / "reveal" / "theme" / "fonts" / "source-sans-pro"
    shutil.rmtree(fonts, ignore_errors=True)
    shutil.copytree(reveal / "dist" / "theme" / "fonts" / "source-sans-pro", fonts)


def dsfr_dist() -> Path:
    """The ``dist/`` folder of @gouvfr/dsfr (installed with npm on first use)."""
    return npm_package(DSFR_PACKAGE, "dist/dsfr.min.css",
                       "le thème « dsfr » (ou construisez le thème neutre, qui ne demande "
                       "rien)") / "dist"


def _copy_spreadsheets(target: Path) -> None:
    """The data sets as French spreadsheet files, beside the pages (the index links them)."""
    source = data_dir() / SPREADSHEET_SUBDIR
    if source.is_dir():
        shutil.copytree(source, target)


def _copy_dsfr(assets: Path) -> None:
    from .exporter import asset_text

    dist = dsfr_dist()
    target = assets / "dsfr"
    (target / "fonts").mkdir(parents=True)
    shutil.copyfile(dist / "dsfr.min.css", target / "dsfr.min.css")
    for font in sorted((dist / "fonts").glob("*.woff2")):
        shutil.copyfile(font, target / "fonts" / font.name)
    (target / "fabrique-dsfr.css").write_text(asset_text("fabrique-dsfr.css"), encoding="utf-8")


def _zip(folder: Path, target: Path, leave_out: tuple[str, ...] = ()) -> None:
    """Zip ``folder`` into ``target`` (fixed dates: the same bytes on every build),
    without its top-level folders named in ``leave_out``."""
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()
                           and p.relative_to(folder).parts[0] not in leave_out):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}",
                                   date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    tmp.replace(target)


def _longest_first(paths: list[Path]) -> list[Path]:
    """Notebooks in the order to run them: the biggest (the lessons, slowest to run)
    first, so that both cores stay busy to the end."""
    return sorted(paths, key=lambda p: (-p.stat().st_size, p.name))


#: A page's exporter options, as (name, value) pairs; ``("deck", True)`` makes a deck.
Options = tuple[tuple[str, Any], ...]


@functools.cache
def _exporter(options: Options) -> Any:
    """One exporter per set of options and per process (a worker exports several pages)."""
    from .exporter import FabriqueExporter, FabriqueSlidesExporter

    settings = dict(options)
    if settings.pop("deck", False):
        return FabriqueSlidesExporter(**settings)
    return FabriqueExporter(**settings)


def export_page(options: Options, name: str, nb: Any) -> tuple[str, str]:
    """(page HTML, questions script) of the page ``name`` of notebook ``nb`` (a notebook
    node, or its JSON text) with an exporter of ``options`` (a deck has no questions
    script: its questions are inline): a job of the build's pool."""
    import nbformat

    from .exporter import questions_script

    node = nbformat.reads(nb, as_version=4) if isinstance(nb, str) else copy.deepcopy(nb)
    body, res = _exporter(options).from_notebook_node(node,
                                                      resources={"metadata": {"name": name}})
    if dict(options).get("deck"):
        return str(body), ""
    return str(body), questions_script(res["fabrique"].get("questions", []))


def build_site(out: Path, *, source: Path | None = None, jobs: int | None = None,
               archive: bool = True, timeout: int = 300, theme: str = "neutre",
               cache: bool = True, decks: bool = False) -> SiteReport:
    """Build the learner site into ``out`` (replaced), and its zip next to it.

    ``theme`` is « neutre » (default, nothing to install) or « dsfr », the official
    edition with the State design system installed from npm at build time. With
    ``decks``, every lesson's slide deck in both editions goes to :data:`DECKS_DIR`
    (reveal.js from npm, as ``fabrique-course diapos``).

    One pool of ``jobs`` processes (default: one per core) runs the notebooks, the
    biggest first, and exports each page of both editions as soon as its notebook has
    run; meanwhile this process exports the site's own pages (course map, « Mon
    relevé », the facilitator's pages). Executions and pages come from the build caches
    when nothing they depend on moved.
    """
    import nbformat

    from .exporter import ASSETS, asset_text

    if theme not in THEMES:
        raise SiteError(f"thème inconnu : « {theme} » (thèmes : {', '.join(THEMES)})")
    started = time.perf_counter()
    report = SiteReport(out)
    paths = site_notebooks(source)
    if not paths:
        raise SiteError(f"aucun notebook à publier dans {source or notebooks_dir()}")
    common = export_inputs(theme)
    editions: dict[str, Options] = {
        "apprenant": (("inline_assets", False), ("questions_dir", "questions"),
                      ("releve", RELEVE), ("theme", theme)),
        "animateur": (("assets_prefix", "../assets/"), ("edition", "animateur"),
                      ("inline_assets", False), ("questions_dir", "questions"),
                      ("theme", theme)),
    }
    if decks:  # a deck is its lesson's page in another template: one more « edition »
        for edition in ("apprenant", "animateur"):
            editions[f"diapos-{edition}"] = (("deck", True), ("edition", edition))
    exported: dict[tuple[str, str], tuple[str, str]] = {}
    waiting: dict[Future[tuple[str, str]], tuple[str, str, str]] = {}

    def wanted(path: Path) -> list[str]:
        """The editions of ``path``: both, and its decks if it is a lesson."""
        lesson = path.stem[:2].isdigit()
        return [e for e in editions if lesson or not e.startswith("diapos-")]

    def from_cache(edition: str, name: str, nb: Any) -> str | None:
        """The page's cache key, or None when the page was found in the cache."""
        key = page_key(common + (REVEAL_PACKAGE if edition.startswith("diapos-") else ""),
                       edition, name, nb)
        hit = cached_page(key) if cache else None
        if hit is None:
            return key
        report.pages_cached += 1
        exported[(edition, name)] = hit
        return None

    def export_here(edition: str, name: str, nb: Any) -> None:
        key = from_cache(edition, name, nb)
        if key is not None:
            exported[(edition, name)] = export_page(editions[edition], name, nb)
            if cache:
                store_page(key, *exported[(edition, name)])

    inputs = execution_inputs()
    keys = {p: execution_key(p, inputs) for p in paths}
    executed = {p: cached_execution(keys[p]) if cache else None for p in paths}
    todo = _longest_first([p for p in paths if executed[p] is None])
    report.cached = len(paths) - len(todo)
    workers = max(1, jobs or os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        runs = {pool.submit(execute_notebook, str(p), timeout): p for p in todo}

        def export_there(path: Path, text: str) -> None:
            nb = nbformat.reads(text, as_version=4)
            for edition in wanted(path):
                key = from_cache(edition, path.stem, nb)
                if key is not None:
                    job = pool.submit(export_page, editions[edition], path.stem, text)
                    waiting[job] = (edition, path.stem, key)

        for path in paths:
            text = executed[path]
            if text is not None:
                export_there(path, text)
        for name, nb in [("index", learner_home()), (Path(RELEVE).stem, learner_releve())]:
            export_here("apprenant", name, nb)
        for name, nb in facilitator_pages():
            export_here("animateur", name, nb)
        for ran in as_completed(runs):
            path = runs[ran]
            try:
                text = ran.result()
            except Exception as exc:  # a cell error, a dead kernel…
                pool.shutdown(cancel_futures=True)
                raise SiteError(f"l'exécution de {path.name} a échoué : {exc}") from exc
            executed[path] = text
            if cache:
                store_execution(keys[path], text)
            export_there(path, text)
        report.execute_seconds = time.perf_counter() - started if todo else 0.0
        for job in as_completed(waiting):
            made, name, key = waiting[job]
            exported[(made, name)] = job.result()
            if cache:
                store_page(key, *exported[(made, name)])

    staging = out.with_name(out.name + ".construction")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "assets").mkdir(parents=True)
    for name in ASSETS:
        (staging / "assets" / name).write_text(asset_text(name), encoding="utf-8")
    if theme == "dsfr":
        _copy_dsfr(staging / "assets")
    (staging / "assets" / "questions").mkdir()
    _copy_spreadsheets(staging / SPREADSHEET_DIR)
    for name in [*(p.stem for p in paths), "index", Path(RELEVE).stem]:
        body, script = exported[("apprenant", name)]
        (staging / f"{name}.html").write_text(body, encoding="utf-8")
        (staging / "assets" / "questions" / f"{name}.js").write_text(script, encoding="utf-8")
        report.pages.append(f"{name}.html")
    # The facilitator edition, from the same executed notebooks, in a folder of its name.
    facilitator: Edition = "animateur"
    (staging / facilitator).mkdir()
    for name in [*(p.stem for p in paths), *(n for n, _ in facilitator_pages())]:
        body, _ = exported[(facilitator, name)]
        (staging / facilitator / f"{name}.html").write_text(body, encoding="utf-8")
        report.pages.append(f"{facilitator}/{name}.html")
    if decks:
        folder = staging / DECKS_DIR
        copy_deck_assets(folder / "assets")
        for path in paths:
            deck_editions: tuple[Edition, ...] = ("apprenant", "animateur")
            for edition in deck_editions:
                if (f"diapos-{edition}", path.stem) in exported:
                    body, _ = exported[(f"diapos-{edition}", path.stem)]
                    name = deck_name(path.stem, edition)
                    (folder / name).write_text(body, encoding="utf-8")
                    report.pages.append(f"{DECKS_DIR}/{name}")
    if out.exists():
        shutil.rmtree(out)
    staging.replace(out)
    if archive:
        report.archive = out.with_name("parcours-startup-etat-site.zip" if theme == "neutre"
                                       else f"parcours-startup-etat-site-{theme}.zip")
        # The room's copy: the learners' pages only (the facilitator edition holds the
        # answer keys and the solutions).
        _zip(out, report.archive, leave_out=(facilitator,))
    report.seconds = time.perf_counter() - started
    return report
