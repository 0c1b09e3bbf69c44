"""The ``fabrique-course`` command: verifier, progression, lab, and the facilitator tools.

Every error a person can cause ends in a French message and a non-zero exit code,
never a traceback (``FABRIQUE_COURSE_DEBUG=1`` shows the traceback for developers).

Everything the command prints is French, argparse's own words included: the usage line,
the section titles, ``-h``/``--aide`` and the error messages come from ``_argparse_fr``
(overridden methods, no patch of argparse). Renamed commands and
options keep their old spelling for one release (``_RENAMED_COMMANDS``,
``_RENAMED_OPTIONS``): hidden from the help, rewritten before parsing, with a notice.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._argparse_fr import FrenchParser, modernise
from ._banks import load_bank, prepare_banks
from ._content import (
    AssessedValue,
    alignment,
    alignment_problems,
    bank_names,
    check_content,
    competence_counts,
    competence_problems,
    level_mix,
    load_competences,
)
from ._editions import Edition
from ._errors import ContentProblem, FabriqueError
from ._lessons import HOME, select_lessons
from ._paths import content_root, notebooks_dir
from ._report import summarise_notebooks, summary_lines
from ._workspace import (
    default_workspace,
    find_workspace,
    open_store,
    prepare_workspace,
    reset_workspace,
)

__all__ = ["main", "quiz_references"]



def quiz_references(notebook: Path) -> list[tuple[str, str, str]]:
    """``(cell id, bank, question id)`` for each literal ``quiz(bank, ids)`` or
    ``repondre(bank, id, …)`` call."""
    import nbformat

    from ._cells import quiz_calls

    nb = nbformat.read(notebook, as_version=4)  # type: ignore[no-untyped-call]
    return [(str(cell.get("id", "?")), call.bank, qid)
            for cell in nb.cells if cell.cell_type == "code"
            for call in quiz_calls(cell.source, names=("quiz", "repondre"))
            for qid in call.ids or []]


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
    exercise_line = ""
    values: list[AssessedValue] = []
    if paths is None:
        from ._paths import data_dir

        # The impact exercises compute their expected values from the course's data
        # sets: they are checked wherever the course ships them.
        if data_dir().is_dir():
            from .exercises._engine import check_exercises

            exercises, found = check_exercises()
            problems.extend(found)
            values = [AssessedValue(ex.notebook, f"content/exercices/{ex.id}.yaml", ex.id,
                                    f.key, f.objectives)
                      for ex in exercises for f in ex.fields]
            fields = sum(len(ex.fields) for ex in exercises)
            mistakes = sum(len(f.mistakes) for ex in exercises for f in ex.fields)
            if not found:
                exercise_line = (f"✔ exercices d'impact : {len(exercises)} exercices, "
                                 f"{fields} valeurs attendues, {mistakes} erreurs reconnues")
    sources_line = ""
    if paths is None:
        from ._files import display_path
        from ._sources import check_sources

        # Every source a notebook or a bank cites has its entry (description, public
        # link) in content/sources.yaml, and every entry is cited.
        sources = check_sources(
            [*notebooks_dir().glob("*.ipynb"), *(notebooks_dir() / "animateur").glob("*.ipynb")],
            [*[(display_path(b.path), q.id, q.source) for b in banks for q in b.questions],
             *[("content/competences.yaml", "", c.source)
               for c in [load_competences()] if c.source]])
        problems.extend(sources.problems)
        if sources.registry is not None and not sources.problems:
            sources_line = f"✔ {sources.summary()}"
    # Each objective is assessed by at least two questions or exercise values (those of
    # the impact exercises count when the exercises are checked, i.e. with the data sets).
    problems.extend(alignment_problems(banks, values))
    for valid in banks:
        counts = Counter(q.type for q in valid.questions)
        detail = ", ".join(f"{t} {n}" for t, n in sorted(counts.items()))
        mix = level_mix(valid)
        mark = "✘" if mix.too_much_recall else "✔"
        print(f"{mark} {valid.notebook} : {len(valid.questions)} questions — {mix.summary()} "
              f"({detail})")
    for valid in banks:
        found_alignment = alignment(valid, values)
        mark = "✘" if found_alignment.weak else "✔"
        print(f"{mark} objectifs {found_alignment.summary()}")
    if paths is None and not competence_problems():
        # Which competence of the certification each objective serves, and how much
        # assesses it (questions, exercise values): one line.
        print("✔ compétences (objectifs / questions / valeurs d'exercice) : " + " ; ".join(
            f"{c.competence.label} {c.objectives}/{c.questions}/{c.values}"
            for c in competence_counts(banks, values)))
    if exercise_line:
        print(exercise_line)
    if sources_line:
        print(sources_line)
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
        print(f"{len(document['events'])} réponse(s), {len(document['exercises'])} "
              f"vérification(s) d'exercice et {len(document.get('writings', []))} texte(s) "
              f"écrit(s) exporté(s) dans {target}")
        return 0
    summaries = summarise_notebooks([args.notebook] if args.notebook else None,
                                    store.events(), store.exercise_checks(), store.writings())
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
    from .exercises._answer_key import answer_key

    edition: Edition = "animateur" if args.animateur else "apprenant"
    workspace = (Path(args.espace).expanduser().resolve() if args.espace
                 else default_workspace())
    if args.animateur and not args.espace:
        # The facilitator edition lives beside, never inside, a learner workspace.
        workspace = workspace.with_name(workspace.name + "-animateur")
    if args.reinitialiser:
        if not workspace.exists():
            print(f"Rien à réinitialiser : {workspace} n'existe pas encore.")
        elif not _confirm(f"Réinitialiser {workspace} ? Vos notebooks et votre progression "
                          "seront rangés dans .archives/ (rien n'est effacé).", args.oui):
            print("Réinitialisation annulée.")
            return 1
        else:
            archive, report = reset_workspace(workspace, edition=edition,
                                              exercise_keys=answer_key)
            print(f"Ancien contenu rangé dans {archive}")
            for line in report.lines():
                print(line)
    report = prepare_workspace(workspace, edition=edition, exercise_keys=answer_key)
    if args.animateur:
        print("Édition animateur : notes d'animation, clés des réponses (quiz et exercices) "
              "et solutions.")
    if not args.reinitialiser:
        for line in report.lines():
            print(line)
    # Each bank checked once now, not at a lesson's first quiz (a refused bank is left
    # for its lesson to explain).
    prepare_banks()
    if args.preparer_seulement:
        return 0
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or "jupyter"
    command = [
        jupyter, "lab",
        f"--ServerApp.root_dir={workspace}",
        f"--LabApp.default_url=/lab/tree/{HOME}",
    ]
    if args.port:
        command.append(f"--ServerApp.port={args.port}")
    if args.sans_navigateur:
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


def _write_page(path: Path, title: str, body: str) -> None:
    """A minimal standalone French HTML page (title as its only h1) around ``body``."""
    path.write_text('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
                    f"<title>{title}</title></head><body><main><h1>{title}</h1>{body}"
                    "</main></body></html>", encoding="utf-8")


def _cmd_classe(args: argparse.Namespace) -> int:
    from .facilitation._classe import read_class

    if args.salle:
        from .facilitation._salle import read_room, room_layout

        if args.dossier:
            print("Avec --salle, le dossier est celui des remises de la salle : n'en donnez "
                  "pas d'autre.", file=sys.stderr)
            return 2
        layout = room_layout()
        room, found = read_room(layout, names=args.noms)
        print(f"Remises lues dans {layout.handins} : {found} ; relancez la commande "
              "pour actualiser.")
    elif not args.dossier:
        print("Donnez le dossier des fichiers exportés, ou --salle pour lire les remises "
              "de la salle JupyterHub.", file=sys.stderr)
        return 2
    else:
        room = read_class(Path(args.dossier), names=args.noms)
    for line in room.lines(top=args.limite):
        print(line)
    if args.csv:
        target = Path(args.csv)
        target.mkdir(parents=True, exist_ok=True)
        for name, text in room.csv_files().items():
            (target / name).write_text(text, encoding="utf-8")
        print(f"\nCSV écrits dans {target} : " + ", ".join(room.csv_files()))
    if args.html:
        Path(args.html).write_text(room.html_document(), encoding="utf-8")
        print(f"Tableau de bord HTML : {args.html}")
    return 0


def _cmd_agenda(args: argparse.Namespace) -> int:
    from .facilitation._agenda import agenda, agenda_html, agenda_lines

    slots = agenda(args.debut, args.notebooks, lunch_at=args.dejeuner, end=args.fin,
                   revision=args.revision)
    for line in agenda_lines(slots):
        print(line)
    if args.html:
        _write_page(Path(args.html), "Déroulé de la séance", agenda_html(slots))
        print(f"Déroulé HTML : {args.html}")
    return 0


def _cmd_moodle(args: argparse.Namespace) -> int:
    from .facilitation._moodle import exercises_note, moodle_xml

    names = bank_names()
    if args.notebooks:
        chosen = [lesson.name for lesson in select_lessons(args.notebooks)]
        names = [name for name in chosen if name in names]
    banks = [load_bank(n) for n in names]
    Path(args.sortie).write_text(moodle_xml(banks), encoding="utf-8")
    count = sum(len(b.questions) for b in banks)
    print(f"{count} questions de {len(banks)} notebook(s) écrites dans {args.sortie} (format XML "
          "de Moodle : Banque de questions › Importer › « Format Moodle XML »).")
    note = exercises_note(names)
    if note:
        print(note)
    return 0


def _cmd_slides(args: argparse.Namespace) -> int:
    from .publishing._slides import build_slides

    target = build_slides(args.notebook, Path(args.sortie).resolve(),
                          edition="animateur" if args.animateur else "apprenant",
                          execute=not args.sans_execution)
    print(f"Diaporama écrit : {target}")
    print("Ouvrez-le dans un navigateur (aucune connexion requise) ; flèches pour avancer"
          + (", « S » pour les notes d'animation." if args.animateur else "."))
    return 0


def _cmd_site(args: argparse.Namespace) -> int:
    from .publishing._site import build_site

    print("Construction du site : exécution des notebooks et export des pages…")
    report = build_site(Path(args.sortie).resolve(), jobs=args.taches,
                        archive=not args.sans_archive, theme=args.theme,
                        cache=not args.sans_cache, decks=args.diapos)
    for line in report.lines():
        print(line)
    return 0


def _cmd_salle_comptes(args: argparse.Namespace) -> int:
    from .facilitation._salle import SalleError, create_accounts, room_layout, write_sheets

    layout = room_layout()
    target = Path(args.sortie)
    # Checked before any account exists: a sheet that cannot be written would leave
    # accounts whose passwords nobody ever sees.
    if not target.parent.is_dir() or target.is_dir() or not os.access(target.parent,
                                                                        os.W_OK):
        raise SalleError(f"impossible d'écrire la liste des comptes {target} : choisissez "
                         "un fichier dans un dossier existant où vous pouvez écrire")
    accounts = create_accounts(args.nombre, prefix=args.prefixe, layout=layout)
    csv_path, sheet = write_sheets(accounts.learners, target, args.adresse or "")
    logins = [login for login, _ in accounts.learners]
    print(f"{len(logins)} compte(s) créé(s) : {logins[0]} à {logins[-1]} (groupe "
          "fabrique-apprenants), chacun avec son dossier de remise dans "
          f"{layout.handins}.")
    print(f"Identifiants et mots de passe : {csv_path} ; fiches à imprimer et découper : "
          f"{sheet}. Ces deux fichiers ne sont lisibles que par vous : imprimez les fiches, "
          "puis supprimez-les ; le serveur ne garde que l'empreinte des mots de passe.")
    if accounts.facilitator:
        login, secret = accounts.facilitator
        print(f"Compte animateur créé (administrateur du hub) : identifiant « {login} », "
              f"mot de passe « {secret} ». Notez-le : il n'est écrit nulle part ailleurs.")
    return 0


def _cmd_salle_fermer(args: argparse.Namespace) -> int:
    from .facilitation._salle import close_room, room_accounts, room_layout

    layout = room_layout()
    logins = room_accounts(layout)
    if not logins:
        print("Aucun compte de salle à fermer.")
        return 0
    if not _confirm(f"Fermer la salle : archiver les remises, puis supprimer {len(logins)} "
                    f"compte(s) ({logins[0]} … {logins[-1]}), leurs espaces et leurs "
                    "dossiers de remise ?", args.oui):
        print("Fermeture annulée : rien n'a changé.")
        return 1
    closing = close_room(layout)
    if closing.archive:
        print(f"{closing.handins} remise(s) archivée(s) dans {closing.archive}")
    else:
        print("Aucune remise à archiver.")
    print(f"{len(closing.removed)} compte(s) supprimé(s) avec leur espace. Le compte "
          "animateur est gardé pour la prochaine session.")
    return 0


_RENAMED_COMMANDS = {"check": "verifier", "progress": "progression", "slides": "diapos"}
#: Command -> {old option: new option} (kept working, hidden, for one release).
_RENAMED_OPTIONS = {
    "lab": {"--reset": "--reinitialiser", "--no-browser": "--sans-navigateur"},
    "classe": {"--top": "--limite"},
    "moodle": {"--out": "--sortie"},
    "site": {"--jobs": "--taches"},
}


def _command(sub: Any, name: str, summary: str) -> FrenchParser:
    """A sub-command listed with ``summary``, which its own help repeats as a sentence."""
    parser: FrenchParser = sub.add_parser(name, help=summary,
                                     description=summary[0].upper() + summary[1:] + ".")
    return parser


def _parser() -> FrenchParser:
    parser = FrenchParser(
        prog="fabrique-course",
        description="Parcours Startup d'État : vérifier le contenu, suivre sa progression, "
                    "ouvrir le cours dans JupyterLab, construire le site hors ligne.",
        epilog="Aide d'une commande : fabrique-course COMMANDE --aide",
    )
    sub = parser.add_subparsers(title="commandes", dest="commande", required=True,
                                metavar="COMMANDE")

    check = _command(sub, "verifier", "valider toutes les banques de questions, les "
                                      "exercices d'impact et les sources citées (chacune a "
                                      "son entrée dans content/sources.yaml), et afficher "
                                      "par leçon la part des questions de rappel, "
                                      "d'application et d'analyse (au plus la moitié de "
                                      "rappel)")
    check.add_argument("fichiers", nargs="*", help=f"fichiers YAML (par défaut : "
                                                   f"{content_root() / 'quiz'})")
    check.set_defaults(func=_cmd_check)

    prog = _command(sub, "progression", "afficher ou exporter sa progression")
    prog.add_argument("--export", metavar="FICHIER.json",
                      help="écrire la progression dans un fichier JSON versionné")
    prog.add_argument("--notebook", metavar="NOTEBOOK",
                      help="un seul notebook (ex. 00_demarche)")
    prog.add_argument("--espace", metavar="DOSSIER", help="espace de travail à lire")
    prog.set_defaults(func=_cmd_progress)

    lab = _command(sub, "lab", "préparer l'espace de travail et lancer JupyterLab")
    lab.add_argument("--espace", metavar="DOSSIER",
                     help="espace de travail (défaut : $FABRIQUE_COURSE_WORKSPACE ou "
                          "~/parcours-startup-etat)")
    lab.add_argument("--reinitialiser", action="store_true",
                     help="repartir de zéro (après confirmation ; l'ancien contenu est archivé)")
    lab.add_argument("--oui", action="store_true", help="ne pas demander de confirmation")
    lab.add_argument("--animateur", action="store_true",
                     help="ouvrir l'édition animateur (notes, clés des réponses, solutions) "
                          "dans son propre espace (défaut : <espace>-animateur)")
    lab.add_argument("--preparer-seulement", action="store_true",
                     help="préparer l'espace sans lancer JupyterLab")
    lab.add_argument("--sans-navigateur", action="store_true",
                     help="ne pas ouvrir le navigateur")
    lab.add_argument("--port", type=int, metavar="PORT", help="port du serveur JupyterLab")
    lab.add_argument("jupyter_args", nargs=argparse.REMAINDER, metavar="OPTIONS_JUPYTER",
                     help="après « -- » : options passées telles quelles à jupyter lab")
    lab.set_defaults(func=_cmd_lab)

    classe = _command(sub, "classe", "tableau de bord d'une classe à partir d'un dossier "
                                     "d'exports JSON, ou des remises d'une salle JupyterHub")
    classe.add_argument("dossier", nargs="?",
                        help="dossier des fichiers exportés par les apprenant·es (et des "
                             "sous-dossiers contenant un reponses.json)")
    classe.add_argument("--salle", action="store_true",
                        help="lire directement les remises de la salle JupyterHub "
                             "($FABRIQUE_SALLE_DONNEES/rendus, défaut /srv/fabrique-course)")
    classe.add_argument("--csv", metavar="DOSSIER", help="écrire questions.csv, exercices.csv, "
                                                         "notebooks.csv et apprenants.csv")
    classe.add_argument("--html", metavar="FICHIER", help="écrire le tableau de bord en HTML")
    classe.add_argument("--limite", type=int, default=10, metavar="N",
                        help="nombre de questions à reprendre affichées (défaut : 10)")
    classe.add_argument("--noms", action="store_true",
                        help="montrer les identifiants (les comptes, avec --salle) au lieu "
                             "des pseudonymes")
    classe.set_defaults(func=_cmd_classe)

    ag = _command(sub, "agenda", "déroulé minuté d'une séance, à partir des durées des leçons")
    ag.add_argument("--debut", default="09:30", metavar="HH:MM",
                    help="heure de début (défaut : 09:30)")
    ag.add_argument("--notebooks", metavar="LISTE",
                    help="leçons de la séance, ex. « 00,01,02 » (défaut : toutes)")
    ag.add_argument("--dejeuner", default="12:00", metavar="HH:MM",
                    help="heure à partir de laquelle placer le déjeuner (défaut : 12:00)")
    ag.add_argument("--fin", default="17:30", metavar="HH:MM",
                    help="heure de fin de journée ; la suite passe au lendemain (défaut : 17:30)")
    ag.add_argument("--html", metavar="FICHIER", help="écrire aussi le déroulé en HTML")
    ag.add_argument("--revision", action="store_true",
                    help="finir chaque journée par 10 minutes de révision espacée, avant le "
                         "bilan")
    ag.set_defaults(func=_cmd_agenda)

    moodle = _command(sub, "moodle", "exporter les banques de questions au format XML de "
                                     "Moodle")
    moodle.add_argument("--sortie", required=True, metavar="FICHIER.xml",
                        help="fichier à écrire")
    moodle.add_argument("--notebooks", metavar="LISTE",
                        help="notebooks à exporter, ex. « 00,01 » ou « 02_conception » "
                             "(défaut : tous)")
    moodle.set_defaults(func=_cmd_moodle)

    slides = _command(sub, "diapos", "diaporama reveal.js hors ligne d'un notebook")
    slides.add_argument("notebook", help="notebook : 00, 02_conception ou chemin d'un .ipynb")
    slides.add_argument("--animateur", action="store_true",
                        help="avec les notes d'animation en notes de l'orateur")
    slides.add_argument("--sortie", default="_diapos", metavar="DOSSIER",
                        help="dossier de sortie (défaut : _diapos)")
    slides.add_argument("--sans-execution", action="store_true",
                        help="ne pas exécuter le notebook (sorties des exercices absentes)")
    slides.set_defaults(func=_cmd_slides)

    salle = _command(sub, "salle", "une salle sur JupyterHub : créer les comptes de la "
                                   "session, puis fermer la salle (à lancer en administrateur "
                                   "du serveur ; voir docs/salle-jupyterhub.md)")
    salle_sub = salle.add_subparsers(title="actions", dest="action", required=True,
                                     metavar="ACTION")
    comptes = _command(salle_sub, "comptes", "créer les comptes des apprenant·es (et le compte "
                                             "animateur s'il manque), avec des mots de passe "
                                             "générés, et écrire la liste et les fiches à "
                                             "imprimer")
    comptes.add_argument("--nombre", type=int, required=True, metavar="N",
                         help="nombre de comptes à créer")
    comptes.add_argument("--sortie", required=True, metavar="FICHIER.csv",
                         help="liste « identifiant;mot_de_passe » à écrire (les fiches à "
                              "imprimer vont à côté, en .html)")
    comptes.add_argument("--prefixe", default="apprenant", metavar="PREFIXE",
                         help="début des identifiants (défaut : apprenant → apprenant01…)")
    comptes.add_argument("--adresse", metavar="URL",
                         help="adresse du hub, imprimée sur les fiches")
    comptes.set_defaults(func=_cmd_salle_comptes)
    fermer = _command(salle_sub, "fermer", "archiver les remises, puis supprimer les comptes "
                                           "de la session, leurs espaces et leurs dossiers de "
                                           "remise")
    fermer.add_argument("--oui", action="store_true", help="ne pas demander de confirmation")
    fermer.set_defaults(func=_cmd_salle_fermer)

    site = _command(sub, "site", "construire le site statique hors ligne (édition apprenant)")
    site.add_argument("--sortie", default="_site", metavar="DOSSIER",
                      help="dossier du site (défaut : _site ; il est remplacé)")
    site.add_argument("--taches", type=int, metavar="N",
                      help="notebooks exécutés en parallèle (défaut : nombre de cœurs)")
    site.add_argument("--theme", choices=("neutre", "dsfr"), default="neutre",
                      help="« neutre » (défaut) ou « dsfr », le Système de Design de l'État, "
                           "installé avec npm et réservé à l'administration")
    site.add_argument("--sans-cache", action="store_true",
                      help="réexécuter tous les notebooks (ignorer le cache d'exécution)")
    site.add_argument("--sans-archive", action="store_true",
                      help="ne pas produire l'archive zip")
    site.add_argument("--diapos", action="store_true",
                      help="ajouter les diaporamas de chaque leçon, éditions apprenant et "
                           "animateur, dans animateur/diapos/ (reveal.js, installé avec npm)")
    site.set_defaults(func=_cmd_site)
    return parser


#: The schema formats the command gives up (see :func:`_without_iri_formats`).
IRI_FORMATS = ("iri", "iri-reference")


def _without_iri_formats() -> None:
    """Spare the command jsonschema's checker of the « iri » formats.

    nbformat imports jsonschema, which imports rfc3987-syntax to check those two formats;
    that module builds some forty Lark parsers as it is imported, about a second and a
    half here (python-jsonschema/jsonschema#1428), at every command that reads a
    notebook or checks a file. No schema the command validates uses those formats (the
    course's, nbformat's: ``tests/test_cli.py`` checks), so the command tells Python the
    module is absent, and jsonschema leaves those two checks out. JupyterLab, which the
    command starts as another program, keeps them.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``fabrique-course``."""
    _without_iri_formats()
    words = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(modernise(words, _RENAMED_COMMANDS, _RENAMED_OPTIONS))
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
