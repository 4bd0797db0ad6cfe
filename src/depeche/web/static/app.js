/* depeche web page: events on a map, a timeline, articles with their spans, stories
 * with their figure claims side by side, quotes by speaker.
 *
 * Article texts, titles, quotes and names are untrusted. This file never assigns
 * innerHTML/outerHTML and never builds markup from strings: every node is made with
 * createElement(NS) and every datum goes in through textContent or a vetted attribute
 * (see el() and safeHref()). The server's Content-Security-Policy forbids inline
 * scripts and other origins besides. */
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const OTHER_COLOUR = "#555";
  const PER_PAGE = 50;
  const WORLD = { x: 0, y: 0, w: 360, h: 180 };

  // The layers, event types, their labels and colours come from /api/meta (records.LAYERS
  // and the event type table on the server): nothing of them is written here.
  const state = { page: 1, pages: 1, view: Object.assign({}, WORLD), world: null,
                  eventTypes: [], types: new Map(), layers: [], loadSeq: 0, filters: {},
                  mapMode: "clusters", mapData: null, countries: [],
                  countryIndex: new Map(), countryByCode: new Map() };

  // -- DOM helpers: data only ever becomes text ---------------------------------------
  const $ = (id) => document.getElementById(id);

  function safeHref(value) {
    const s = String(value == null ? "" : value);
    if (s.startsWith("#") || (s.startsWith("/") && !s.startsWith("//"))) return s;
    try {
      const u = new URL(s);
      if (u.protocol === "http:" || u.protocol === "https:") return u.href;
    } catch (e) { /* not a URL */ }
    return null;
  }

  const ATTRS = new Set(["class", "title", "type", "value", "name", "role", "lang",
                         "aria-label", "tabindex", "colspan", "rel", "target"]);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) node.setAttribute(k, String(v));
    }
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "href") {
        const h = safeHref(v);
        if (h) node.setAttribute("href", h);
      } else if (k.startsWith("data-") || ATTRS.has(k)) {
        node.setAttribute(k, String(v));
      } else if (k === "onclick" || k.startsWith("on")) {
        throw new Error("el(): event handlers go through addEventListener");
      }
    }
  }

  function append(node, children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  const typeColour = (type) => (state.types.get(type) || {}).colour || OTHER_COLOUR;

  function typeTitle(type) {
    const t = state.types.get(type);
    if (!t) return type;
    return [t.label, t.acled && t.acled.length ? "ACLED: " + t.acled.join(" / ") : null,
            t.plover ? "PLOVER: " + t.plover : null].filter(Boolean).join(" · ");
  }

  // black or white, whichever reads better on `hex` (WCAG relative luminance)
  function inkOn(hex) {
    const m = /^#([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) return "#fff";
    const lin = [0, 2, 4].map((i) => {
      const c = parseInt(m[1].slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    const L = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    return (L + 0.05) / 0.05 > 1.05 / (L + 0.05) ? "#000" : "#fff";
  }

  function typeBadge(type) {
    const b = el("span", { class: "badge", "data-type": type, title: typeTitle(type) },
                 type.replace(/_/g, " "));
    b.style.backgroundColor = typeColour(type);
    b.style.color = inkOn(typeColour(type));
    return b;
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  function setStatus(message) { $("status").textContent = message || ""; }

  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== "" && v !== null && v !== undefined) url.searchParams.set(k, v);
    }
    const res = await fetch(url, { headers: { accept: "application/json" } });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      const detail = body && body.detail ? body.detail : res.status + " " + res.statusText;
      throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
    }
    return body;
  }

  const dateFmt = (iso) => (iso ? String(iso).slice(0, 10) : "date unknown");

  // -- filters: the URL holds them ----------------------------------------------------
  // Every view is a URL: #/events?type=attack&country=LB&from=…&page=2, #/quotes?…,
  // #/article/ID, #/story/ID. A reload, a shared link or back/forward restores it.
  const FILTER_KEYS = ["type", "from", "to", "by", "country", "modality", "q", "outlet"];
  const EXPORT_KEYS = ["type", "from", "to", "country", "modality", "q"];   // /api/export's
  const BRIEF_SCOPES = ["country", "story"];       // a brief covers a place or a story

  function fold(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[-'’.,()]/g, " ").replace(/\s+/g, " ").trim();
  }

  // what a person typed in the country box (Liban, lebanon, "Liban (LB)", lb) as its
  // ISO code; anything else is sent as typed, and the server says what to give
  function resolveCountry(text) {
    const t = String(text || "").trim();
    if (!t) return "";
    const m = /\(([A-Za-z]{2})\)\s*$/.exec(t);
    if (m) return m[1].toUpperCase();
    if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
    return state.countryIndex.get(fold(t)) || t;
  }

  function countryLabel(code) {
    const c = state.countryByCode.get(String(code || "").toUpperCase());
    return c ? c.fr + " (" + c.code + ")" : code;
  }

  function formFilters() {
    const f = {};
    for (const [k, v] of new FormData($("filters")).entries()) {
      const s = String(v).trim();
      if (s) f[k] = s;
    }
    if (f.country) f.country = resolveCountry(f.country);
    if (f.by === "article") delete f.by;          // the default
    return f;
  }

  function setFilters(values) {
    const form = $("filters");
    for (const name of FILTER_KEYS) {
      if (!form.elements[name]) continue;
      const v = values[name] || "";
      form.elements[name].value = name === "country" && v ? countryLabel(v) : v;
    }
    if (!values.by) form.elements.by.value = "article";
  }

  // `withView`: the map's frame too (map=x,y,width in map degrees), so that a reload or
  // a shared link shows what was shown; its mode (density) always
  function eventsHash(f, page, withView) {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (f[k]) p.set(k, f[k]);
    if (page && page > 1) p.set("page", String(page));
    if (withView && state.viewSet) {
      const v = state.view;
      p.set("map", [v.x, v.y, v.w].map((n) => n.toFixed(2)).join(","));
    }
    if (state.mapMode === "density") p.set("mode", "density");
    const qs = p.toString();
    return "#/events" + (qs ? "?" + qs : "");
  }

  // the map's frame or mode changed: the URL says so, without reloading anything
  function keepViewInUrl() {
    state.viewSet = true;
    clearTimeout(state.urlTimer);
    state.urlTimer = setTimeout(() => {
      if (document.body.getAttribute("data-view") !== "events") return;
      const hash = eventsHash(state.filters, state.page, true);
      window.history.replaceState(null, "", hash);
      $("nav-events").setAttribute("href", hash);
    }, 300);
  }

  function viewFrom(value) {
    const n = String(value || "").split(",").map(Number);
    if (n.length !== 3 || !n.every(Number.isFinite) || n[2] <= 0) return null;
    return { x: n[0], y: n[1], w: Math.min(360, Math.max(1, n[2])), h: Math.min(360, Math.max(1, n[2])) / 2 };
  }

  function go(hash) {
    if (window.location.hash === hash) route(); else window.location.hash = hash;
  }

  // the events view with `changes` made to its filters (null or "" removes one)
  function withFilters(changes) {
    const f = Object.assign({}, state.filters);
    for (const [k, v] of Object.entries(changes)) { if (v) f[k] = v; else delete f[k]; }
    return eventsHash(f, 1);
  }

  function updateExportLinks(f) {
    for (const fmt of ["csv", "geojson"]) {
      const url = new URL("/api/export", window.location.origin);
      url.searchParams.set("format", fmt);
      for (const k of EXPORT_KEYS) if (f[k]) url.searchParams.set(k, f[k]);
      $("export-" + fmt).setAttribute("href", url.pathname + url.search);
    }
    setBriefLink(f);
  }

  // the brief of the filters (/api/brief: a page of its own); it needs a scope, a
  // country (or a story: the story view sets it), else the link says what to pick
  function setBriefLink(f) {
    const link = $("brief-link");
    const url = new URL("/api/brief", window.location.origin);
    for (const k of EXPORT_KEYS.concat(["story"])) if (f[k]) url.searchParams.set(k, f[k]);
    const scoped = BRIEF_SCOPES.some((k) => f[k]);
    link.setAttribute("href", url.pathname + url.search);
    link.setAttribute("aria-disabled", scoped ? "false" : "true");
    link.setAttribute("title", scoped ? "a situation brief of these filters (French, printable)"
      : "pick a country (or open a story) for a brief");
  }

  // -- the map: every event of the filters, counted by the server in cells ------------
  const project = (lon, lat) => [lon + 180, 90 - lat];

  async function loadWorld() {
    const res = await fetch("/static/world.json");
    state.world = await res.json();
    const g = $("countries");
    for (const c of state.world.countries) {
      for (const n of [c.name, c.name_en]) if (c.iso && n) state.countryIndex.set(fold(n), c.iso);
      const p = svg("path", { d: c.d, class: "country", "data-iso": c.iso || "" });
      const t = svg("title");
      t.textContent = c.name + (c.iso ? " (" + c.iso + ")" : "");
      p.appendChild(t);
      if (c.iso) {
        p.addEventListener("click", (ev) => {
          if (state.dragged) return;
          ev.stopPropagation();
          go(withFilters({ country: state.filters.country === c.iso ? "" : c.iso }));
        });
      }
      g.appendChild(p);
    }
  }

  // the cell size the server counts in, for the map's width on screen
  const mapZoom = () => Math.max(0, Math.min(12, Math.floor(Math.log2(360 / state.view.w)) + 2));

  function applyView() {
    const v = state.view;
    $("map").setAttribute("viewBox", [v.x, v.y, v.w, v.h].map((n) => n.toFixed(3)).join(" "));
    // markers keep their size on screen: 5 px of radius whatever the zoom and the width
    const r = 5 * v.w / ($("map").getBoundingClientRect().width || 800);
    for (const c of $("markers").querySelectorAll("circle")) {
      const n = Number(c.getAttribute("data-n")) || 1;
      c.setAttribute("r", (r * Math.min(4, 1 + 1.1 * Math.log10(n))).toFixed(3));
      c.setAttribute("stroke-width", (r / 4).toFixed(3));
    }
    for (const t of $("markers").querySelectorAll("text")) t.setAttribute("font-size", (r * 1.5).toFixed(3));
    if (state.mapData && mapZoom() !== state.mapData.zoom) {
      clearTimeout(state.mapTimer);
      state.mapTimer = setTimeout(() => loadMap(state.loadSeq), 250);
    }
  }

  function zoom(factor, cx, cy) {
    const v = state.view;
    const w = Math.min(360, Math.max(1, v.w * factor));
    const h = w / 2;
    const px = cx === undefined ? v.x + v.w / 2 : cx;
    const py = cy === undefined ? v.y + v.h / 2 : cy;
    v.x = px - (px - v.x) * (w / v.w);
    v.y = py - (py - v.y) * (h / v.h);
    v.w = w; v.h = h;
    clampView();
    applyView();
  }

  function centreOn(x, y) {
    const v = state.view;
    v.x = x - v.w / 2; v.y = y - v.h / 2;
  }

  function clampView() {
    const v = state.view;
    v.x = Math.min(360 - v.w / 2, Math.max(-v.w / 2, v.x));
    v.y = Math.min(180 - v.h / 2, Math.max(-v.h / 2, v.y));
  }

  function svgPoint(evt) {
    const m = $("map");
    const rect = m.getBoundingClientRect();
    const v = state.view;
    const scale = Math.max(v.w / rect.width, v.h / rect.height);
    const offX = (rect.width * scale - v.w) / 2;
    const offY = (rect.height * scale - v.h) / 2;
    return [v.x - offX + (evt.clientX - rect.left) * scale,
            v.y - offY + (evt.clientY - rect.top) * scale, scale];
  }

  // the centre of mass of the events shown in the current view (else of all of them)
  function shownCentre() {
    const cells = (state.mapData && state.mapData.cells) || [];
    const v = state.view;
    const inView = cells.map((c) => [project(c.lon, c.lat), c.count])
      .filter(([[x, y]]) => x >= v.x && x <= v.x + v.w && y >= v.y && y <= v.y + v.h);
    const pts = inView.length ? inView : cells.map((c) => [project(c.lon, c.lat), c.count]);
    if (!pts.length) return null;
    const n = pts.reduce((s, p) => s + p[1], 0);
    return [pts.reduce((s, p) => s + p[0][0] * p[1], 0) / n, pts.reduce((s, p) => s + p[0][1] * p[1], 0) / n];
  }

  function setupMapInteraction() {
    const m = $("map");
    m.addEventListener("wheel", (evt) => {
      evt.preventDefault();
      const [x, y] = svgPoint(evt);
      zoom(evt.deltaY > 0 ? 1.25 : 0.8, x, y);
      keepViewInUrl();
    }, { passive: false });
    let drag = null;
    m.addEventListener("pointerdown", (evt) => {
      drag = { x: evt.clientX, y: evt.clientY, vx: state.view.x, vy: state.view.y,
               scale: svgPoint(evt)[2] };
      state.dragged = false;
    });
    window.addEventListener("pointermove", (evt) => {
      if (!drag) return;
      const dx = evt.clientX - drag.x, dy = evt.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) state.dragged = true;
      if (!state.dragged) return;
      state.view.x = drag.vx - dx * drag.scale;
      state.view.y = drag.vy - dy * drag.scale;
      clampView();
      applyView();
    });
    window.addEventListener("pointerup", () => {
      if (drag && state.dragged) keepViewInUrl();
      drag = null;
      setTimeout(() => { state.dragged = false; }, 0);
    });
    $("zoom-in").addEventListener("click", () => {
      const c = shownCentre();
      if (c) { centreOn(c[0], c[1]); }
      zoom(0.5);
      keepViewInUrl();
    });
    $("zoom-out").addEventListener("click", () => { zoom(2); keepViewInUrl(); });
    $("zoom-reset").addEventListener("click", () => { fitView(); applyView(); keepViewInUrl(); });
    $("map-mode").addEventListener("click", () => {
      state.mapMode = state.mapMode === "density" ? "clusters" : "density";
      $("map-mode").setAttribute("aria-pressed", String(state.mapMode === "density"));
      drawCells();
      keepViewInUrl();
    });
  }

  async function loadMap(seq) {
    const data = await api("/api/map", Object.assign({}, state.filters, { zoom: mapZoom() }));
    if (seq !== state.loadSeq) return;
    state.mapData = data;
    drawCells();
  }

  function cellTitle(c) {
    const types = Object.entries(c.types).sort((a, b) => b[1] - a[1])
      .map(([t, n]) => t.replace(/_/g, " ") + " " + n).join(", ");
    const where = c.place ? c.place + (c.country ? " (" + c.country + ")" : "")
      : c.country ? countryLabel(c.country) : "several places";
    return where + " — " + c.count + " event" + (c.count === 1 ? "" : "s") + ": " + types;
  }

  function drawCells() {
    const data = state.mapData;
    const g = $("markers"), dg = $("density");
    clear(g); clear(dg);
    if (!data) return;
    const max = Math.max(1, ...data.cells.map((c) => c.count));
    for (const c of data.cells) {
      const dominant = Object.entries(c.types).sort((a, b) => b[1] - a[1])[0][0];
      if (state.mapMode === "density") {
        const [x0, y1] = project(c.bbox[1], c.bbox[0]);
        const [x1, y0] = project(c.bbox[3], c.bbox[2]);
        const r = svg("rect", { x: x0.toFixed(3), y: y0.toFixed(3), width: (x1 - x0).toFixed(3),
                                height: (y1 - y0).toFixed(3), class: "cell", "data-n": c.count });
        r.setAttribute("fill-opacity", (0.08 + 0.87 * Math.pow(Math.log(c.count + 1) / Math.log(max + 1), 1.6)).toFixed(3));
        const t = svg("title");
        t.textContent = cellTitle(c);
        r.appendChild(t);
        dg.appendChild(r);
        continue;
      }
      const [x, y] = project(c.lon, c.lat);
      const one = Object.keys(c.types).length === 1;
      const circle = svg("circle", { cx: x.toFixed(3), cy: y.toFixed(3), r: 1,
                                     class: "marker" + (one ? "" : " mixed"),
                                     "data-type": dominant, "data-n": c.count, "data-cell": c.cell });
      circle.setAttribute("fill", typeColour(dominant));
      const t = svg("title");
      t.textContent = cellTitle(c);
      circle.appendChild(t);
      circle.addEventListener("click", (evt) => { evt.stopPropagation(); openCell(c); });
      g.appendChild(circle);
      if (c.count > 1) {
        const label = svg("text", { x: x.toFixed(3), y: y.toFixed(3), class: "count",
                                    "text-anchor": "middle", "dominant-baseline": "central" });
        label.textContent = String(c.count);
        g.appendChild(label);
      }
    }
    applyView();
    const note = $("map-note");
    clear(note);
    note.setAttribute("data-total", String(data.total));
    note.setAttribute("data-located", String(data.located));
    append(note, [data.total + " event" + (data.total === 1 ? "" : "s") + ": " + data.located +
      " on the map" + (data.unlocated ? ", " + data.unlocated + " without a place" : "") +
      (state.mapMode === "density" ? " (density: the darker a cell of " + data.cell_degrees +
                                     "°, the more events, up to " + max + ")" : "")]);
  }

  // a cell of several places: zoom in on it; of one place: list its events
  async function openCell(c) {
    if (!c.place && c.count > 1) {
      const [x0, y1] = project(c.bbox[1], c.bbox[0]);
      const [x1, y0] = project(c.bbox[3], c.bbox[2]);
      const w = Math.max(x1 - x0, (y1 - y0) * 2);
      state.view = { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - w / 4, w: w, h: w / 2 };
      clampView();
      applyView();
      keepViewInUrl();
      return;
    }
    const data = await api("/api/events", Object.assign({}, state.filters, {
      near: c.lat.toFixed(4) + "," + c.lon.toFixed(4), within: 5, per_page: 20,
      fields: "id,type,date,published,article_id,title" }));
    const note = $("map-note");
    clear(note);
    const list = el("ul", { class: "place-events" });
    for (const ev of data.items) {
      list.appendChild(el("li", null, typeBadge(ev.type), " ", dateFmt(ev.published), " ",
        el("a", { href: "#/article/" + encodeURIComponent(ev.article_id) + "?event=" + encodeURIComponent(ev.id) },
           ev.title || "article")));
    }
    append(note, [el("strong", null, c.place || "?"), " (" + (c.country || "?") + "), " + data.total +
                  " event" + (data.total === 1 ? "" : "s"), list]);
  }

  function fitView() {
    // the filters' events: frame them (with a margin), never closer than ~12 degrees wide
    const cells = (state.mapData && state.mapData.cells) || [];
    if (!cells.length || !Object.keys(state.filters).length) { state.view = Object.assign({}, WORLD); return; }
    const pts = cells.map((c) => project(c.lon, c.lat));
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const w = Math.min(360, Math.max(12, (x1 - x0) * 1.3, (y1 - y0) * 2.6));
    state.view = { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - w / 4, w: w, h: w / 2 };
    clampView();
  }

  function drawLegend(types) {
    const box = $("legend");
    clear(box);
    for (const t of types) {
      const sw = el("span", { class: "swatch" });
      sw.style.backgroundColor = typeColour(t);
      box.appendChild(el("a", { class: "legend-item", "data-type": t, href: withFilters({ type: state.filters.type === t ? "" : t }),
                                title: "show only " + t + " (" + typeTitle(t) + ")" },
                         sw, t.replace(/_/g, " ")));
    }
  }

  // -- the timeline: a brush sets the dates, hovering a day counts its types ------------
  const DAY = 86400000;
  const dayMs = (d) => Date.parse(d + "T00:00:00Z");
  const msDay = (t) => new Date(t).toISOString().slice(0, 10);

  // The axis follows the data: it spans the middle 94% of events, at most three years,
  // and says how many fall outside (a year in a history paragraph, a plan for 2049).
  function denseRange(days) {
    const all = days.reduce((s, d) => s + d.count, 0);
    let seen = 0, lo = null, hi = null;
    for (const d of days) {
      seen += d.count;
      if (lo === null && seen > all * 0.03) lo = d.day;
      if (hi === null && seen >= all * 0.97) hi = d.day;
    }
    const maxSpan = 3 * 366 * DAY;
    if (dayMs(hi) - dayMs(lo) > maxSpan) lo = msDay(dayMs(hi) - maxSpan);
    const shown = days.filter((d) => d.day >= lo && d.day <= hi);
    const outside = all - shown.reduce((s, d) => s + d.count, 0);
    const span = Math.round((dayMs(hi) - dayMs(lo)) / DAY) + 1;
    if (span < 15) {            // a few days: widen the axis so that a bar stays a bar
      const pad = Math.ceil((15 - span) / 2) * DAY;
      lo = msDay(dayMs(lo) - pad); hi = msDay(dayMs(hi) + pad);
    }
    return { lo, hi, shown, outside };
  }

  // Bars of a day, a week or 30 days, so that a bar stays a bar over years of news.
  function binDays(n) { return n > 1500 ? 30 : n > 240 ? 7 : 1; }

  function drawTimeline(data) {
    const g = $("timeline");
    clear(g);
    const axis = $("timeline-axis");
    clear(axis);
    const days = data.days;
    state.tl = null;
    if (!days.length) {
      $("timeline-title").textContent = "Events per day";
      axis.appendChild(document.createTextNode("no dated event"));
      return;
    }
    const { lo, hi, shown, outside } = denseRange(days);
    const t0 = dayMs(lo);
    const span = Math.round((dayMs(hi) - t0) / DAY) + 1;
    const bin = binDays(span);
    const n = Math.ceil(span / bin);
    $("timeline-title").textContent = "Events per " + ({ 1: "day", 7: "week", 30: "30 days" })[bin] +
      " of " + (data.by === "event" ? "the event" : "their article");
    const per = new Map();           // bin index -> type -> count
    for (const d of shown) {
      const i = Math.floor(Math.round((dayMs(d.day) - t0) / DAY) / bin);
      if (!per.has(i)) per.set(i, new Map());
      per.get(i).set(d.type, (per.get(i).get(d.type) || 0) + d.count);
    }
    let max = 1;
    for (const m of per.values()) max = Math.max(max, Array.from(m.values()).reduce((s, c) => s + c, 0));
    const w = 1000 / n;
    state.tl = { t0, n, w, bin, per, span };
    for (const [i, m] of per) {
      let y = 120;
      const total = Array.from(m.values()).reduce((s, c) => s + c, 0);
      const bar = svg("g", { class: "day", "data-day": binStart(i), "data-count": total });
      for (const [type, count] of m) {
        const h = (count / max) * 115;
        y -= h;
        const r = svg("rect", { x: (i * w).toFixed(3), y: y.toFixed(3),
                                width: Math.max(w * 0.9, 0.6).toFixed(3), height: h.toFixed(3) });
        r.setAttribute("fill", typeColour(type));
        bar.appendChild(r);
      }
      g.appendChild(bar);
    }
    const f = state.filters;
    if (f.from || f.to) {        // the dates chosen, shaded
      const a = Math.max(0, (dayMs(f.from || lo) - t0) / DAY / bin);
      const b = Math.min(n, ((dayMs(f.to || hi) - t0) / DAY + 1) / bin);
      if (b > a) g.insertBefore(svg("rect", { class: "chosen", x: (a * w).toFixed(3), y: 0,
                                              width: ((b - a) * w).toFixed(3), height: 120 }), g.firstChild);
    }
    g.appendChild(svg("rect", { id: "brush", class: "brush", x: 0, y: 0, width: 0, height: 120 }));
    const mid = msDay(t0 + Math.floor(span / 2) * DAY);
    const aside = outside + (data.undated || 0);
    append(axis, [el("span", null, lo), el("span", null, span > 2 ? mid : ""),
                  aside ? el("span", { class: "small outside" }, (outside ? outside + " dated outside this range (" +
                            days[0].day + " … " + days[days.length - 1].day + ")" : "") +
                            (outside && data.undated ? ", " : "") +
                            (data.undated ? data.undated + " undated" : "")) : null,
                  el("span", null, hi)]);
  }

  // the first and last day of a bar of the timeline
  const binStart = (i) => msDay(state.tl.t0 + i * state.tl.bin * DAY);
  const binEnd = (i) => msDay(state.tl.t0 + Math.min(state.tl.span - 1, (i + 1) * state.tl.bin - 1) * DAY);

  // the day under a point of the timeline, as an index from its first day
  function timelineIndex(evt) {
    const rect = $("timeline").getBoundingClientRect();
    const x = (evt.clientX - rect.left) / rect.width * 1000;
    return Math.max(0, Math.min(state.tl.n - 1, Math.floor(x / state.tl.w)));
  }

  function showTip(evt) {
    const tip = $("timeline-tip");
    if (!state.tl) { tip.hidden = true; return; }
    const i = timelineIndex(evt);
    const m = state.tl.per.get(i) || new Map();
    clear(tip);
    const total = Array.from(m.values()).reduce((s, c) => s + c, 0);
    const when = state.tl.bin === 1 ? binStart(i) : binStart(i) + " – " + binEnd(i);
    tip.appendChild(el("strong", null, when + ": " + total + " event" + (total === 1 ? "" : "s")));
    for (const [type, count] of Array.from(m).sort((a, b) => b[1] - a[1])) {
      const sw = el("span", { class: "swatch" });
      sw.style.backgroundColor = typeColour(type);
      tip.appendChild(el("div", { class: "tip-row", "data-type": type }, sw, " " + type.replace(/_/g, " ") + " " + count));
    }
    const box = $("timeline").getBoundingClientRect();
    tip.style.left = Math.min(box.width - 160, Math.max(0, evt.clientX - box.left + 8)) + "px";
    tip.hidden = false;
  }

  function setupTimeline() {
    const t = $("timeline");
    let from = null;
    const brushAt = (a, b) => {
      const r = $("brush");
      if (!r) return;
      const i = Math.min(a, b), j = Math.max(a, b);
      r.setAttribute("x", (i * state.tl.w).toFixed(3));
      r.setAttribute("width", ((j - i + 1) * state.tl.w).toFixed(3));
    };
    t.addEventListener("pointerdown", (evt) => {
      if (!state.tl) return;
      from = timelineIndex(evt);
      t.setPointerCapture(evt.pointerId);
      brushAt(from, from);
    });
    t.addEventListener("pointermove", (evt) => {
      if (!state.tl) return;
      showTip(evt);
      if (from !== null) brushAt(from, timelineIndex(evt));
    });
    t.addEventListener("pointerleave", () => { $("timeline-tip").hidden = true; });
    t.addEventListener("pointerup", (evt) => {
      if (from === null || !state.tl) return;
      const to = timelineIndex(evt);
      const a = binStart(Math.min(from, to));
      const b = binEnd(Math.max(from, to));
      from = null;
      go(withFilters({ from: a, to: b }));
    });
  }

  // -- facets: counts by type, country, modality and source, next to the filters ------
  const FACET_NAMES = [["type", "Type", "type"], ["country", "Country", "country"],
                       ["modality", "Modality", "modality"], ["source", "Source", "outlet"]];

  function drawFacets(data) {
    const box = $("facets");
    clear(box);
    for (const [name, title, key] of FACET_NAMES) {
      const facet = data[name];
      if (!facet || !facet.values.length) continue;
      const ul = el("ul");
      for (const v of facet.values) {
        const chosen = String(state.filters[key] || "").toUpperCase() === String(v.value).toUpperCase();
        const label = name === "country" ? countryLabel(v.value) : String(v.value).replace(/_/g, " ");
        const sw = name === "type" ? el("span", { class: "swatch" }) : null;
        if (sw) sw.style.backgroundColor = typeColour(v.value);
        ul.appendChild(el("li", { class: chosen ? "chosen" : null },
          el("a", { href: withFilters({ [key]: chosen ? "" : v.value }), class: "facet-value",
                    "data-facet": name, "data-value": v.value, title: chosen ? "remove this filter" : "filter on it" },
             sw, label, chosen ? " ✕" : ""),
          el("span", { class: "n" }, String(v.count))));
      }
      const more = facet.distinct > facet.values.length ? el("li", { class: "small" }, "… " + (facet.distinct - facet.values.length) + " more") : null;
      if (more) ul.appendChild(more);
      box.appendChild(el("section", { class: "facet", "data-facet": name }, el("h3", null, title), ul));
    }
  }

  // -- the events view ----------------------------------------------------------------
  function eventItem(ev) {
    const place = ev.place ? ev.place.name + (ev.place.country ? " (" + ev.place.country + ")" : "") : "no place";
    const figs = (ev.figures || []).filter((f) => f.category !== "other")
      .map((f) => f.category + " " + (f.approx ? "~" : "") + f.value).join(", ");
    const link = el("a", { href: "#/article/" + encodeURIComponent(ev.article_id) +
                           "?event=" + encodeURIComponent(ev.id), class: "event-link" },
                    ev.title || "article");
    const evDate = ev.date && (ev.date.start !== dateFmt(ev.published) || ev.date.end !== ev.date.start)
      ? ev.date.start + (ev.date.end && ev.date.end !== ev.date.start ? " → " + ev.date.end : "") : null;
    return el("li", { class: "event", "data-key": ev.key, "data-type": ev.type },
      el("div", { class: "event-head" }, typeBadge(ev.type), " ",
         el("span", { class: "date", title: "the article's date" }, dateFmt(ev.published)),
         evDate ? el("span", { class: "event-date", title: "the event's own date" }, " · event " + evDate) : null, " · ",
         el("span", { class: "place" }, place),
         ev.modality && ev.modality !== "asserted" ? el("span", { class: "modality" }, " " + ev.modality) : null),
      el("div", { class: "evidence" }, ev.evidence || ""),
      figs ? el("div", { class: "figs" }, figs) : null,
      el("div", { class: "source" }, link, ev.source ? " — selon " + ev.source : ""));
  }

  // the filters in force, in words, each with a link that removes it (printed too)
  const FILTER_NAMES = { type: "type", from: "from", to: "to", by: "dates of", country: "country",
                         modality: "modality", q: "words", outlet: "source" };

  function drawActiveFilters(f) {
    const box = $("active-filters");
    clear(box);
    const keys = FILTER_KEYS.filter((k) => f[k]);
    if (!keys.length) return;
    box.appendChild(document.createTextNode("Filters: "));
    for (const k of keys) {
      const v = k === "country" ? countryLabel(f[k]) : k === "by" ? "the events" : String(f[k]).replace(/_/g, " ");
      box.appendChild(el("a", { class: "chip", "data-filter": k, href: withFilters({ [k]: "" }),
                                title: "remove this filter" }, FILTER_NAMES[k] + ": " + v + " ✕"));
      box.appendChild(document.createTextNode(" "));
    }
  }

  async function loadEvents() {
    const seq = ++state.loadSeq;
    const f = state.filters;
    updateExportLinks(f);
    drawActiveFilters(f);
    $("nav-events").setAttribute("href", eventsHash(f, state.page, true));
    showError("");
    setStatus("loading…");
    try {
      const [pageData, timeline, facets] = await Promise.all([
        api("/api/events", Object.assign({}, f, { page: state.page, per_page: PER_PAGE })),
        // the timeline shows the other filters' events on every day, the dates chosen
        // shaded, so that another range can be brushed
        api("/api/timeline", Object.assign({}, f, { from: "", to: "" })),
        api("/api/facets", f),
        loadMap(seq),
      ]);
      if (seq !== state.loadSeq) return;
      state.pages = pageData.pages;
      const list = $("events-list");
      clear(list);
      for (const ev of pageData.items) list.appendChild(eventItem(ev));
      const summary = $("events-summary");
      summary.setAttribute("data-total", String(pageData.total));
      summary.textContent = pageData.total + " event" + (pageData.total === 1 ? "" : "s") +
        (Object.keys(f).length ? " matching the filters" : "") +
        ", newest " + (pageData.by === "event" ? "event" : "article") + " first";
      $("page-info").textContent = "page " + pageData.page + " / " + pageData.pages;
      $("prev-page").disabled = pageData.page <= 1;
      $("next-page").disabled = pageData.page >= pageData.pages;
      if (state.refit) { fitView(); state.refit = false; applyView(); }
      drawTimeline(timeline);
      drawFacets(facets);
      const present = new Set(timeline.days.map((d) => d.type));
      drawLegend(state.eventTypes.filter((t) => present.has(t)));
      for (const p of $("countries").children) {
        p.classList.toggle("selected", !!f.country && p.getAttribute("data-iso") === f.country.toUpperCase());
      }
      setStatus("");
      document.body.setAttribute("data-loaded", eventsHash(f, state.page));
    } catch (err) {
      if (seq !== state.loadSeq) return;
      setStatus("");
      showError(err.message);
      clear($("events-list"));
      $("events-summary").textContent = "";
    }
  }

  function showEvents(params) {
    showOnly("events");
    const f = {};
    for (const k of FILTER_KEYS) { const v = params.get(k); if (v) f[k] = v; }
    if (f.by === "article") delete f.by;
    const changed = JSON.stringify(f) !== JSON.stringify(state.filters) || !state.loaded;
    state.filters = f;
    state.page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
    setFilters(f);
    const mode = params.get("mode") === "density" ? "density" : "clusters";
    if (mode !== state.mapMode) {
      state.mapMode = mode;
      $("map-mode").setAttribute("aria-pressed", String(mode === "density"));
    }
    const view = viewFrom(params.get("map"));
    if (view) {                   // the frame the URL gives
      state.view = view; state.viewSet = true; state.refit = false;
      clampView(); applyView();
    } else if (changed) {
      state.refit = true; state.viewSet = false;
    }
    state.loaded = true;
    return loadEvents();
  }

  // -- the article view ---------------------------------------------------------------
  // Offsets count code points (as Python does), JS strings UTF-16 units: an emoji is
  // one of the first and two of the second. The text is cut as an array of code points.
  function segments(length, spans) {
    const cuts = new Set([0, length]);
    for (const s of spans) {
      if (s.start >= 0 && s.end <= length && s.start < s.end) { cuts.add(s.start); cuts.add(s.end); }
    }
    const bounds = Array.from(cuts).sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const a = bounds[i], b = bounds[i + 1];
      out.push({ start: a, end: b, spans: spans.filter((s) => s.start <= a && s.end >= b) });
    }
    return out;
  }

  // A span whose `field` is "title" points into the title; any other into the body.
  function renderText(box, text, spans, refs) {
    clear(box);
    const points = Array.from(text);          // one item per code point
    for (const seg of segments(points.length, spans)) {
      const piece = points.slice(seg.start, seg.end).join("");
      if (!seg.spans.length) { box.appendChild(document.createTextNode(piece)); continue; }
      const layers = Array.from(new Set(seg.spans.map((s) => s.layer)));
      const node = el("span", { class: layers.map((l) => "hl hl-" + l).join(" "),
                                title: seg.spans.map((s) => s.layer + ": " + s.label).join("\n") },
                      piece);
      for (const s of seg.spans) {
        if (!refs.has(s.id)) refs.set(s.id, []);
        refs.get(s.id).push(node);
      }
      box.appendChild(node);
    }
  }

  function recordSection(title, items, render) {
    const sec = el("section", { class: "record-layer" }, el("h3", null, title + " (" + items.length + ")"));
    const ul = el("ul");
    for (const item of items) ul.appendChild(render(item));
    sec.appendChild(ul);
    return sec;
  }

  function linked(li, id, refs) {
    li.setAttribute("data-ref", id);
    li.classList.add("ref");
    li.addEventListener("mouseenter", () => { for (const n of refs.get(id) || []) n.classList.add("focus"); });
    li.addEventListener("mouseleave", () => { for (const n of refs.get(id) || []) n.classList.remove("focus"); });
    li.addEventListener("click", () => {
      const nodes = refs.get(id) || [];
      if (nodes.length) nodes[0].scrollIntoView({ block: "center", behavior: "smooth" });
    });
    return li;
  }

  // How the record beside the text shows an item of each layer, by layer name.
  const RECORD_ITEMS = {
    events: (e, refs) => linked(el("li", { "data-event": e.id },
      typeBadge(e.type), " ", e.trigger ? e.trigger.text : "", e.modality !== "asserted" ? " (" + e.modality + ")" : "",
      el("div", { class: "small" },
        [e.place ? "at " + e.place.name : "no place", e.date ? ", " + e.date.start + (e.date.end !== e.date.start ? " → " + e.date.end : "") : "",
         (e.actors || []).length ? ", actors: " + e.actors.join(", ") : "",
         (e.figures || []).filter((f) => f.category !== "other").map((f) => ", " + f.category + " " + f.value).join("")].join(""))), e.key, refs),
    places: (p, refs) => linked(el("li", null,
      el("strong", null, p.name), " ", p.kind ? "(" + p.kind + ")" : "", " ", p.country || "",
      p.lat !== null && p.lat !== undefined ? el("span", { class: "small" }, " " + Number(p.lat).toFixed(2) + ", " + Number(p.lon).toFixed(2)) : ""), p.id, refs),
    figures: (f, refs) => linked(el("li", null,
      el("strong", null, f.category), " ", (f.approx ? "~" : "") + f.value + (f.value_max && f.value_max !== f.value ? "–" + f.value_max : ""),
      " «" + f.text + "»", f.source ? el("span", { class: "small" }, " selon " + f.source) : ""), f.id, refs),
    quotes: (q, refs) => linked(el("li", null,
      el("strong", null, q.speaker || "speaker unknown"), ": «" + q.text + "»"), q.id, refs),
    times: (t, refs) => linked(el("li", null,
      "«" + t.text + "» → ", el("code", null, t.value), " " + t.type), t.id, refs),
  };

  // the span a link names (#/article/ID?span=START-END&field=title): a brief's evidence
  function linkedSpan(value, field) {
    const m = /^(\d+)-(\d+)$/.exec(String(value || ""));
    if (!m || Number(m[2]) <= Number(m[1])) return null;
    return { layer: "evidence", start: Number(m[1]), end: Number(m[2]), label: "cited",
             id: "evidence-span", field: field === "title" ? "title" : "text" };
  }

  async function showArticle(id, focusEvent, span) {
    showOnly("article");
    $("article-title").textContent = "loading…";
    clear($("article-text")); clear($("article-record")); $("article-meta").textContent = "";
    let a;
    try {
      a = await api("/api/articles/" + encodeURIComponent(id));
    } catch (err) {
      $("article-title").textContent = "";
      showError(err.message);
      return;
    }
    showError("");
    const meta = $("article-meta");
    clear(meta);
    append(meta, [dateFmt(a.published), a.source ? " · " + a.source : ""]);
    const url = safeHref(a.url);
    if (url) append(meta, [" · ", el("a", { href: url, rel: "noopener noreferrer nofollow" }, "original")]);
    if (a.story_id) append(meta, [" · ", el("a", { href: "#/story/" + encodeURIComponent(a.story_id) }, "story")]);
    if (a.duplicate_of) append(meta, [" · ", el("a", { href: "#/article/" + encodeURIComponent(a.duplicate_of) }, "a copy of this article")]);

    const legend = $("article-legend");
    clear(legend);
    for (const l of state.layers) legend.appendChild(el("span", { class: "hl hl-" + l.item }, l.label));

    const refs = new Map();
    // the figures of category "other" (ages, street numbers...) are not tolls: the CLI's
    // fiche leaves them out, and so do the panel's count and highlights
    const others = new Set((a.figures || []).filter((f) => f.category === "other").map((f) => f.id));
    const spans = (a.spans || []).filter((s) => !(s.layer === "figure" && others.has(s.id)));
    if (span) spans.push(span);
    const inTitle = (s) => s.field === "title";
    renderText($("article-title"), a.title || "", spans.filter(inTitle), refs);
    if (!a.title) $("article-title").textContent = "untitled article";
    renderText($("article-text"), a.text || "", spans.filter((s) => !inTitle(s)), refs);
    const rec = $("article-record");
    clear(rec);
    for (const l of state.layers) {
      const render = RECORD_ITEMS[l.name];
      if (!render) continue;
      const items = (a[l.name] || []).filter((x) => l.name !== "figures" || !others.has(x.id));
      rec.appendChild(recordSection(l.label, items, (x) => render(x, refs)));
      if (l.name === "figures" && others.size) {
        const rest = (a.figures || []).filter((x) => others.has(x.id));
        const ul = el("ul");
        for (const f of rest) ul.appendChild(el("li", null, f.value + " «" + f.text + "»"));
        rec.appendChild(el("details", { class: "other-figures" },
          el("summary", null, rest.length + " other number" + (rest.length === 1 ? "" : "s") + " (ages, addresses, heights…), not counted"), ul));
      }
    }
    if ((a.warnings || []).length) rec.appendChild(recordSection("Warnings", a.warnings, (w) => el("li", null, w)));

    const cited = span ? refs.get(span.id) || [] : [];
    for (const n of cited) n.classList.add("focus", "cited");
    if (cited.length) cited[0].scrollIntoView({ block: "center" });
    if (focusEvent) {
      const ev = (a.events || []).find((e) => e.id === focusEvent);
      const nodes = ev ? refs.get(ev.key) || [] : [];
      for (const n of nodes) n.classList.add("focus");
      if (nodes.length) nodes[0].scrollIntoView({ block: "center" });
    }
  }

  // -- stories --------------------------------------------------------------------------
  async function showStories(q) {
    showOnly("stories");
    $("s-q").value = q || "";
    const list = $("stories-list");
    clear(list);
    try {
      const data = await api("/api/stories", { q: q, per_page: 100 });
      showError("");
      if (!data.items.length) list.appendChild(el("li", { class: "empty" }, "no story of two articles or more"));
      for (const s of data.items) {
        list.appendChild(el("li", { class: "story" },
          el("a", { href: "#/story/" + encodeURIComponent(s.id) }, s.title || s.id),
          el("span", { class: "small" }, " " + s.n_articles + " articles, " + dateFmt(s.first_date) +
             (s.last_date && s.last_date !== s.first_date ? " → " + dateFmt(s.last_date) : "")),
          (s.terms || []).length ? el("div", { class: "terms" }, s.terms.join(" · ")) : null));
      }
    } catch (err) { showError(err.message); }
  }

  async function showStory(id) {
    showOnly("story");
    for (const i of ["story-figures", "story-events", "story-articles"]) clear($(i));
    $("story-title").textContent = "loading…";
    let s;
    try { s = await api("/api/stories/" + encodeURIComponent(id)); } catch (err) {
      $("story-title").textContent = "";
      showError(err.message);
      return;
    }
    showError("");
    setBriefLink({ story: s.id });
    $("story-title").textContent = s.title || s.id;
    $("story-meta").textContent = s.n_articles + " articles, " + dateFmt(s.first_date) + " → " + dateFmt(s.last_date);
    const box = $("story-figures");
    if (!s.figures.length) box.appendChild(el("p", { class: "empty" }, "no figure in this story"));
    for (const g of s.figures) {
      // a toll timeline: one claim per report (an article's total), in report order;
      // the parts and details of a report are listed apart, never as rivals
      const claimValue = (c) => (c.approx ? "~" : "") + (c.count !== undefined ? c.count : c.value) +
        (c.value_max && c.value_max !== c.value ? "–" + c.value_max : "");
      const totals = new Set((g.reports || []).map((r) => r.figure_id));
      const outliers = new Set((g.reports || []).filter((r) => r.outlier).map((r) => r.figure_id));
      const row = el("div", { class: "claims" });
      const aside = el("ul", { class: "claim-parts" });
      for (const c of g.claims) {
        if (g.reports && !totals.has(c.figure_id)) {
          aside.appendChild(el("li", null, (c.role === "part" ? "part: " : "detail: ") + claimValue(c) +
            " «" + (c.text || "") + "» — " + (c.source || "source unknown") + ", " + dateFmt(c.published)));
          continue;
        }
        row.appendChild(el("div", { class: "claim" + (c.attributed ? "" : " unattributed") + (outliers.has(c.figure_id) ? " outlier" : "") },
          el("div", { class: "value" }, claimValue(c)),
          el("div", { class: "who" }, c.source || "source unknown"),
          el("div", { class: "when" }, dateFmt(c.published)),
          el("div", { class: "quote" }, "«" + (c.text || "") + "»"),
          el("a", { href: "#/article/" + encodeURIComponent(c.article_id) }, "article")));
      }
      const status = g.status || (g.conflict ? "conflicting" : "");
      const summary = g.latest ? " latest " + claimValue(g.latest) + " (" + dateFmt(g.latest.published) + ")" +
        (g.highest && g.highest.figure_id !== g.latest.figure_id ? ", highest " + claimValue(g.highest) + " (" + dateFmt(g.highest.published) + ")" : "") : "";
      const badge = status === "conflicting"
        ? el("span", { class: "conflict-badge" }, " conflicting the same day: " +
          (g.disagreements || []).map((d) => dateFmt(d.day) + " " + d.values.join(" / ")).join("; "))
        : (status ? el("span", { class: "toll-status status-" + status }, " " + status) : "");
      box.appendChild(el("div", { class: "figure-group" + (g.conflict ? " conflict" : "") + (status ? " " + status : ""), "data-category": g.category, "data-status": status },
        el("h4", null, g.category, badge, el("span", { class: "toll-summary" }, summary)),
        row,
        aside.children.length ? el("details", null, el("summary", null, aside.children.length + " parts and details, not rival counts"), aside) : null));
    }
    for (const m of s.merged_events || []) {
      $("story-events").appendChild(el("li", null, typeBadge(m.type), " ", m.place_name || "no place",
        " · " + dateFmt(m.date_start) + (m.date_end && m.date_end !== m.date_start ? " → " + dateFmt(m.date_end) : "") +
        " · " + m.n_events + " mentions in " + m.n_articles + " articles"));
    }
    for (const a of s.articles || []) {
      $("story-articles").appendChild(el("li", null, dateFmt(a.published), " ",
        el("a", { href: "#/article/" + encodeURIComponent(a.id) }, a.title || a.id),
        a.outlet ? " — " + a.outlet : "", a.duplicate_of ? " (copy)" : ""));
    }
  }

  // -- quotes ---------------------------------------------------------------------------
  // #/quotes?speaker=…&q=…&unknown=1&fragments=1&group=speaker&page=N
  const QUOTES_PER_PAGE = 100;
  const QUOTE_KEYS = ["speaker", "q", "unknown", "fragments", "group"];

  function quotesHash(o, page) {
    const p = new URLSearchParams();
    for (const k of QUOTE_KEYS) if (o[k]) p.set(k, o[k]);
    if (page && page > 1) p.set("page", String(page));
    const qs = p.toString();
    return "#/quotes" + (qs ? "?" + qs : "");
  }

  function quotesForm() {
    const speaker = $("qt-speaker").value.trim();
    return { speaker: speaker, q: $("qt-q").value.trim(),
             unknown: !speaker && $("qt-top").value === "?unknown" ? "1" : "",
             fragments: $("qt-fragments").checked ? "1" : "",
             group: $("qt-group").checked ? "speaker" : "" };
  }

  async function loadSpeakers() {
    if (state.speakers) return;
    state.speakers = await api("/api/speakers", { limit: 40 });
    const sel = $("qt-top");
    for (const s of state.speakers.speakers) {
      sel.appendChild(el("option", { value: s.speaker }, s.speaker + " (" + s.count + ")"));
    }
    sel.appendChild(el("option", { value: "?unknown" }, "speaker unknown (" + state.speakers.unknown + ")"));
  }

  function speakerLink(item, o) {
    return item.speaker
      ? el("a", { href: quotesHash({ speaker: item.speaker, fragments: o.fragments, group: o.group }), class: "speaker" }, item.speaker)
      : el("a", { href: quotesHash({ unknown: "1", fragments: o.fragments, group: o.group }), class: "speaker unknown" }, "speaker unknown");
  }

  async function showQuotes(params) {
    showOnly("quotes");
    const o = {};
    for (const k of QUOTE_KEYS) o[k] = params.get(k) || "";
    const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
    $("qt-speaker").value = o.speaker;
    $("qt-q").value = o.q;
    $("qt-fragments").checked = !!o.fragments;
    $("qt-group").checked = o.group === "speaker";
    const list = $("quotes-list");
    clear(list);
    $("quotes-summary").textContent = "";
    try {
      await loadSpeakers();
      $("qt-top").value = o.unknown ? "?unknown" : (state.speakers.speakers.some((s) => s.speaker === o.speaker) ? o.speaker : "");
      const data = await api("/api/quotes", { speaker: o.speaker, q: o.q, unknown: o.unknown,
                                              fragments: o.fragments, group: o.group,
                                              page: page, per_page: QUOTES_PER_PAGE });
      showError("");
      const first = (data.page - 1) * data.per_page + 1;
      const summary = $("quotes-summary");
      summary.setAttribute("data-total", String(data.total));
      append(summary, [data.total + " quote" + (data.total === 1 ? "" : "s") +
        (o.unknown ? " of unknown speakers" : "") +
        (data.pages > 1 ? ", " + first + "–" + (first + data.items.length - 1) + " shown " : "")]);
      if (data.fragments_hidden) {
        append(summary, [" · ", el("a", { href: quotesHash(Object.assign({}, o, { fragments: "1" })), class: "show-fragments" },
                                   data.fragments_hidden + " fragment" + (data.fragments_hidden === 1 ? "" : "s") +
                                   " hidden (fewer than four words, scare quotes, names of works): show")]);
      }
      if (data.page > 1) append(summary, [" ", el("a", { href: quotesHash(o, data.page - 1), class: "prev" }, "‹ newer")]);
      if (data.page < data.pages) append(summary, [" ", el("a", { href: quotesHash(o, data.page + 1), class: "next" }, "older ›")]);
      list.setAttribute("start", String(first));
      let group = null;
      for (const item of data.items) {
        if (o.group && (item.speaker || "") !== group) {
          group = item.speaker || "";
          list.appendChild(el("li", { class: "group-head", "data-speaker": group },
            speakerLink(item, o), " — " + item.speaker_quotes + " quote" + (item.speaker_quotes === 1 ? "" : "s")));
        }
        const flags = (item.flags || []).length ? el("span", { class: "small flags" }, " [" + item.flags.join(", ") + "]") : null;
        list.appendChild(el("li", { class: "quote" + ((item.flags || []).length ? " flagged" : ""), "data-speaker": item.speaker || "" },
          o.group ? null : speakerLink(item, o), o.group ? null : " ",
          el("q", null, item.text), flags,
          el("div", { class: "small" }, dateFmt(item.published), " · ",
             el("a", { href: "#/article/" + encodeURIComponent(item.article_id) }, item.title || "article"))));
      }
      if (!data.items.length) list.appendChild(el("li", { class: "empty" }, "no quote"));
    } catch (err) { showError(err.message); }
  }

  // -- routing --------------------------------------------------------------------------
  function showOnly(name) {
    for (const v of ["events", "article", "stories", "story", "quotes"]) $("view-" + v).hidden = v !== name;
    const err = $("error");
    const target = $("view-" + name);
    if (err.parentNode !== target) target.insertBefore(err, target.firstChild);
    document.body.setAttribute("data-view", name);
    for (const a of document.querySelectorAll("nav a[data-view]")) {
      a.classList.toggle("active", a.getAttribute("data-view") === name ||
        (name === "story" && a.getAttribute("data-view") === "stories") ||
        (name === "article" && a.getAttribute("data-view") === "events"));
    }
  }

  function route() {
    const hash = window.location.hash || "#/";
    const [path, query] = hash.slice(1).split("?");
    const params = new URLSearchParams(query || "");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    showError("");
    if (parts[0] === "article" && parts[1]) {
      return showArticle(parts[1], params.get("event"), linkedSpan(params.get("span"), params.get("field")));
    }
    if (parts[0] === "story" && parts[1]) return showStory(parts[1]);
    if (parts[0] === "stories") return showStories(params.get("q"));
    if (parts[0] === "quotes") return showQuotes(params);
    return showEvents(params);
  }

  async function init() {
    setupMapInteraction();
    setupTimeline();
    $("filters").addEventListener("submit", (evt) => { evt.preventDefault(); go(eventsHash(formFilters(), 1)); });
    $("f-reset").addEventListener("click", () => go("#/events"));
    $("brief-link").addEventListener("click", (evt) => {
      if ($("brief-link").getAttribute("aria-disabled") !== "true") return;
      evt.preventDefault();
      showError("A brief covers a country or a story: pick a country in the filters, or open a story.");
    });
    $("prev-page").addEventListener("click", () => { if (state.page > 1) go(eventsHash(state.filters, state.page - 1, true)); });
    $("next-page").addEventListener("click", () => { if (state.page < state.pages) go(eventsHash(state.filters, state.page + 1, true)); });
    $("stories-form").addEventListener("submit", (evt) => {
      evt.preventDefault();
      go("#/stories?q=" + encodeURIComponent($("s-q").value.trim()));
    });
    $("quotes-form").addEventListener("submit", (evt) => { evt.preventDefault(); go(quotesHash(quotesForm(), 1)); });
    $("qt-top").addEventListener("change", () => {
      const v = $("qt-top").value;
      $("qt-speaker").value = v === "?unknown" ? "" : v;
      go(quotesHash(quotesForm(), 1));
    });
    for (const id of ["qt-fragments", "qt-group"]) $(id).addEventListener("change", () => go(quotesHash(quotesForm(), 1)));
    window.addEventListener("hashchange", route);
    try {
      const [meta, countries] = await Promise.all([api("/api/meta"), api("/api/countries")]);
      state.eventTypes = meta.event_types;
      state.types = new Map((meta.event_type_table || []).map((t) => [t.name, t]));
      state.layers = meta.layers || [];
      for (const l of state.layers) {     // the highlight colours of style.css
        document.documentElement.style.setProperty("--layer-" + l.item, l.colour);
      }
      const sel = $("f-type");
      for (const t of meta.event_types) {
        sel.appendChild(el("option", { value: t, title: typeTitle(t) }, t.replace(/_/g, " ")));
      }
      for (const m of meta.modalities || []) $("f-modality").appendChild(el("option", { value: m }, m));
      state.countries = countries.countries;
      const names = $("country-names");
      const sorted = countries.countries.slice().sort((a, b) => b.events - a.events || a.fr.localeCompare(b.fr));
      for (const c of sorted) {
        state.countryByCode.set(c.code, c);
        state.countryIndex.set(fold(c.fr), c.code);
        state.countryIndex.set(fold(c.en), c.code);
        names.appendChild(el("option", { value: c.fr + " (" + c.code + ")" },
                             c.en + (c.events ? " · " + c.events + " events" : "")));
      }
      document.body.setAttribute("data-articles", String(meta.counts.articles));
    } catch (err) { showError(err.message); }
    try { await loadWorld(); } catch (err) { showError("world outlines: " + err.message); }
    await route();
    document.body.setAttribute("data-ready", "1");
  }

  document.addEventListener("DOMContentLoaded", init);
})();
