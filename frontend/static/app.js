// Laufbahn – progressive enhancement only: every page works without this
// file. It adds suggestions while typing to search boxes marked with
// data-suggest, and updates result lists marked with data-live without a
// reload. No framework, no build step, no inline script.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "de";
  var kindName = {
    de: { roles: "Beruf", jobs: "Job", courses: "Weiterbildung" },
    en: { roles: "Role", jobs: "Job", courses: "Training" }
  }[lang] || {};

  function debounce(fn, ms) {
    var t;
    return function () {
      var args = arguments, self = this;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  // Suggestions: a combobox with a listbox (ARIA 1.2 pattern).
  function suggest(input) {
    var list = document.getElementById(input.getAttribute("data-suggest"));
    if (!list) return;
    var items = [], active = -1, controller = null;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(it) {
      if (it.href) { location.href = it.href; return; }
      input.value = it.fill;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function mark(i) {
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0) input.setAttribute("aria-activedescendant", items[i].id);
    }
    function render(groups) {
      list.innerHTML = "";
      items = [];
      groups.forEach(function (g) {
        g.items.forEach(function (it) {
          var li = document.createElement("li");
          li.id = list.id + "-" + items.length;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          li.textContent = it.title;
          if (g.kind) {
            var k = document.createElement("span");
            k.className = "kind";
            k.textContent = kindName[g.kind] || g.kind;
            li.appendChild(k);
          }
          li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(it); });
          li.chosen = it;
          list.appendChild(li);
          items.push(li);
        });
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }
    // A box with data-suggest-field ("q" for Was, "where" for Wo) is filled
    // with the chosen words from the job search's own suggestions; any
    // other box jumps to the chosen role, job or course.
    var field = input.getAttribute("data-suggest-field");
    var fetchFill = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch("/api/v1/search/suggest?limit=8&field=" + encodeURIComponent(field) + "&lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q), { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) {
          if (!d) return;
          render([{ kind: "", items: (d.items || []).map(function (x) { return { title: x.text, fill: x.text }; }) }]);
        })
        .catch(function () {});
    }, 150);
    var fetchSuggestions = field ? fetchFill : debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch("/api/v1/search?limit=3&lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q), { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) {
          if (!d) return;
          render([
            { kind: "roles", items: (d.roles.items || []).map(function (x) { return { title: x.title, href: "/berufe/" + x.slug }; }) },
            { kind: "jobs", items: (d.jobs.items || []).map(function (x) { return { title: x.title + (x.city ? " · " + x.city : ""), href: "/jobs/" + x.id }; }) },
            { kind: "courses", items: (d.courses.items || []).map(function (x) { return { title: x.title, href: "/weiterbildung/" + x.slug }; }) }
          ]);
        })
        .catch(function () {});
    }, 150);

    input.addEventListener("input", fetchSuggestions);
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); mark(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active].chosen); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  // Live results: a GET form marked data-live updates the element named by
  // its data-live attribute when a filter changes, and keeps the URL true.
  function live(form) {
    var target = document.getElementById(form.getAttribute("data-live"));
    if (!target) return;
    var controller = null;
    function update(url, push) {
      if (controller) controller.abort();
      controller = new AbortController();
      target.setAttribute("aria-busy", "true");
      fetch(url, { signal: controller.signal, headers: { Accept: "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          target.removeAttribute("aria-busy");
          if (html === null) { location.href = url; return; }
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById(target.id);
          if (!fresh) { location.href = url; return; }
          var focused = document.activeElement && target.contains(document.activeElement) ? document.activeElement.id : "";
          target.innerHTML = fresh.innerHTML;
          var again = focused && document.getElementById(focused);
          if (again) again.focus();
          if (push) history.pushState({ live: true }, "", url);
          document.title = doc.title;
          var status = document.getElementById(form.getAttribute("data-status"));
          if (status) status.textContent = (doc.getElementById(status.id) || {}).textContent || "";
        })
        .catch(function () {});
    }
    function formURL() {
      var params = new URLSearchParams(new FormData(form));
      var keep = new URLSearchParams();
      params.forEach(function (v, k) { if (v !== "") keep.append(k, v); });
      var qs = keep.toString();
      return form.getAttribute("action") + (qs ? "?" + qs : "");
    }
    form.addEventListener("change", function (e) {
      if (e.target.matches("input[type=checkbox], input[type=radio], select")) update(formURL(), true);
    });
    window.addEventListener("popstate", function () { update(location.pathname + location.search, false); });
  }

  document.querySelectorAll("input[data-suggest]").forEach(suggest);
  document.querySelectorAll("form[data-live]").forEach(live);
})();

/* saved searches (learner_account.go): "Suche speichern" on /jobs sends the
   search the address shows, which live filtering keeps true. */
