// Dyno Guardian status page: polls the admin API (same origin, the browser's admin credentials) every 2 seconds.
"use strict";

const REFRESH_MS = 2000;
const HISTORY_MS = 10000;
const historyLoadedAt = {};

async function api(path, options) {
  const response = await fetch(path, Object.assign({ headers: { "Accept": "application/json" } }, options));
  if (!response.ok) {
    throw new Error(path + " answered " + response.status);
  }
  return response.json();
}

function post(path, body) {
  return api(path, { method: "POST", headers: { "Content-Type": "application/json", "Accept": "application/json" },
    body: JSON.stringify(body) });
}

function text(value) {
  return value === null || value === undefined ? "–" : String(value);
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "–";
}

function cell(row, content, className) {
  const td = row.insertCell();
  if (content instanceof Node) {
    td.appendChild(content);
  } else {
    td.textContent = text(content);
  }
  if (className) {
    td.className = className;
  }
  return td;
}

function memoryBar(memory) {
  const bar = document.createElement("div");
  bar.className = "bar";
  if (!memory) {
    bar.title = "no runtime metrics yet";
    return bar;
  }
  const percent = memory.percentOfQuota;
  const fill = document.createElement("span");
  fill.style.width = Math.min(100, percent || 0) + "%";
  bar.classList.toggle("warn", percent >= 85 && percent <= 100);
  bar.classList.toggle("bad", percent > 100);
  const label = document.createElement("em");
  label.textContent = Math.round(memory.totalMb) + " MB" + (percent ? " · " + Math.round(percent) + "%" : "");
  bar.append(fill, label);
  return bar;
}

function median(values) {
  const sorted = values.filter(v => v !== null && v !== undefined).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
}

// A dyno's state as the drain showed it ("State changed" lines); without one, "running" while its platform lines
// (runtime metrics, router) keep arriving, else "unknown".
const RECENT_MS = 2 * 60 * 1000;

function stateOf(dyno) {
  if (dyno.state) {
    return { label: dyno.state, className: dyno.state === "up" ? "state-up" : "state-other",
      title: "since " + time(dyno.stateSince) };
  }
  const seen = dyno.lastSeen ? new Date(dyno.lastSeen).getTime() : 0;
  if (Date.now() - seen < RECENT_MS) {
    return { label: "running", className: "state-up",
      title: "no State changed line seen; platform lines arriving, the last at " + time(dyno.lastSeen) };
  }
  return { label: "unknown", className: "state-other",
    title: "no State changed line and no platform line for 2 minutes (last at " + time(dyno.lastSeen) + ")" };
}

function renderDynos(tbody, dynos) {
  tbody.replaceChildren();
  const medians = {};
  for (const type of new Set(dynos.map(d => d.type))) {
    medians[type] = median(dynos.filter(d => d.type === type && d.latency).map(d => d.latency.p50Ms));
  }
  for (const dyno of dynos) {
    const row = tbody.insertRow();
    row.dataset.dyno = dyno.dyno;
    cell(row, dyno.dyno);
    const state = stateOf(dyno);
    cell(row, state.label, state.className).title = state.title;
    if (dyno.waitingForFirstSample) {
      cell(row, "restarted, waiting for the first sample", "waiting");
    } else {
      cell(row, memoryBar(dyno.memory));
    }
    const l = dyno.latency;
    const reference = medians[dyno.type];
    const slow = l && l.p50Ms && reference && l.p50Ms > 1.5 * reference;
    cell(row, l && l.p50Ms ? Math.round(l.p50Ms) + " / " + Math.round(l.p95Ms) + " ms"
      + (reference ? " (formation " + Math.round(reference) + ")" : "") : "–", slow ? "slow" : "");
    cell(row, l ? l.routerErrors + " / " + l.requests : "–");
    const a = dyno.lastAction;
    cell(row, a ? a.outcome + " · " + a.requestedBy + " · " + time(a.at) : "–", a ? "outcome-" + a.outcome : "");
  }
}

