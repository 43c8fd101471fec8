// Dyno Guardian history charts: plain SVG drawn from GET /admin/apps/{app}/history, no library, no inline style.
// Two charts per app: memory per dyno against its quota, and latency p50 (solid) / p95 (dotted) per dyno against the
// formation's median p50. One line per dyno incarnation, the guardian's actions marked on the dyno's line, pause
// periods shaded; hovering shows the nearest point, a click on a decision in the table highlights it.
"use strict";

const Charts = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const WIDTH = 560;
  const HEIGHT = 200;
  const PAD = { left: 48, right: 10, top: 10, bottom: 22 };
  const COLOURS = 8;
  const SPANS = [[15, "15 min"], [60, "1 h"], [360, "6 h"]];
  const spans = {};
  const latest = {};

  function el(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes || {})) {
      node.setAttribute(key, String(value));
    }
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString();
  }

  // A dyno's colour class, stable across refreshes: by its position among the app's dynos.
  function colourOf(names, dyno) {
    return "c" + (names.indexOf(dyno) % COLOURS);
  }

  function scale(from, to, min, max) {
    const span = max - min || 1;
    return {
      x: t => PAD.left + (t - from) / (to - from) * (WIDTH - PAD.left - PAD.right),
      y: v => HEIGHT - PAD.bottom - (v - min) / span * (HEIGHT - PAD.top - PAD.bottom),
    };
  }

  function axes(svg, s, from, to, max, unit) {
    for (const fraction of [0, 0.5, 1]) {
      const value = max * fraction;
      const y = s.y(value);
      el("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: "grid" }, svg);
      el("text", { x: PAD.left - 4, y: y + 4, class: "axis", "text-anchor": "end" }, svg).textContent =
        Math.round(value) + unit;
    }
    for (const t of [from, (from + to) / 2, to]) {
      el("text", { x: s.x(t), y: HEIGHT - 6, class: "axis", "text-anchor": "middle" }, svg).textContent = clock(t);
    }
  }

  function pauses(svg, s, history, from, to) {
    for (const p of history.pauses) {
      const start = Math.max(from, Date.parse(p.from));
      const end = Math.min(to, p.to ? Date.parse(p.to) : to);
      if (end > start) {
        const rect = el("rect", { x: s.x(start), y: PAD.top, width: Math.max(1, s.x(end) - s.x(start)),
          height: HEIGHT - PAD.top - PAD.bottom, class: "pause" }, svg);
        el("title", {}, rect).textContent = (p.scope === "global" ? "guardian" : "app") + " paused by " + p.pausedBy
          + ": " + p.reason;
      }
    }
  }

  function line(svg, points, s, className, data) {
    const coordinates = points.map(p => s.x(p[0]).toFixed(1) + "," + s.y(p[1]).toFixed(1)).join(" ");
    if (points.length === 1) {
      el("circle", Object.assign({ cx: s.x(points[0][0]), cy: s.y(points[0][1]), r: 2, class: className + " dot" },
        data), svg);
    } else if (points.length > 1) {
      el("polyline", Object.assign({ points: coordinates, class: className }, data), svg);
    }
  }

  // The value of the dyno's line at (or just before) the time, or null.
  function valueAt(series, t) {
    let found = null;
    for (const point of series) {
      if (point[0] <= t) {
        found = point[1];
      }
    }
    return found === null && series.length ? series[0][1] : found;
  }

  function marks(svg, s, history, seriesOf, names) {
    for (const m of history.actions) {
      const t = Date.parse(m.at);
      const value = valueAt(seriesOf[m.dyno] || [], t);
      const y = value === null ? HEIGHT - PAD.bottom - 4 : s.y(value);
      const mark = el("circle", { cx: s.x(t), cy: y, r: 5, class: "mark outcome-" + m.outcome + " "
        + colourOf(names, m.dyno), "data-dyno": m.dyno, "data-ledger-id": m.ledgerId }, svg);
      el("title", {}, mark).textContent = m.dyno + " " + (m.outcome === "dry-run" ? "would " + m.action : m.outcome)
        + " by " + m.requestedBy + " at " + clock(t) + (m.reason ? " (" + m.reason + ")" : "");
    }
  }

  function hover(svg, tip, pointsOf) {
    svg.addEventListener("mousemove", event => {
      const box = svg.getBoundingClientRect();
      const x = (event.clientX - box.left) * WIDTH / box.width;
      const y = (event.clientY - box.top) * HEIGHT / box.height;
      let best = null;
      for (const candidate of pointsOf()) {
        const d = Math.hypot(candidate.x - x, candidate.y - y);
        if (d < 14 && (!best || d < best.d)) {
          best = Object.assign({ d: d }, candidate);
        }
      }
      tip.hidden = !best;
      if (best) {
        tip.textContent = best.label;
      }
    });
    svg.addEventListener("mouseleave", () => {
      tip.hidden = true;
    });
  }

  function chart(container, kind, title) {
    let figure = container.querySelector("figure[data-chart='" + kind + "']");
    if (!figure) {
      figure = document.createElement("figure");
      figure.dataset.chart = kind;
      figure.className = "chart";
      const caption = document.createElement("figcaption");
      caption.textContent = title;
      const svg = el("svg", { viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "img" });
      const tip = document.createElement("div");
      tip.className = "tip";
      tip.hidden = true;
      figure.append(caption, svg, tip);
      container.appendChild(figure);
      hover(svg, tip, () => figure.hoverPoints || []);
    }
    const svg = figure.querySelector("svg");
    svg.replaceChildren();
    figure.hoverPoints = [];
    return figure;
  }

  function drawMemory(container, history, names, from, to) {
    const figure = chart(container, "memory", "Memory per dyno (MB) against its quota");
    const svg = figure.querySelector("svg");
    let max = 1;
    const quotas = new Set();
    for (const d of history.dynos) {
      for (const inc of d.incarnations) {
        if (inc.quotaMb) {
          quotas.add(inc.quotaMb);
        }
        inc.points.forEach(p => { max = Math.max(max, p[1] || 0, inc.quotaMb || 0); });
      }
    }
    const s = scale(from, to, 0, max * 1.1);
    pauses(svg, s, history, from, to);
    axes(svg, s, from, to, max * 1.1, "");
    for (const quota of quotas) {
      el("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: s.y(quota), y2: s.y(quota), class: "quota" }, svg);
      el("text", { x: WIDTH - PAD.right - 2, y: s.y(quota) - 3, class: "axis", "text-anchor": "end" }, svg)
        .textContent = "quota " + Math.round(quota) + " MB";
    }
    const seriesOf = {};
    for (const d of history.dynos) {
      seriesOf[d.dyno] = [];
      for (const inc of d.incarnations) {
        const points = inc.points.filter(p => p[1] !== null).map(p => [p[0], p[1]]);
        seriesOf[d.dyno].push(...points);
        line(svg, points, s, "line " + colourOf(names, d.dyno), { "data-dyno": d.dyno,
          "data-incarnation": inc.incarnation || "" });
        points.forEach(p => figure.hoverPoints.push({ x: s.x(p[0]), y: s.y(p[1]),
          label: d.dyno + " · " + clock(p[0]) + " · " + Math.round(p[1]) + " MB"
            + (inc.quotaMb ? " of " + Math.round(inc.quotaMb) : "") }));
      }
    }
    marks(svg, s, history, seriesOf, names);
  }

  function drawLatency(container, history, names, from, to) {
    const figure = chart(container, "latency", "Latency per dyno (ms): p50 solid, p95 dotted, formation median grey");
    const svg = figure.querySelector("svg");
    let max = 1;
    history.dynos.forEach(d => d.incarnations.forEach(inc => inc.points.forEach(p => {
      max = Math.max(max, p[2] || 0, p[3] || 0);
    })));
    const s = scale(from, to, 0, max * 1.1);
    pauses(svg, s, history, from, to);
    axes(svg, s, from, to, max * 1.1, "");
    for (const m of history.medians) {
      line(svg, m.points.filter(p => p[2] !== null).map(p => [p[0], p[2]]), s, "median", { "data-type": m.type });
    }
    const seriesOf = {};
    for (const d of history.dynos) {
      seriesOf[d.dyno] = [];
      for (const inc of d.incarnations) {
        const p50 = inc.points.filter(p => p[2] !== null).map(p => [p[0], p[2]]);
        const p95 = inc.points.filter(p => p[3] !== null).map(p => [p[0], p[3]]);
        seriesOf[d.dyno].push(...p50);
        const data = { "data-dyno": d.dyno, "data-incarnation": inc.incarnation || "" };
        line(svg, p50, s, "line " + colourOf(names, d.dyno), data);
        line(svg, p95, s, "line p95 " + colourOf(names, d.dyno), data);
        inc.points.filter(p => p[2] !== null).forEach(p => figure.hoverPoints.push({ x: s.x(p[0]), y: s.y(p[2]),
          label: d.dyno + " · " + clock(p[0]) + " · p50 " + Math.round(p[2]) + " ms, p95 "
            + (p[3] === null ? "–" : Math.round(p[3])) + " ms" }));
      }
    }
    marks(svg, s, history, seriesOf, names);
  }

  function legend(container, history, names) {
    let list = container.querySelector("ul.legend");
    if (!list) {
      list = document.createElement("ul");
      list.className = "legend";
      container.appendChild(list);
    }
    list.replaceChildren();
    for (const d of history.dynos) {
      const item = document.createElement("li");
      item.dataset.dyno = d.dyno;
      const swatch = document.createElement("span");
      swatch.className = "swatch " + colourOf(names, d.dyno);
      item.append(swatch, document.createTextNode(d.dyno
        + (d.waitingSince ? ": restarted, waiting for the first sample" : "")));
      if (d.waitingSince) {
        item.classList.add("waiting");
      }
      list.appendChild(item);
    }
  }

  function selector(container, app, reload) {
    if (container.querySelector(".spans")) {
      return;
    }
    const bar = document.createElement("div");
    bar.className = "spans";
    for (const [minutes, label] of SPANS) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button span";
      button.dataset.minutes = minutes;
      button.textContent = label;
      button.addEventListener("click", () => {
        spans[app] = minutes;
        reload();
      });
      bar.appendChild(button);
    }
    container.appendChild(bar);
  }

  // Draws the app's history into its card's .history container.
  function render(container, history) {
    latest[history.app] = history;
    const minutes = spans[history.app] || 60;
    container.querySelectorAll("button.span").forEach(b => b.classList.toggle("resume",
      Number(b.dataset.minutes) === minutes));
    const to = Date.parse(history.to);
    const from = Date.parse(history.from);
    const names = history.dynos.map(d => d.dyno);
    drawMemory(container, history, names, from, to);
    drawLatency(container, history, names, from, to);
    legend(container, history, names);
  }

  // Highlights a decision on the charts: its mark when it is an action, else a line at its time on the app's charts.
  function highlight(decision) {
    document.querySelectorAll(".chart .highlight").forEach(n => n.classList.remove("highlight"));
    document.querySelectorAll(".chart .decision-line").forEach(n => n.remove());
    const marksFound = document.querySelectorAll(".chart .mark[data-ledger-id='" + Number(decision.id) + "']");
    marksFound.forEach(n => n.classList.add("highlight"));
    const history = latest[decision.app];
    const card = document.querySelector("section[data-app='" + CSS.escape(decision.app) + "']");
    if (!marksFound.length && history && card) {
      const from = Date.parse(history.from);
      const to = Date.parse(history.to);
      const t = Date.parse(decision.decidedAt);
      if (t >= from && t <= to) {
        card.querySelectorAll(".chart svg").forEach(svg => {
          const x = scale(from, to, 0, 1).x(t);
          el("line", { x1: x, x2: x, y1: PAD.top, y2: HEIGHT - PAD.bottom, class: "decision-line highlight" }, svg);
        });
      }
    }
    if (card) {
      card.querySelector(".history").scrollIntoView({ block: "nearest" });
    }
  }

  return {
    render: render,
    selector: selector,
    highlight: highlight,
    minutes: app => spans[app] || 60,
  };
})();
