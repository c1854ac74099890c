(function () {
  "use strict";
  var queries = JSON.parse(document.getElementById("queries").textContent);
  var named = document.getElementById("named");
  var editor = document.getElementById("editor");
  var description = document.getElementById("description");
  var statusLine = document.getElementById("status");
  var errorBox = document.getElementById("error");
  var results = document.getElementById("results");

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

  function cell(term) {
    if (!term) { return ""; }
    return term.value;
  }

  function table(data) {
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    data.head.vars.forEach(function (v) {
      var th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    });
    var body = t.createTBody();
    data.results.bindings.forEach(function (b) {
      var row = body.insertRow();
      data.head.vars.forEach(function (v) {
        var td = row.insertCell();
        td.textContent = cell(b[v]);
        if (b[v] && b[v].type === "uri") { td.className = "iri"; }
      });
    });
    return t;
  }

  function run() {
    var started = performance.now();
    errorBox.textContent = "";
    results.textContent = "";
    statusLine.textContent = "running…";
    fetch("sparql", {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: new URLSearchParams({query: editor.value})
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      return response.text().then(function (text) { return {ok: response.ok, status: response.status, type: type, text: text}; });
    }).then(function (r) {
      var seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!r.ok) {
        statusLine.textContent = "error " + r.status + " after " + seconds + " s";
        errorBox.textContent = r.text;
        return;
      }
      if (r.type.indexOf("application/sparql-results+json") === 0) {
        var data = JSON.parse(r.text);
        if (typeof data.boolean === "boolean") {
          statusLine.textContent = "answer: " + data.boolean + " (" + seconds + " s)";
          return;
        }
        var n = data.results.bindings.length;
        statusLine.textContent = n + " row" + (n === 1 ? "" : "s") + " in " + seconds + " s";
        results.appendChild(table(data));
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
  document.getElementById("run").addEventListener("click", run);
  editor.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  if (queries.length) { named.value = queries[0].name; pick(queries[0].name); }
}());
