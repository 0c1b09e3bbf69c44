/* Parcours Startup d'État — les quiz du site statique.
 *
 * Lit les questions de la page (<script type="application/json" class="fc-questions">),
 * corrige chaque formulaire avec FabriqueGrader (fabrique-grader.js), annonce le retour
 * dans la zone role="status" du formulaire, garde les réponses — les vérifications des
 * exercices d'impact, que fabrique-exercise.js lui confie (FabriqueCourse.recordExercise),
 * et chaque version enregistrée des textes écrits (« À vous », form.fc-ecrit) — dans le
 * localStorage de ce navigateur et les exporte au format « __EXPORT_FORMAT__ », version
 * __EXPORT_VERSION__ (le même que « fabrique-course progression --export »), dans un
 * fichier nommé d'après le pseudonyme de l'apprenant·e. Remplit aussi « Mon relevé »
 * (releve.html). Aucun accès réseau.
 */
(function () {
  "use strict";

  var KEY = "__EXPORT_FORMAT__";
  var PSEUDONYM_KEY = KEY + "/pseudonyme";  // kept apart: it only names the downloaded file
  var MAX_TEXT = __WRITING_MAX_CHARS__;  // the longest text a writing task keeps
  var grader = window.FabriqueGrader;
  var questions = {};
  if (window.FabriqueQuestions) {  /* the site: assets/questions/<page>.js */
    Object.keys(window.FabriqueQuestions).forEach(function (k) { questions[k] = window.FabriqueQuestions[k]; });
  }
  document.querySelectorAll("script.fc-questions").forEach(function (node) {
    var data = JSON.parse(node.textContent);
    Object.keys(data).forEach(function (k) { questions[k] = data[k]; });
  });

  /* ---------------------------------------------------------------- stockage */

  var memory = null;  // used when localStorage is unavailable
  var storageOk = true;

  function randomId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* The stored data: {version, learner_id, events (quiz answers), last (question key ->
     last answer), exercises (exercise checks, as exported), exercise_last (exercise key ->
     the form's last inputs), and once a text is saved, writings (every save of a writing
     task, as exported; optional in version 2)}. */
  function emptyStore() {
    return { version: __EXPORT_VERSION__, learner_id: randomId(), events: [], last: {},
      exercises: [], exercise_last: {} };
  }

  function isMapping(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

  function answersOk(data) {
    return isMapping(data) && Array.isArray(data.events) && isMapping(data.last)
      && typeof data.learner_id === "string" && /^[0-9a-f]{32}$/.test(data.learner_id);
  }

  /* Version 1 kept quiz answers only: it gains an empty list of exercise checks, nothing
     of it is dropped. */
  function upgraded(data) {
    if (answersOk(data) && data.version === 1 && data.exercises === undefined
        && data.exercise_last === undefined) {
      data.exercises = [];
      data.exercise_last = {};
      data.version = 2;
    }
    return data;
  }

  function sound(data) {
    return answersOk(data) && data.version === __EXPORT_VERSION__ && Array.isArray(data.exercises)
      && isMapping(data.exercise_last)
      && (data.writings === undefined || Array.isArray(data.writings));
  }

  function load() {
    if (memory) return memory;
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { storageOk = false; }
    if (raw) {
      var data = null;
      try { data = JSON.parse(raw); } catch (e) { data = null; }
      var version = isMapping(data) ? data.version : null;
      data = upgraded(data);
      if (sound(data)) {
        if (version !== data.version) save(data);  // an older version, upgraded once
        return memory || data;
      }
      try { window.localStorage.setItem(KEY + "/corrompu", raw); }  // kept aside, never lost
      catch (e) { storageOk = false; }
    }
    memory = emptyStore();
    return memory;
  }

  function save(data) {
    memory = data;
    try { window.localStorage.setItem(KEY, JSON.stringify(data)); memory = null; }
    catch (e) { storageOk = false; }
  }

  function now() { return new Date().toISOString().replace(/\.\d{3}Z$/, "Z"); }

  /* ---------------------------------------------------------------- formulaires */

  function answerOf(form) {
    var type = form.getAttribute("data-type");
    var controls = form.querySelectorAll("input, select");
    if (type === "single" || type === "true_false") {
      var checked = form.querySelector("input:checked");
      return checked ? checked.value : null;
    }
    if (type === "multiple") {
      return Array.prototype.filter.call(controls, function (c) { return c.checked; })
        .map(function (c) { return c.value; });
    }
    if (type === "numeric") return form.querySelector("input").value;
    if (type === "order") {
      return Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return s.value; });
    }
    var pairs = {};
    form.querySelectorAll("select").forEach(function (s) { pairs[s.getAttribute("data-item")] = s.value; });
    return pairs;
  }

  function restore(form, answer) {
    var type = form.getAttribute("data-type");
    if (type === "single" || type === "true_false" || type === "multiple") {
      var wanted = Array.isArray(answer) ? answer : [answer];
      form.querySelectorAll("input").forEach(function (c) { c.checked = wanted.indexOf(c.value) >= 0; });
    } else if (type === "numeric") {
      form.querySelector("input").value = answer;
    } else if (type === "order") {
      form.querySelectorAll("select").forEach(function (s, k) { s.value = answer[k] || ""; });
    } else {
      form.querySelectorAll("select").forEach(function (s) { s.value = answer[s.getAttribute("data-item")] || ""; });
    }
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  /* One line of the feedback. The grader writes plain text; a line of a readable answer
     that carries the author's Markdown was rendered to HTML by the Python build (raw HTML
     escaped there) and is looked up by its exact text: only that trusted HTML is ever
     inserted. Anything else, and every line of an unreadable answer (which quotes what
     the learner typed), is shown as text. */
  function detail(tag, line, q, result) {
    var node = el(tag);
    var rich = q.details_html || {};
    if (result.status !== "unreadable" && Object.prototype.hasOwnProperty.call(rich, line)) {
      node.innerHTML = rich[line];
    } else {
      node.textContent = line;
    }
    return node;
  }

  function show(form, q, result) {
    var zone = form.querySelector("[role=status]");
    var lines = result.message.split("\n");
    var details = lines.slice(1).filter(function (l) { return l.trim(); });
    var box = el("div", "", "fc-feedback fc-" + result.status);
    var head = el("p");
    head.appendChild(el("strong", lines[0]));
    box.appendChild(head);
    if (details.length === 1) box.appendChild(detail("p", details[0], q, result));
    else if (details.length) {
      var ul = el("ul");
      details.forEach(function (d) { ul.appendChild(detail("li", d, q, result)); });
      box.appendChild(ul);
    }
    if (result.status !== "unreadable" && q.explanation_html) {
      var ex = el("div", "", "fc-explanation");
      var title = el("p");
      title.appendChild(el("strong", "Pour retenir"));
      ex.appendChild(title);
      var body = el("div");
      body.innerHTML = q.explanation_html;  // rendered and escaped by the Python build
      ex.appendChild(body);
      box.appendChild(ex);
    }
    zone.textContent = "";
    zone.appendChild(box);
    form.setAttribute("data-state", result.status);
  }

  function submit(form, record) {
    var key = form.getAttribute("data-notebook") + "/" + form.getAttribute("data-question-id");
    var q = questions[key];
    var answer = answerOf(form);
    var result = grader.grade(q, answer);
    show(form, q, result);
    if (record && result.status !== "unreadable") {
      var data = load();
      data.events.push({
        notebook: q.bank, question_id: q.id, answer: answer, status: result.status,
        score: result.score, correct: result.status === "correct", created_at: now(), origin: "site"
      });
      data.last[key] = answer;
      save(data);
      refreshProgress();
    }
  }

  document.querySelectorAll("form.fc-question").forEach(function (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); submit(form, true); });
    form.addEventListener("keydown", function (event) {
      var t = event.target;
      if (event.key === "Enter" && t.tagName === "INPUT" && (t.type === "radio" || t.type === "checkbox")) {
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else submit(form, true);
      }
    });
  });

  /* ---------------------------------------------------------------- exercices d'impact */

  function exerciseKey(form) {
    return form.getAttribute("data-notebook") + "/" + form.getAttribute("data-exercise-id");
  }

  /* Keep one check of an impact exercise: ``check`` is the export's entry without its date
     and origin (FabriqueExercise.storedCheck), ``inputs`` the form's inputs (name -> text),
     put back on the next visit. */
  function recordExercise(check, inputs) {
    var data = load();
    var entry = {};
    Object.keys(check).forEach(function (k) { entry[k] = check[k]; });
    entry.created_at = now();
    entry.origin = "site";
    data.exercises.push(entry);
    data.exercise_last[check.notebook + "/" + check.exercise_id] = inputs;
    save(data);
    refreshProgress();
  }

  /* ---------------------------------------------------------------- textes écrits */

  function two(n) { return ("0" + n).slice(-2); }

  /* « le 12/05/2026 à 10:15 », in the learner's local time. */
  function localWhen(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    return "le " + two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear()
      + " à " + two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function writingKey(form) {
    return form.getAttribute("data-notebook") + "/" + form.getAttribute("data-task-id");
  }

  function isWriting(w) {
    return isMapping(w) && typeof w.notebook === "string" && typeof w.task_id === "string"
      && typeof w.text === "string";
  }

  /* Writing key -> {last: the latest save, versions: how many are kept}. */
  function latestWritings() {
    var out = {};
    (load().writings || []).forEach(function (w) {
      if (!isWriting(w)) return;
      var key = w.notebook + "/" + w.task_id;
      out[key] = { last: w, versions: out[key] ? out[key].versions + 1 : 1 };
    });
    return out;
  }

  /* Keep the text of a writing form as a new version (never replacing an older one) and
     say so in its status line. Nothing typed is ever cleared. */
  function saveWriting(form) {
    var area = form.querySelector("textarea");
    var zone = form.querySelector("[role=status]");
    var text = area.value;
    var kept = latestWritings()[writingKey(form)];
    if (!text.trim()) {
      zone.textContent = "Rien à enregistrer : écrivez d'abord votre texte.";
      return;
    }
    if (text.length > MAX_TEXT) {
      zone.textContent = "Ce texte fait " + text.length + " caractères, au-delà des " + MAX_TEXT
        + " que garde le parcours : raccourcissez-le. Rien n'est effacé de la zone de texte.";
      return;
    }
    if (kept && kept.last.text === text) {
      zone.textContent = "Ce texte est déjà enregistré.";
      return;
    }
    var data = load();
    if (!Array.isArray(data.writings)) data.writings = [];
    var entry = { notebook: form.getAttribute("data-notebook"),
      task_id: form.getAttribute("data-task-id"), text: text, created_at: now(), origin: "site" };
    data.writings.push(entry);
    save(data);
    var versions = kept ? kept.versions + 1 : 1;
    zone.textContent = "Texte enregistré " + localWhen(entry.created_at)
      + (versions === 1 ? "." : versions === 2 ? " ; la version précédente reste gardée."
        : " ; les " + (versions - 1) + " versions précédentes restent gardées.")
      + " Il reste dans ce navigateur."
      + (storageOk ? "" : " Attention : ce navigateur ne peut pas le garder après la fermeture "
        + "de la page ; téléchargez vos réponses.");
    form.setAttribute("data-state", "enregistre");
    refreshProgress();
  }

  document.querySelectorAll("form.fc-ecrit").forEach(function (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); saveWriting(form); });
  });

  /* A text typed but not saved is not lost by leaving the page without a word. */
  window.addEventListener("beforeunload", function (event) {
    var kept = latestWritings();
    var unsaved = Array.prototype.some.call(document.querySelectorAll("form.fc-ecrit"), function (form) {
      var text = form.querySelector("textarea").value;
      var last = kept[writingKey(form)];
      return text.trim() !== "" && text !== (last ? last.last.text : "");
    });
    if (unsaved) { event.preventDefault(); event.returnValue = ""; }
  });

  /* ---------------------------------------------------------------- progression */

  var EXERCISE_STATES = { correct: "juste", partial: "en partie juste", incorrect: "à revoir" };
  var QUESTION_STATES = { correct: "juste", partial: "en partie juste", incorrect: "à revoir" };

  function jsonAttribute(node, name) {
    try { return JSON.parse(node.getAttribute(name) || "null"); } catch (e) { return null; }
  }

  /* « Question 3 — Laquelle de ces descriptions… », from the build's data (number, short
     title, address of the form); a question the data does not know keeps its id. */
  function questionName(info, id) {
    var q = info && Object.prototype.hasOwnProperty.call(info, id) ? info[id] : null;
    return q ? "Question " + q[0] + " — " + q[1] : "Question « " + id + " »";
  }

  function byNumber(info) {
    return function (a, b) {
      var na = info && info[a] ? info[a][0] : 1e9;
      var nb = info && info[b] ? info[b][0] : 1e9;
      return na - nb || (a < b ? -1 : a > b ? 1 : 0);
    };
  }

  function questionLink(info, id) {
    var q = info && Object.prototype.hasOwnProperty.call(info, id) ? info[id] : null;
    if (!q) return el("span", questionName(info, id));
    var link = el("a", questionName(info, id));
    link.href = q[2];
    return link;
  }

  /* The « À revoir » part of a progress block: one link per question whose last answer
     was not right; rewritten only when it changes. */
  function showRevisit(node, last, info) {
    var ids = Object.keys(last).filter(function (k) { return !last[k].correct; }).sort(byNumber(info));
    var signature = ids.join(" ");
    if (node.getAttribute("data-signature") === signature) return;
    node.setAttribute("data-signature", signature);
    node.textContent = "";
    if (!ids.length) return;
    var head = el("p");
    head.appendChild(el("strong", "À revoir :"));
    var list = el("ul");
    ids.forEach(function (id) {
      var item = el("li");
      item.appendChild(questionLink(info, id));
      list.appendChild(item);
    });
    node.appendChild(head);
    node.appendChild(list);
  }

  function latestChecks() {
    var last = {};
    load().exercises.forEach(function (c) { if (c && typeof c.exercise_id === "string") last[c.exercise_id] = c; });
    return last;
  }

  function latest(notebook) {
    var last = {};
    load().events.forEach(function (e) { if (e.notebook === notebook) last[e.question_id] = e; });
    return last;
  }

  function refreshProgress() {
    var checks = latestChecks();
    var texts = latestWritings();
    document.querySelectorAll("[data-fc-progres]").forEach(function (node) {
      var notebook = node.getAttribute("data-fc-progres");
      var total = Number(node.getAttribute("data-total"));
      var last = latest(notebook);
      var answered = Object.keys(last).length;
      var right = Object.keys(last).filter(function (k) { return last[k].correct; }).length;
      var lines = node.querySelectorAll("[data-fc-exercice]");
      var checked = Array.prototype.some.call(lines, function (line) {
        return Object.prototype.hasOwnProperty.call(checks, line.getAttribute("data-fc-exercice"));
      });
      var text = node.querySelector(".fc-progres-texte");
      text.textContent = answered > 0
        ? answered + " question(s) répondue(s) sur " + total + ", " + right + " juste(s)."
        : checked ? "Aucune question répondue sur " + total + "."
        : "Pas encore commencé (" + total + " questions).";
      var revisit = node.querySelector(".fc-progres-revoir");
      if (revisit) showRevisit(revisit, last, jsonAttribute(node, "data-questions") || {});
      var written = node.querySelector(".fc-progres-ecrits");
      if (written) {
        var tasks = jsonAttribute(written, "data-fc-ecrits") || [];
        var done = tasks.filter(function (t) { return Object.prototype.hasOwnProperty.call(texts, notebook + "/" + t); });
        written.textContent = "Textes écrits : " + done.length + " sur " + tasks.length + ".";
      }
      /* One line per impact exercise, in a polite live region: only a line that changes
         is rewritten, so a check on this page announces that line alone. */
      Array.prototype.forEach.call(lines, function (line) {
        var check = checks[line.getAttribute("data-fc-exercice")];
        var state = check && EXERCISE_STATES[check.status] ? check.status : "";
        var words = "Exercice d'impact « " + line.getAttribute("data-titre") + " » : "
          + (state ? EXERCISE_STATES[state] : "pas encore fait") + ".";
        if (line.textContent !== words) line.textContent = words;
        if (state) line.setAttribute("data-state", state); else line.removeAttribute("data-state");
      });
    });
    var warn = document.getElementById("fc-stockage");
    if (warn) warn.hidden = storageOk;
  }

  function restoreAll() {
    var data = load();
    document.querySelectorAll("form.fc-question").forEach(function (form) {
      var key = form.getAttribute("data-notebook") + "/" + form.getAttribute("data-question-id");
      if (Object.prototype.hasOwnProperty.call(data.last, key) && questions[key]) {
        restore(form, data.last[key]);
        submit(form, false);
      }
    });
    var texts = latestWritings();
    document.querySelectorAll("form.fc-ecrit").forEach(function (form) {
      var kept = texts[writingKey(form)];
      if (!kept) return;
      form.querySelector("textarea").value = kept.last.text;
      form.querySelector("[role=status]").textContent = "Dernière version enregistrée "
        + localWhen(kept.last.created_at) + ".";
    });
    var exercises = window.FabriqueExercise;
    if (!exercises || !exercises.restoreForm) return;
    document.querySelectorAll("form.fc-exercise").forEach(function (form) {
      var key = exerciseKey(form);
      if (Object.prototype.hasOwnProperty.call(data.exercise_last, key)) {
        exercises.restoreForm(form, data.exercise_last[key]);
      }
    });
  }

  /* ---------------------------------------------------------------- export */

  /* The texts saved are an optional field of the document: present only when there is
     one, so that a file without any stays readable by an older dashboard. */
  function exportDocument() {
    var data = load();
    var doc = { format: "__EXPORT_FORMAT__", version: __EXPORT_VERSION__, learner_id: data.learner_id,
      exported_at: now(), events: data.events, exercises: data.exercises };
    var writings = (data.writings || []).filter(isWriting);
    if (writings.length) doc.writings = writings;
    return doc;
  }

  /* A pseudonym as a safe file name part: ASCII letters and digits, dashes, 40 at most
     (« Éloïse B. » -> « eloise-b »); "" when nothing is left. */
  function slug(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
  }

  function storedPseudonym() {
    try { return window.localStorage.getItem(PSEUDONYM_KEY) || ""; } catch (e) { return ""; }
  }

  /* The learner's local date, AAAA-MM-JJ. */
  function localDate() {
    var d = new Date();
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  var pseudonymField = document.getElementById("fc-pseudonyme");
  if (pseudonymField) pseudonymField.value = storedPseudonym();

  document.querySelectorAll("button.fc-telecharger").forEach(function (button) {
    button.addEventListener("click", function () {
      var status = document.getElementById("fc-telecharger-statut");
      var given = pseudonymField ? pseudonymField.value : storedPseudonym();
      var pseudonym = slug(given);
      if (!pseudonym && pseudonymField) {
        pseudonymField.setAttribute("aria-invalid", "true");
        if (status) {
          status.textContent = "Indiquez d'abord votre pseudonyme (au moins une lettre ou un "
            + "chiffre) : il sert à nommer le fichier. Rien n'a été téléchargé.";
        }
        pseudonymField.focus();
        return;
      }
      if (pseudonymField) pseudonymField.removeAttribute("aria-invalid");
      try { window.localStorage.setItem(PSEUDONYM_KEY, given.trim()); } catch (e) { /* rien */ }
      var name = "reponses-" + (pseudonym || "parcours") + "-" + localDate() + ".json";
      var doc = exportDocument();
      var blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
      if (status) {
        status.textContent = "Fichier « " + name + " » préparé (" + doc.events.length
          + " réponse(s), " + doc.exercises.length + " vérification(s) d'exercice et "
          + (doc.writings ? doc.writings.length : 0) + " texte(s) écrit(s)).";
      }
    });
  });

  document.querySelectorAll("button.fc-effacer").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!window.confirm("Effacer toutes vos réponses, vérifications d'exercice et textes écrits "
          + "enregistrés dans ce navigateur ?")) return;
      var data = load();
      try { window.localStorage.setItem(KEY + "/efface-" + now(), JSON.stringify(data)); } catch (e) { /* rien */ }
      save(emptyStore());
      document.querySelectorAll("form.fc-question").forEach(function (form) {
        form.reset();
        form.removeAttribute("data-state");
        form.querySelector("[role=status]").textContent = "";
      });
      document.querySelectorAll("form.fc-ecrit").forEach(function (form) {
        form.querySelector("textarea").value = "";
        form.removeAttribute("data-state");
        form.querySelector("[role=status]").textContent = "";
      });
      if (window.FabriqueExercise && window.FabriqueExercise.clearForm) {
        document.querySelectorAll("form.fc-exercise").forEach(window.FabriqueExercise.clearForm);
      }
      refreshProgress();
    });
  });

  /* ---------------------------------------------------------------- mon relevé */

  function table(caption, headers, rows) {
    var t = el("table");
    t.appendChild(el("caption", caption));
    var head = el("thead");
    var line = el("tr");
    headers.forEach(function (h) { var th = el("th", h); th.scope = "col"; line.appendChild(th); });
    head.appendChild(line);
    t.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (cells) {
      var tr = el("tr");
      cells.forEach(function (c) {
        var td = el("td");
        if (typeof c === "string") td.textContent = c; else td.appendChild(c);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  function linkTo(text, href) {
    var a = el("a", text);
    a.href = href;
    return a;
  }

  /* « Mon relevé » (releve.html): per lesson, the questions answered (state, score),
     the impact exercises, the texts written and what to review, from this browser's
     store and the lessons' data the build wrote in the page. */
  function renderReleve() {
    var node = document.getElementById("fc-releve");
    var script = document.querySelector("script.fc-releve-donnees");
    if (!node || !script) return;
    var lessons = [];
    try { lessons = JSON.parse(script.textContent); } catch (e) { lessons = []; }
    var data = load();
    var checks = latestChecks();
    var texts = latestWritings();
    node.textContent = "";
    var actions = el("p", "", "fc-releve-actions");
    var print = el("button", "Imprimer mon relevé");
    print.type = "button";
    print.addEventListener("click", function () { window.print(); });
    actions.appendChild(print);
    node.appendChild(actions);
    node.appendChild(el("p", "Relevé établi " + localWhen(now()) + ", à partir des réponses "
      + "gardées dans ce navigateur.", "fc-releve-date"));
    lessons.forEach(function (lesson) {
      var info = lesson.questions || {};
      var section = el("section", "", "fc-releve-lecon");
      var heading = el("h2");
      heading.id = "releve-" + lesson.notebook;
      heading.appendChild(linkTo(lesson.title, lesson.page));
      section.setAttribute("aria-labelledby", heading.id);
      section.appendChild(heading);
      var last = {}, tries = {};
      data.events.forEach(function (e) {
        if (e.notebook !== lesson.notebook) return;
        last[e.question_id] = e;
        tries[e.question_id] = (tries[e.question_id] || 0) + 1;
      });
      var ids = Object.keys(last).sort(byNumber(info));
      var right = ids.filter(function (k) { return last[k].correct; }).length;
      var checked = {};
      data.exercises.forEach(function (c) {
        if (c && c.notebook === lesson.notebook) checked[c.exercise_id] = (checked[c.exercise_id] || 0) + 1;
      });
      var exercises = lesson.exercises || [], writings = lesson.writings || [];
      var written = writings.filter(function (w) { return texts[lesson.notebook + "/" + w[0]]; });
      var started = ids.length || Object.keys(checked).length || written.length;
      var total = Object.keys(info).length;
      var counts = started ? ids.length + " question(s) répondue(s) sur " + total + ", " + right
        + " juste(s)." : "Leçon pas encore commencée (" + total + " questions).";
      if (started && exercises.length) {
        counts += " Exercices d'impact : " + exercises.filter(function (x) {
          return checks[x[0]] && checks[x[0]].status === "correct"; }).length
          + " juste(s) sur " + exercises.length + ".";
      }
      if (started && writings.length) counts += " Textes écrits : " + written.length + " sur " + writings.length + ".";
      section.appendChild(el("p", counts));
      if (!started) { node.appendChild(section); return; }
      if (ids.length) {
        section.appendChild(table("Questions répondues — " + lesson.title,
          ["Question", "État", "Score", "Tentatives"], ids.map(function (id) {
            var e = last[id];
            return [questionLink(info, id), QUESTION_STATES[e.status] || e.status,
              Math.round(Number(e.score) * 100) + " %", String(tries[id])];
          })));
      }
      if (exercises.length) {
        section.appendChild(table("Exercices d'impact — " + lesson.title,
          ["Exercice", "État (dernière vérification)", "Vérifications"], exercises.map(function (x) {
            var c = checks[x[0]];
            return [x[1], c && EXERCISE_STATES[c.status] ? EXERCISE_STATES[c.status] : "pas encore fait",
              String(checked[x[0]] || 0)];
          })));
      }
      if (writings.length) {
        section.appendChild(el("h3", "Textes écrits"));
        writings.forEach(function (w) {
          var kept = texts[lesson.notebook + "/" + w[0]];
          var head = el("p");
          var strong = el("strong");
          strong.appendChild(linkTo(w[1], w[2]));
          head.appendChild(strong);
          head.appendChild(document.createTextNode(kept ? " — écrit " + localWhen(kept.last.created_at)
            + (kept.versions > 1 ? " (" + kept.versions + " versions gardées)" : "") + " :"
            : " — pas encore écrit."));
          section.appendChild(head);
          if (kept) section.appendChild(el("blockquote", kept.last.text, "fc-releve-texte"));
        });
      }
      section.appendChild(el("h3", "À revoir"));
      var revisit = ids.filter(function (k) { return !last[k].correct; });
      var items = revisit.map(function (id) { return questionLink(info, id); });
      exercises.forEach(function (x) {
        var c = checks[x[0]];
        if (c && c.status !== "correct" && EXERCISE_STATES[c.status]) {
          items.push(el("span", "Exercice d'impact « " + x[1] + " » (" + EXERCISE_STATES[c.status] + ")"));
        }
      });
      if (items.length) {
        var list = el("ul", "", "fc-releve-revoir");
        items.forEach(function (item) { var li = el("li"); li.appendChild(item); list.appendChild(li); });
        section.appendChild(list);
      } else {
        section.appendChild(el("p", "Rien à revoir pour l'instant."));
      }
      node.appendChild(section);
    });
    if (!storageOk) node.appendChild(el("p", "Ce navigateur ne permet pas de lire les réponses gardées.", "fc-alerte"));
  }

  renderReleve();

  /* Wide tables and outputs that scroll must be reachable with the keyboard. */
  document.querySelectorAll(".jp-RenderedMarkdown table").forEach(function (table) {
    var wrapper = document.createElement("div");
    wrapper.className = "fc-defile";
    table.parentNode.insertBefore(wrapper, table);
    wrapper.appendChild(table);
  });
  var scrolling = 0;
  document.querySelectorAll(".fc-defile").forEach(function (node) {
    if (node.scrollWidth > node.clientWidth + 1) {
      scrolling += 1;
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "region");
      node.setAttribute("aria-label", "Contenu défilant n° " + scrolling
        + " (faites défiler avec les flèches)");
    }
  });

  /* DSFR theme: the State design system's button classes on the page's own buttons. */
  if (document.body.classList.contains("fc-theme-dsfr")) {
    document.querySelectorAll("button").forEach(function (b) {
      b.classList.add("fr-btn");
      if (b.classList.contains("fc-secondaire")) b.classList.add("fr-btn--secondary");
    });
  }

  /* The page's table of contents (nav.fc-toc): open beside the text on a wide screen,
     where the style sheet keeps it in view; folded at the top of the page on a narrow one. */
  var toc = document.querySelector("nav.fc-toc details");
  if (toc && window.matchMedia) {
    var wideScreen = window.matchMedia("(min-width: 80rem)");
    var placeToc = function () { toc.open = wideScreen.matches; };
    placeToc();
    if (wideScreen.addEventListener) wideScreen.addEventListener("change", placeToc);
  }

  window.FabriqueCourse = { exportDocument: exportDocument, recordExercise: recordExercise, storageKey: KEY };
  restoreAll();
  refreshProgress();
})();
