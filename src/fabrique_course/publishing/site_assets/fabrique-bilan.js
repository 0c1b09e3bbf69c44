/* Parcours Startup d'État — « Votre bilan » (bilan.html).
 *
 * Calcule, dans ce navigateur, la maîtrise par leçon, par objectif et par compétence de la
 * certification des intrapreneur·es à partir des réponses gardées par fabrique-course.js
 * (localStorage « __EXPORT_FORMAT__ », lu sans jamais l'écrire) et de la carte écrite dans
 * la page à la construction du site (<script type="application/json" class="fc-bilan-donnees">,
 * faite par fabrique_course._bilan.bilan_data) : ce script ne porte aucune donnée du cours.
 * Mêmes règles que fabrique_course._bilan.compute ; les vecteurs partagés
 * (tests/data/bilan-vectors.json) le vérifient. Aucun accès réseau.
 */
(function () {
  "use strict";

  var KEY = "__EXPORT_FORMAT__";
  var NOT_STARTED = "pas encore commencé";
  var STATE_LABELS = { incorrect: "à revoir", partial: "en partie juste" };
  var NO_ANSWER = { vide: true, illisible: true };

  /* The status of `right` right items out of `answered` (integers: no rounding). */
  function status(answered, right, t) {
    if (answered <= 0) return NOT_STARTED;
    if (right * 100 < t.review_percent * answered) return "à revoir";
    if (right * 100 >= t.mastered_percent * answered && answered >= t.mastered_min_items) return "maîtrisé";
    return "en cours";
  }

  function mastery(items, t) {
    var answered = 0, right = 0;
    items.forEach(function (i) { if (i.answered) answered += 1; if (i.right) right += 1; });
    return { answered: answered, right: right, total: items.length,
      status: status(answered, right, t) };
  }

  /* events: [{notebook, question_id, status}], in order; checks: [{notebook, exercise_id,
     fields: {key: {status}}}], in order. Returns what fabrique_course._bilan.bilan_json
     returns, plus what the page shows. */
  function compute(data, events, checks) {
    var t = data.thresholds;
    var latest = {}, verdicts = {};
    (events || []).forEach(function (e) {
      if (e && typeof e.status === "string") latest[e.notebook + "\u0000" + e.question_id] = e.status;
    });
    (checks || []).forEach(function (c) {
      if (!c || !c.fields || typeof c.fields !== "object") return;
      Object.keys(c.fields).forEach(function (key) {
        var v = c.fields[key];
        var s = v && typeof v === "object" ? v.status : null;
        if (typeof s === "string" && !NO_ANSWER[s]) verdicts[c.notebook + "\u0000" + c.exercise_id + "/" + key] = s;
      });
    });
    var all = [], lessons = [];
    (data.lessons || []).forEach(function (lesson) {
      var nb = lesson.notebook, mine = [], review = [], reviewValues = [];
      Object.keys(lesson.questions || {}).forEach(function (qid) {
        var info = lesson.questions[qid];
        var s = Object.prototype.hasOwnProperty.call(latest, nb + "\u0000" + qid) ? latest[nb + "\u0000" + qid] : null;
        mine.push({ key: qid, objectives: info.objectives, answered: s !== null, right: s === "correct" });
        if (s !== null && s !== "correct") {
          review.push({ key: qid, number: info.number, name: "Question " + info.number + " — " + info.title,
            state: STATE_LABELS[s] || "à revoir", link: info.link });
        }
      });
      review.sort(function (a, b) { return a.number - b.number; });
      Object.keys(lesson.values || {}).forEach(function (key) {
        var info = lesson.values[key];
        var s = Object.prototype.hasOwnProperty.call(verdicts, nb + "\u0000" + key) ? verdicts[nb + "\u0000" + key] : null;
        mine.push({ key: key, objectives: info.objectives, answered: s !== null, right: s === "correct" });
        if (s !== null && s !== "correct") {
          reviewValues.push({ key: key, name: "Exercice d'impact « " + info.exercise + " » : " + info.label,
            state: "à revoir", link: lesson.page });
        }
      });
      mine.forEach(function (m) { all.push({ notebook: nb, item: m }); });
      lessons.push({
        notebook: nb, title: lesson.title, page: lesson.page, mastery: mastery(mine, t),
        objectives: (lesson.objectives || []).map(function (o) {
          return { id: o[0], text: o[1], competence: o[2],
            mastery: mastery(mine.filter(function (m) { return m.objectives.indexOf(o[0]) >= 0; }), t) };
        }),
        review: review.concat(reviewValues)
      });
    });
    var serving = {};
    (data.lessons || []).forEach(function (lesson) {
      (lesson.objectives || []).forEach(function (o) {
        (serving[o[2]] = serving[o[2]] || {})[lesson.notebook + "\u0000" + o[0]] = true;
      });
    });
    var competences = (data.competences || []).map(function (c) {
      var own = serving[c[0]] || {};
      var chosen = all.filter(function (x) {
        return x.item.objectives.some(function (oid) { return own[x.notebook + "\u0000" + oid]; });
      }).map(function (x) { return x.item; });
      return { id: c[0], label: c[1], objectives: Object.keys(own).length, mastery: mastery(chosen, t) };
    });
    return { lessons: lessons, competences: competences };
  }

  /* The shape the shared vectors compare (fabrique_course._bilan.bilan_json). */
  function summary(result) {
    function m(x) { return [x.answered, x.right, x.total, x.status]; }
    var out = { lessons: {}, competences: {} };
    result.lessons.forEach(function (l) {
      var objectives = {};
      l.objectives.forEach(function (o) { objectives[o.id] = m(o.mastery); });
      out.lessons[l.notebook] = { mastery: m(l.mastery), objectives: objectives,
        review: l.review.map(function (r) { return r.key; }) };
    });
    result.competences.forEach(function (c) { out.competences[c.id] = [c.objectives].concat(m(c.mastery)); });
    return out;
  }

  window.FabriqueBilan = { status: status, compute: compute, summary: summary };

  /* ---------------------------------------------------------------- the page */

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function link(text, href) {
    if (!href) return document.createTextNode(text);
    var a = el("a", text);
    a.href = href;
    return a;
  }

  function rateText(m) {
    if (!m.answered) return "—";
    return Math.round(100 * m.right / m.answered) + " % sur " + m.answered
      + (m.answered === 1 ? " question ou valeur" : " questions ou valeurs");
  }

  function masteryCells(tr, m) {
    [[m.answered + " sur " + m.total, "fc-bilan-nombre"], [String(m.right), "fc-bilan-nombre"],
      [rateText(m), "fc-bilan-nombre"], [m.status, "fc-bilan-statut"]].forEach(function (c) {
      tr.appendChild(el("td", c[0], c[1]));
    });
  }

  var HEAD = ["Répondu", "Juste", "Taux de réussite", "État"];

  function table(caption, heads, rows) {
    var t = el("table");
    t.appendChild(el("caption", caption));
    var tr = el("tr");
    heads.forEach(function (h) { var th = el("th", h); th.scope = "col"; tr.appendChild(th); });
    var head = el("thead");
    head.appendChild(tr);
    t.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (row) { body.appendChild(row); });
    t.appendChild(body);
    return t;
  }

  function row(header, extra, m) {
    var tr = el("tr");
    var th = el("th");
    th.scope = "row";
    th.appendChild(header);
    tr.appendChild(th);
    (extra || []).forEach(function (x) { tr.appendChild(el("td", x[0], x[1])); });
    masteryCells(tr, m);
    return tr;
  }

  /* The stored answers, or null when this browser's store cannot be read. */
  function stored() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { return null; }
    if (!raw) return { events: [], exercises: [] };
    try {
      var data = JSON.parse(raw);
      if (!data || typeof data !== "object" || !Array.isArray(data.events)) return null;
      return { events: data.events, exercises: Array.isArray(data.exercises) ? data.exercises : [] };
    } catch (e) { return null; }
  }

  function render() {
    var node = document.getElementById("fc-bilan");
    var script = document.querySelector("script.fc-bilan-donnees");
    if (!node || !script) return;
    var data = JSON.parse(script.textContent);
    var store = stored();
    var result = compute(data, store ? store.events : [], store ? store.exercises : []);
    node.textContent = "";
    var actions = el("p", "", "fc-bilan-actions");
    var print = el("button", "Imprimer mon bilan");
    print.type = "button";
    print.addEventListener("click", function () { window.print(); });
    actions.appendChild(print);
    node.appendChild(actions);
    if (!store) {
      var alert = el("p", "Les réponses gardées dans ce navigateur n'ont pas pu être lues : ce bilan "
        + "part de zéro. Elles n'ont pas été effacées.", "fc-bilan-alerte");
      alert.setAttribute("role", "alert");
      node.appendChild(alert);
    }
    (data.intro || []).forEach(function (s) { node.appendChild(el("p", s)); });
    node.appendChild(el("p", "Ce bilan est calculé dans ce navigateur, à partir des réponses qu'il "
      + "a gardées ; rien n'est envoyé nulle part."));
    var rule = el("p");
    rule.appendChild(el("strong", "Comment lire l'état"));
    rule.appendChild(document.createTextNode(" — " + data.rule));
    node.appendChild(rule);
    var started = result.lessons.some(function (l) { return l.mastery.answered > 0; });
    if (!started) {
      var p = el("p");
      p.appendChild(el("strong", "Pas encore commencé"));
      p.appendChild(document.createTextNode(" : répondez aux questions des leçons (ou vérifiez un "
        + "exercice d'impact), puis revenez sur cette page."));
      node.appendChild(p);
    }
    node.appendChild(el("h2", "Par leçon"));
    node.appendChild(table("Bilan par leçon (questions et valeurs des exercices d'impact)",
      ["Leçon"].concat(HEAD), result.lessons.map(function (l) {
        return row(link(l.title, l.page), [], l.mastery);
      })));
    var labels = {};
    result.competences.forEach(function (c) { labels[c.id] = c.label; });
    node.appendChild(el("h2", "Par objectif"));
    result.lessons.forEach(function (l) {
      node.appendChild(table("Objectifs — " + l.title, ["Objectif", "Compétence"].concat(HEAD),
        l.objectives.map(function (o) {
          return row(document.createTextNode(o.text), [[labels[o.competence] || o.competence, ""]], o.mastery);
        })));
    });
    node.appendChild(el("h2", "Par compétence de la certification des intrapreneur·es"));
    node.appendChild(table("Bilan par compétence (chaque question ou valeur compte une fois par compétence)",
      ["Compétence", "Objectifs"].concat(HEAD), result.competences.map(function (c) {
        return row(document.createTextNode(c.label), [[String(c.objectives), "fc-bilan-nombre"]], c.mastery);
      })));
    var source = el("p", "Source : ");
    var cited = data.source_link || [];
    source.appendChild(link(cited[0] || "page de la certification", cited[1] || ""));
    source.appendChild(document.createTextNode(". " + (data.note || "")));
    node.appendChild(source);
    node.appendChild(el("h2", "À revoir"));
    var todo = result.lessons.filter(function (l) { return l.review.length; });
    if (!todo.length) node.appendChild(el("p", "Rien à revoir pour l'instant."));
    todo.forEach(function (l) {
      node.appendChild(el("h3", l.title));
      var list = el("ul", "", "fc-bilan-revoir");
      l.review.forEach(function (r) {
        var li = el("li");
        li.appendChild(link(r.name, r.link));
        li.appendChild(document.createTextNode(" (" + r.state + ")"));
        list.appendChild(li);
      });
      node.appendChild(list);
    });
  }

  render();
})();