function renderApp(container, app, dynos, rolling) {
  let card = container.querySelector("[data-app='" + app.app + "']");
  if (!card) {
    card = document.getElementById("app-template").content.firstElementChild.cloneNode(true);
    card.dataset.app = app.app;
    card.querySelector(".pause").addEventListener("click", () => togglePause(app.app, card.dataset.paused === "true"));
    card.querySelector(".roll-button").addEventListener("click",
      () => toggleRoll(app.app, card.dataset.rolling === "true"));
    container.appendChild(card);
    Charts.selector(card.querySelector(".history"), app.app, () => loadHistory(card, app.app));
  }
  card.dataset.paused = app.paused;
  card.querySelector(".app-name").textContent = app.app;
  const drain = card.querySelector(".drain");
  drain.textContent = app.drainFresh ? "drain fresh" : "drain silent: guardian blind";
  drain.className = "drain pill " + (app.drainFresh ? "ok" : "bad");
  card.querySelector(".budget").textContent = app.dynosSeen + " dynos · " + app.restartsLastHour
    + " restarts in the last hour · budget left " + app.budgetLeft + "/" + app.budgetPerHour
    + (app.inFlight.length ? " · in flight: " + app.inFlight.map(f => f.dyno).join(", ") : "")
    + (app.queue.length ? " · queued: " + app.queue.map(q => q.dyno + " (" + q.rule + ")").join(", ") : "");
  const banner = card.querySelector(".app-banner");
  banner.hidden = !app.paused;
  banner.textContent = app.paused ? (app.pauseScope === "global" ? "Paused with the whole guardian: " : "Paused: ")
    + text(app.pauseReason) + (app.pauseUntil ? " (until " + time(app.pauseUntil) + ")" : "") : "";
  // Under the guardian's pause only "Resume guardian" (at the top) lifts it: no per-app button then.
  const button = card.querySelector(".pause");
  button.hidden = app.pauseScope === "global";
  button.textContent = app.paused ? "Resume " + app.app : "Pause " + app.app;
  button.classList.toggle("resume", app.paused);
  renderDynos(card.querySelector("tbody"), dynos);
  renderRoll(card, rolling);
}

// The app's rolling restart: the running one dyno by dyno, else the last one's outcome; the next scheduled window.
function renderRoll(card, rolling) {
  const roll = rolling.running;
  const parts = [];
  if (roll) {
    const done = roll.dynos.filter(d => d.status !== "waiting" && d.status !== "restarting").length;
    parts.push("Rolling restart #" + roll.id + " (" + roll.reason + ", by " + roll.startedBy + "): "
      + (roll.plannedAt ? done + " of " + roll.dynos.length + " done" : "planning") + ", deadline " + time(roll.deadline));
  } else if (rolling.last) {
    parts.push("Last rolling restart " + rolling.last.state + ": " + text(rolling.last.outcome));
  }
  if (rolling.nextScheduled) {
    parts.push("next scheduled " + new Date(rolling.nextScheduled).toLocaleString());
  }
  card.querySelector(".roll-summary").textContent = parts.length ? parts.join(" · ") : "No rolling restart yet";
  const list = card.querySelector(".roll-dynos");
  list.replaceChildren();
  for (const d of roll ? roll.dynos : []) {
    const item = document.createElement("li");
    item.className = "roll-" + d.status;
    item.textContent = d.dyno + " " + d.status;
    item.title = text(d.detail);
    list.appendChild(item);
  }
  const button = card.querySelector(".roll-button");
  card.dataset.rolling = roll ? "true" : "false";
  button.textContent = roll ? "Stop rolling restart" : "Rolling restart";
}

async function toggleRoll(app, running) {
  const path = "/admin/apps/" + encodeURIComponent(app) + "/rolling-restart";
  if (running) {
    await api(path, { method: "DELETE", headers: { "Content-Type": "application/json", "Accept": "application/json" } });
  } else {
    await post(path, { reason: "started from the status page" });
  }
  await refresh();
}

async function loadHistory(card, app) {
  historyLoadedAt[app] = Date.now();
  const history = await api("/admin/apps/" + encodeURIComponent(app) + "/history?minutes=" + Charts.minutes(app));
  Charts.render(card.querySelector(".history"), history);
}

