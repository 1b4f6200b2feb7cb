// comention live: renders the state the server pushes over server-sent events. No polling, no reload,
// no third-party code. Text from the topics is only ever set as textContent, never parsed as HTML.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  const positions = new Map(); // entity id -> {x, y}: keeps the network still between updates
  let filter = entityFromHash();
  let source = null;
  let seenAlerts = null; // alert ids already shown, so only new ones flash

  function entityFromHash() {
    const m = /(?:^#|&)entity=([^&]*)/.exec(location.hash);
    return m ? decodeURIComponent(m[1]) : null;
  }

  function connect() {
    if (source) source.close();
    const url = "events" + (filter ? "?entity=" + encodeURIComponent(filter) : "");
    source = new EventSource(url);
    setConnection("connecting", "connecting…");
    source.addEventListener("open", () => setConnection("live", "live: updates arrive as they happen"));
    source.addEventListener("error", () => setConnection("down", "connection lost: reconnecting…"));
    source.addEventListener("state", (e) => render(JSON.parse(e.data)));
  }

  function setConnection(kind, text) {
    const el = $("connection");
    el.className = "connection " + kind;
    el.textContent = text;
  }

  function setFilter(id) {
    filter = id && id !== filter ? id : null;
    history.replaceState(null, "", filter ? "#entity=" + encodeURIComponent(filter) : location.pathname);
    seenAlerts = null;
    connect();
  }

  // ---- rendering ----

  function render(state) {
    renderCounters(state);
    renderFilter(state);
    renderAlerts(state);
    renderCombinations(state);
    renderNetwork(state.network);
    const topics = Object.entries(state.topics || {}).map(([t, s]) => t + ": " + s).join(" · ");
    $("topics").textContent = topics + (state.counters.unreadable ? " · unreadable records skipped: " + state.counters.unreadable : "");
    document.body.dataset.version = state.version;
  }

  function renderCounters(state) {
    const c = state.counters;
    $("articles-seen").textContent = number(c.articles_seen);
    $("articles-tagged").textContent = number(c.articles_tagged);
    $("dead-letters").textContent = number(c.dead_letters);
    $("latest-article").textContent = c.latest_article_time ? utc(c.latest_article_time) : "—";
  }

  function renderFilter(state) {
    const bar = $("filter");
    bar.hidden = !state.filter;
    if (state.filter) $("filter-name").textContent = state.filter.name;
  }

  function renderAlerts(state) {
    const list = $("alerts");
    const fresh = seenAlerts;
    seenAlerts = new Set();
    list.replaceChildren(...state.alerts.map((a) => {
      seenAlerts.add(a.alert_id);
      return alertItem(a, fresh !== null && !fresh.has(a.alert_id));
    }));
    $("alerts-empty").hidden = state.alerts.length > 0;
    $("alerts-empty").textContent = state.filter
      ? "No alert names " + state.filter.name + "."
      : "No alerts yet. They appear here the moment they reach the alerts topic.";
    $("alerts-note").textContent = state.alerts_matching > state.alerts.length
      ? "newest " + state.alerts.length + " of " + number(state.alerts_matching)
      : "";
  }

  function alertItem(a, isNew) {
    const li = el("li", "alert kind-" + a.kind + (isNew ? " fresh" : ""));
    li.dataset.alertId = a.alert_id;
    const head = el("div", "alert-head");
    head.append(el("span", "kind", a.kind.replace("_", " ")), el("span", "rule", a.rule || ""));
    head.append(el("span", "when", windowText(a.window_start, a.window_end)));
    li.append(head, entityChips(a.entities));
    li.append(el("p", "explanation", a.explanation));
    const figures = el("p", "figures");
    figures.append(el("strong", null, number(a.count)), text(" articles vs usual " + a.baseline.toFixed(1) + " · score " + a.score.toFixed(1)));
    li.append(figures);
    if (a.covers && a.covers.length) {
      const more = a.covers_total > a.covers.length ? " and " + (a.covers_total - a.covers.length) + " more" : "";
      li.append(el("p", "covers", "also: " + a.covers.join(" · ") + more));
    }
    if (a.articles.length) {
      const ul = el("ul", "headlines");
      for (const art of a.articles) {
        const item = el("li");
        const title = art.title || art.url || art.id;
        if (/^https?:\/\//i.test(art.url)) {
          const link = el("a", null, title);
          link.href = art.url;
          link.target = "_blank";
          link.rel = "noopener noreferrer";
          item.append(link);
        } else {
          item.append(text(title));
        }
        if (art.source) item.append(el("span", "source", " — " + art.source));
        ul.append(item);
      }
      li.append(ul);
    }
    return li;
  }

  function entityChips(entities) {
    const box = el("div", "entities");
    for (const e of entities) {
      const b = el("button", "entity" + (e.id === filter ? " selected" : ""), e.name);
      b.type = "button";
      b.dataset.entity = e.id;
      b.title = e.type + " " + e.id + ": click to show only what names it";
      b.addEventListener("click", () => setFilter(e.id));
      box.append(b);
    }
    return box;
  }

  function renderCombinations(state) {
    const box = $("horizons");
    box.replaceChildren(...state.horizons.map((h) => {
      const col = el("div", "horizon");
      col.append(el("h3", null, "last " + h));
      const table = el("table");
      table.id = "top-" + h;
      const rows = state.top[h] || [];
      for (const r of rows) {
        const tr = el("tr");
        tr.dataset.key = r.key;
        const names = el("td", "names");
        r.entities.forEach((e, i) => {
          if (i) names.append(text(" · "));
          const span = el("span", "name" + (e.id === filter ? " selected" : ""), e.name);
          span.dataset.entity = e.id;
          span.addEventListener("click", () => setFilter(e.id));
          names.append(span);
        });
        names.title = r.key + ": " + r.total + " articles in all, usually " + r.baseline.toFixed(1) + " per shortest horizon";
        const spark = el("td");
        spark.append(sparkline(r.history));
        tr.append(names, spark, el("td", "n", number(r.count)));
        table.append(tr);
      }
      if (!rows.length) {
        const tr = el("tr");
        tr.append(el("td", "empty", "nothing counted yet"));
        table.append(tr);
      }
      col.append(table);
      return col;
    }));
  }

  function sparkline(values) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "spark");
    svg.setAttribute("viewBox", "0 0 84 26");
    svg.setAttribute("aria-label", "recent counts: " + values.join(", "));
    const max = Math.max(1, ...values);
    const step = values.length > 1 ? 80 / (values.length - 1) : 0;
    const pts = values.map((v, i) => [2 + i * step, 23 - (v / max) * 20]);
    const line = document.createElementNS(SVG, "polyline");
    line.setAttribute("points", pts.map((p) => p[0].toFixed(1) + "," + p[1].toFixed(1)).join(" "));
    svg.append(line);
    const last = pts[pts.length - 1];
    if (last) {
      const dot = document.createElementNS(SVG, "circle");
      dot.setAttribute("cx", last[0]);
      dot.setAttribute("cy", last[1]);
      dot.setAttribute("r", 2.5);
      svg.append(dot);
    }
    return svg;
  }

  // ---- the co-mention network: a small force-directed layout, drawn as SVG ----

  function renderNetwork(net) {
    const svg = $("network");
    // draw in the element's own pixels so circles stay round and labels legible at any screen size
    const W = Math.max(320, Math.round(svg.clientWidth || 800)), H = Math.max(200, Math.round(svg.clientHeight || 480));
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    $("network-empty").hidden = net.nodes.length > 0;
    const ids = new Set(net.nodes.map((n) => n.id));
    for (const id of [...positions.keys()]) if (!ids.has(id)) positions.delete(id);
    const fresh = net.nodes.some((n) => !positions.has(n.id));
    const maxNode = Math.max(1, ...net.nodes.map((n) => n.articles));
    const maxEdge = Math.max(1, ...net.edges.map((e) => e.articles));
    const radius = (n) => 6 + 18 * Math.sqrt(n.articles / maxNode);
    layout(net.nodes, net.edges, W, H, fresh ? 300 : 40, radius);

    const near = new Set(filter ? [filter] : []);
    if (filter) for (const e of net.edges) {
      if (e.a === filter) near.add(e.b);
      if (e.b === filter) near.add(e.a);
    }
    svg.classList.toggle("filtered", !!filter && ids.has(filter));
    const edgeLayer = document.createElementNS(SVG, "g");
    for (const e of net.edges) {
      const a = positions.get(e.a), b = positions.get(e.b);
      const line = document.createElementNS(SVG, "line");
      line.setAttribute("class", "edge" + (filter && (e.a === filter || e.b === filter) ? " near" : ""));
      line.setAttribute("x1", a.x.toFixed(1));
      line.setAttribute("y1", a.y.toFixed(1));
      line.setAttribute("x2", b.x.toFixed(1));
      line.setAttribute("y2", b.y.toFixed(1));
      line.setAttribute("stroke-width", (1.5 + 9 * e.articles / maxEdge).toFixed(1));
      const t = document.createElementNS(SVG, "title");
      t.textContent = e.a + " + " + e.b + ": " + e.articles + " articles";
      line.append(t);
      edgeLayer.append(line);
    }
    const nodeLayer = document.createElementNS(SVG, "g");
    for (const n of net.nodes) {
      const p = positions.get(n.id);
      const g = document.createElementNS(SVG, "g");
      g.setAttribute("class", "node type-" + n.type + (n.id === filter ? " selected" : "") + (near.has(n.id) ? " near" : ""));
      g.dataset.entity = n.id;
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      const c = document.createElementNS(SVG, "circle");
      c.setAttribute("cx", p.x.toFixed(1));
      c.setAttribute("cy", p.y.toFixed(1));
      c.setAttribute("r", radius(n).toFixed(1));
      const title = document.createElementNS(SVG, "title");
      title.textContent = n.name + ": named in " + n.articles + " articles. Click to filter.";
      const label = document.createElementNS(SVG, "text");
      const right = p.x < W - 140;
      label.setAttribute("x", (p.x + (right ? 1 : -1) * (radius(n) + 4)).toFixed(1));
      label.setAttribute("y", (p.y + 5).toFixed(1));
      label.setAttribute("text-anchor", right ? "start" : "end");
      label.textContent = n.name;
      g.append(c, label, title);
      g.addEventListener("click", () => setFilter(n.id));
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") setFilter(n.id); });
      nodeLayer.append(g);
    }
    svg.replaceChildren(edgeLayer, nodeLayer);
  }

  function layout(nodes, edges, W, H, iterations, radius) {
    nodes.forEach((n, i) => {
      if (!positions.has(n.id)) {
        const angle = (hash(n.id) % 360) * Math.PI / 180;
        const r = 60 + (i % 5) * 30;
        positions.set(n.id, { x: W / 2 + r * Math.cos(angle), y: H / 2 + r * Math.sin(angle) });
      }
    });
    if (nodes.length < 2) {
      if (nodes.length) Object.assign(positions.get(nodes[0].id), { x: W / 2, y: H / 2 });
      return;
    }
    const k = Math.sqrt((W * H) / nodes.length) * 0.8;
    const pts = nodes.map((n) => positions.get(n.id));
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    for (let it = 0; it < iterations; it++) {
      const dx = new Float64Array(nodes.length), dy = new Float64Array(nodes.length);
      for (let i = 0; i < pts.length; i++) {
        for (let j = i + 1; j < pts.length; j++) {
          let x = pts[i].x - pts[j].x, y = pts[i].y - pts[j].y;
          const d = Math.max(Math.hypot(x, y), 1);
          const f = (k * k) / d;
          dx[i] += (x / d) * f; dy[i] += (y / d) * f;
          dx[j] -= (x / d) * f; dy[j] -= (y / d) * f;
        }
      }
      for (const e of edges) {
        const i = index.get(e.a), j = index.get(e.b);
        const x = pts[i].x - pts[j].x, y = pts[i].y - pts[j].y;
        const d = Math.max(Math.hypot(x, y), 1);
        const f = (d * d) / k;
        dx[i] -= (x / d) * f; dy[i] -= (y / d) * f;
        dx[j] += (x / d) * f; dy[j] += (y / d) * f;
      }
      const temperature = (W / 12) * (1 - it / iterations) + 1;
      pts.forEach((p, i) => {
        dx[i] += (W / 2 - p.x) * 0.03;
        dy[i] += (H / 2 - p.y) * 0.05;
        const d = Math.max(Math.hypot(dx[i], dy[i]), 0.01);
        const margin = radius(nodes[i]) + 6;
        p.x = Math.min(W - margin, Math.max(margin, p.x + (dx[i] / d) * Math.min(d, temperature)));
        p.y = Math.min(H - margin, Math.max(margin, p.y + (dy[i] / d) * Math.min(d, temperature)));
      });
      // keep circles (and the start of their labels) from overlapping
      for (let i = 0; i < pts.length; i++) {
        for (let j = i + 1; j < pts.length; j++) {
          const x = pts[i].x - pts[j].x, y = pts[i].y - pts[j].y;
          const d = Math.max(Math.hypot(x, y), 0.01);
          const min = radius(nodes[i]) + radius(nodes[j]) + 14;
          if (d < min) {
            const push = (min - d) / 2;
            pts[i].x += (x / d) * push; pts[i].y += (y / d) * push;
            pts[j].x -= (x / d) * push; pts[j].y -= (y / d) * push;
          }
        }
      }
    }
  }

  // ---- small helpers ----

  function el(tag, cls, content) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined && content !== null) e.textContent = content;
    return e;
  }

  function text(s) {
    return document.createTextNode(s);
  }

  function number(n) {
    return Number(n).toLocaleString("en-US");
  }

  function utc(iso) {
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  }

  function windowText(start, end) {
    const s = utc(start), e = utc(end);
    return s.slice(0, 10) === e.slice(0, 10) ? s.slice(0, 16) + "–" + e.slice(11) : s + " – " + e;
  }

  function hash(s) {
    let h = 7;
    for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
    return h;
  }

  $("filter-clear").addEventListener("click", () => setFilter(null));
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && filter) setFilter(null); });
  window.addEventListener("hashchange", () => {
    const id = entityFromHash();
    if (id !== filter) { filter = id; seenAlerts = null; connect(); }
  });
  connect();
})();
