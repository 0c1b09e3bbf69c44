/* Parcours Startup d'État — correcteur des quiz dans le navigateur.
 *
 * Traduction fidèle de fabrique_course/_grading.py et _numbers.py : même statut, même
 * score, même message. Le Python fait foi ; le fichier tests/data/grading-vectors.json
 * est vérifié contre les deux (pytest pour le Python, Chromium pour ce fichier).
 * Aucune dépendance, aucun accès réseau. Expose window.FabriqueGrader.
 */
(function (root) {
  "use strict";

  var MAX_TEXT = 2000;
  var MAX_ITEMS = 200;
  var SPACES = /[ \u00a0\u202f\u2009]/g;
  var UNITS = ["%", "€", "eur", "euros", "euro", "k€", "m€"];
  var PLAIN = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/;
  var GROUPED = /^[+-]?\d{1,3}([ ]\d{3})+([.,]\d+)?$/;
  var GROUPED_DOT_THOUSANDS = /^[+-]?\d{1,3}(\.\d{3}){2,}(,\d+)?$/;
  var GROUPED_COMMA_THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+\.\d+$/;

  function Unreadable(message) { this.message = message; }

  function isInt(v) { return typeof v === "number" && Number.isInteger(v); }
  function isStr(v) { return typeof v === "string"; }
  function isBool(v) { return typeof v === "boolean"; }
  function isList(v) { return Array.isArray(v); }
  function isMap(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  /* Python's len(): code points, not UTF-16 units. */
  function pyLen(s) { return Array.from(s).length; }

  function parseFrenchNumber(text) {
    if (isBool(text)) return null;
    if (typeof text === "number") return isFinite(text) ? text : null;
    if (!isStr(text) || pyLen(text) > 64) return null;
    var s = pyStrip(text).toLowerCase().replace(SPACES, " ").replace(/\u2212/g, "-");
    for (var i = 0; i < UNITS.length; i++) {
      if (s.endsWith(UNITS[i])) { s = s.slice(0, s.length - UNITS[i].length).replace(/\s+$/, ""); break; }
    }
    s = s.replace(/ +/g, " ");
    if (!s) return null;
    if (GROUPED.test(s)) s = s.replace(/ /g, "").replace(/,/g, ".");
    else if (GROUPED_DOT_THOUSANDS.test(s)) s = s.replace(/\./g, "").replace(/,/g, ".");
    else if (GROUPED_COMMA_THOUSANDS.test(s)) s = s.replace(/,/g, "");
    else if (PLAIN.test(s)) s = s.replace(/,/g, ".");
    else return null;
    var value = Number(s);
    return isFinite(value) ? value : null;
  }

  /* str.strip() / str.split(): Python's whitespace. */
  var WS = /[\s\u001c-\u001f\u0085]+/g;
  function pyStrip(s) { return s.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/g, ""); }
  function pyWords(s) { var t = pyStrip(s); return t ? t.split(WS) : []; }

  function fold(text) {
    var lowered = text.toLowerCase().replace(/ß/g, "ss");
    var noMarks = lowered.normalize("NFKD").replace(/\p{Mn}/gu, "");
    return pyWords(noMarks.replace(/’/g, "'")).join(" ");
  }

  function pyRepr(v) {
    if (v === null) return "None";
    if (isBool(v)) return v ? "True" : "False";
    return String(v);
  }

  function show(value) {
    if (isList(value)) return "une liste de " + value.length + " élément(s)";
    if (isMap(value)) return "un dictionnaire de " + Object.keys(value).length + " élément(s)";
    var text = isStr(value) ? value : pyRepr(value);
    text = pyWords(text).join(" ");
    var chars = Array.from(text);
    return chars.length <= 40 ? text : chars.slice(0, 39).join("") + "…";
  }

  /* Python round(): half to even. */
  function pyRound(x) {
    var r = Math.round(x);
    if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) r -= 1;
    return r;
  }
  function percent(score) { return pyRound(score * 100) + " %"; }

  function lookup(candidates, value, what) {
    if (isBool(value) || !(isStr(value) || isInt(value))) {
      throw new Unreadable(what + " attendu(e) sous forme de texte, pas " + show(value));
    }
    var raw = String(value);
    if (pyLen(raw) > MAX_TEXT) throw new Unreadable("texte trop long pour être " + what);
    for (var i = 0; i < candidates.length; i++) if (raw === candidates[i][0]) return candidates[i][0];
    var folded = fold(raw);
    if (!folded) throw new Unreadable(what + " vide");
    for (var j = 0; j < candidates.length; j++) {
      if (folded === fold(candidates[j][0]) || folded === fold(candidates[j][1])) return candidates[j][0];
    }
    var names = candidates.map(function (c) { return "« " + c[0] + " »"; }).join(", ");
    var none = { "option": "aucune option", "élément": "aucun élément", "choix": "aucun choix" };
    throw new Unreadable("« " + show(raw) + " » ne correspond à " + (none[what] || what) + " (" + names + ")");
  }

  function asList(answer, what) {
    if (!isList(answer)) throw new Unreadable("une liste de " + what + " est attendue");
    if (answer.length > MAX_ITEMS) throw new Unreadable("liste trop longue (" + answer.length + " éléments)");
    return answer.slice();
  }

  function options(q) { return q.options.map(function (o) { return [o.id, o.text]; }); }
  function option(q, id) { return q.options.filter(function (o) { return o.id === id; })[0]; }
  function result(status, score, message, explanation) {
    return { status: status, score: score, message: message, explanation: explanation || "" };
  }

  function gradeSingle(q, answer) {
    if (q.type === "true_false" && isBool(answer)) answer = answer ? "vrai" : "faux";
    if (q.type === "true_false" && isStr(answer) && (fold(answer) === "true" || fold(answer) === "false")) {
      answer = fold(answer) === "true" ? "vrai" : "faux";
    }
    if (isList(answer) && answer.length === 1) answer = answer[0];
    var chosen = option(q, lookup(options(q), answer, "option"));
    if (chosen.correct) return result("correct", 1.0, "Bonne réponse !\n" + chosen.feedback, q.explanation);
    return result("incorrect", 0.0, "Ce n'est pas la bonne réponse.\n" + chosen.feedback, q.explanation);
  }

  function gradeMultiple(q, answer) {
    if (isStr(answer)) answer = [answer];
    var values = asList(answer, "options");
    var chosen = {};
    values.forEach(function (v) { chosen[lookup(options(q), v, "option")] = true; });
    if (!Object.keys(chosen).length) throw new Unreadable("cochez au moins une case");
    var right = q.options.filter(function (o) { return o.correct; });
    var hits = right.filter(function (o) { return chosen[o.id]; });
    var wrongPicks = q.options.filter(function (o) { return !o.correct && chosen[o.id]; });
    var missed = right.filter(function (o) { return !chosen[o.id]; });
    var score = Math.max(0.0, (hits.length - wrongPicks.length) / right.length);
    var lines = [];
    q.options.forEach(function (o) {
      if (chosen[o.id]) {
        lines.push("« " + o.text + " » — " + (o.correct ? "✔ bien vu" : "✘ à ne pas cocher") + " : " + o.feedback);
      } else if (o.correct) {
        lines.push("« " + o.text + " » — oubliée : " + o.feedback);
      }
    });
    var detail = lines.join("\n");
    if (!wrongPicks.length && !missed.length) return result("correct", 1.0, "Bonne réponse !\n" + detail, q.explanation);
    var head = "Réponse partiellement juste (" + hits.length + " bonne(s) réponse(s) sur " + right.length + ", " +
      wrongPicks.length + " case(s) cochée(s) à tort ; score " + percent(score) + ").";
    var status = score > 0 ? "partial" : "incorrect";
    if (score === 0) {
      head = "Ce n'est pas la bonne réponse (" + hits.length + " bonne(s) réponse(s) sur " + right.length + ", " +
        wrongPicks.length + " case(s) cochée(s) à tort).";
    }
    return result(status, score, head + "\n" + detail, q.explanation);
  }

  function group(digits) { return digits.replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f"); }

  /* Python f"{value:,.6g}" then "," -> narrow no-break space and "." -> ",". */
  function formatG6(value) {
    if (value === 0) return "0";
    var sign = value < 0 ? "-" : "";
    var abs = Math.abs(value);
    var exp = Number(abs.toExponential(5).split("e")[1]);
    if (exp < -4 || exp >= 6) {
      var parts = abs.toExponential(5).split("e");
      var mant = parts[0].replace(/\.?0+$/, "");
      var e = Number(parts[1]);
      return sign + mant.replace(".", ",") + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
    }
    var fixed = abs.toFixed(Math.max(0, 5 - exp));
    if (fixed.indexOf(".") >= 0) fixed = fixed.replace(/\.?0+$/, "");
    var bits = fixed.split(".");
    return sign + group(bits[0]) + (bits.length > 1 ? "," + bits[1] : "");
  }

  function numberText(value) {
    if (Number.isInteger(value) && Math.abs(value) < 1e15) {
      return (value < 0 ? "-" : "") + group(String(Math.abs(value)));
    }
    return formatG6(value);
  }

  function gradeNumeric(q, answer) {
    if (isStr(answer) && q.unit && pyLen(answer) <= MAX_TEXT) {
      var stripped = pyStrip(answer);
      if (fold(stripped).endsWith(fold(q.unit))) answer = Array.from(stripped).slice(0, pyLen(stripped) - pyLen(q.unit)).join("");
    }
    var value = parseFrenchNumber(answer);
    if (value === null) {
      throw new Unreadable((isStr(answer) ? "« " + show(answer) + " » n'est pas" : "il faut")
        + " un nombre écrit en chiffres, comme « 12 », « 1,5 », « 1 234 » ou « 12 % »");
    }
    var target = q.answer;
    /* _numbers.tolerance_margin: the larger of the absolute and the relative margin. */
    var margin = Math.max(q.tolerance_absolute || 0.0, (q.tolerance_relative || 0.0) * Math.abs(target));
    var unit = q.unit ? " " + q.unit : "";
    if (Math.abs(value - target) <= margin + 1e-9 * Math.max(1.0, Math.abs(target))) {
      return result("correct", 1.0, "Bonne réponse !\nLa valeur attendue est " + numberText(target) + unit + ".", q.explanation);
    }
    var errors = q.common_errors || [];
    for (var i = 0; i < errors.length; i++) {
      var a = errors[i].answer;
      if (Math.abs(value - a) <= Math.max(1e-9 * Math.max(Math.abs(value), Math.abs(a)), 1e-9)) {
        return result("incorrect", 0.0, "Ce n'est pas la bonne réponse.\n" + errors[i].feedback, q.explanation);
      }
    }
    var direction = value < target ? "trop petit" : "trop grand";
    return result("incorrect", 0.0, "Ce n'est pas la bonne réponse : " + numberText(value) + unit + ", c'est " + direction + ".", q.explanation);
  }

  function gradeOrder(q, answer) {
    var values = asList(answer, "éléments dans l'ordre");
    var pairs = q.items.map(function (i) { return [i.id, i.text]; });
    var given = values.map(function (v) { return lookup(pairs, v, "élément"); });
    var expected = q.items.map(function (i) { return i.id; });
    if (given.slice().sort().join("\u0000") !== expected.slice().sort().join("\u0000")) {
      var missing = q.items.filter(function (i) { return given.indexOf(i.id) < 0; }).map(function (i) { return i.text; });
      var counts = {};
      given.forEach(function (g) { counts[g] = (counts[g] || 0) + 1; });
      var doubles = Object.keys(counts).filter(function (g) { return counts[g] > 1; }).sort();
      var parts = [];
      if (missing.length) parts.push("il manque " + missing.map(function (m) { return "« " + m + " »"; }).join(", "));
      if (doubles.length) parts.push("en double : " + doubles.map(function (d) { return "« " + d + " »"; }).join(", "));
      throw new Unreadable("chaque élément doit apparaître une fois exactement (" + parts.join(" ; ") + ")");
    }
    var placed = 0;
    for (var k = 0; k < expected.length; k++) if (given[k] === expected[k]) placed += 1;
    var score = placed / expected.length;
    var correctOrder = q.items.map(function (i) { return i.text; }).join(" → ");
    if (placed === expected.length) return result("correct", 1.0, "Bonne réponse !\nOrdre : " + correctOrder + ".", q.explanation);
    var status = placed ? "partial" : "incorrect";
    var head = placed ? "Réponse partiellement juste" : "Ce n'est pas le bon ordre";
    return result(status, score, head + " : " + placed + " élément(s) sur " + expected.length +
      " à la bonne place (score " + percent(score) + ").\nL'ordre attendu : " + correctOrder + ".", q.explanation);
  }

  function gradeMatch(q, answer) {
    if (!isMap(answer)) throw new Unreadable("un dictionnaire {élément: choix} est attendu");
    var keys = Object.keys(answer);
    if (keys.length > MAX_ITEMS) throw new Unreadable("trop d'associations (" + keys.length + ")");
    var items = q.items.map(function (i) { return [i.id, i.text]; });
    var choices = q.choices.map(function (c) { return [c.id, c.text]; });
    var given = {};
    var any = false;
    keys.forEach(function (key) {
      var value = answer[key];
      if (value === null || (isStr(value) && !pyStrip(value))) return;
      var itemId = lookup(items, key, "élément");
      given[itemId] = lookup(choices, value, "choix");
      any = true;
    });
    if (!any) throw new Unreadable("associez au moins un élément à un choix");
    var choiceText = {};
    q.choices.forEach(function (c) { choiceText[c.id] = c.text; });
    var right = 0;
    var lines = [];
    q.items.forEach(function (item) {
      var got = given[item.id];
      if (got === item.match) { right += 1; return; }
      var expected = choiceText[item.match];
      var reason = item.feedback ? " " + item.feedback : "";
      if (got === undefined) lines.push("« " + item.text + " » — non associé : « " + expected + " »." + reason);
      else lines.push("« " + item.text + " » — pas « " + choiceText[got] + " » mais « " + expected + " »." + reason);
    });
    var score = right / q.items.length;
    if (right === q.items.length) return result("correct", 1.0, "Bonne réponse !\nToutes les associations sont justes.", q.explanation);
    var status = right ? "partial" : "incorrect";
    var head = right ? "Réponse partiellement juste" : "Ce n'est pas la bonne réponse";
    return result(status, score, head + " : " + right + " association(s) juste(s) sur " + q.items.length +
      " (score " + percent(score) + ").\n" + lines.join("\n"), q.explanation);
  }

  var GRADERS = { single: gradeSingle, true_false: gradeSingle, multiple: gradeMultiple,
    numeric: gradeNumeric, order: gradeOrder, match: gradeMatch };
  var EXPECTED = {
    single: "Choisissez une des options proposées.",
    true_false: "Répondez « vrai » ou « faux ».",
    multiple: "Cochez une ou plusieurs options.",
    numeric: "Écrivez un nombre.",
    order: "Donnez la liste complète des éléments, dans l'ordre.",
    match: "Associez chaque élément à un choix."
  };

  var UNREAD = "Cette réponse n'a pas pu être lue : elle n'est pas comptée, corrigez-la puis validez.";

  function grade(q, answer) {
    if (answer === null || answer === undefined || (isStr(answer) && !pyStrip(answer))) {
      return result("unreadable", 0.0, "Aucune réponse.\n" + EXPECTED[q.type]);
    }
    try {
      return GRADERS[q.type](q, answer);
    } catch (exc) {
      if (exc instanceof Unreadable) {
        return result("unreadable", 0.0, UNREAD + "\n" + exc.message.charAt(0).toUpperCase()
          + exc.message.slice(1) + ". " + EXPECTED[q.type]);
      }
      throw exc;
    }
  }

  root.FabriqueGrader = { grade: grade, parseFrenchNumber: parseFrenchNumber, fold: fold,
                          pyStrip: pyStrip, group: group };
})(typeof window !== "undefined" ? window : this);
