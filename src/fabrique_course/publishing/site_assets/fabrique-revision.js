/* Parcours Startup d'État — la révision espacée du site (revision.html).
 *
 * FabriqueRevision.schedule est une traduction ligne à ligne du planificateur Python
 * (src/fabrique_course/_revision.py) : mêmes boîtes de Leitner (1, 3, 7, 21 jours), mêmes
 * jours (calendrier UTC), même ordre (manquées, puis dues, leçon après leçon). Les cas
 * partagés tests/data/revision-vectors.json tiennent les deux ensemble.
 *
 * Sur la page de révision (#fc-revision), la séance se calcule à partir des réponses
 * gardées dans ce navigateur par fabrique-course.js (lues, jamais modifiées ici) ; les
 * questions de tout le parcours sont dans la page, cachées : seules celles de la séance
 * s'affichent, vides, et leurs réponses sont gardées comme toutes les autres.
 *
 * Point d'essai (pour les tests) : l'heure vient de window.fabriqueNow (une date ISO, un
 * objet Date ou une fonction qui en rend un) ou du paramètre d'adresse
 * ?maintenant=2026-12-05T10:00:00Z ; sinon de l'horloge du navigateur.
 */
(function () {
  "use strict";

  var INTERVALS = { 1: 1, 2: 3, 3: 7, 4: 21 };
  var MAX_BOX = 4;
  var DEFAULT_SIZE = 10;
  var DAY_MS = 86400000;
  var TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
  var ANSWERED = { correct: true, partial: true, incorrect: true };

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  /* Milliseconds since 1970 (UTC) of an ISO 8601 time, or null (parse_time). */
  function parseTime(text) {
    if (typeof text !== "string") return null;
    var m = TIME.exec(text.trim());
    if (!m) return null;
    var y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    var h = Number(m[4]), mi = Number(m[5]), s = Number(m[6]);
    if (y < 1 || h > 23 || mi > 59 || s > 59) return null;
    var date = new Date(0);
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi, s, 0);
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
      return null;
    }
    var millis = date.getTime() + (m[7] ? Number((m[7].slice(1) + "000").slice(0, 3)) : 0);
    var zone = m[8];
    if (zone && zone !== "Z") {
      var sign = zone[0] === "+" ? 1 : -1;
      millis -= sign * (Number(zone.slice(1, 3)) * 3600000 + Number(zone.slice(4, 6)) * 60000);
    }
    return millis;
  }

  function dayNumber(millis) { return Math.floor(millis / DAY_MS); }

  function nowMillis(now) {
    if (now instanceof Date) return now.getTime();
    var millis = parseTime(now);
    if (millis === null) throw new Error("heure illisible : " + now);
    return millis;
  }

  /* [box, missed, due day] after a question's answers, [time, right], in time order. */
  function replay(answers) {
    var box = 0, missed = false, due = 0;
    answers.forEach(function (a) {
      var day = dayNumber(a[0]);
      if (!a[1]) { box = 1; missed = true; due = day; }
      else if (missed || box === 0) { box = 1; missed = false; due = day + INTERVALS[1]; }
      else if (day >= due) { box = Math.min(box + 1, MAX_BOX); due = day + INTERVALS[box]; }
    });
    return [box, missed, due];
  }

  function interleave(groups) {
    var out = [];
    for (var depth = 0; groups.some(function (g) { return depth < g.length; }); depth++) {
      groups.forEach(function (g) { if (depth < g.length) out.push(g[depth]); });
    }
    return out;
  }

  /* The review session (schedule): events as the stores keep them, catalogue
     [[notebook, [question ids]]], now (ISO text or Date), n, opened lessons (optional). */
  function schedule(events, catalogue, now, n, opened) {
    if (n === undefined || n === null) n = DEFAULT_SIZE;
    if (typeof n !== "number" || !isFinite(n) || Math.floor(n) !== n || n < 1) {
      throw new Error("le nombre de questions doit être un entier positif");
    }
    var today = dayNumber(nowMillis(now));
    var allowed = {};
    if (opened) opened.forEach(function (nb) { allowed[nb] = true; });
    else events.forEach(function (e) { if (e) allowed[e.notebook] = true; });
    var place = {};
    catalogue.forEach(function (lesson, k) {
      lesson[1].forEach(function (qid, j) { place[lesson[0] + "/" + qid] = [k, j]; });
    });
    var history = {};
    events.forEach(function (e, order) {
      if (!e || typeof e.notebook !== "string" || typeof e.question_id !== "string") return;
      var key = e.notebook + "/" + e.question_id;
      var millis = parseTime(e.created_at);
      if (!has(ANSWERED, e.status) || !has(place, key) || millis === null
          || !has(allowed, e.notebook)) return;
      (history[key] = history[key] || []).push([millis, order, e.status === "correct"]);
    });
    var keys = Object.keys(history).sort(function (a, b) {
      return place[a][0] - place[b][0] || place[a][1] - place[b][1];
    });
    var cards = {};
    var missedGroups = catalogue.map(function () { return []; });
    var dueGroups = catalogue.map(function () { return []; });
    var waiting = {};
    keys.forEach(function (key) {
      var answers = history[key].sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
        .map(function (a) { return [a[0], a[2]]; });
      var state = replay(answers);
      var slash = key.indexOf("/");
      var card = { notebook: key.slice(0, slash), question_id: key.slice(slash + 1),
        box: state[0], missed: state[1], due_day: state[2] };
      cards[key] = card;
      var where = place[key];
      if (card.missed) {
        missedGroups[where[0]].push({ notebook: card.notebook, question_id: card.question_id,
          reason: "missed", box: card.box });
      } else if (card.due_day <= today) {
        dueGroups[where[0]].push([card.due_day, where[1], { notebook: card.notebook,
          question_id: card.question_id, reason: "due", box: card.box }]);
      } else {
        var wait = card.due_day - today;
        waiting[wait] = (waiting[wait] || 0) + 1;
      }
    });
    var dueSorted = dueGroups.map(function (g) {
      return g.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
        .map(function (x) { return x[2]; });
    });
    var queue = interleave(missedGroups).concat(interleave(dueSorted));
    var plan = Object.keys(waiting).map(Number).sort(function (a, b) { return a - b; })
      .map(function (d) { return [d, waiting[d]]; });
    return { items: queue.slice(0, n), left_today: Math.max(0, queue.length - n), plan: plan,
      cards: cards };
  }

  function inDaysWords(days) {
    if (days <= 0) return "aujourd'hui";
    return days === 1 ? "demain" : "dans " + days + " jours";
  }

  function why(item) {
    return item.reason === "missed" ? "manquée la dernière fois"
      : "à revoir aujourd'hui (boîte " + item.box + ")";
  }

  window.FabriqueRevision = { schedule: schedule, parseTime: parseTime, dayNumber: dayNumber,
    inDaysWords: inDaysWords, INTERVALS: INTERVALS };

  /* ---------------------------------------------------------------- la page */

  var root = document.getElementById("fc-revision");
  if (!root) return;

  function clock() {
    var hook = window.fabriqueNow;
    if (typeof hook === "function") hook = hook();
    if (hook instanceof Date) return hook;
    if (typeof hook === "string" && parseTime(hook) !== null) return hook;
    var match = /[?&]maintenant=([^&#]*)/.exec(window.location.search);
    if (match) {
      var given = decodeURIComponent(match[1].replace(/\+/g, " "));
      if (parseTime(given) !== null) return given;
    }
    return new Date();
  }

  /* The answers fabrique-course.js keeps, as it exports them (its own reading: an older
     version upgraded, a damaged store set aside); read only, never written here. */
  function stored() {
    var doc = null;
    try { doc = window.FabriqueCourse ? window.FabriqueCourse.exportDocument() : null; }
    catch (e) { doc = null; }
    return { events: doc && Array.isArray(doc.events) ? doc.events : [],
      exercises: doc && Array.isArray(doc.exercises) ? doc.exercises : [] };
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  var info = {};
  try { info = JSON.parse(root.querySelector("script.fc-revision-donnees").textContent); }
  catch (e) { info = { catalogue: [], titles: {} }; }
  var data = stored();
  var opened = data.events.concat(data.exercises).filter(function (x) {
    return x && typeof x.notebook === "string";
  }).map(function (x) { return x.notebook; });
  var size = Number(root.getAttribute("data-n")) || DEFAULT_SIZE;
  var session = schedule(data.events, info.catalogue || [], clock(), size, opened);

  var head = root.querySelector(".fc-revision-entete");
  head.textContent = "";
  var missed = session.items.filter(function (i) { return i.reason === "missed"; }).length;
  var due = session.items.length - missed;
  var lines = [];
  if (!session.items.length) {
    if (!Object.keys(session.cards).length) {
      lines.push("Rien à revoir pour l'instant : une question revient ici une fois que vous y "
        + "avez répondu dans une leçon (les questions manquées d'abord, puis celles dont le "
        + "jour de révision est venu).");
    } else {
      lines.push("Rien à revoir aujourd'hui : toutes vos réponses sont justes et aucune "
        + "question n'est encore due.");
      if (session.plan.length) lines.push("Prochaine question à revoir : " + inDaysWords(session.plan[0][0]) + ".");
    }
  } else {
    var parts = [];
    if (missed) parts.push(missed + " manquée(s) la dernière fois");
    if (due) parts.push(due + " à revoir aujourd'hui");
    lines.push("Séance de révision : " + session.items.length + " question(s) (" + parts.join(", ")
      + "), prises dans vos leçons à tour de rôle.");
    if (session.left_today) {
      lines.push("Encore " + session.left_today + " question(s) à revoir aujourd'hui après cette "
        + "séance : rechargez la page quand vous aurez fini.");
    }
  }
  if (session.plan.length) {
    lines.push("À venir : " + session.plan.map(function (p) {
      return inDaysWords(p[0]) + " : " + p[1];
    }).join(", ") + ".");
  }
  lines.forEach(function (line) { head.appendChild(el("p", line)); });

  var list = root.querySelector(".fc-revision-seance");
  session.items.forEach(function (item, k) {
    var key = item.notebook + "/" + item.question_id;
    var block = root.querySelector('[data-fc-revision-question="' + key.replace(/"/g, "") + '"]');
    if (!block) return;
    var reason = block.querySelector(".fc-revision-raison");
    reason.textContent = "";
    reason.appendChild(el("strong", (k + 1) + ". " + ((info.titles || {})[item.notebook] || item.notebook)
      + " — " + why(item)));
    block.setAttribute("data-raison", item.reason);
    var form = block.querySelector("form.fc-question");
    if (form) {  /* fabrique-course.js put the last answer back: a review starts blank */
      form.reset();
      form.removeAttribute("data-state");
      var zone = form.querySelector("[role=status]");
      if (zone) zone.textContent = "";
    }
    list.appendChild(block);
    block.hidden = false;
  });
  root.setAttribute("data-fc-seance", session.items.map(function (i) {
    return i.notebook + "/" + i.question_id;
  }).join(" "));
})();
