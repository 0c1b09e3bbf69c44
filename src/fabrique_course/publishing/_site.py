"""Build the static course site: ``_site/index.html``, one page per notebook, assets, a zip.

Notebooks are executed with nbclient (in parallel, one process per notebook, each in a
throw-away learner workspace), then exported with :class:`~fabrique_course.publishing.exporter.
FabriqueExporter` linking shared assets. Every path in the site is relative, so it works
from ``file://`` and from any static host; no page loads anything from outside.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._errors import SiteError
from .._paths import notebooks_dir

__all__ = ["DSFR_PACKAGE", "THEMES", "SiteReport", "build_site", "dsfr_dist",
           "execute_notebook", "execution_inputs", "execution_key", "npm_cache", "npm_package",
           "site_notebooks"]

ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed: the zip has the same bytes on every build
THEMES = ("neutre", "dsfr")
#: The State design system release the « dsfr » theme is built and tested with.
DSFR_PACKAGE = "@gouvfr/dsfr@1.15.3"


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
        if self.archive is not None:
            out.append(f"Archive pour les salles sans réseau : {self.archive}")
        return out


def site_notebooks(source: Path | None = None) -> list[Path]:
    """The notebooks the site publishes: home, lessons, glossary (sorted by name)."""
    return sorted((source or notebooks_dir()).glob("*.ipynb"))


def execute_notebook(path: str, timeout: int = 300) -> str:
    """Run one notebook in a fresh kernel and a throw-away workspace; return its JSON."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="fabrique-site-") as workspace:
        env = dict(os.environ, FABRIQUE_COURSE_WORKSPACE=workspace)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(Path(path).parent)}})
        # The kernel's own chatter (transport warnings) stays out of the build log;
        # errors still surface as cell errors, which stop the build.
        client.execute(env=env, stderr=subprocess.DEVNULL)
    return str(nbformat.writes(nb))


def _index_notebook() -> Any:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["fabrique_course"] = {"title": "Carte du parcours"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Parcours Startup d'État\n\n"
            "Un cours en français sur la démarche Startup d'État telle que la pratique la "
            "Fabrique numérique du ministère de l'Intérieur, membre du réseau beta.gouv.fr : "
            "partir des besoins des usagers, piloter par la mesure de l'impact, faire "
            "confiance à une petite équipe, et construire des services utiles, utilisables "
            "et utilisés.\n\n"
            "Commencez par [l'accueil du parcours](accueil.ipynb), puis suivez les leçons "
            "dans l'ordre. Un [glossaire](glossaire.ipynb) rassemble les mots de la "
            "démarche.", id="introduction"),
        nbformat.v4.new_markdown_cell("## Les leçons", id="titre-carte"),
        nbformat.v4.new_code_cell("sommaire()", id="carte"),
    ]
    return nb


def npm_cache() -> Path:
    """Where build-time npm packages go: ``$FABRIQUE_COURSE_CACHE/npm`` or ``~/.cache``."""
    base = os.environ.get("FABRIQUE_COURSE_CACHE")
    root = Path(base) if base else Path.home() / ".cache" / "fabrique-course"
    return root / "npm"


def npm_package(spec: str, probe: str, why: str) -> Path:
    """The folder of npm package ``spec`` (``name@version``), installed with npm into the
    cache on first use; ``probe`` is a file that must exist in it. Never copied into git."""
    name = spec.rsplit("@", 1)[0]
    root = npm_cache() / spec.replace("/", "+")
    folder = root / "node_modules" / name
    if (folder / probe).is_file():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        raise SiteError(f"{why} s'installe avec npm, introuvable ici : installez Node.js et "
                        "npm (sur Debian : sudo apt install npm)")
    root.mkdir(parents=True, exist_ok=True)
    # --ignore-scripts: no install script runs (the DSFR's expects a project config).
    run = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund",
                          "--ignore-scripts", "--prefix", str(root), spec],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0 or not (folder / probe).is_file():
        raise SiteError(f"installation de {spec} impossible (npm, code {run.returncode}) : "
                        f"{run.stderr.strip()[-400:]}")
    return folder


def dsfr_dist() -> Path:
    """The ``dist/`` folder of @gouvfr/dsfr (installed with npm on first use)."""
    return npm_package(DSFR_PACKAGE, "dist/dsfr.min.css",
                       "le thème « dsfr » (ou construisez le thème neutre, qui ne demande "
                       "rien)") / "dist"


