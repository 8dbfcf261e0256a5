/* Telusur: small enhancements; every page works without this file.
 * - the person filter box narrows the person list as you type, and asks
 *   /api/facets/person for matching people that are not listed;
 * - the date histogram names the bar under the pointer or the focus;
 * - "/" jumps to the search box.
 * Text from the server is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";

  /* Lower case without accents, for matching names. */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  /* The server's rule: the whole name or one of its words starts with the prefix. */
  function matches(name, prefix) {
    if (!prefix) return true;
    var folded = fold(name);
    if (folded.indexOf(prefix) === 0) return true;
    return folded.split(/\s+/).some(function (word) { return word.indexOf(prefix) === 0; });
  }

  function formatCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  /* A link to the current search with one more person ticked (first page, no pq). */
  function personHref(value) {
    var params = new URLSearchParams(window.location.search);
    params.delete("page");
    params.delete("pq");
    if (params.getAll("person").indexOf(value) === -1) params.append("person", value);
    return "/?" + params.toString();
  }

  function facetItem(value) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.className = "facet-value" + (value.selected ? " selected" : "");
    a.href = personHref(value.value);
    a.dataset.value = value.value;
    var box = document.createElement("span");
    box.className = "box";
    box.setAttribute("aria-hidden", "true");
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = value.label;
    var count = document.createElement("span");
    count.className = "count";
    count.textContent = formatCount(value.count);
    count.setAttribute("aria-label", formatCount(value.count) + " artikel");
    a.append(box, name, count);
    li.append(a);
    return li;
  }

  function setupPersonFilter() {
    var form = document.querySelector("#facet-person .facet-search");
    var input = document.getElementById("pq");
    var list = document.getElementById("person-list");
    if (!form || !input || !list) return;
    var details = list.querySelector("details.more");
    var live = list.querySelector(".live-matches");
    var none = list.querySelector(".live-none");
    var api = form.dataset.api;
    var wasOpen = details ? details.open : false;
    var timer = null;
    var sequence = 0;

    function listed() {
      return Array.prototype.slice.call(list.querySelectorAll("ul:not(.live-matches) a.facet-value"));
    }

    function fetchMore(prefix, shown) {
      var mine = ++sequence;
      var url = new URL(api, window.location.href);
      url.searchParams.set("prefix", prefix);
      url.searchParams.set("limit", "20");
      fetch(url.toString(), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (mine !== sequence || !body || !Array.isArray(body.values)) return;
          var extra = body.values.filter(function (v) { return !shown.has(v.value); });
          live.replaceChildren.apply(live, extra.map(facetItem));
          live.hidden = extra.length === 0;
          none.hidden = shown.size > 0 || extra.length > 0;
        })
        .catch(function () { /* the listed values stay; the form still works */ });
    }

    function filter() {
      var prefix = fold(input.value);
      var shown = new Set();
      listed().forEach(function (a) {
        var ok = matches(a.dataset.value, prefix);
        a.parentElement.hidden = !ok;
        if (ok) shown.add(a.dataset.value);
      });
      if (details) details.open = prefix ? true : wasOpen;
      if (details) details.querySelector("summary").hidden = Boolean(prefix);
      window.clearTimeout(timer);
      sequence++;
      if (!prefix) {
        live.replaceChildren();
        live.hidden = true;
        none.hidden = true;
        return;
      }
      none.hidden = shown.size > 0;
      live.replaceChildren();
      live.hidden = true;
      if (api) timer = window.setTimeout(function () { fetchMore(prefix, shown); }, 200);
    }

    if (details) details.addEventListener("toggle", function () { if (!input.value.trim()) wasOpen = details.open; });
    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) { input.value = ""; filter(); }
    });
    if (input.value) filter();
  }

  function setupHistogram() {
    var caption = document.querySelector(".histogram-caption");
    var histogram = document.querySelector(".histogram");
    if (!caption || !histogram) return;
    var resting = caption.textContent;
    function show(event) {
      var target = event.target.closest("[data-label]");
      if (target) caption.textContent = target.dataset.label;
    }
    function reset() { caption.textContent = resting; }
    histogram.addEventListener("mouseover", show);
    histogram.addEventListener("focusin", show);
    histogram.addEventListener("mouseleave", reset);
    histogram.addEventListener("focusout", reset);
  }

  function setupShortcut() {
    var box = document.getElementById("q");
    if (!box) return;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var active = document.activeElement;
      if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
      event.preventDefault();
      box.focus();
      box.select();
    });
  }

  function start() {
    setupPersonFilter();
    setupHistogram();
    setupShortcut();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
