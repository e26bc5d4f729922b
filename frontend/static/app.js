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