def _copy_dsfr(assets: Path) -> None:
    from .exporter import asset_text

    dist = dsfr_dist()
    target = assets / "dsfr"
    (target / "fonts").mkdir(parents=True)
    shutil.copyfile(dist / "dsfr.min.css", target / "dsfr.min.css")
    for font in sorted((dist / "fonts").glob("*.woff2")):
        shutil.copyfile(font, target / "fonts" / font.name)
    (target / "fabrique-dsfr.css").write_text(asset_text("fabrique-dsfr.css"), encoding="utf-8")


def _facilitator_pages() -> list[tuple[str, Any]]:
    """The facilitator site's own pages: its home (agenda, map, dashboard) and the agenda."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

    from ..facilitation._agenda import agenda, agenda_html

    def html_cell(text: str, cell_id: str) -> Any:
        cell = new_code_cell("", id=cell_id, metadata={"tags": ["fc-sans-code"]})
        cell.outputs = [new_output("display_data", data={"text/html": text, "text/plain": ""})]
        return cell

    day = agenda_html(agenda("09:30"))
    home = nbformat.v4.new_notebook()
    home.metadata["fabrique_course"] = {"title": "Édition animateur"}
    home.cells = [
        new_markdown_cell(
            "# Parcours Startup d'État — édition animateur\n\n"
            "Cette édition ajoute aux leçons les notes d'animation (durées, question "
            "d'ouverture, pièges fréquents, activité de groupe), la clé des réponses après "
            "chaque quiz, avec l'idée reçue derrière chaque mauvaise réponse, et les "
            "solutions des exercices. Les apprenant·es utilisent l'[édition apprenant]"
            "(../index.ipynb).", id="introduction"),
        new_markdown_cell("## Déroulé type d'une journée (tout le parcours)\n\n"
                          "Produit par `fabrique-course agenda --debut 09:30` à partir des "
                          "durées des leçons ; choisissez vos leçons avec `--notebooks`. "
                          "[Version à imprimer](agenda.ipynb).", id="titre-agenda"),
        html_cell(day, "agenda"),
        new_markdown_cell("## Le tableau de bord de la classe\n\n"
                          "En fin de séance, chaque apprenant·e télécharge ses réponses "
                          "(bouton « Télécharger mes réponses » du site, ou "
                          "`fabrique-course progress --export`). Rassemblez les fichiers dans "
                          "un dossier, puis : `fabrique-course classe DOSSIER` (réussite par "
                          "question, réponse fausse la plus choisie et son idée reçue, "
                          "avancement par leçon, progression par apprenant·e sous pseudonyme ; "
                          "`--csv` et `--html` pour les exporter).", id="titre-classe"),
        new_markdown_cell("## Les leçons", id="titre-carte"),
        new_code_cell("sommaire()", id="carte"),
    ]
    printable = nbformat.v4.new_notebook()
    printable.metadata["fabrique_course"] = {"title": "Déroulé de la séance"}
    printable.cells = [new_markdown_cell("# Déroulé type d'une journée", id="titre"),
                       html_cell(day, "agenda")]
    return [("index", home), ("agenda", printable)]


def _zip(folder: Path, target: Path) -> None:
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}",
                                   date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    tmp.replace(target)


_PACKAGE = Path(__file__).resolve().parent


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


def _export_inputs(theme: str) -> str:
    """What every exported page depends on besides its notebook: the package (code,
    templates, assets), the theme and the lessons' metadata (navigation, course map)."""
    from .._lessons import lessons

    digest = hashlib.sha256(theme.encode())
    _files_digest(digest, [p for p in _PACKAGE.rglob("*") if p.is_file()
                           and p.suffix in (".py", ".j2", ".json", ".js", ".css")], _PACKAGE)
    digest.update(repr(lessons()).encode())
    return digest.hexdigest()


def _banks_used(nb: Any) -> str:
    """The bytes of the question banks a page shows (all of them for the course map)."""
    from .._cells import calls_named, quiz_calls
    from .._content import bank_names
    from .._paths import content_root

    names: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        names |= {call.bank for call in quiz_calls(cell.source)}
        if calls_named(cell.source, "sommaire"):
            names |= set(bank_names())
        names |= {str(call.args[0].value) for call in calls_named(cell.source, "progress")
                  if call.args and isinstance(call.args[0], ast.Constant)}
    folder = content_root() / "quiz"
    return "".join(hashlib.sha256((folder / f"{n}.yaml").read_bytes()).hexdigest()
                   for n in sorted(names) if (folder / f"{n}.yaml").is_file())


def execution_cache() -> Path:
    """Where executed notebooks are kept between builds (``$FABRIQUE_COURSE_CACHE``)."""
    return npm_cache().parent / "execution"


