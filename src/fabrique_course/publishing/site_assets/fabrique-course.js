/* Parcours Startup d'État — les quiz du site statique.
 *
 * Lit les questions de la page (<script type="application/json" class="fc-questions">),
 * corrige chaque formulaire avec FabriqueGrader (fabrique-grader.js), annonce le retour
 * dans la zone role="status" du formulaire, garde les réponses — et les vérifications des
 * exercices d'impact, que fabrique-exercise.js lui confie (FabriqueCourse.recordExercise) —
 * dans le localStorage de ce navigateur et les exporte au format « __EXPORT_FORMAT__ »,
 * version __EXPORT_VERSION__ (le même que « fabrique-course progression --export »). Aucun
 * accès réseau.
 */
(function () {
  "use strict";

  var KEY = "__EXPORT_FORMAT__";
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
     the form's last inputs)}. */
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
      && isMapping(data.exercise_last);
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

  /* ---------------------------------------------------------------- progression */

  var EXERCISE_STATES = { correct: "juste", partial: "en partie juste", incorrect: "à revoir" };

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
      if (revisit) {
        var ids = Object.keys(last).filter(function (k) { return !last[k].correct; });
        revisit.textContent = ids.length ? "À revoir : " + ids.join(", ") + "." : "";
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

  function exportDocument() {
    var data = load();
    return { format: "__EXPORT_FORMAT__", version: __EXPORT_VERSION__, learner_id: data.learner_id,
      exported_at: now(), events: data.events, exercises: data.exercises };
  }

  document.querySelectorAll("button.fc-telecharger").forEach(function (button) {
    button.addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(exportDocument(), null, 2) + "\n"], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "mes-reponses-parcours.json";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
      var status = document.getElementById("fc-telecharger-statut");
      var data = load();
      if (status) {
        status.textContent = "Fichier « mes-reponses-parcours.json » préparé (" + data.events.length
          + " réponse(s) et " + data.exercises.length + " vérification(s) d'exercice).";
      }
    });
  });

  document.querySelectorAll("button.fc-effacer").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!window.confirm("Effacer toutes vos réponses et vérifications d'exercice enregistrées "
          + "dans ce navigateur ?")) return;
      var data = load();
      try { window.localStorage.setItem(KEY + "/efface-" + now(), JSON.stringify(data)); } catch (e) { /* rien */ }
      save(emptyStore());
      document.querySelectorAll("form.fc-question").forEach(function (form) {
        form.reset();
        form.removeAttribute("data-state");
        form.querySelector("[role=status]").textContent = "";
      });
      if (window.FabriqueExercise && window.FabriqueExercise.clearForm) {
        document.querySelectorAll("form.fc-exercise").forEach(window.FabriqueExercise.clearForm);
      }
      refreshProgress();
    });
  });

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

  window.FabriqueCourse = { exportDocument: exportDocument, recordExercise: recordExercise, storageKey: KEY };
  restoreAll();
  refreshProgress();
})();
