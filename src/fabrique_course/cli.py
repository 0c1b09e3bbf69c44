"""The ``fabrique-course`` command: check, progress, lab.

Every error a person can cause ends in a French message and a non-zero exit code,
never a traceback (``FABRIQUE_COURSE_DEBUG=1`` shows the traceback for developers).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ._content import check_content, content_root, notebooks_dir
from ._errors import ContentProblem, FabriqueError
from ._report import summarise_notebooks, summary_lines
from ._workspace import (
    default_workspace,
    find_workspace,
    open_store,
    prepare_workspace,
    reset_workspace,
)

__all__ = ["main", "quiz_references"]

HOME_NOTEBOOK = "accueil.ipynb"


def quiz_references(notebook: Path) -> list[tuple[str, str, str]]:
    """``(cell id, bank, question id)`` for each literal ``quiz(bank, ids)`` call."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)  # type: ignore[no-untyped-call]
    refs: list[tuple[str, str, str]] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("quiz", "repondre") and len(node.args) >= 2):
                continue
            bank, ids = node.args[0], node.args[1]
            if not (isinstance(bank, ast.Constant) and isinstance(bank.value, str)):
                continue
            values = ids.elts if isinstance(ids, ast.List | ast.Tuple) else [ids]
            for v in values:
                if isinstance(v, ast.Constant) and isinstance(v.value, str):
                    refs.append((str(cell.get("id", "?")), bank.value, v.value))
    return refs