function renderDecisions(rows) {
  const tbody = document.getElementById("decisions");
  tbody.replaceChildren();
  for (const r of rows) {
    const row = tbody.insertRow();
    row.dataset.ledgerId = r.id;
    row.title = "show on the chart";
    row.addEventListener("click", () => {
      tbody.querySelectorAll("tr.selected").forEach(selected => selected.classList.remove("selected"));
      row.classList.add("selected");
      Charts.highlight(r);
    });
    cell(row, time(r.decidedAt));
    cell(row, r.app);
    cell(row, r.dyno);
    cell(row, r.requestedBy);
    cell(row, r.outcome + (r.verification ? " (" + r.verification + ")" : ""), "outcome-" + r.outcome);
    cell(row, r.rule);
    cell(row, [r.reason, r.evidence, r.detail].filter(Boolean).join(" · "));
  }
}

// Heroku's own status: while an incident holds new actions, a banner with its title and (https only) link.
function renderPlatform(platform) {
  const banner = document.getElementById("platform-banner");
  const hold = platform ? platform.hold : null;
  banner.hidden = !hold;
  banner.querySelector("span").textContent = hold ? "Heroku reports Apps " + hold.level + ": " + text(hold.title)
    + ". New restarts and stops are held (rule platform-incident); operator restarts still go through." : "";
  const link = banner.querySelector("a");
  const safe = Boolean(hold && typeof hold.link === "string" && hold.link.startsWith("https://"));
  link.hidden = !safe;
  if (safe) {
    link.href = hold.link;
  } else {
    link.removeAttribute("href");
  }
  document.getElementById("platform-note").textContent = platform && platform.state === "unreachable"
    ? "Heroku status unreachable: acting as usual" : "";
}

async function togglePause(app, paused) {
  if (paused) {
    await post("/admin/resume", { app: app });
  } else {
    await post("/admin/pause", { app: app, reason: "paused from the status page" });
  }
  await refresh();
}

async function toggleGlobalPause() {
  const status = await api("/admin/status");
  if (status.paused) {
    await post("/admin/resume", {});
  } else {
    await post("/admin/pause", { reason: "paused from the status page" });
  }
  await refresh();
}

async function refresh() {
  try {
    const [status, apps, decisions] = await Promise.all([api("/admin/status"), api("/admin/apps"),
      api("/admin/restarts?limit=20")]);
    document.getElementById("mode").textContent = status.dryRun ? "dry-run: deciding, not acting" : "acting";
    const banner = document.getElementById("global-banner");
    banner.hidden = !status.paused;
    banner.textContent = status.paused ? "The guardian is paused: " + text(status.reason) : "";
    document.getElementById("pause-all").textContent = status.paused ? "Resume guardian" : "Pause guardian";
    renderPlatform(status.platform);
    const container = document.getElementById("apps");
    for (const app of apps) {
      const base = "/admin/apps/" + encodeURIComponent(app.app);
      renderApp(container, app, await api(base + "/dynos"), await api(base + "/rolling-restart"));
      if (!historyLoadedAt[app.app] || Date.now() - historyLoadedAt[app.app] >= HISTORY_MS) {
        await loadHistory(container.querySelector("[data-app='" + app.app + "']"), app.app);
      }
    }
    renderDecisions(decisions);
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById("updated").textContent = "cannot reach the guardian: " + e.message;
  }
}

// A page opened as http://user:password@host/ keeps the credentials in the address its requests resolve against, and
// fetch() refuses every such request (Chromium and Firefox alike; Location does not show them), so the page says how
// to open it instead of failing on every poll.
function openedWithCredentials() {
  try {
    new Request("/admin/status");
    return false;
  } catch (e) {
    return true;
  }
}

if (openedWithCredentials()) {
  document.getElementById("credentials-banner").hidden = false;
  document.getElementById("updated").textContent = "open the page without credentials in its address";
} else {
  document.getElementById("pause-all").addEventListener("click", toggleGlobalPause);
  refresh();
  setInterval(refresh, REFRESH_MS);
}
