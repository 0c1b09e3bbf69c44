"""``formulaire(...)``: an impact exercise without code, as a widget form in JupyterLab.

Beside the code path (``reponse = {...}`` then ``verifier(...)``), each exercise can be
done in a form: the key figures of its fictional data shown as small tables and one
chart (raw counts, with its text alternative; never a value to find), one
labelled input per value to give (its unit beside it; an interval has a low and a high
bound, a choice is a set of radio buttons), a « Vérifier » button, and progressive help
per value (« Un indice », then « La méthode », then « Le calcul »).

The inputs are passed to the engine as typed (« 12,5 », « 1 234 », « 30 % » are read
by :mod:`._reading`, as in the code path), an empty input counts as « ... » (« à
compléter »), and the verdict is :func:`._verifier.result_html` of :func:`._engine.check`:
the very HTML ``verifier(...)`` shows for the same values. A value is sent to the kernel
when its input loses the focus (Tab) or on Enter, not at each key, so that « Vérifier »
never overtakes the last value typed. Each help reveal is counted
in the form (:attr:`ExerciseForm.reveals`); each check is recorded in the learner's
progress as ``verifier``'s are (origin ``formulaire``, :mod:`._attempts`).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from .. import graphiques, impact
from .._errors import FabriqueError
from .._numbers import format_french_number
from .._render import QUIZ_CSS
from .._widgets import _CARD, Message, widget_bundle
from .._workspace import open_store
from ._attempts import StoreFactory, record_check
from ._data import rows
from ._engine import Exercise, ExerciseResult, Field, check, exercise
from ._verifier import result_html

__all__ = ["HELP_STAGES", "ExerciseForm", "FieldForm", "Table", "formulaire", "help_texts",
           "key_charts", "key_figures"]

#: The help of a value, in the order it is revealed (the button shows the next one).
HELP_STAGES = ("Un indice", "La méthode", "Le calcul")

_PLAIN = widgets.Layout()
_AUTO = widgets.Layout(width="auto")
_INPUT = widgets.Layout(width="auto", max_width="100%")
_TEXT_STYLE = TextStyle(description_width="initial")
_CHOICE_STYLE = DescriptionStyle(description_width="initial")
_HTML_STYLE = HTMLStyle()
_BUTTON = widgets.ButtonStyle()


def _fr(value: float, decimals: int | None = None) -> str:
    return format_french_number(value, decimals, trim_zeros=decimals is not None)


def _capital(text: str) -> str:
    """``text`` with a capital letter, unless it starts with code (as the engine does)."""
    first = text.split(" ", 1)[0]
    if any(c in first for c in "_(."):
        return text
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- key figures

@dataclass(frozen=True)
class Table:
    """A small table of key figures, computed from a fictional data set."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def html(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in self.headers)
        body = "".join("<tr>" + "".join(
            (f'<th scope="row">{html.escape(c)}</th>' if i == 0 else
             f"<td>{html.escape(c)}</td>") for i, c in enumerate(r)) + "</tr>"
            for r in self.rows)
        return (f'<table class="fc-chiffres-cles"><caption>{html.escape(self.caption)}'
                f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def text(self) -> str:
        lines = [self.caption, " | ".join(self.headers)]
        lines += [" | ".join(r) for r in self.rows]
        return "\n".join(lines)


def _figures(caption: str, pairs: Sequence[tuple[str, str]]) -> Table:
    return Table(caption, ("Chiffre", "Valeur"), tuple(pairs))


def _dimensionner() -> list[Table]:
    data = rows("registres_objets")
    return [_figures("Données fictives — registres des objets trouvés (un an, 13 sites)", [
        ("objets enregistrés (lignes du tableau)", _fr(len(data))),
        ("sites", _fr(len({r["site"] for r in data}))),
        ("mois couverts", _fr(len({r["mois"] for r in data}))),
        ("minutes d'enregistrement, au total", _fr(sum(r["minutes_enregistrement"]
                                                       for r in data))),
        ("objets rendus à leur propriétaire (rendu = 1)", _fr(sum(r["rendu"] for r in data))),
    ])]


def _tests() -> list[Table]:
    data = rows("tests_utilisabilite")
    cycles = sorted({r["cycle"] for r in data})
    per_cycle = Table(
        "Données fictives — tests d'utilisabilité, par cycle",
        ("Cycle", "Personnes testées", "Tâche réussie"),
        tuple((f"cycle {c}", _fr(sum(r["cycle"] == c for r in data)),
               _fr(sum(r["tache_reussie"] for r in data if r["cycle"] == c)))
              for c in cycles))
    questions = [f"sus_q{q}" for q in range(1, 11)]
    answered = [r for r in data if all(r[q] is not None for q in questions)]
    sus = Table(
        "Données fictives — réponses au questionnaire SUS (1 à 5 ; affirmations paires "
        "négatives)",
        ("Personne", *(f"q{q}" for q in range(1, 11))),
        tuple((f"cycle {r['cycle']}, {r['participant']}", *(_fr(r[q]) for q in questions))
              for r in answered))
    return [per_cycle, sus]


def _entonnoir() -> list[Table]:
    visits = rows("parcours_construction")
    steps = Table(
        "Données fictives — l'entonnoir de la déclaration en ligne",
        ("Étape", "Visiteurs qui l'atteignent"),
        (("visite", _fr(len(visits))),
         ("commencer une déclaration", _fr(sum(r["a_commence"] for r in visits))),
         ("terminer la déclaration", _fr(sum(r["a_complete"] for r in visits))),
         ("trouver un objet correspondant", _fr(sum(r["rapprochement"] for r in visits))),
         ("récupérer l'objet", _fr(sum(r["objet_rendu"] for r in visits)))))
    weeks = rows("agents_semaines")
    last = max(r["semaine"] for r in weeks)
    week = Table(
        f"Données fictives — lignes de la semaine {last} (une ligne par agent et semaine)",
        ("Agent", "Site", "Actions"),
        tuple((r["agent_id"], r["site"], _fr(r["actions"]))
              for r in weeks if r["semaine"] == last))
    return [steps, week]


def _ab_test() -> list[Table]:
    data = rows("ab_test_formulaire")
    out = []
    for version in ("A", "B"):
        done = [r["complete"] for r in data if r["version"] == version]
        out.append((f"version {version}", _fr(len(done)), _fr(sum(done)),
                    _fr(100 * sum(done) / len(done), 1) + " %"))
    return [
        Table("Données fictives — A/B test du formulaire de déclaration",
              ("Version", "Déclarations commencées", "Complètes", "Taux de complétion"),
              tuple(out)),
        _figures("Pour dimensionner le test suivant (api.gouv.fr)", [
            ("taux de départ", "20,1 %"), ("taux visé", "30,1 %")]),
    ]


def _cohortes() -> list[Table]:
    data = rows("agents_mois")
    table = impact.cohort_retention([(r["agent_id"], r["mois"]) for r in data])
    i = table.cohorts.index(13)
    cohort = Table(
        "Données fictives — cohorte des agents arrivés au mois 13",
        ("Mois", "Agents de la cohorte actifs"),
        tuple((f"mois {13 + k}" + (" (arrivée)" if k == 0 else f" (+{k})"),
               _fr(round(table.sizes[i] * table.rates[i][k])))
              for k in range(4) if k < len(table.rates[i])))
    figures = _figures("Données fictives — agents et matrice d'impact au mois 18", [
        ("agents actifs au mois 18", _fr(len({r["agent_id"] for r in data
                                               if r["mois"] == 18}))),
        ("agents venus au moins une fois", _fr(len({r["agent_id"] for r in data}))),
        ("agents d'accueil visés au mois 18", "128"),
        ("budget annuel", "540 000 €"),
        ("utilisateurs actifs mensuels au mois 18", "1 400 (1 330 usagers + 70 agents)"),
    ])
    return [cohort, figures]


def _cout_impact() -> list[Table]:
    data = rows("suivi_mensuel")
    last = data[-1]
    return [
        _figures("Données fictives — suivi mensuel de « Retrouvé ! »", [
            (f"budget du mois {last['mois']}", _fr(last["budget_du_mois_eur"]) + " €"),
            (f"objets rendus au mois {last['mois']}", _fr(last["objets_rendus"])),
            (f"budget total des {len(data)} mois",
             _fr(sum(r["budget_du_mois_eur"] for r in data)) + " €"),
            (f"objets rendus sur les {len(data)} mois",
             _fr(sum(r["objets_rendus"] for r in data))),
        ]),
        Table("Données fictives — objets rendus, 12 derniers mois", ("Mois", "Objets rendus"),
              tuple((f"mois {r['mois']}", _fr(r["objets_rendus"])) for r in data[-12:])),
        _figures("Réfugiés.info — coût par visiteur informé", [
            ("au départ", "50 €"), ("à l'arrivée", "0,90 €")]),
    ]


def _bonne_boite() -> list[Table]:
    return [
        Table("La Bonne Boîte — retour à l'emploi à 5 mois, deux cohortes",
              ("Cohorte", "Personnes", "En emploi à 5 mois"),
              (("sans le service", "100 000", "19 990 (19,99 %)"),
               ("avec le service", "100 000", "22 100 (22,1 %)"))),
        _figures("Pour passer à l'échelle", [("utilisateurs du service", "400 000")]),
    ]


_KEY_FIGURES: dict[str, Callable[[], list[Table]]] = {
    "01_dimensionner": _dimensionner, "02_tests": _tests, "03_entonnoir": _entonnoir,
    "04_ab_test": _ab_test, "04_cohortes_couts": _cohortes,
    "05_cout_impact": _cout_impact, "05_bonne_boite": _bonne_boite,
}


def key_figures(exercise_id: str) -> list[Table]:
    """The key figures an exercise needs, computed from its data (no figure for an
    exercise this module does not know)."""
    make = _KEY_FIGURES.get(exercise_id)
    return make() if make else []


# --------------------------------------------------------------------------- key charts
# One chart per exercise, of raw counts only: a chart never shows a value the learner is
# asked for (no rate of passage on the funnel, no interval, no highlighted step).

def _count_by(data: Sequence[dict[str, Any]], key: str, value: str | None = None,
              ) -> dict[int, float]:
    out: dict[int, float] = {}
    for r in data:
        out[r[key]] = out.get(r[key], 0) + (r[value] if value else 1)
    return dict(sorted(out.items()))


def _charts(exercise_id: str) -> list[graphiques.Graphique]:
    if exercise_id == "01_dimensionner":
        per_month = _count_by(rows("registres_objets"), "mois")
        return [graphiques.barres({str(k): v for k, v in per_month.items()},
                                  titre="Données fictives — objets enregistrés par mois",
                                  x="mois", y="objets enregistrés")]
    if exercise_id == "02_tests":
        data = rows("tests_utilisabilite")
        return [graphiques.barres(
            {f"cycle {c} ({sum(r['cycle'] == c for r in data)} pers.)": v
             for c, v in _count_by(data, "cycle", "tache_reussie").items()},
            titre="Données fictives — personnes qui ont réussi la tâche, par cycle",
            x="cycle de tests", y="personnes")]
    if exercise_id == "03_entonnoir":
        visits = rows("parcours_construction")
        return [graphiques.barres(
            {"visite": len(visits), "commencée": sum(r["a_commence"] for r in visits),
             "terminée": sum(r["a_complete"] for r in visits),
             "rapprochée": sum(r["rapprochement"] for r in visits),
             "rendu": sum(r["objet_rendu"] for r in visits)},
            titre="Données fictives — visiteurs à chaque étape de la déclaration",
            x="étape", y="visiteurs")]
    if exercise_id == "04_ab_test":
        data = rows("ab_test_formulaire")
        return [graphiques.barres(
            {f"version {v}": 100 * sum(r["complete"] for r in data if r["version"] == v)
             / sum(1 for r in data if r["version"] == v) for v in ("A", "B")},
            titre="Données fictives — taux de complétion par version", x="version",
            y="déclarations complètes (%)", unite=" %", decimales=1)]
    if exercise_id == "04_cohortes_couts":
        active: dict[int, set[str]] = {}
        for r in rows("agents_mois"):
            active.setdefault(r["mois"], set()).add(r["agent_id"])
        return [graphiques.courbe({str(k): len(v) for k, v in sorted(active.items())},
                                  titre="Données fictives — agents actifs chaque mois",
                                  x="mois", y="agents actifs")]
    if exercise_id == "05_cout_impact":
        return [graphiques.courbe({str(r["mois"]): r["objets_rendus"]
                                   for r in rows("suivi_mensuel")},
                                  titre="Données fictives — objets rendus chaque mois",
                                  x="mois", y="objets rendus")]
    if exercise_id == "05_bonne_boite":
        return [graphiques.barres({"sans le service": 19.99, "avec le service": 22.1},
                                  titre="La Bonne Boîte — en emploi à 5 mois (cohortes "
                                        "de 100 000 personnes)",
                                  x="cohorte", y="en emploi (%)", unite=" %", decimales=2)]
    return []


@functools.lru_cache(maxsize=16)
def key_charts(exercise_id: str) -> tuple[graphiques.Graphique, ...]:
    """The chart of an exercise's key figures (fictional data, raw counts: never a value
    to find), with its text alternative; none for an exercise this module does not
    know. Drawn once per exercise and kernel."""
    return tuple(_charts(exercise_id))


# --------------------------------------------------------------------------- help

def _value_text(f: Field, value: Any) -> str:
    unit = f" {f.unit}" if f.unit else ""
    if f.kind == "intervalle":
        low, high = value
        return f"de {_fr(low)} à {_fr(high)}{unit}"
    text = _fr(value) + unit
    if f.kind == "proportion":
        text += f" (soit {_fr(100 * value, 2)} %)"
    return text


def help_texts(f: Field, conclusion: str = "") -> tuple[str, str, str]:
    """The three help texts of a value, in French: a hint, the method in words, the
    computation shown (the expected value, with the hint's formula)."""
    if f.kind == "choix":
        hint = ("relisez chaque proposition : laquelle répond à la question posée ? "
                "Comparez-les avec les chiffres clés ci-dessus.")
        method = _capital(conclusion) if conclusion else hint
        title = f.choices[f.expected][0] if f.expected in f.choices else ""
        computed = f"réponse attendue : « {f.expected} » ({title})"
        return _capital(hint), method, _capital(computed)
    hint = f.hint or "relisez la consigne de l'exercice, dans la leçon."
    pitfalls = [_capital(m.message.rstrip(".")) + "." for m in f.mistakes]
    method = ("Pièges fréquents à éviter : " + " ".join(pitfalls) if pitfalls else
              "pas de piège fréquent répertorié pour cette valeur : suivez l'indice pas à "
              "pas, avec les chiffres clés ci-dessus.")
    if f.kind == "intervalle":
        method += " Donnez les deux bornes, la basse puis la haute."
    computed = f"calcul : {hint.rstrip('.')} ; valeur attendue : {_value_text(f, f.expected)}"
    if f.accepted is not None:
        computed += (f" (toute valeur de {_fr(f.accepted[0])} à {_fr(f.accepted[1])} est "
                     "acceptée)")
    return _capital(hint), _capital(method), _capital(computed) + "."


# --------------------------------------------------------------------------- the form

class FieldForm:
    """The inputs and the help of one value."""

    def __init__(self, form: ExerciseForm, f: Field) -> None:
        self.field = f
        self._form = form
        label = _capital(f.label)
        self.inputs: list[widgets.Widget] = []
        unit = widgets.Label(value=f.unit, layout=_PLAIN)
        if f.kind == "choix":
            radio = widgets.RadioButtons(
                options=[(f"{k}) {text}", k) for k, (text, _feedback) in f.choices.items()],
                value=None, description=f"{label} :", style=_CHOICE_STYLE, layout=_INPUT)
            self.inputs = [radio]
            controls: list[widgets.Widget] = [radio]
        elif f.kind == "intervalle":
            self.inputs = [
                widgets.Text(value="", placeholder="ex. 12,5", description=f"{label}, {bound} :",
                             style=_TEXT_STYLE, layout=_INPUT,
                             continuous_update=False)
                for bound in ("borne basse", "borne haute")]
            controls = [widgets.HBox([self.inputs[0], unit], layout=_PLAIN),
                        widgets.HBox([self.inputs[1], widgets.Label(value=f.unit)],
                                     layout=_PLAIN)]
        else:
            self.inputs = [widgets.Text(value="", placeholder="ex. 12,5",
                                        description=f"{label} :", style=_TEXT_STYLE,
                                        layout=_INPUT, continuous_update=False)]
            controls = [widgets.HBox([self.inputs[0], unit], layout=_PLAIN)]
        for i, control in enumerate(self.inputs):
            control.add_class(f"fc-champ-{f.key}" + ("-haut" if i else
                                                     ("-bas" if f.kind == "intervalle" else "")))
        self.texts = help_texts(f, form.exercise.conclusion)
        self.shown = 0
        self.help_button = widgets.Button(
            description=HELP_STAGES[0], tooltip=f"{HELP_STAGES[0]} pour : {f.label}",
            layout=_AUTO, style=_BUTTON)
        self.help_button.add_class("fc-aide")
        self.help_button.on_click(lambda _b: self.reveal())
        self.help = widgets.HTML(value="", layout=_PLAIN, style=_HTML_STYLE)
        self.help.add_class("fc-aide-texte")
        self.box = widgets.VBox([*controls, self.help_button, self.help], layout=_CARD)
        self.box.add_class("fc-champ")
        self.box.add_class(f"fc-champ-{f.key}-bloc")

    def value(self) -> Any:
        """The value given, as the engine reads it (``...`` when nothing is given)."""
        if self.field.kind == "choix":
            chosen = self.inputs[0].value
            return Ellipsis if chosen is None else chosen
        typed = [str(i.value).strip() for i in self.inputs]
        if not any(typed):
            return Ellipsis
        if self.field.kind == "intervalle":
            return tuple(t if t else None for t in typed)
        return typed[0]

    def reveal(self) -> str:
        """Show the next help text (hint, method, computation); return it."""
        if self.shown >= len(HELP_STAGES):
            return ""
        stage, text = HELP_STAGES[self.shown], self.texts[self.shown]
        self.shown += 1
        self._form.reveals.append((self.field.key, stage))
        self.help.value = ('<div class="fc-aide-textes" role="status" aria-live="polite" '
                           'lang="fr">' + "".join(
                               f"<p><strong>{html.escape(HELP_STAGES[k])} :</strong> "
                               f"{html.escape(self.texts[k])}</p>"
                               for k in range(self.shown)) + "</div>")
        if self.shown < len(HELP_STAGES):
            nxt = HELP_STAGES[self.shown]
            self.help_button.description = nxt
            self.help_button.tooltip = f"{nxt} pour : {self.field.label}"
        else:
            self.help_button.description = "Aide entièrement affichée"
            self.help_button.disabled = True
        return text


class ExerciseForm:
    """An exercise as a form: key figures, inputs, « Vérifier », verdict, help."""

    def __init__(self, ex: Exercise, store_factory: StoreFactory = open_store) -> None:
        self.exercise = ex
        self._store_factory = store_factory
        self.result: ExerciseResult | None = None
        #: Each help reveal, in order: (value key, stage shown).
        self.reveals: list[tuple[str, str]] = []
        self.checks = 0
        self.figures = key_figures(ex.id)
        self.fields = [FieldForm(self, f) for f in ex.fields]
        self.check_button = widgets.Button(
            description="Vérifier", button_style="primary",
            tooltip="Vérifier mes réponses", layout=_AUTO, style=_BUTTON)
        self.check_button.add_class("fc-verifier")
        self.check_button.on_click(lambda _b: self.submit())
        self.feedback = widgets.HTML(value="", layout=_PLAIN, style=_HTML_STYLE)
        self.feedback.add_class("fc-feedback-area")
        self.charts = key_charts(ex.id)
        tables = "".join(t.html() for t in self.figures) \
            + "".join(c.html() for c in self.charts)
        header = widgets.HTML(
            value=(f'<style>{QUIZ_CSS}</style><div class="fc-prompt" lang="fr"><p><strong>'
                   f"{html.escape(ex.title)}</strong> — formulaire, sans code</p>{tables}"
                   "<p>Écrivez les nombres à la française (« 12,5 », « 1 234 », "
                   "« 30 % »), puis cliquez sur « Vérifier ».</p></div>"),
            layout=_PLAIN, style=_HTML_STYLE)
        self.box = widgets.VBox([header, *(ff.box for ff in self.fields), self.check_button,
                                 self.feedback], layout=_CARD)
        self.box.add_class("fc-formulaire")
        self.box.add_class(f"fc-formulaire-{ex.id}")

    def __getitem__(self, key: str) -> FieldForm:
        for ff in self.fields:
            if ff.field.key == key:
                return ff
        raise KeyError(key)

    def answer(self) -> dict[str, Any]:
        """The answer given in the inputs, as ``verifier`` receives a ``reponse``."""
        return {ff.field.key: ff.value() for ff in self.fields}

    def submit(self) -> ExerciseResult:
        """Grade the inputs with the exercise checker and show its verdict."""
        result = check(self.exercise, self.answer())
        self.result = result
        self.checks += 1
        note = record_check(result, self.answer(), "formulaire", self._store_factory)
        self.feedback.value = result_html(result, note)
        return result

    def _fallback_text(self) -> str:
        lines = [f"{self.exercise.title} — formulaire (il a besoin des widgets Jupyter)."]
        lines += [t.text() for t in self.figures]
        lines += [f"{c.titre}\n{c.alternative}" for c in self.charts]
        lines += [f"- {_capital(f.label)} [{f.key}]" + (f" ({f.unit})" if f.unit else "")
                  for f in self.exercise.fields]
        lines.append(f'Sans widgets, répondez avec verifier("{self.exercise.id}", reponse).')
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return widget_bundle(self.box, self._fallback_text(), "Ce formulaire",
                             "répondez dans la cellule <code>reponse = {...}</code> puis "
                             "<code>verifier(...)</code> plus bas.", **kwargs)

    def __repr__(self) -> str:
        return self._fallback_text()


def formulaire(exercice: str) -> ExerciseForm | Message:
    """Affiche l'exercice ``exercice`` sous forme de formulaire, sans écrire de code.

    Paramètres :
        exercice : l'identifiant de l'exercice, par exemple "04_ab_test".

    Les chiffres clés des données (fictives) s'affichent au-dessus des cases. Écrivez
    chaque valeur à la française (« 12,5 », « 1 234 », « 30 % ») et cliquez sur
    « Vérifier » : le formulaire est corrigé exactement comme ``verifier(...)``. Pour
    chaque valeur, le bouton d'aide montre un indice, puis la méthode, puis le calcul.

    Exemple :
        formulaire("04_ab_test")
    """
    try:
        return ExerciseForm(exercise(exercice))
    except FabriqueError as exc:
        return Message(f"Le formulaire ne peut pas s'afficher.\n{exc}")
