"""`make bench`: the course's speed, weight and memory, against the stock Jupyter tools.

Every figure is a median over several runs; every comparison is a ratio measured in the
same run (absolute times vary from machine to machine). Prints one table, writes the
figures as JSON with the machine's description, and rewrites the README's performance
section between its markers.

Usage:
    python tools/bench.py                 # full measure (several minutes)
    python tools/bench.py --runs 1        # quicker, less stable
    python tools/bench.py --smoke         # one tiny notebook, one run (used by make test)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
START, END = "<!-- bench:debut -->", "<!-- bench:fin -->"
TARGETS = {"cold": 0.6, "warm": 0.1, "warm_question": 0.3, "kernel_mb": 250.0,
           "quiz_ratio": 1.2, "page_kb": 250.0, "first_page_kb": 1500.0, "classe_s": 2.0,
           "room_s": 120.0, "room_ratio": 1.3, "room_mb": 250.0, "make_test_s": 480.0}


def median_time(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    if done.returncode != 0:
        raise SystemExit(f"échec de {' '.join(cmd[:4])}… :\n{done.stderr[-2000:]}")
    return done.stdout


def course_copy(target: Path, notebooks: list[Path]) -> Path:
    """A private copy of the course (content + chosen notebooks) the bench may change."""
    shutil.copytree(ROOT / "content", target / "content")
    (target / "notebooks").mkdir(parents=True)
    for path in notebooks:
        shutil.copyfile(path, target / "notebooks" / path.name)
    return target


# --------------------------------------------------------------------------- measures

def measure_site(notebooks: list[Path], runs: int, work: Path,
                 decks: bool = True) -> dict[str, Any]:
    """Cold / warm / one-question-changed site builds (both editions, the decks) against
    stock nbconvert --execute of the same notebooks (one HTML page each)."""
    course = course_copy(work / "cours", notebooks)
    cache = work / "cache"
    env = dict(_learner_env(), FABRIQUE_COURSE_ROOT=str(course),
               FABRIQUE_COURSE_CACHE=str(cache), FABRIQUE_COURSE_WORKSPACE=str(work / "espace"))
    env.pop("FABRIQUE_COURSE_VERIFIER_STRICT", None)
    # Everything the course publishes: both editions and every lesson's slide decks (their
    # reveal.js comes from the npm cache, installed by an earlier build or the tests).
    cli = [PY, "-m", "fabrique_course.cli", "site", "--sortie", str(work / "_site"),
           "--sans-archive", *(["--diapos"] if decks else [])]
    stock_out = work / "stock"

    def stock() -> None:
        shutil.rmtree(stock_out, ignore_errors=True)
        run([PY, "-m", "jupyter", "nbconvert", "--to", "html", "--execute",
             "--output-dir", str(stock_out),
             *[str(course / "notebooks" / p.name) for p in notebooks]], env=env)

    def cold() -> None:
        shutil.rmtree(cache / "execution", ignore_errors=True)
        run(cli, env=env)

    def warm() -> None:
        run(cli, env=env)

    bank = sorted((course / "content" / "quiz").glob("*.yaml"))[0]
    original = bank.read_text(encoding="utf-8")
    counter = iter(range(10_000))

    def question_changed() -> None:
        text = re.sub(r"(prompt: \|\n\s+)", lambda m: f"{m.group(1)}(v{next(counter)}) ",
                      original, count=1)
        bank.write_text(text, encoding="utf-8")
        run(cli, env=env)

    baseline = median_time(stock, runs)
    cold_s = median_time(cold, runs)
    warm_s = median_time(warm, runs)
    question_s = median_time(question_changed, runs)
    bank.write_text(original, encoding="utf-8")
    return {"notebooks": len(notebooks), "decks": decks, "baseline_s": baseline, "cold_s": cold_s,
            "warm_s": warm_s, "warm_question_s": question_s,
            "cold_ratio": cold_s / baseline, "warm_ratio": warm_s / baseline,
            "warm_question_ratio": question_s / baseline,
            "site": str(work / "_site"), "stock": str(stock_out)}


_KERNEL_PROBE = """
import json, resource, sys, time, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
started = time.perf_counter()
NotebookClient(nb, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[2]}}).execute()
wall = time.perf_counter() - started
# The kernel is this process's only child: its peak resident memory, in kB on Linux.
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall_s": wall, "peak_mb": peak / 1024}))
"""


def measure_kernels(notebooks: list[Path], runs: int, work: Path) -> dict[str, Any]:
    env = dict(os.environ, FABRIQUE_COURSE_WORKSPACE=str(work / "espace-noyaux"))
    env.pop("FABRIQUE_COURSE_VERIFIER_STRICT", None)
    out = {}
    for path in notebooks:
        samples = [json.loads(run([PY, "-c", _KERNEL_PROBE, str(path), str(path.parent)],
                                  env=env).strip().splitlines()[-1]) for _ in range(runs)]
        out[path.stem] = {"wall_s": statistics.median(s["wall_s"] for s in samples),
                          "peak_mb": statistics.median(s["peak_mb"] for s in samples)}
    return out


def first_quiz_cell(lesson: str = "00_demarche") -> str:
    """The source of the first quiz cell of ``lesson``: what a learner runs first."""
    nb = json.loads((ROOT / "notebooks" / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and source.lstrip().startswith("quiz("):
            return source
    raise SystemExit(f"pas de cellule quiz(...) dans {lesson}")


def _learner_env() -> dict[str, str]:
    """A learner's Python: it keeps the bytecode it compiles (this machine's
    PYTHONDONTWRITEBYTECODE would make every run recompile every module)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("FABRIQUE_COURSE_EDITIONS", None)
    return env