(function () {
  "use strict";
  var skip = ["page", "sort", "understand", "lang"];
  document.querySelectorAll("form[data-save-search]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input[data-query]").forEach(function (i) { i.remove(); });
      new URLSearchParams(location.search).forEach(function (v, k) {
        if (v === "" || skip.indexOf(k) >= 0) return;
        var i = document.createElement("input");
        i.type = "hidden"; i.name = k; i.value = v; i.setAttribute("data-query", "");
        form.appendChild(i);
      });
    });
  });
})();
/* employer dashboard and posting editor */
// The posting editor's live quality check: a form marked data-check posts
// its fields (with the CSRF token as header) to that address while the
// employer types, debounced, and puts the content of each element of the
// answer (an HTML fragment) into the editor's element with the same id:
// the warnings next to each field, the summary and the description preview.
(function () {
  "use strict";
  document.querySelectorAll("form[data-check]").forEach(function (form) {
    var url = form.getAttribute("data-check"), controller = null, timer = null;
    var token = form.querySelector("input[name=_csrf]");
    function check() {
      if (controller) controller.abort();
      controller = new AbortController();
      var body = new URLSearchParams(new FormData(form));
      fetch(url, { method: "POST", body: body, signal: controller.signal, credentials: "same-origin",
        headers: { "X-Csrf-Token": token ? token.value : "", Accept: "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) return;
          var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
          doc.body.querySelectorAll("[id]").forEach(function (fresh) {
            var el = document.getElementById(fresh.id);
            if (el && el.innerHTML !== fresh.innerHTML) el.innerHTML = fresh.innerHTML;
          });
          form.setAttribute("data-checked", String(Date.now()));
        })
        .catch(function () {});
    }
    function later() { clearTimeout(timer); timer = setTimeout(check, 400); }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  });
})();
/* <<< employer dashboard and posting editor */
/* a learner and the jobs (learner_apply.go) */
// In-place forms: a POST form marked data-inplace="ID" (the job page's
// "Stelle merken") is sent with fetch; the page the server redirects to
// after the POST (the same page with its notice) gives the new element ID
// and the notice, so nothing reloads. Without JavaScript, or when anything
// fails, the form is sent as usual.
(function () {
  "use strict";
  function bind(form) {
    form.addEventListener("submit", function (e) {
      var target = document.getElementById(form.getAttribute("data-inplace"));
      if (!target || !window.fetch || !window.DOMParser) return;
      e.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      // getAttribute: the field named "action" shadows form.action.
      fetch(form.getAttribute("action"), { method: "POST", body: new URLSearchParams(new FormData(form)), headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          var doc = html && new DOMParser().parseFromString(html, "text/html");
          var fresh = doc && doc.getElementById(target.id);
          if (!fresh) { HTMLFormElement.prototype.submit.call(form); return; }
          target.replaceWith(fresh);
          fresh.querySelectorAll("form[data-inplace]").forEach(bind);
          var note = doc.querySelector(".flash"), old = document.querySelector("main .flash");
          if (note) {
            if (old) { old.textContent = note.textContent; }
            else {
              var wrap = document.createElement("div");
              wrap.className = "wrap";
              wrap.appendChild(note);
              var main = document.getElementById("main");
              if (main) main.insertBefore(wrap, main.firstChild);
            }
          }
          var again = fresh.querySelector("form[data-inplace] button[type=submit]");
          if (again) again.focus();
        })
        .catch(function () { HTMLFormElement.prototype.submit.call(form); });
    });
  }
  document.querySelectorAll("form[data-inplace]").forEach(bind);
})();
/* learner pages (learner_paths.go, learner_skills.go, learner_suggest.go) */
// In-place updates: a POST form marked data-update="ID" (a step's forms, a
// skill's rating, the suggested raises) is sent with fetch, with the
// pressed button's value and the form's CSRF field; the page the server
// answers with (after its redirect, or the form again with its errors)
// gives the new element ID, the notice, the address and the title. Focus
// goes to the first wrong field, else to the element named by data-focus.
// Without JavaScript, or when anything fails, the form is sent as usual.
(function () {
  "use strict";
  function notice(doc) {
    var note = doc.querySelector("main .flash"), old = document.querySelector("main .flash");
    if (!note) { if (old) old.textContent = ""; return; }
    if (!old) {
      var wrap = document.createElement("div");
      wrap.className = "wrap";
      old = document.createElement("p");
      old.className = "flash";
      old.setAttribute("role", "status");
      wrap.appendChild(old);
      var main = document.getElementById("main");
      if (main) main.insertBefore(wrap, main.firstChild);
    }
    old.textContent = note.textContent;
  }
  function bind(form) {
    form.addEventListener("submit", function (e) {
      var target = document.getElementById(form.getAttribute("data-update"));
      if (!target || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
      e.preventDefault();
      var body = new URLSearchParams(new FormData(form));
      var button = e.submitter;
      if (button && button.name) body.append(button.name, button.value);
      // Send the form as usual, with the pressed button's value.
      function fallback() {
        target.removeAttribute("aria-busy");
        if (button && button.name) {
          var i = document.createElement("input");
          i.type = "hidden"; i.name = button.name; i.value = button.value;
          form.appendChild(i);
        }
        HTMLFormElement.prototype.submit.call(form);
      }
      target.setAttribute("aria-busy", "true");
      fetch(form.action, { method: "POST", body: body, headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok && r.status !== 422) return null;
          return r.text().then(function (html) { return { url: r.redirected ? r.url : "", html: html }; });
        })
        .then(function (res) {
          var doc = res && new DOMParser().parseFromString(res.html, "text/html");
          var fresh = doc && doc.getElementById(target.id);
          if (!fresh) { fallback(); return; }
          target.replaceWith(fresh);
          fresh.querySelectorAll("form[data-update]").forEach(bind);
          notice(doc);
          document.title = doc.title;
          if (res.url && res.url.indexOf(location.origin + "/mein-bereich") === 0) {
            history.replaceState(null, "", res.url);
          }
          var focus = fresh.querySelector("[autofocus]");
          if (!focus && res.url && res.url.indexOf("vorschlaege=") > 0) focus = document.getElementById("vorschlaege");
          if (!focus) focus = document.getElementById(form.getAttribute("data-focus") || "");
          if (focus) {
            if (!focus.matches("a, button, input, select, textarea, [tabindex]")) focus.setAttribute("tabindex", "-1");
            focus.focus();
          }
        })
        .catch(fallback);
    });
  }
  document.querySelectorAll("form[data-update]").forEach(bind);
})();
/* <<< learner pages */
/* admin: the content editor's rows (/admin/inhalte/...). Without this
   file the "Weitere Zeile" and "Entfernen" buttons submit the form and
   the server draws it again with a row more or less; with it, rows are
   added from the list's <template> and removed in place. */
(function () {
  "use strict";
  // fill replaces the list's index placeholder in names, ids and labels,
  // also inside nested lists' templates (their content is not in the DOM).
  function fill(root, ph, n) {
    root.querySelectorAll("*").forEach(function (el) {
      ["name", "id", "for", "aria-describedby", "value", "data-list"].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v && v.indexOf(ph) >= 0 && (a !== "value" || el.name === "_remove" || el.name === "_add")) el.setAttribute(a, v.split(ph).join(n));
      });
      if (el.tagName === "TEMPLATE") fill(el.content, ph, n);
    });
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("button[data-add], button[data-remove]") : null;
    if (!btn || !btn.form || !btn.form.classList.contains("cform")) return;
    ev.preventDefault();
    if (btn.hasAttribute("data-remove")) {
      var row = btn.closest(".crow, fieldset.bilingual, fieldset.checks");
      var list = row && row.closest(".clist");
      if (!row) return;
      row.remove();
      var add = list && list.querySelector(":scope > p > button[data-add]");
      if (add) add.focus();
      return;
    }
    var clist = btn.closest(".clist");
    var tpl = clist && clist.querySelector(":scope > template");
    if (!tpl) return;
    var n = parseInt(clist.getAttribute("data-next"), 10) || 0;
    clist.setAttribute("data-next", String(n + 1));
    var frag = tpl.content.cloneNode(true);
    fill(frag, clist.getAttribute("data-ph"), String(n));
    var first = frag.querySelector("input, select, textarea");
    clist.querySelector(":scope > .crows").appendChild(frag);
    if (first) document.getElementById(first.id).focus();
  });
})();
/* <<< admin */

/* file size: a chosen file over data-max-bytes is refused before sending,
   with the message next to the field (the server cuts off bodies far over
   its limit before any page can answer) */
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var msg = input.getAttribute("data-too-large");
    var errId = input.id + "-size-error";
    input.addEventListener("change", function () {
      var f = input.files && input.files[0];
      var old = document.getElementById(errId);
      if (old) old.remove();
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== errId; });
      if (f && f.size > max) {
        var p = document.createElement("p");
        p.className = "field-error";
        p.id = errId;
        p.textContent = msg;
        input.parentNode.insertBefore(p, input);
        described.push(errId);
        input.setAttribute("aria-invalid", "true");
        input.setCustomValidity(msg);
      } else {
        input.removeAttribute("aria-invalid");
        input.setCustomValidity("");
      }
      input.setAttribute("aria-describedby", described.join(" "));
    });
  });
})();
