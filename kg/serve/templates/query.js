// The query page of kg serve: pick a named query or write one, run it against /sparql, read the
// result as a table (IRIs as prefixed names that open their DESCRIBE) or a graph, download it as
// CSV. Everything that comes from the store is shown with textContent: it is never markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("page-data").textContent);
  var queries = data.queries;
  var prefixes = Object.keys(data.prefixes).map(function (p) { return [p, data.prefixes[p]]; })
    .sort(function (a, b) { return b[1].length - a[1].length; });  // the longest namespace wins
  var named = document.getElementById("named");
  var editor = document.getElementById("editor");
  var description = document.getElementById("description");
  var statusLine = document.getElementById("status");
  var errorBox = document.getElementById("error");
  var results = document.getElementById("results");
  var download = document.getElementById("download");
  var NUMBER = /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;
  var NUMERIC = /#(integer|decimal|double|float|long|int|short|nonNegativeInteger|positiveInteger)$/;

  queries.forEach(function (q) {
    var option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.name;
    named.appendChild(option);
  });

  function pick(name) {
    var q = queries.filter(function (x) { return x.name === name; })[0];
    description.textContent = q ? q.description : "";
    if (q) { editor.value = q.text; }
  }
  named.addEventListener("change", function () { pick(named.value); });

  function compact(iri) {
    for (var i = 0; i < prefixes.length; i++) {
      var ns = prefixes[i][1];
      if (iri.length > ns.length && iri.lastIndexOf(ns, 0) === 0) { return prefixes[i][0] + ":" + iri.slice(ns.length); }
    }
    return iri;
  }

  function describeQuery(iri) { return "DESCRIBE <" + iri + ">"; }

  function pageLink(query) { return "?" + new URLSearchParams({query: query}).toString(); }

  function cell(td, term) {
    if (!term) { return; }
    td.dataset.value = term.value;
    if (term.type === "uri") {
      var a = document.createElement("a");
      a.className = "iri";
      a.textContent = compact(term.value);
      a.title = term.value + " (click: DESCRIBE it)";
      a.href = pageLink(describeQuery(term.value));
      a.addEventListener("click", function (e) {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) { return; }  // a new tab opens the link itself
        e.preventDefault();
        show(describeQuery(term.value), true);
      });
      td.appendChild(a);
      td.className = "iri";
      return;
    }
    if ((term.datatype && NUMERIC.test(term.datatype)) || NUMBER.test(term.value)) {
      td.className = "number";
      td.textContent = term.value;
    } else if (term.value.length <= 60 && !/\s/.test(term.value)) {
      td.className = "token";  // an id, a date, a kind: one piece, never wrapped (not even at its hyphens)
      td.textContent = term.value;
    } else if (term.value.length <= 60) {
      td.className = "words";  // a name: wraps between its words if it must
      td.textContent = term.value;
    } else {
      // A text wraps between words, within a column of readable width (table cells ignore max-width).
      var text = document.createElement("div");
      text.className = "text";
      text.textContent = term.value;
      td.appendChild(text);
    }
  }

  function table(result) {
    var wrap = document.createElement("div");
    wrap.className = "scroll";
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    result.head.vars.forEach(function (v) {
      var th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    });
    var body = t.createTBody();
    result.results.bindings.forEach(function (b) {
      var row = body.insertRow();
      result.head.vars.forEach(function (v) { cell(row.insertCell(), b[v]); });
    });
    wrap.appendChild(t);
    return wrap;
  }

  function ask(accept) {
    return fetch("sparql", {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
      body: new URLSearchParams({query: editor.value})
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      return response.text().then(function (text) { return {ok: response.ok, status: response.status, type: type, text: text}; });
    });
  }

  function run() {
    var started = performance.now();
    errorBox.textContent = "";
    results.textContent = "";
    download.disabled = true;
    statusLine.textContent = "running…";
    ask("application/sparql-results+json, text/turtle;q=0.9").then(function (r) {
      var seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!r.ok) {
        statusLine.textContent = "error " + r.status + " after " + seconds + " s";
        errorBox.textContent = r.text;
        return;
      }
      if (r.type.indexOf("application/sparql-results+json") === 0) {
        var result = JSON.parse(r.text);
        if (typeof result.boolean === "boolean") {
          statusLine.textContent = "answer: " + result.boolean + " (" + seconds + " s)";
          return;
        }
        var n = result.results.bindings.length;
        statusLine.textContent = n.toLocaleString("en") + " row" + (n === 1 ? "" : "s") + " in " + seconds + " s";
        results.appendChild(table(result));
        download.disabled = false;
      } else {
        var pre = document.createElement("pre");
        pre.id = "graph";
        pre.textContent = r.text;
        statusLine.textContent = "graph in " + seconds + " s";
        results.appendChild(pre);
      }
    }).catch(function (e) {
      statusLine.textContent = "";
      errorBox.textContent = "the server did not answer: " + e;
    });
  }

  function show(query, remember) {
    editor.value = query;
    named.value = "";
    description.textContent = "";
    if (remember) { history.pushState({query: query}, "", pageLink(query)); }
    run();
  }

  download.addEventListener("click", function () {
    statusLine.textContent = "preparing the CSV…";
    ask("text/csv").then(function (r) {
      if (!r.ok) { errorBox.textContent = r.text; return; }
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([r.text], {type: "text/csv"}));
      a.download = (named.value || "result") + ".csv";
      document.body.appendChild(a);
      a.click();
      a.remove();
      statusLine.textContent = "downloaded " + a.download;
    });
  });
  document.getElementById("run").addEventListener("click", function () { run(); });
  editor.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  window.addEventListener("popstate", function (e) {
    if (e.state && e.state.query) { editor.value = e.state.query; run(); }
  });
  var given = new URLSearchParams(location.search).get("query");
  if (given) {
    show(given, false);
  } else if (queries.length) {
    named.value = queries[0].name;
    pick(queries[0].name);
  }
}());