def measure_quiz(runs: int) -> dict[str, Any]:
    """The first quiz of the first lesson, from its import to its display bundle, against
    a bare ``import ipywidgets``: fresh processes, in turn, the ratio taken pair by pair.
    The whole bank (18 questions, the measure of earlier benches) is given beside it."""
    cell = first_quiz_cell()
    timed = ("import time; t=time.perf_counter(); {}; print(time.perf_counter()-t)")
    ours = timed.format("from fabrique_course import quiz; v = " + " ".join(cell.split())
                        + "; v._repr_mimebundle_()")
    bank = timed.format("from fabrique_course import quiz; v = quiz('00_demarche'); "
                        "v._repr_mimebundle_()")
    stock = timed.format("import ipywidgets")
    env = _learner_env()

    def sample(code: str) -> float:
        return float(run([PY, "-c", code], env=env).strip())

    sample(ours)  # bytecode written, bank checked once: as after `make lab`
    pairs = [(sample(stock), sample(ours), sample(bank)) for _ in range(max(7, 3 * runs))]
    widgets = statistics.median(p[0] for p in pairs)
    return {"quiz_s": statistics.median(p[1] for p in pairs), "ipywidgets_s": widgets,
            "ratio": statistics.median(p[1] / p[0] for p in pairs),
            "bank_s": statistics.median(p[2] for p in pairs),
            "bank_ratio": statistics.median(p[2] / p[0] for p in pairs),
            "kernel": measure_quiz_in_kernel(cell, max(3, runs))}


def measure_quiz_in_kernel(cell: str, runs: int) -> dict[str, float]:
    """In a started kernel, as in JupyterLab: from sending the first quiz cell to the
    arrival of its widget view, against ``import ipywidgets`` run to its end."""
    from jupyter_client.manager import start_new_kernel

    env = _learner_env()

    def one(code: str, until_display: bool) -> float:
        manager, client = start_new_kernel(kernel_name="python3", env=env,
                                           stderr=subprocess.DEVNULL)
        try:
            client.execute_interactive("pass", timeout=60)
            started = time.perf_counter()
            msg_id = client.execute(code)
            while True:
                msg = client.get_iopub_msg(timeout=60)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind = msg["msg_type"]
                if until_display and kind in ("display_data", "execute_result"):
                    return time.perf_counter() - started
                if kind == "status" and msg["content"]["execution_state"] == "idle":
                    return time.perf_counter() - started
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)

    quiz = "from fabrique_course import quiz\n" + cell
    pairs = [(one("import ipywidgets", False), one(quiz, True)) for _ in range(runs)]
    return {"quiz_s": statistics.median(p[1] for p in pairs),
            "ipywidgets_s": statistics.median(p[0] for p in pairs),
            "ratio": statistics.median(p[1] / p[0] for p in pairs)}