def build_site(out: Path, *, source: Path | None = None, jobs: int | None = None,
               archive: bool = True, timeout: int = 300, theme: str = "neutre",
               cache: bool = True) -> SiteReport:
    """Build the learner site into ``out`` (replaced), and its zip next to it.

    ``theme`` is « neutre » (default, nothing to install) or « dsfr », the official
    edition with the State design system installed from npm at build time.
    """
    import nbformat

    from .exporter import ASSETS, FabriqueExporter, asset_text, questions_script

    if theme not in THEMES:
        raise SiteError(f"thème inconnu : « {theme} » (thèmes : {', '.join(THEMES)})")
    started = time.perf_counter()
    report = SiteReport(out)
    paths = site_notebooks(source)
    if not paths:
        raise SiteError(f"aucun notebook à publier dans {source or notebooks_dir()}")
    inputs = execution_inputs()
    keys = [execution_key(p, inputs) for p in paths]
    store = execution_cache()
    executed: list[str | None] = [None] * len(paths)
    if cache:
        for k, key in enumerate(keys):
            hit = store / f"{key}.ipynb"
            if hit.is_file():
                executed[k] = hit.read_text(encoding="utf-8")
    todo = [k for k, text in enumerate(executed) if text is None]
    report.cached = len(paths) - len(todo)
    if todo:
        workers = max(1, min(len(todo), jobs or os.cpu_count() or 1))
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                fresh = list(pool.map(execute_notebook, [str(paths[k]) for k in todo],
                                      [timeout] * len(todo)))
        except Exception as exc:  # a cell error, a dead kernel…
            raise SiteError(f"l'exécution d'un notebook a échoué : {exc}") from exc
        for k, text in zip(todo, fresh, strict=True):
            executed[k] = text
            if cache:
                store.mkdir(parents=True, exist_ok=True)
                tmp = store / f"{keys[k]}.ipynb.tmp"
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(store / f"{keys[k]}.ipynb")
    report.execute_seconds = time.perf_counter() - started

    staging = out.with_name(out.name + ".construction")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "assets").mkdir(parents=True)
    for name in ASSETS:
        (staging / "assets" / name).write_text(asset_text(name), encoding="utf-8")
    if theme == "dsfr":
        _copy_dsfr(staging / "assets")
    exporter = FabriqueExporter(inline_assets=False, theme=theme, questions_dir="questions")
    (staging / "assets" / "questions").mkdir()
    pages = [(p.stem, nbformat.reads(str(text), as_version=4)) for p, text in
             zip(paths, executed, strict=True)]
    common = _export_inputs(theme)
    pages_store = execution_cache().parent / "pages"

    def export(exporter: Any, name: str, nb: Any, edition: str) -> tuple[str, str]:
        """(page HTML, questions script), from the page cache when nothing it uses moved."""
        key = hashlib.sha256("\0".join([common, edition, name, nbformat.writes(nb),
                                        _banks_used(nb)]).encode()).hexdigest()
        hit = pages_store / f"{key}.json"
        if cache and hit.is_file():
            stored = json.loads(hit.read_text(encoding="utf-8"))
            report.pages_cached += 1
            return str(stored["html"]), str(stored["questions"])
        body, res = exporter.from_notebook_node(copy.deepcopy(nb),
                                                resources={"metadata": {"name": name}})
        script = questions_script(res["fabrique"].get("questions", []))
        if cache:
            pages_store.mkdir(parents=True, exist_ok=True)
            tmp = hit.with_name(hit.name + ".tmp")
            tmp.write_text(json.dumps({"html": body, "questions": script}), encoding="utf-8")
            tmp.replace(hit)
        return body, script

    for name, nb in [*pages, ("index", _index_notebook())]:
        body, script = export(exporter, name, nb, "apprenant")
        (staging / f"{name}.html").write_text(body, encoding="utf-8")
        (staging / "assets" / "questions" / f"{name}.js").write_text(script, encoding="utf-8")
        report.pages.append(f"{name}.html")
    # The facilitator edition, from the same executed notebooks.
    facilitator = FabriqueExporter(inline_assets=False, theme=theme, edition="animateur",
                                   assets_prefix="../assets/", questions_dir="questions")
    (staging / "animateur").mkdir()
    for name, nb in [*pages, *_facilitator_pages()]:
        body, _ = export(facilitator, name, nb, "animateur")
        (staging / "animateur" / f"{name}.html").write_text(body, encoding="utf-8")
        report.pages.append(f"animateur/{name}.html")
    if out.exists():
        shutil.rmtree(out)
    staging.replace(out)
    if archive:
        report.archive = out.with_name("parcours-startup-etat-site.zip" if theme == "neutre"
                                       else f"parcours-startup-etat-site-{theme}.zip")
        _zip(out, report.archive)
    report.seconds = time.perf_counter() - started
    return report
