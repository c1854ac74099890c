/* kg explorer: search, filters, focus and provenance over the graph that vis-network draws.
 *
 * Everything shown comes from the JSON block #kg-data and is written with textContent, as SVG
 * text or on the canvas (vis-network shows string tooltips as text): nothing that comes from an
 * article is ever parsed as markup. Positions come with the data, so the browser lays nothing out.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var N = data.nodes.length, E = data.edges.length;
  var kinds = {};
  data.kinds.forEach(function (k) { kinds[k.kind] = k; });
  var FAMILIES = [["role", "Roles"], ["quote", "Quotations"], ["attack", "Attacks"], ["figure", "Figures"]];
  var EDGE_COLOURS = { role: "#5b6c8f", quote: "#8d99ae", attack: "#9b2226", figure: "#c98a1b" };

  // -- small helpers ------------------------------------------------------------------------------

  function $(id) { return document.getElementById(id); }

  /* An element with text content and children; never innerHTML. */
  function h(tag, props, children) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (p) {
      var v = props[p];
      if (p === "text") e.textContent = v;
      else if (p === "class") e.className = v;
      else if (p === "colour") e.style.color = v;
      else if (p === "background") e.style.background = v;
      else if (p.slice(0, 2) === "on") e.addEventListener(p.slice(2), v);
      else e.setAttribute(p, v);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

  function plural(n, one, many) { return n.toLocaleString("en") + " " + (n === 1 ? one : many); }

  /* Lower case, no accents, letters and digits separated by single spaces (as kg.resolve.names.fold). */
  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['\u2019]s\b/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  /* Binary search in a sorted array of numbers. */
  function has(sorted, x) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === x) return true;
      if (sorted[mid] < x) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }

  function articleDate(a) { return data.articles[a][2]; }

  // -- the network --------------------------------------------------------------------------------

  function nodeTooltip(n) {
    var k = kinds[n.k];
    var words = n.k === "date" ? plural(n.s, "report of attacks", "reports of attacks")
      : n.k === "quote" || n.k === "figure" ? "reported by " + plural(n.s, "article", "articles")
      : "named in " + plural(n.s, "article", "articles");
    return (n.k === "quote" ? "\u201c" + n.l + "\u2026\u201d" : n.l) + "\n" + k.one + ", " + words;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n, i) {
    var k = kinds[n.k];
    return {
      id: i, x: n.x, y: n.y, shape: k.shape, size: n.z, title: nodeTooltip(n),
      // The label and its size come with the layout, which left room for exactly this label.
      label: n.t,
      color: { background: k.colour, border: k.colour, highlight: { background: k.colour, border: "#000" },
               hover: { background: k.colour, border: "#000" } },
      font: n.k === "quote" ? { size: n.fs, color: "#444" } : { size: n.fs }
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, j) {
    return {
      id: j, from: e.f, to: e.t, label: e.l, arrows: "to", color: { color: EDGE_COLOURS[e.k], opacity: 0.7 },
      title: data.nodes[e.f].l + " \u2192 " + e.l + " \u2192 " + data.nodes[e.t].l +
        (e.x.length > 1 ? "\n" + plural(e.x.length, "fact", "facts") : "")
    };
  }));

  var showNode = new Uint8Array(N).fill(1), showEdge = new Uint8Array(E).fill(1);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return showNode[n.id] === 1; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return showEdge[e.id] === 1; } });
  var big = N > 500;
  var network = new vis.Network($("graph"), { nodes: nodeView, edges: edgeView }, {
    autoResize: true,
    physics: { enabled: false },  // positions come with the data: nothing to simulate, at any size
    layout: { improvedLayout: false },
    interaction: { hover: N <= 2000, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: N > 2000,
                   multiselect: false, keyboard: false },
    nodes: { borderWidth: 1, font: { size: 14, strokeWidth: 3, strokeColor: "#ffffff" } },
    // Edge labels ("mayor of", "said") show once zoomed in far enough to read them, not over the names.
    edges: { smooth: false, width: 1, selectionWidth: 2, arrows: { to: { enabled: true, scaleFactor: 0.5 } },
             font: { size: 10, align: "middle", color: "#444", strokeWidth: 3, strokeColor: "#ffffff" },
             scaling: { label: { drawThreshold: 9 } } }
  });

  // -- filters, search and focus --------------------------------------------------------------------

  var adjacent = data.nodes.map(function () { return []; });
  data.edges.forEach(function (e, j) { adjacent[e.f].push(j); adjacent[e.t].push(j); });
  var names = data.nodes.map(function (n) { return [n.l].concat(n.alt).map(fold); });
  var state = { off: {}, article: -1, from: "", to: "", query: "", focus: -1, depth: 2 };

  function ranged() { return state.from !== "" || state.to !== ""; }
  function inRange(d) { return !!d && (!state.from || d >= state.from) && (!state.to || d <= state.to); }

  function nodePasses(i) {
    var n = data.nodes[i];
    if (state.off[n.k]) return false;
    if (state.article >= 0 && !has(n.a, state.article)) return false;
    if (!ranged()) return true;
    return n.k === "date" ? inRange(n.l) : n.a.some(function (a) { return inRange(articleDate(a)); });
  }

  function edgePasses(j) {
    if (state.article < 0 && !ranged()) return true;
    return data.edges[j].x.some(function (fi) {
      var f = data.facts[fi];
      if (state.article >= 0 && !has(f.a, state.article)) return false;
      if (!ranged()) return true;
      return f.d ? inRange(f.d) : f.a.some(function (a) { return inRange(articleDate(a)); });
    });
  }

  function matches(i, q) {
    return names[i].some(function (name) { return name.indexOf(q) >= 0; });
  }

  /* Which nodes and edges are shown: filters, then the focus's neighbourhood, then the search. */
  function recompute(fit) {
    var ok = new Uint8Array(N), okEdge = new Uint8Array(E), i, j;
    for (i = 0; i < N; i++) ok[i] = nodePasses(i) ? 1 : 0;
    if (state.focus >= 0) ok[state.focus] = 1;
    for (j = 0; j < E; j++) okEdge[j] = ok[data.edges[j].f] && ok[data.edges[j].t] && edgePasses(j) ? 1 : 0;
    var shown = ok;
    if (state.focus >= 0) {
      shown = new Uint8Array(N);
      shown[state.focus] = 1;
      var frontier = [state.focus];
      for (var d = 0; d < state.depth; d++) {
        var next = [];
        frontier.forEach(function (n) {
          adjacent[n].forEach(function (j) {
            if (!okEdge[j]) return;
            var other = data.edges[j].f === n ? data.edges[j].t : data.edges[j].f;
            if (!shown[other]) { shown[other] = 1; next.push(other); }
          });
        });
        frontier = next;
      }
    }
    var q = fold(state.query);
    if (q) {
      var found = new Uint8Array(N);
      for (i = 0; i < N; i++) {
        if (!shown[i] || !matches(i, q)) continue;
        found[i] = 1;
        adjacent[i].forEach(function (j) {
          var e = data.edges[j];
          if (okEdge[j] && shown[e.f] && shown[e.t]) { found[e.f] = 1; found[e.t] = 1; }
        });
      }
      shown = found;
    }
    showNode = shown;
    for (j = 0; j < E; j++) showEdge[j] = okEdge[j] && shown[data.edges[j].f] && shown[data.edges[j].t] ? 1 : 0;
    nodeView.refresh();
    edgeView.refresh();
    updateCount();
    if (fit && nodeView.length) network.fit({ nodes: nodeView.getIds(), animation: false });
  }

  function updateCount() {
    var n = nodeView.length, e = edgeView.length;
    $("count").textContent = (n === N ? plural(N, "node", "nodes") : n.toLocaleString("en") + " of " + plural(N, "node", "nodes")) +
      " and " + (e === E ? plural(E, "edge", "edges") : e.toLocaleString("en") + " of " + plural(E, "edge", "edges")) +
      " shown, from " + plural(data.articles.length, "article", "articles");
  }

  function focusOn(i) {
    state.focus = i;
    $("focus-text").textContent = "Focus: " + data.nodes[i].l;
    $("focus-bar").className = "row on";
    recompute(true);
    network.selectNodes([i]);
    showNodeDetails(i);
  }

  function unfocus() {
    state.focus = -1;
    $("focus-bar").className = "row";
    recompute(true);
  }

  // -- the side panel: facts and their sources -----------------------------------------------------------

  function source(s) {
    var a = data.articles[s[0]];
    var cite = (a[1] || "(untitled)") + " \u2014 " + (a[2] || "no date") + " \u00b7 " + a[0];
    var wording = s[2].map(function (w) { return w[0] + ": " + w[1]; }).join(" \u00b7 ");
    return h("div", { class: "source" }, [
      h("div", { class: "sentence", text: s[1] }),
      h("div", { class: "cite", text: cite + (wording ? " \u00b7 " + wording : "") })
    ]);
  }

  function factBlock(fi) {
    var f = data.facts[fi];
    var box = h("div", { class: "fact" }, [h("div", { class: "what", text: f.l })]);
    if (f.q) box.appendChild(h("blockquote", { text: f.q }));
    f.s.forEach(function (s) { box.appendChild(source(s)); });
    if (f.a.length > f.s.length) {
      box.appendChild(h("p", { class: "note", text: "Reported by " + plural(f.a.length, "article", "articles") +
        "; the first " + f.s.length + " shown." }));
    }
    return box;
  }

  function factsByFamily(box, facts, more, name) {
    FAMILIES.forEach(function (fam) {
      var mine = facts.filter(function (fi) { return data.facts[fi].k === fam[0]; });
      if (!mine.length) return;
      box.appendChild(h("h3", { text: fam[1] + " (" + mine.length + ")" }));
      mine.forEach(function (fi) { box.appendChild(factBlock(fi)); });
      if (more && more[fam[0]]) {
        box.appendChild(h("p", { class: "note", text: "and " + plural(more[fam[0]], "more", "more") +
          ", less reported: kg viz --focus \"" + name + "\" draws them, kg query " + fam[0] + "s lists them." }));
      }
    });
  }

  function showNodeDetails(i) {
    var n = data.nodes[i], k = kinds[n.k], box = $("details");
    clear(box);
    box.appendChild(h("h2", {}, [n.k === "quote" ? "Quotation" : n.l, " ",
      h("span", { class: "badge", background: k.colour, text: k.one })]));
    box.appendChild(h("p", { class: "note", text: nodeTooltip(n).split("\n")[1] }));
    if (n.alt.length) box.appendChild(h("p", { text: "Also written: " + n.alt.join(", ") }));
    if (n.k !== "date") box.appendChild(h("p", { class: "iri", text: n.key }));
    box.appendChild(h("div", {}, [
      h("button", { type: "button", text: "Focus on this", onclick: function () { focusOn(i); } }),
      h("button", { type: "button", text: "Zoom to it", onclick: function () { network.focus(i, { scale: 1.2 }); } })
    ]));
    factsByFamily(box, n.f, n.m, n.l);
    box.scrollTop = 0;
  }

  function showEdgeDetails(j) {
    var e = data.edges[j], box = $("details");
    clear(box);
    box.appendChild(h("h2", { text: data.nodes[e.f].l + " \u2192 " + e.l + " \u2192 " + data.nodes[e.t].l }));
    factsByFamily(box, e.x, null, data.nodes[e.f].l);
    box.scrollTop = 0;
  }

  network.on("click", function (p) {
    if (p.nodes.length) showNodeDetails(p.nodes[0]);
    else if (p.edges.length) showEdgeDetails(p.edges[0]);
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) focusOn(p.nodes[0]); });

  // -- controls ---------------------------------------------------------------------------------------

  function legend() {
    var counts = {};
    data.nodes.forEach(function (n) { counts[n.k] = (counts[n.k] || 0) + 1; });
    data.kinds.forEach(function (k) {
      var box = h("input", { type: "checkbox", value: k.kind });
      box.checked = true;
      box.addEventListener("change", function () { state.off[k.kind] = !box.checked; recompute(false); });
      $("legend").appendChild(h("label", { title: k.one }, [box, " ",
        h("span", { class: "glyph", colour: k.colour, text: k.glyph }), k.label + " (" + (counts[k.kind] || 0) + ")"]));
    });
  }

  var hiddenNames = null;  // folded names of the nodes not drawn, at the first search

  function results() {
    var list = $("results"), q = fold(state.query);
    clear(list);
    if (!q) return;
    var shown = 0;
    for (var i = 0; i < N && shown < 30; i++) {
      if (!matches(i, q)) continue;
      shown++;
      (function (i) {
        var n = data.nodes[i], k = kinds[n.k];
        list.appendChild(h("li", { onclick: function () { network.selectNodes([i]); network.focus(i, { scale: 1.2 }); showNodeDetails(i); } }, [
          h("span", { colour: k.colour, text: k.glyph + " " }), n.k === "quote" ? "\u201c" + n.l + "\u2026\u201d" : n.l,
          h("span", { class: "note", text: " " + k.one + (n.alt.length ? ", also " + n.alt.join(", ") : "") })]));
      })(i);
    }
    var off = 0;
    if (!hiddenNames) hiddenNames = data.hidden.map(function (x) { return [x[0]].concat(x[3]).map(fold); });
    data.hidden.forEach(function (x, i) {
      if (off >= 10 || !hiddenNames[i].some(function (name) { return name.indexOf(q) >= 0; })) return;
      off++;
      list.appendChild(h("li", { class: "off" }, [x[0] + " (" + kinds[x[1]].one + ", " + plural(x[2], "article", "articles") +
        ") is not drawn here: ", h("code", { text: "kg viz --focus \"" + x[0] + "\"" })]));
    });
    if (!shown && !off) list.appendChild(h("li", { class: "off", text: "No name contains \u201c" + state.query + "\u201d." }));
  }

  var searchTimer = 0;
  $("search").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () {
      state.query = $("search").value;
      results();
      recompute(!!fold(state.query));
    }, 120);
  });
  $("search").addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var q = fold($("search").value);
    for (var i = 0; i < N; i++) if (q && matches(i, q)) { $("search").value = ""; state.query = ""; results(); focusOn(i); return; }
  });

  // Thousands of articles make thousands of options: listed when the menu is first used, not at load.
  var articlesListed = false;
  function listArticles() {
    if (articlesListed) return;
    articlesListed = true;
    var select = $("article"), frag = document.createDocumentFragment();
    data.articles.forEach(function (a, i) {
      var title = a[1].length > 80 ? a[1].slice(0, 79) + "\u2026" : a[1];
      frag.appendChild(h("option", { value: String(i), text: (a[2] || "no date") + " \u00b7 " + (title || a[0]) }));
    });
    select.appendChild(frag);
  }
  $("article").addEventListener("focus", listArticles);
  $("article").addEventListener("pointerdown", listArticles);
  $("article").addEventListener("change", function () { state.article = +$("article").value; recompute(true); });

  function setDates(from, to) {
    state.from = from; state.to = to;
    $("from").value = from; $("to").value = to;
    timeline();
    recompute(false);
  }
  $("from").addEventListener("change", function () { setDates($("from").value, state.to); });
  $("to").addEventListener("change", function () { setDates(state.from, $("to").value); });
  $("clear-dates").addEventListener("click", function () { setDates("", ""); });
  $("depth").addEventListener("change", function () { state.depth = +$("depth").value; if (state.focus >= 0) recompute(true); });
  $("unfocus").addEventListener("click", unfocus);

  /* Attacks per day, one bar a day; a click on a bar shows that day. */
  function timeline() {
    var box = $("timeline");
    clear(box);
    var days = data.nodes.filter(function (n) { return n.k === "date"; });
    if (!days.length) return;
    var ns = "http://www.w3.org/2000/svg", day = 86400000;
    var t = function (iso) { return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / day; };
    var first = Math.min.apply(null, days.map(function (n) { return t(n.l); }));
    var last = Math.max.apply(null, days.map(function (n) { return t(n.l); }));
    var top = Math.max.apply(null, days.map(function (n) { return n.s; }));
    var width = 356, height = 34, span = last - first + 1, bar = Math.min(12, width / span);
    var step = span > 1 ? (width - bar) / (span - 1) : 0;
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " 46");
    days.forEach(function (n) {
      var r = document.createElementNS(ns, "rect"), hgt = Math.max(2, height * n.s / top);
      r.setAttribute("x", String((t(n.l) - first) * step));
      r.setAttribute("width", String(Math.max(1, bar - 0.5)));
      r.setAttribute("y", String(height - hgt));
      r.setAttribute("height", String(hgt));
      r.setAttribute("data-day", n.l);
      if (ranged() && !inRange(n.l)) r.setAttribute("class", "out");
      var tip = document.createElementNS(ns, "title");
      tip.textContent = n.l + ": " + plural(n.s, "report of attacks", "reports of attacks");
      r.appendChild(tip);
      r.addEventListener("click", function () { setDates(n.l, n.l); });
      svg.appendChild(r);
    });
    [[0, "start", days.reduce(function (a, n) { return n.l < a ? n.l : a; }, "9999")],
     [width, "end", days.reduce(function (a, n) { return n.l > a ? n.l : a; }, "")]].forEach(function (x) {
      var label = document.createElementNS(ns, "text");
      label.setAttribute("x", String(x[0])); label.setAttribute("y", "45");
      label.setAttribute("text-anchor", x[1]); label.setAttribute("class", "axis");
      label.textContent = x[2];
      svg.appendChild(label);
    });
    box.appendChild(svg);
  }

  function dateBounds() {
    var all = data.articles.map(function (a) { return a[2]; }).concat(
      data.nodes.filter(function (n) { return n.k === "date"; }).map(function (n) { return n.l; })).filter(Boolean).sort();
    if (!all.length) return;
    ["from", "to"].forEach(function (id) { $(id).min = all[0]; $(id).max = all[all.length - 1]; });
  }

  // -- start ------------------------------------------------------------------------------------------

  $("title").textContent = data.title;
  document.title = data.title;
  $("hidden").textContent = data.note;
  legend();
  timeline();
  dateBounds();
  updateCount();
  if (data.focus.length) {
    network.selectNodes(data.focus);
    showNodeDetails(data.focus[0]);
  }

  function ready() {
    // Marked once the first frame is drawn and the event loop is free again: the page answers input.
    setTimeout(function () {
      window.kgReady = performance.now();
      document.body.setAttribute("data-ready", "true");
    }, 0);
  }
  network.once("afterDrawing", ready);
  network.fit({ animation: false });

  window.kgExplorer = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, data: data,
    visibleNodes: function () { return nodeView.getIds(); },
    visibleEdges: function () { return edgeView.getIds(); },
    focusOn: focusOn, unfocus: unfocus
  };
})();