def measure_pages(site: Path, stock: Path) -> dict[str, Any]:
    assets = site / "assets"
    asset_bytes = {p.name: p.stat().st_size for p in assets.iterdir() if p.is_file()}
    pages = {}
    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        linked = re.findall(r'(?:src|href)="assets/([^"]+)"', text)
        total = page.stat().st_size + sum(asset_bytes.get(a, 0) for a in set(linked))
        outside = re.findall(r'(?:src|stylesheet" href)="(https?://[^"]+)"', text)
        pages[page.stem] = {"html_kb": page.stat().st_size / 1024, "total_kb": total / 1024,
                            "requests": 1 + len(set(linked)), "outside": len(outside)}
    stock_pages = {}
    for page in sorted(stock.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        urls = sorted(set(re.findall(r'(?:src=|url=|href=)"(https?://[^"]+\.(?:js|css|mjs)'
                                     r'[^"]*)"', text)
                          + re.findall(r'"(https://(?:cdnjs|unpkg|cdn\.jsdelivr)[^"]+)"', text)))
        stock_pages[page.stem] = {"html_kb": page.stat().st_size / 1024,
                                  "outside": len(urls)}
    return {"ours": pages, "stock": stock_pages}


def measure_classe(runs: int, work: Path, learners: int = 1000) -> dict[str, float]:
    code = ("import sys, time; from fabrique_course.facilitation._classe import read_class; "
            "t=time.perf_counter(); read_class(sys.argv[1]); print(time.perf_counter()-t)")
    folder = work / "classe"
    run([PY, "-c", "import sys; "
         "from fabrique_course.facilitation._demo import write_demo_exports; "
         f"write_demo_exports(sys.argv[1], {learners})", str(folder)])
    times = [float(run([PY, "-c", code, str(folder)]).strip()) for _ in range(runs)]
    return {"learners": learners, "seconds": statistics.median(times)}


def measure_first_lab(work: Path) -> dict[str, Any]:
    """A clean clone of this repository (its last commit), ``make lab`` until JupyterLab
    answers: the installation from the lock, the workspace, the checked banks, the
    server. The download caches are left as they are (a first install downloads more)."""
    import signal
    import urllib.request

    clone = work / "clone-lab"
    run(["git", "clone", "-q", str(ROOT), str(clone)])
    env = dict(_learner_env(), FABRIQUE_COURSE_WORKSPACE=str(work / "espace-lab"),
               BROWSER="true")
    log = work / "make-lab.log"
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(["make", "lab"], cwd=clone, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        while time.perf_counter() - started < 900:
            found = re.search(r"http://127\.0\.0\.1:\d+/lab\S*token=[0-9a-f]+",
                              log.read_text(encoding="utf-8", errors="replace"))
            if found:
                try:
                    urllib.request.urlopen(found.group(0), timeout=5)
                    return {"seconds": time.perf_counter() - started}
                except OSError:
                    pass
            if proc.poll() is not None:
                raise SystemExit("make lab s'est arrêté :\n"
                                 + log.read_text(encoding="utf-8", errors="replace")[-2000:])
            time.sleep(0.1)
        raise SystemExit("JupyterLab n'a pas répondu en 15 minutes")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


def measure_tests() -> dict[str, Any]:
    record = ROOT / ".bench" / "make-test-seconds"
    if record.is_file():
        return {"seconds": float(record.read_text().strip()), "source": "dernier make test"}
    return {"seconds": None, "source": "pas encore mesuré (lancez make test)"}


# --------------------------------------------------------------------------- report

def machine() -> dict[str, Any]:
    versions = {}
    for dist in ("fabrique-course", "nbconvert", "nbclient", "ipywidgets", "jupyterlab",
                 "pandas", "matplotlib"):
        try:
            versions[dist] = version(dist)
        except Exception:
            versions[dist] = "absent"
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "packages": versions}


def verdict(value: float | None, target: float, smaller: bool = True) -> str:
    if value is None:
        return "—"
    ok = value <= target if smaller else value >= target
    return "atteint" if ok else "MANQUÉ"


def table(results: dict[str, Any]) -> list[str]:
    s, q, c = results["site"], results["quiz"], results["classe"]
    pages = results["pages"]["ours"]
    lessons = {k: v for k, v in pages.items() if k != "index"}
    worst = max(lessons.values(), key=lambda v: v["html_kb"]) if lessons else None
    first = pages.get("index") or next(iter(pages.values()))
    kernels = results["kernels"]
    peak = max((k["peak_mb"] for k in kernels.values()), default=0.0)
    stock = results["pages"]["stock"]
    tests = results["tests"]["seconds"]
    rows = [
        ("Site, construction à froid" + (" (2 éditions et diaporamas)" if s.get("decks")
                                         else ""),
         f"{s['cold_s']:.1f} s", f"{s['cold_ratio']:.2f}× "
         f"nbconvert --execute ({s['baseline_s']:.1f} s)", f"≤ {TARGETS['cold']}×",
         verdict(s["cold_ratio"], TARGETS["cold"])),
        ("Site, rien de changé", f"{s['warm_s']:.1f} s", f"{s['warm_ratio']:.2f}×",
         f"≤ {TARGETS['warm']}×", verdict(s["warm_ratio"], TARGETS["warm"])),
        ("Site, une question changée", f"{s['warm_question_s']:.1f} s",
         f"{s['warm_question_ratio']:.2f}×", f"≤ {TARGETS['warm_question']}×",
         verdict(s["warm_question_ratio"], TARGETS["warm_question"])),
        ("Mémoire max. d'un noyau", f"{peak:.0f} Mo",
         ", ".join(f"{k} {v['peak_mb']:.0f}" for k, v in kernels.items()),
         f"≤ {TARGETS['kernel_mb']:.0f} Mo", verdict(peak, TARGETS["kernel_mb"])),
        ("Premier quiz affiché (1re cellule quiz de la leçon 00)",
         f"{q['quiz_s'] * 1000:.0f} ms",
         f"{q['ratio']:.2f}× import ipywidgets ({q['ipywidgets_s'] * 1000:.0f} ms)",
         f"≤ {TARGETS['quiz_ratio']}×", verdict(q["ratio"], TARGETS["quiz_ratio"])),
        *quiz_rows(q),
        ("Page la plus lourde (HTML)",
         f"{worst['html_kb']:.0f} Ko" if worst else "—",
         "stock : " + ", ".join(f"{k} {v['html_kb']:.0f} Ko / {v['outside']} URL ext."
                                for k, v in list(stock.items())[:2]),
         f"≤ {TARGETS['page_kb']:.0f} Ko",
         verdict(worst["html_kb"] if worst else None, TARGETS["page_kb"])),
        ("Accueil du site, avec ses fichiers", f"{first['total_kb']:.0f} Ko",
         f"{first['requests']} requêtes, {first['outside']} URL extérieure",
         f"≤ {TARGETS['first_page_kb']:.0f} Ko",
         verdict(first["total_kb"], TARGETS["first_page_kb"])),
        ("Tableau de bord, 1 000 fichiers", f"{c['seconds']:.2f} s", "", f"≤ "
         f"{TARGETS['classe_s']} s", verdict(c["seconds"], TARGETS["classe_s"])),
        ("make test (installation comprise si besoin)", f"{tests:.0f} s" if tests else "—",
         results["tests"]["source"], "≤ 480 s",
         verdict(tests, TARGETS["make_test_s"]) if tests else "—"),
        *lab_rows(results.get("lab")),
        *room_rows(results.get("salle")),
    ]
    head = "| Mesure | Valeur | Comparaison | Cible | |"
    out = [head, "|---|---|---|---|---|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def lab_rows(lab: dict[str, Any] | None) -> list[tuple[str, str, str, str, str]]:
    """The first ``make lab`` of a clean clone, when measured."""
    if not lab:
        return []
    return [("Premier make lab (clone neuf) jusqu'à JupyterLab prêt",
             f"{lab['seconds']:.0f} s", "installation (uv, verrous), espace, banques "
             "vérifiées, serveur ; caches de téléchargement déjà remplis", "", "")]


def quiz_rows(q: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """The quiz's other views: a whole bank at once, and the first quiz in a kernel."""
    rows = []
    if "bank_s" in q:
        rows.append(("Quiz d'une banque entière (18 questions)", f"{q['bank_s'] * 1000:.0f} ms",
                     f"{q['bank_ratio']:.2f}× import ipywidgets", "", ""))
    k = q.get("kernel")
    if k:
        rows.append(("Premier quiz, dans un noyau Jupyter", f"{k['quiz_s'] * 1000:.0f} ms",
                     f"{k['ratio']:.2f}× import ipywidgets dans un noyau "
                     f"({k['ipywidgets_s'] * 1000:.0f} ms)", "", ""))
    return rows


def room_rows(room: dict[str, Any] | None) -> list[tuple[str, str, str, str, str]]:
    """The « salle de 30 » rows (tools/bench_salle.py), or one row saying why not."""
    if not room or "cours" not in room:
        why = (room or {}).get("absent", "non mesurée")
        return [("Salle JupyterHub", "—", why, "", "")]
    n, c, st = room["learners"], room["cours"], room["stock"]
    return [
        (f"Salle de {n} : tous avec un quiz à l'écran", f"{c['last_s']:.0f} s",
         f"médiane {c['median_s']:.0f} s, 95e centile {c['p95_s']:.0f} s",
         f"≤ {TARGETS['room_s']:.0f} s", verdict(c["last_s"], TARGETS["room_s"])),
        (f"Salle de {n} : face à un hub standard", f"{room['ratio']:.2f}×",
         f"hub standard, notebook vide : {st['last_s']:.0f} s (médiane {st['median_s']:.0f} s)",
         f"≤ {TARGETS['room_ratio']}×", verdict(room["ratio"], TARGETS["room_ratio"])),
        (f"Salle de {n} : mémoire par personne", f"{c['pss_mb_max']:.0f} Mo",
         f"serveur + noyau, PSS (RSS {c['rss_mb_max']:.0f} Mo) ; en tout "
         f"{c['total_pss_mb'] / 1024:.1f} Go ; hub standard {st['pss_mb_max']:.0f} Mo",
         f"≤ {TARGETS['room_mb']:.0f} Mo", verdict(c["pss_mb_max"], TARGETS["room_mb"])),
    ]


def measure_room_or_say_why(learners: int, rounds: int) -> dict[str, Any]:
    """The room bench needs root (it creates system accounts) and npm (the proxy)."""
    if os.geteuid() != 0:
        return {"absent": "non mesurée : demande root (comptes système)"}
    if shutil.which("npm") is None or not Path("/usr/bin/python3").exists():
        return {"absent": "non mesurée : npm ou /usr/bin/python3 absent"}
    sys.path.insert(0, str(ROOT / "tools"))
    from bench_salle import measure_room

    return measure_room(learners, rounds)


def update_readme(lines: list[str], results: dict[str, Any]) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return
    m = results["machine"]
    block = [START, "", f"Mesuré le {results['date']} sur {m['cpus']} cœurs, Python "
             f"{m['python']} (médianes sur {results['runs']} exécution(s)) :", "", *lines, "",
             END]
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    readme.write_text(before + "\n".join(block) + after, encoding="utf-8")


def smoke(work: Path) -> int:
    """One tiny notebook, one run of each measure: proves the script still works."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["fabrique_course"] = {"phase": 9, "title": "Essai", "teaching_minutes": 1,
                                      "exercise_minutes": 1}
    nb.cells = [nbformat.v4.new_markdown_cell("# Essai", id="titre"),
                nbformat.v4.new_code_cell("x = 6 * 7\nx", id="calcul")]
    path = work / "99_essai.ipynb"
    nbformat.write(nb, path)
    site = measure_site([path], 1, work / "site", decks=False)
    kernels = measure_kernels([path], 1, work)
    pages = measure_pages(Path(site["site"]), Path(site["stock"]))
    classe = measure_classe(1, work, learners=5)
    ok = (site["cold_s"] > 0 and kernels["99_essai"]["peak_mb"] > 0
          and pages["ours"]["99_essai"]["outside"] == 0 and classe["seconds"] >= 0)
    print(json.dumps({"site": site, "kernels": kernels, "classe": classe}, indent=1))
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="exécutions par mesure (médiane)")
    parser.add_argument("--smoke", action="store_true",
                        help="un petit notebook, une exécution (test de non-régression)")
    parser.add_argument("--json", default=str(ROOT / ".bench" / "bench.json"))
    parser.add_argument("--salle", type=int, default=30, metavar="N",
                        help="apprenant·es du banc « salle » (0 : ne pas le mesurer)")
    parser.add_argument("--pas-de-readme", action="store_true",
                        help="ne pas réécrire la section performances du README")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fabrique-bench-") as tmp:
        work = Path(tmp)
        if args.smoke:
            return smoke(work)
        notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
        print(f"Mesures sur {len(notebooks)} notebooks, {args.runs} exécution(s) chacune…",
              flush=True)
        results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "runs": args.runs,
                                   "machine": machine()}
        results["site"] = measure_site(notebooks, args.runs, work)
        results["pages"] = measure_pages(Path(results["site"]["site"]),
                                         Path(results["site"]["stock"]))
        results["kernels"] = measure_kernels(
            [p for p in notebooks if p.stem[:2].isdigit()], max(1, args.runs - 2), work)
        results["quiz"] = measure_quiz(args.runs)
        results["classe"] = measure_classe(args.runs, work)
        results["tests"] = measure_tests()
        results["lab"] = measure_first_lab(work)
        if args.salle:
            results["salle"] = measure_room_or_say_why(args.salle, max(1, args.runs - 1))
    lines = table(results)
    print("\n".join(lines))
    target = Path(args.json)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    print(f"Chiffres écrits dans {target}")
    if not args.pas_de_readme:
        update_readme(lines, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
