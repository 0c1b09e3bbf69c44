/* Parcours Startup d'État — les exercices d'impact du site statique, sans code.
 *
 * Traduction ligne à ligne de fabrique_course/exercises/_engine.py (check, _check_field)
 * et _reading.py (read_number, read_interval) : même statut par valeur et d'ensemble, même
 * message, même titre. La lecture des nombres à la française est celle de
 * fabrique-grader.js (FabriqueGrader.parseFrenchNumber). Les textes viennent des données
 * de l'exercice (<script type="application/json" class="fc-exercise-data">), écrites par
 * le moteur Python à la construction du site : ce fichier ne fait que les assembler, et
 * ne les insère que comme texte. Le Python fait foi ; tests/data/exercise-vectors.json
 * est vérifié contre les deux. Aucun accès réseau. Expose window.FabriqueExercise.
 */
(function (root) {
  "use strict";

  var parseFrenchNumber = root.FabriqueGrader.parseFrenchNumber;
  var pyStrip = root.FabriqueGrader.pyStrip;
  var group = root.FabriqueGrader.group;
  var ELLIPSIS = null;  /* Python's ... (a value left to fill in) */

  function Unreadable(message) { this.message = message; }

  function fill(template, values) {
    var out = template;
    Object.keys(values).forEach(function (k) { out = out.split("{" + k + "}").join(values[k]); });
    return out;
  }

  /* _numbers.within_tolerance */
  function near(f, value, reference) {
    var margin = Math.max(f.tolerance || 0.0, (f.relative_tolerance || 0.0) * Math.abs(reference));
    return Math.abs(value - reference) <= margin + 1e-9 * Math.max(1.0, Math.abs(reference));
  }

  /* Python's f"{x:.{d}f}": the exact decimal value of the double, rounded half to even. */
  function fixed(x, d) {
    var sign = x < 0 || (x === 0 && 1 / x < 0) ? "-" : "";
    var digits = Math.abs(x).toFixed(100);  /* exact for the values of the course */
    var point = digits.indexOf(".");
    var whole = digits.slice(0, point) + digits.slice(point + 1, point + 1 + d);
    var rest = digits.slice(point + 1 + d);
    var up = rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1))
      || (Number(whole[whole.length - 1]) % 2 === 1)));
    if (up) {
      var chars = whole.split("");
      var k = chars.length - 1;
      while (k >= 0 && chars[k] === "9") { chars[k] = "0"; k -= 1; }
      if (k < 0) chars.unshift("1"); else chars[k] = String(Number(chars[k]) + 1);
      whole = chars.join("");
    }
    var intPart = whole.slice(0, whole.length - d).replace(/^0+(?=\d)/, "") || "0";
    return { sign: sign, int: intPart, frac: whole.slice(whole.length - d) };
  }

  /* _numbers.format_french_number(value, decimals, trim_zeros=True): the engine's _fr. */
  function fr(value, decimals) {
    if (decimals === undefined) decimals = 1;
    var p = fixed(value, decimals);
    var text = p.sign + group(p.int) + (decimals ? "," + p.frac : "");
    if (text.indexOf(",") >= 0) text = text.replace(/0+$/, "").replace(/,$/, "");
    return text;
  }

  /* _engine._sentence */
  function sentence(message) {
    var first = message.split(" ")[0];
    if (/[_(.]/.test(first)) return message;
    return message.slice(0, 1).toUpperCase() + message.slice(1);
  }

  /* _reading.read_number, for what a form gives: text, or ... */
  function readNumber(value) {
    if (value === ELLIPSIS || value === undefined) throw new Unreadable("vide");
    if (typeof value === "number") {
      if (!isFinite(value)) throw new Unreadable("nan");
      return value;
    }
    var parsed = parseFrenchNumber(value);
    if (parsed === null) throw new Unreadable({ text: "not_a_number", value: value });
    return pyStrip(value).endsWith("%") ? parsed / 100 : parsed;
  }

  /* _reading.read_interval */
  function readInterval(value) {
    if (value === ELLIPSIS || value === undefined) throw new Unreadable("vide");
    if (!Array.isArray(value)) {
      try { readNumber(value); } catch (exc) {
        if (exc instanceof Unreadable) throw new Unreadable({ text: "two_bounds" });
        throw exc;
      }
      throw new Unreadable({ text: "single_number" });
    }
    if (value.length !== 2) throw new Unreadable({ text: "two_bounds" });
    return [readNumber(value[0]), readNumber(value[1])];
  }

  /* _engine._check_field */
  function checkField(f, value) {
    function verdict(status, message, mistake) {
      return { key: f.key, label: f.label, status: status, message: sentence(message || ""),
        mistake: mistake || "" };
    }
    function text(name, values) { return fill(f.texts[name], values || {}); }

    if (value === ELLIPSIS || value === undefined) return verdict("vide");
    try {
      if (f.kind === "choix") {
        var key = pyStrip(pyStrip(String(value)).replace(/^[()]+|[()]+$/g, "")).toLowerCase();
        var choice = f.choices.filter(function (c) { return c.key === key; })[0];
        if (!choice) return verdict("illisible", text("unknown_choice"));
        if (key === f.expected) return verdict("correct", choice.message);
        return verdict("incorrect", choice.message, "choix-" + key);
      }
      if (f.kind === "intervalle") {
        var bounds = readInterval(value);
        var low = bounds[0], high = bounds[1];
        if (low > high) return verdict("incorrect", text("reversed"), "bornes-inversees");
        if (near(f, low, f.expected[0]) && near(f, high, f.expected[1])) {
          return verdict("correct", text("correct", { low: fr(low, f.decimals), high: fr(high, f.decimals) }));
        }
        for (var i = 0; i < f.mistakes.length; i++) {
          var m = f.mistakes[i];
          if (near(f, low, m.value[0]) && near(f, high, m.value[1])) return verdict("incorrect", m.message, m.id);
        }
        if (f.unit === "points" && near(f, 100 * low, f.expected[0]) && near(f, 100 * high, f.expected[1])) {
          return verdict("incorrect", text("bounds_as_proportion"), "bornes-en-proportion");
        }
        return verdict("incorrect", text("hint"));
      }
      var number = readNumber(value);
    } catch (exc) {
      if (!(exc instanceof Unreadable)) throw exc;
      if (exc.message === "vide") return verdict("vide");
      var reason = exc.message;
      var message = typeof reason === "string" ? reason
        : text(reason.text, reason.value !== undefined ? { value: reason.value } : {});
      if (f.kind === "intervalle" && reason.text === "single_number") return verdict("incorrect", message, "un-seul-nombre");
      return verdict("illisible", message);
    }
    var ok;
    if (f.accepted !== null && f.accepted !== undefined) {
      ok = (f.accepted[0] <= number && number <= f.accepted[1]) || near(f, number, f.accepted[0])
        || near(f, number, f.accepted[1]);
    } else {
      ok = near(f, number, f.expected);
    }
    if (ok) return verdict("correct");
    for (var j = 0; j < f.mistakes.length; j++) {
      if (near(f, number, f.mistakes[j].value)) return verdict("incorrect", f.mistakes[j].message, f.mistakes[j].id);
    }
    if (f.kind === "proportion" && near(f, number / 100, f.expected)) {
      return verdict("incorrect", text("percent_given", { pct: fr(number, 2), prop: fr(number / 100, 4) }),
        "pourcentage-pour-proportion");
    }
    if (f.kind === "points" && near(f, number * 100, f.expected)) {
      return verdict("incorrect", text("proportion_given", { prop: fr(number, 4) }), "proportion-pour-points");
    }
    if (f.kind === "proportion" && !(number >= 0 && number <= 1)) {
      return verdict("incorrect", text("out_of_range"), "proportion-hors-limites");
    }
    return verdict("incorrect", text("hint"));
  }

  /* _engine.check, and ExerciseResult.headline */
  function check(ex, answer) {
    if (answer === ELLIPSIS || answer === undefined) answer = {};
    var verdicts;
    if (typeof answer !== "object" || Array.isArray(answer)) {
      verdicts = ex.fields.map(function (f) {
        return { key: f.key, label: f.label, status: "illisible", message: ex.not_a_mapping };
      });
      return finish(ex, "incorrect", verdicts);
    }
    var given = {};
    Object.keys(answer).forEach(function (k) { given[pyStrip(k)] = answer[k]; });
    verdicts = ex.fields.map(function (f) {
      return checkField(f, Object.prototype.hasOwnProperty.call(given, f.key) ? given[f.key] : ELLIPSIS);
    });
    var statuses = verdicts.map(function (v) { return v.status; });
    var status;
    if (statuses.every(function (s) { return s === "correct"; })) status = "correct";
    else if (statuses.every(function (s) { return s === "vide" || s === "correct"; })) status = "incomplet";
    else if (statuses.some(function (s) { return s === "correct"; })) status = "partial";
    else status = "incorrect";
    return finish(ex, status, verdicts);
  }

  function finish(ex, status, verdicts) {
    var right = verdicts.filter(function (v) { return v.status === "correct"; }).length;
    var empty = verdicts.filter(function (v) { return v.status === "vide"; }).length;
    var headline = status === "correct" ? ex.headlines.correct
      : status === "incomplet" ? ex.headlines.incomplet[empty] : ex.headlines.other[right];
    return { status: status, fields: verdicts, headline: headline };
  }

  /* publishing._exercise_forms.form_answer: input name -> text, to the engine's answer. */
  function formAnswer(ex, inputs) {
    function given(name) {
      var text = inputs[name] === undefined || inputs[name] === null ? "" : inputs[name];
      return pyStrip(text) ? text : ELLIPSIS;
    }
    var answer = {};
    ex.fields.forEach(function (f) {
      if (f.kind === "intervalle") {
        var low = given(f.key + "-bas"), high = given(f.key + "-haut");
        if (low === ELLIPSIS && high === ELLIPSIS) answer[f.key] = ELLIPSIS;
        else if (low === ELLIPSIS || high === ELLIPSIS) answer[f.key] = low === ELLIPSIS ? high : low;
        else answer[f.key] = [low, high];
      } else {
        answer[f.key] = given(f.key);
      }
    });
    return answer;
  }

  /* ---------------------------------------------------------------- the page */

  /* Each check where a value at least could be read is kept in this browser, as a quiz
     answer is: fabrique-course.js (loaded after this file) offers
     FabriqueCourse.recordExercise, and on load puts back the last inputs of each form
     with restoreForm. */

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function inputsOf(form) {
    var inputs = {};
    form.querySelectorAll("input").forEach(function (c) {
      if (c.type === "radio") { if (c.checked) inputs[c.name] = c.value; }
      else inputs[c.name] = c.value;
    });
    return inputs;
  }

  function show(form, ex, result) {
    var zone = form.querySelector("[role=status]");
    var state = ex.form_states[result.status];
    var box = el("div", "", "fc-feedback fc-" + state);
    var head = el("p");
    head.appendChild(el("strong", ex.title + " — " + result.headline));
    box.appendChild(head);
    var list = el("ul");
    result.fields.forEach(function (v) {
      var item = el("li");
      item.setAttribute("data-field", v.key);
      item.setAttribute("data-state", ex.field_states[v.status]);
      item.appendChild(el("strong", v.label));
      item.appendChild(document.createTextNode(" ("));
      item.appendChild(el("code", v.key));
      item.appendChild(document.createTextNode(") : " + ex.marks[v.status] + (v.message ? ". " + v.message : "")));
      list.appendChild(item);
      form.querySelectorAll('[name="' + v.key + '"], [name="' + v.key + '-bas"], [name="' + v.key + '-haut"]')
        .forEach(function (c) {
          if (v.status === "incorrect" || v.status === "illisible") c.setAttribute("aria-invalid", "true");
          else c.removeAttribute("aria-invalid");
        });
    });
    box.appendChild(list);
    if (result.status === "correct") {
      var ex2 = el("div", "", "fc-explanation");
      var title = el("p");
      title.appendChild(el("strong", "Pour retenir"));
      ex2.appendChild(title);
      ex2.appendChild(el("p", ex.conclusion));
      box.appendChild(ex2);
    }
    zone.textContent = "";
    zone.appendChild(box);
    zone.setAttribute("data-state", state);
    form.setAttribute("data-state", state);
  }

  /* exercises/_attempts.stored_status: the status a check is kept with (the quiz
     answers' words), or null when nothing could be read (every value empty or unreadable). */
  function storedStatus(result) {
    var statuses = result.fields.map(function (v) { return v.status; });
    if (statuses.every(function (s) { return s === "vide" || s === "illisible"; })) return null;
    if (result.status === "correct") return "correct";
    return statuses.indexOf("correct") >= 0 ? "partial" : "incorrect";
  }

  /* A check as the export (version 2) keeps it, without its date and origin (the store adds
     them); null when it is not kept. ``answer`` is formAnswer's (an empty value is null). */
  function storedCheck(ex, notebook, answer, result) {
    var status = storedStatus(result);
    if (status === null || !notebook) return null;
    var given = {}, fields = {};
    ex.fields.forEach(function (f) {
      var value = answer && Object.prototype.hasOwnProperty.call(answer, f.key) ? answer[f.key] : ELLIPSIS;
      given[f.key] = value === undefined ? null : value;
    });
    result.fields.forEach(function (v) { fields[v.key] = { status: v.status, mistake: v.mistake || "" }; });
    var right = result.fields.filter(function (v) { return v.status === "correct"; }).length;
    return { notebook: notebook, exercise_id: ex.id, answer: given, fields: fields, status: status,
      score: right / result.fields.length, correct: status === "correct" };
  }

  /* Grade the form as it is filled; with ``record``, keep the check in this browser
     (fabrique-course.js, loaded after this file, offers FabriqueCourse.recordExercise). */
  function grade(form, ex, record) {
    var inputs = inputsOf(form);
    var answer = formAnswer(ex, inputs);
    var result = check(ex, answer);
    show(form, ex, result);
    if (!record) return;
    var kept = storedCheck(ex, form.getAttribute("data-notebook"), answer, result);
    var store = root.FabriqueCourse;
    if (kept && store && store.recordExercise) store.recordExercise(kept, inputs);
  }

  function exerciseOf(form) {
    var data = form.querySelector("script.fc-exercise-data");
    return data ? JSON.parse(data.textContent) : null;
  }

  /* Put back the inputs of a saved check (input name -> text) and grade them again,
     without keeping a new check: what a reload shows. */
  function restoreForm(form, inputs) {
    var ex = exerciseOf(form);
    if (!ex || !inputs || typeof inputs !== "object") return;
    form.querySelectorAll("input").forEach(function (c) {
      var value = Object.prototype.hasOwnProperty.call(inputs, c.name) ? inputs[c.name] : "";
      if (c.type === "radio") c.checked = value === c.value;
      else c.value = typeof value === "string" ? value : "";
    });
    grade(form, ex, false);
  }

  /* Empty the form and its verdict (« Effacer mes réponses »). */
  function clearForm(form) {
    form.reset();
    form.removeAttribute("data-state");
    var zone = form.querySelector("[role=status]");
    zone.textContent = "";
    zone.removeAttribute("data-state");
    form.querySelectorAll("[aria-invalid]").forEach(function (c) { c.removeAttribute("aria-invalid"); });
  }

  if (typeof document !== "undefined") {
    document.querySelectorAll("form.fc-exercise").forEach(function (form) {
      var ex = exerciseOf(form);
      if (!ex) return;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        grade(form, ex, true);
      });
      form.addEventListener("keydown", function (event) {
        var t = event.target;
        if (event.key === "Enter" && t.tagName === "INPUT" && t.type === "radio") {
          event.preventDefault();
          if (form.requestSubmit) form.requestSubmit();
        }
      });
    });
  }

  root.FabriqueExercise = { check: check, checkField: checkField, formAnswer: formAnswer, fr: fr,
    storedStatus: storedStatus, storedCheck: storedCheck, restoreForm: restoreForm,
    clearForm: clearForm };
})(typeof window !== "undefined" ? window : this);