def _cmd_check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.fichiers] if args.fichiers else None
    banks, problems = check_content(paths)
    if paths is None:
        known = {b.notebook: {q.id for q in b.questions} for b in banks}
        broken = {p.file for p in problems}
        for nb_path in sorted(notebooks_dir().glob("*.ipynb")):
            try:
                refs = quiz_references(nb_path)
            except Exception as exc:  # any unreadable notebook is reported
                problems.append(ContentProblem(str(nb_path.name), f"notebook illisible : {exc}"))
                continue
            for cell_id, bank, qid in refs:
                if bank not in known:
                    if not any(bank in f for f in broken):
                        problems.append(ContentProblem(
                            f"notebooks/{nb_path.name}", f"cellule « {cell_id} » : la banque "
                            f"« {bank} » n'existe pas", question_id=qid))
                elif qid not in known[bank]:
                    problems.append(ContentProblem(
                        f"notebooks/{nb_path.name}", f"cellule « {cell_id} » : la banque "
                        f"« {bank} » n'a pas de question « {qid} »", question_id=qid))
    for valid in banks:
        counts = Counter(q.type for q in valid.questions)
        detail = ", ".join(f"{t} {n}" for t, n in sorted(counts.items()))
        print(f"✔ {valid.notebook} : {len(valid.questions)} questions ({detail})")
    for problem in problems:
        print(f"✘ {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problème(s) trouvé(s) dans le contenu.", file=sys.stderr)
        return 1
    print("Contenu valide.")
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:
    workspace = Path(args.espace).expanduser().resolve() if args.espace else find_workspace()
    store = open_store(workspace)
    if args.export:
        document = store.export()
        target = Path(args.export)
        tmp = target.with_name(target.name + ".tmp")
        try:
            tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
            tmp.replace(target)
        except OSError as exc:
            print(f"Export impossible vers {target} : {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"{len(document['events'])} réponse(s) exportée(s) dans {target}")
        return 0
    summaries = summarise_notebooks([args.notebook] if args.notebook else None, store.events())
    print(f"Progression enregistrée dans {store.path}")
    for line in summary_lines(summaries):
        print(line)
    return 0


def _confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        print("Confirmation impossible sans terminal : relancez avec --oui.", file=sys.stderr)
        return False
    try:
        return input(f"{question} [o/N] ").strip().lower() in ("o", "oui", "y", "yes")
    except EOFError:
        return False


def _cmd_lab(args: argparse.Namespace) -> int:
    workspace = (Path(args.espace).expanduser().resolve() if args.espace
                 else default_workspace())
    if args.reset:
        if not workspace.exists():
            print(f"Rien à réinitialiser : {workspace} n'existe pas encore.")
        elif not _confirm(f"Réinitialiser {workspace} ? Vos notebooks et votre progression "
                          "seront rangés dans .archives/ (rien n'est effacé).", args.oui):
            print("Réinitialisation annulée.")
            return 1
        else:
            archive, report = reset_workspace(workspace)
            print(f"Ancien contenu rangé dans {archive}")
            for line in report.lines():
                print(line)
    report = prepare_workspace(workspace)
    if not args.reset:
        for line in report.lines():
            print(line)
    if args.preparer_seulement:
        return 0
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or "jupyter"
    command = [
        jupyter, "lab",
        f"--ServerApp.root_dir={workspace}",
        f"--LabApp.default_url=/lab/tree/{HOME_NOTEBOOK}",
    ]
    if args.port:
        command.append(f"--ServerApp.port={args.port}")
    if args.no_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    extra = list(args.jupyter_args)
    command += extra[1:] if extra[:1] == ["--"] else extra
    print("Lancement de JupyterLab… (Ctrl+C pour arrêter)")
    env = dict(os.environ, FABRIQUE_COURSE_WORKSPACE=str(workspace))
    try:
        return subprocess.call(command, cwd=workspace, env=env)
    except KeyboardInterrupt:
        return 0
    except FileNotFoundError:
        print("JupyterLab est introuvable : installez le cours avec « make lab ».",
              file=sys.stderr)
        return 1


def _cmd_site(args: argparse.Namespace) -> int:
    from ._site import build_site

    print("Construction du site : exécution des notebooks, puis export des pages…")
    report = build_site(Path(args.sortie).resolve(), jobs=args.jobs,
                        archive=not args.sans_archive, theme=args.theme)
    for line in report.lines():
        print(line)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fabrique-course",
        description="Parcours Startup d'État : vérifier le contenu, suivre sa progression, "
                    "ouvrir le cours dans JupyterLab, construire le site hors ligne.",
    )
    sub = parser.add_subparsers(dest="commande", required=True, metavar="COMMANDE")

    check = sub.add_parser("check", help="valider toutes les banques de questions")
    check.add_argument("fichiers", nargs="*", help=f"fichiers YAML (par défaut : "
                                                   f"{content_root() / 'quiz'})")
    check.set_defaults(func=_cmd_check)

    prog = sub.add_parser("progress", help="afficher ou exporter sa progression")
    prog.add_argument("--export", metavar="FICHIER.json",
                      help="écrire la progression dans un fichier JSON versionné")
    prog.add_argument("--notebook", help="un seul notebook (ex. 00_demarche)")
    prog.add_argument("--espace", metavar="DOSSIER", help="espace de travail à lire")
    prog.set_defaults(func=_cmd_progress)

    lab = sub.add_parser("lab", help="préparer l'espace de travail et lancer JupyterLab")
    lab.add_argument("--espace", metavar="DOSSIER",
                     help="espace de travail (défaut : $FABRIQUE_COURSE_WORKSPACE ou "
                          "~/parcours-startup-etat)")
    lab.add_argument("--reset", action="store_true",
                     help="repartir de zéro (après confirmation ; l'ancien contenu est archivé)")
    lab.add_argument("--oui", action="store_true", help="ne pas demander de confirmation")
    lab.add_argument("--preparer-seulement", action="store_true",
                     help="préparer l'espace sans lancer JupyterLab")
    lab.add_argument("--no-browser", action="store_true", help="ne pas ouvrir le navigateur")
    lab.add_argument("--port", type=int, help="port du serveur JupyterLab")
    lab.add_argument("jupyter_args", nargs=argparse.REMAINDER,
                     help="après « -- » : options passées telles quelles à jupyter lab")
    lab.set_defaults(func=_cmd_lab)

    site = sub.add_parser("site", help="construire le site statique hors ligne (édition "
                                       "apprenant)")
    site.add_argument("--sortie", default="_site", metavar="DOSSIER",
                      help="dossier du site (défaut : _site ; il est remplacé)")
    site.add_argument("--jobs", type=int, metavar="N",
                      help="notebooks exécutés en parallèle (défaut : nombre de cœurs)")
    site.add_argument("--theme", choices=("neutre", "dsfr"), default="neutre",
                      help="« neutre » (défaut) ou « dsfr », le Système de Design de l'État, "
                           "installé avec npm et réservé à l'administration")
    site.add_argument("--sans-archive", action="store_true",
                      help="ne pas produire l'archive zip")
    site.set_defaults(func=_cmd_site)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``fabrique-course``."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except FabriqueError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("FABRIQUE_COURSE_DEBUG"):
            raise
        print(f"Erreur inattendue ({type(exc).__name__}) : {exc}\n"
              "Relancez avec FABRIQUE_COURSE_DEBUG=1 pour le détail, et signalez-la.",
              file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
