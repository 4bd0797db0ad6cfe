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
  const MAP_LIMIT = 1000;
  const WORLD = { x: 0, y: 0, w: 360, h: 180 };

  // The layers, event types, their labels and colours come from /api/meta (records.LAYERS
  // and the event type table on the server): nothing of them is written here.
  const state = { page: 1, pages: 1, view: Object.assign({}, WORLD), world: null,
                  eventTypes: [], types: new Map(), layers: [], loadSeq: 0 };

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

  function typeBadge(type) {
    const b = el("span", { class: "badge", "data-type": type, title: typeTitle(type) },
                 type.replace(/_/g, " "));
    b.style.backgroundColor = typeColour(type);
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

  // -- filters ------------------------------------------------------------------------
  function filters() {
    const f = {};
    for (const [k, v] of new FormData($("filters")).entries()) {
      const s = String(v).trim();
      if (s) f[k] = s;
    }
    return f;
  }

  function setFilters(values) {
    const form = $("filters");
    for (const name of ["type", "from", "to", "country", "q"]) {
      form.elements[name].value = values[name] || "";
    }
  }

  function updateExportLinks(f) {
    for (const fmt of ["csv", "geojson"]) {
      const url = new URL("/api/export", window.location.origin);
      url.searchParams.set("format", fmt);
      for (const [k, v] of Object.entries(f)) url.searchParams.set(k, v);
      $("export-" + fmt).setAttribute("href", url.pathname + url.search);
    }
  }

  // -- the map ------------------------------------------------------------------------
  const project = (lon, lat) => [lon + 180, 90 - lat];

  async function loadWorld() {
    const res = await fetch("/static/world.json");
    state.world = await res.json();
    const g = $("countries");
    for (const c of state.world.countries) {
      const p = svg("path", { d: c.d, class: "country", "data-iso": c.iso || "" });
      const t = svg("title");
      t.textContent = c.name + (c.iso ? " (" + c.iso + ")" : "");
      p.appendChild(t);
      if (c.iso) {
        p.addEventListener("click", (ev) => {
          if (state.dragged) return;
          ev.stopPropagation();
          const form = $("filters");
          form.elements.country.value = form.elements.country.value === c.iso ? "" : c.iso;
          state.page = 1;
          loadEvents();
        });
      }
      g.appendChild(p);
    }
  }

  function applyView() {
    const v = state.view;
    $("map").setAttribute("viewBox", [v.x, v.y, v.w, v.h].map((n) => n.toFixed(3)).join(" "));
    const r = 2.2 * v.w / 360;           // markers keep their size on screen
    for (const c of $("markers").children) {
      const n = Number(c.getAttribute("data-n")) || 1;
      c.setAttribute("r", (r * Math.min(3, 1 + Math.log10(n))).toFixed(3));
      c.setAttribute("stroke-width", (r / 4).toFixed(3));
    }
  }

  function zoom(factor, cx, cy) {
    const v = state.view;
    const w = Math.min(360, Math.max(2, v.w * factor));
    const h = w / 2;
    const px = cx === undefined ? v.x + v.w / 2 : cx;
    const py = cy === undefined ? v.y + v.h / 2 : cy;
    v.x = px - (px - v.x) * (w / v.w);
    v.y = py - (py - v.y) * (h / v.h);
    v.w = w; v.h = h;
    clampView();
    applyView();
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

  function setupMapInteraction() {
    const m = $("map");
    m.addEventListener("wheel", (evt) => {
      evt.preventDefault();
      const [x, y] = svgPoint(evt);
      zoom(evt.deltaY > 0 ? 1.25 : 0.8, x, y);
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
      drag = null;
      setTimeout(() => { state.dragged = false; }, 0);
    });
    $("zoom-in").addEventListener("click", () => zoom(0.5));
    $("zoom-out").addEventListener("click", () => zoom(2));
    $("zoom-reset").addEventListener("click", () => {
      state.view = Object.assign({}, WORLD);
      applyView();
    });
  }

  function drawMarkers(items, total, fit) {
    const g = $("markers");
    clear(g);
    const groups = new Map();
    let located = 0;
    for (const ev of items) {
      const p = ev.place;
      if (!p || p.lat === null || p.lat === undefined || p.lon === null || p.lon === undefined) continue;
      located += 1;
      const key = Number(p.lat).toFixed(2) + "," + Number(p.lon).toFixed(2) + "," + ev.type;
      if (!groups.has(key)) groups.set(key, { place: p, type: ev.type, events: [] });
      groups.get(key).events.push(ev);
    }
    // the commonest types first, so that rare ones are drawn on top
    const sorted = Array.from(groups.values()).sort((a, b) => b.events.length - a.events.length);
    for (const grp of sorted) {
      const [x, y] = project(Number(grp.place.lon), Number(grp.place.lat));
      const c = svg("circle", { cx: x.toFixed(3), cy: y.toFixed(3), r: 1, class: "marker",
                                "data-type": grp.type, "data-n": grp.events.length });
      c.setAttribute("fill", typeColour(grp.type));
      const t = svg("title");
      t.textContent = grp.place.name + " — " + grp.type.replace(/_/g, " ") + " × " +
                      grp.events.length;
      c.appendChild(t);
      c.addEventListener("click", (evt) => { evt.stopPropagation(); showPlaceNote(grp); });
      g.appendChild(c);
    }
    if (fit) { fitView(items); state.fitted = true; } else if (state.fitted) {
      state.view = Object.assign({}, WORLD);
      state.fitted = false;
    }
    applyView();
    const note = $("map-note");
    clear(note);
    note.appendChild(document.createTextNode(
      located + " located event" + (located === 1 ? "" : "s") + " on the map" +
      (total > items.length ? " (the " + items.length + " newest of " + total + ")" : "")));
  }

  function fitView(items) {
    // filtered events: frame them (with a margin), never closer than ~12 degrees wide
    const pts = items.filter((ev) => ev.place && ev.place.lat != null && ev.place.lon != null)
      .map((ev) => project(Number(ev.place.lon), Number(ev.place.lat)));
    if (!pts.length) { state.view = Object.assign({}, WORLD); return; }
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const w = Math.min(360, Math.max(12, (x1 - x0) * 1.3, (y1 - y0) * 2.6));
    state.view = { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - w / 4, w: w, h: w / 2 };
    clampView();
  }

  function showPlaceNote(grp) {
    const note = $("map-note");
    clear(note);
    const list = el("ul", { class: "place-events" });
    for (const ev of grp.events.slice(0, 20)) {
      list.appendChild(el("li", null, typeBadge(ev.type), " ", dateFmt(eventDay(ev)), " ",
        el("a", { href: "#/article/" + encodeURIComponent(ev.article_id) }, ev.title || ev.article_id)));
    }
    append(note, [el("strong", null, grp.place.name), " (" + (grp.place.country || "?") + ")", list]);
  }

  function drawLegend(types) {
    const box = $("legend");
    clear(box);
    for (const t of types) {
      const sw = el("span", { class: "swatch" });
      sw.style.backgroundColor = typeColour(t);
      const item = el("button", { type: "button", class: "legend-item", "data-type": t,
                                  title: "show only " + t + " (" + typeTitle(t) + ")" },
                      sw, t.replace(/_/g, " "));
      item.addEventListener("click", () => {
        const sel = $("f-type");
        sel.value = sel.value === t ? "" : t;
        state.page = 1;
        loadEvents();
      });
      box.appendChild(item);
    }
  }

  // -- the timeline ---------------------------------------------------------------------
  function drawTimeline(days) {
    const g = $("timeline");
    clear(g);
    const axis = $("timeline-axis");
    clear(axis);
    if (!days.length) {
      axis.appendChild(document.createTextNode("no dated event"));
      return;
    }
    const DAY = 86400000;
    // Events dated far from the rest (a year in a history paragraph, a plan for 2049)
    // would stretch the axis over centuries: the axis spans the middle 94% of events,
    // at most three years, and says how many fall outside.
    const all = days.reduce((s, d) => s + d.count, 0);
    let seen = 0, lo = null, hi = null;
    for (const d of days) {
      seen += d.count;
      if (lo === null && seen > all * 0.03) lo = d.day;
      if (hi === null && seen >= all * 0.97) hi = d.day;
    }
    const maxSpan = 3 * 366 * DAY;
    if (Date.parse(hi + "T00:00:00Z") - Date.parse(lo + "T00:00:00Z") > maxSpan) {
      lo = new Date(Date.parse(hi + "T00:00:00Z") - maxSpan).toISOString().slice(0, 10);
    }
    const shown = days.filter((d) => d.day >= lo && d.day <= hi);
    const span = Math.round((Date.parse(hi + "T00:00:00Z") - Date.parse(lo + "T00:00:00Z")) / DAY) + 1;
    if (span < 15) {            // a few days: widen the axis so that a bar stays a bar
      const pad = Math.ceil((15 - span) / 2) * DAY;
      lo = new Date(Date.parse(lo + "T00:00:00Z") - pad).toISOString().slice(0, 10);
      hi = new Date(Date.parse(hi + "T00:00:00Z") + pad).toISOString().slice(0, 10);
    }
    const outside = all - shown.reduce((s, d) => s + d.count, 0);
    const t0 = Date.parse(lo + "T00:00:00Z");
    const t1 = Date.parse(hi + "T00:00:00Z");
    const n = Math.round((t1 - t0) / DAY) + 1;
    const per = new Map();
    for (const d of shown) {
      if (!per.has(d.day)) per.set(d.day, []);
      per.get(d.day).push(d);
    }
    let max = 1;
    for (const list of per.values()) max = Math.max(max, list.reduce((s, d) => s + d.count, 0));
    const w = 1000 / n;
    for (const [day, list] of per) {
      const i = Math.round((Date.parse(day + "T00:00:00Z") - t0) / DAY);
      let y = 120;
      const total = list.reduce((s, d) => s + d.count, 0);
      const bar = svg("g", { class: "day", "data-day": day, "data-count": total });
      for (const d of list) {
        const h = (d.count / max) * 115;
        y -= h;
        const r = svg("rect", { x: (i * w).toFixed(3), y: y.toFixed(3),
                                width: Math.max(w * 0.9, 0.6).toFixed(3), height: h.toFixed(3) });
        r.setAttribute("fill", typeColour(d.type));
        bar.appendChild(r);
      }
      const t = svg("title");
      t.textContent = day + ": " + total + " event" + (total === 1 ? "" : "s") + " — " +
        list.map((d) => d.type.replace(/_/g, " ") + " " + d.count).join(", ");
      bar.appendChild(t);
      bar.addEventListener("click", () => {
        const form = $("filters");
        form.elements.from.value = day;
        form.elements.to.value = day;
        state.page = 1;
        loadEvents();
      });
      g.appendChild(bar);
    }
    const mid = new Date(t0 + Math.floor(n / 2) * DAY).toISOString().slice(0, 10);
    append(axis, [el("span", null, lo), el("span", null, n > 2 ? mid : ""),
                  outside ? el("span", { class: "small" }, outside + " event" + (outside === 1 ? "" : "s") +
                            " dated outside this range (" + days[0].day + " … " + days[days.length - 1].day + ")") : null,
                  el("span", null, hi)]);
  }

  // -- the events view ----------------------------------------------------------------
  const eventDay = (ev) => (ev.date && ev.date.start) || ev.published;

  function eventItem(ev) {
    const place = ev.place ? ev.place.name + (ev.place.country ? " (" + ev.place.country + ")" : "") : "no place";
    const figs = (ev.figures || []).map((f) => f.category + " " + (f.approx ? "~" : "") + f.value).join(", ");
    const link = el("a", { href: "#/article/" + encodeURIComponent(ev.article_id) +
                           "?event=" + encodeURIComponent(ev.id), class: "event-link" },
                    ev.title || ev.article_id);
    return el("li", { class: "event", "data-key": ev.key, "data-type": ev.type },
      el("div", { class: "event-head" }, typeBadge(ev.type), " ",
         el("span", { class: "date" }, dateFmt(eventDay(ev))), " · ",
         el("span", { class: "place" }, place),
         ev.modality && ev.modality !== "asserted" ? el("span", { class: "modality" }, " " + ev.modality) : null),
      el("div", { class: "evidence" }, ev.evidence || ""),
      figs ? el("div", { class: "figs" }, figs) : null,
      el("div", { class: "source" }, link, ev.source ? " — selon " + ev.source : ""));
  }

  async function loadEvents() {
    const seq = ++state.loadSeq;
    const f = filters();
    updateExportLinks(f);
    showError("");
    setStatus("loading…");
    try {
      const [pageData, mapData, timeline] = await Promise.all([
        api("/api/events", Object.assign({}, f, { page: state.page, per_page: PER_PAGE })),
        api("/api/events", Object.assign({}, f, { page: 1, per_page: MAP_LIMIT,
                                                  fields: "key,id,type,place,date,published,article_id,title" })),
        api("/api/timeline", f),
      ]);
      if (seq !== state.loadSeq) return;
      state.pages = pageData.pages;
      const list = $("events-list");
      clear(list);
      for (const ev of pageData.items) list.appendChild(eventItem(ev));
      $("events-summary").textContent = pageData.total + " event" + (pageData.total === 1 ? "" : "s") +
        (Object.keys(f).length ? " matching the filters" : "");
      $("page-info").textContent = "page " + pageData.page + " / " + pageData.pages;
      $("prev-page").disabled = pageData.page <= 1;
      $("next-page").disabled = pageData.page >= pageData.pages;
      drawMarkers(mapData.items, mapData.total, Object.keys(f).length > 0);
      drawTimeline(timeline.days);
      const present = new Set(timeline.days.map((d) => d.type));
      drawLegend(state.eventTypes.filter((t) => present.has(t)));
      for (const p of $("countries").children) {
        p.classList.toggle("selected", !!f.country && p.getAttribute("data-iso") === f.country.toUpperCase());
      }
      setStatus("");
    } catch (err) {
      if (seq !== state.loadSeq) return;
      setStatus("");
      showError(err.message);
      clear($("events-list"));
      $("events-summary").textContent = "";
    }
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

  function renderText(text, spans, refs) {
    const box = $("article-text");
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
         (e.figures || []).length ? ", " + e.figures.map((f) => f.category + " " + f.value).join(", ") : "",
         e.merged_id ? ", merged " + e.merged_id : ""].join(""))), e.key, refs),
    places: (p, refs) => linked(el("li", null,
      el("strong", null, p.name), " ", p.kind ? "(" + p.kind + ")" : "", " ", p.country || "",
      p.lat !== null && p.lat !== undefined ? el("span", { class: "small" }, " " + Number(p.lat).toFixed(2) + ", " + Number(p.lon).toFixed(2)) : ""), p.id, refs),
    figures: (f, refs) => linked(el("li", null,
      el("strong", null, f.category), " ", (f.approx ? "~" : "") + f.value + (f.value_max && f.value_max !== f.value ? "–" + f.value_max : ""),
      " «" + f.text + "»", f.source ? el("span", { class: "small" }, " selon " + f.source) : ""), f.id, refs),
    quotes: (q, refs) => linked(el("li", null,
      el("strong", null, q.speaker || "?"), ": «" + q.text + "»"), q.id, refs),
    times: (t, refs) => linked(el("li", null,
      "«" + t.text + "» → ", el("code", null, t.value), " " + t.type), t.id, refs),
  };

  async function showArticle(id, focusEvent) {
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
    $("article-title").textContent = a.title || a.id;
    const meta = $("article-meta");
    clear(meta);
    append(meta, [dateFmt(a.published), a.source ? " · " + a.source : "", " · id " + a.id]);
    const url = safeHref(a.url);
    if (url) append(meta, [" · ", el("a", { href: url, rel: "noopener noreferrer nofollow" }, "original")]);
    if (a.story_id) append(meta, [" · ", el("a", { href: "#/story/" + encodeURIComponent(a.story_id) }, "story")]);
    if (a.duplicate_of) append(meta, [" · copy of ", el("a", { href: "#/article/" + encodeURIComponent(a.duplicate_of) }, a.duplicate_of)]);

    const legend = $("article-legend");
    clear(legend);
    for (const l of state.layers) legend.appendChild(el("span", { class: "hl hl-" + l.item }, l.label));

    const refs = new Map();
    renderText(a.text || "", a.spans || [], refs);
    const rec = $("article-record");
    clear(rec);
    for (const l of state.layers) {
      const render = RECORD_ITEMS[l.name];
      if (render) rec.appendChild(recordSection(l.label, a[l.name] || [], (x) => render(x, refs)));
    }
    if ((a.warnings || []).length) rec.appendChild(recordSection("Warnings", a.warnings, (w) => el("li", null, w)));

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
  const QUOTES_PER_PAGE = 100;

  function quotesHash(speaker, q, page) {
    const p = new URLSearchParams();
    if (speaker) p.set("speaker", speaker);
    if (q) p.set("q", q);
    if (page && page > 1) p.set("page", String(page));
    return "#/quotes?" + p.toString();
  }

  async function showQuotes(speaker, q, page) {
    showOnly("quotes");
    page = Math.max(1, parseInt(page || "1", 10) || 1);
    $("qt-speaker").value = speaker || "";
    $("qt-q").value = q || "";
    const list = $("quotes-list");
    clear(list);
    $("quotes-summary").textContent = "";
    try {
      const data = await api("/api/quotes", { speaker: speaker, q: q, page: page,
                                              per_page: QUOTES_PER_PAGE });
      showError("");
      const first = (data.page - 1) * data.per_page + 1;
      const summary = $("quotes-summary");
      append(summary, [data.total + " quote" + (data.total === 1 ? "" : "s") +
        (data.pages > 1 ? ", " + first + "–" + (first + data.items.length - 1) + " shown " : "")]);
      if (data.page > 1) append(summary, [" ", el("a", { href: quotesHash(speaker, q, data.page - 1), class: "prev" }, "‹ newer")]);
      if (data.page < data.pages) append(summary, [" ", el("a", { href: quotesHash(speaker, q, data.page + 1), class: "next" }, "older ›")]);
      list.setAttribute("start", String(first));
      for (const item of data.items) {
        const who = el("a", { href: quotesHash(item.speaker || "", "", 1), class: "speaker" },
                       item.speaker || "?");
        const flags = (item.flags || []).length ? el("span", { class: "small flags" }, " [" + item.flags.join(", ") + "]") : null;
        list.appendChild(el("li", { class: "quote" + ((item.flags || []).length ? " flagged" : "") }, who, " ",
          el("q", null, item.text), flags,
          el("div", { class: "small" }, dateFmt(item.published), " · ",
             el("a", { href: "#/article/" + encodeURIComponent(item.article_id) }, item.title || item.article_id))));
      }
    } catch (err) { showError(err.message); }
  }

  // -- routing --------------------------------------------------------------------------
  function showOnly(name) {
    for (const v of ["events", "article", "stories", "story", "quotes"]) $("view-" + v).hidden = v !== name;
    const err = $("error");
    const target = $("view-" + name);
    if (err.parentNode !== target) target.insertBefore(err, target.firstChild);
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
    if (parts[0] === "article" && parts[1]) return showArticle(parts[1], params.get("event"));
    if (parts[0] === "story" && parts[1]) return showStory(parts[1]);
    if (parts[0] === "stories") return showStories(params.get("q"));
    if (parts[0] === "quotes") return showQuotes(params.get("speaker"), params.get("q"), params.get("page"));
    showOnly("events");
    if (!state.loaded) { state.loaded = true; loadEvents(); }
  }

  async function init() {
    setupMapInteraction();
    $("filters").addEventListener("submit", (evt) => { evt.preventDefault(); state.page = 1; loadEvents(); });
    $("f-reset").addEventListener("click", () => { setFilters({}); state.page = 1; loadEvents(); });
    $("prev-page").addEventListener("click", () => { if (state.page > 1) { state.page -= 1; loadEvents(); } });
    $("next-page").addEventListener("click", () => { if (state.page < state.pages) { state.page += 1; loadEvents(); } });
    $("stories-form").addEventListener("submit", (evt) => {
      evt.preventDefault();
      const target = "#/stories?q=" + encodeURIComponent($("s-q").value.trim());
      if (window.location.hash === target) route(); else window.location.hash = target;
    });
    $("quotes-form").addEventListener("submit", (evt) => {
      evt.preventDefault();
      const target = quotesHash($("qt-speaker").value.trim(), $("qt-q").value.trim(), 1);
      if (window.location.hash === target) route(); else window.location.hash = target;
    });
    window.addEventListener("hashchange", route);
    try {
      const meta = await api("/api/meta");
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
      document.body.setAttribute("data-articles", String(meta.counts.articles));
    } catch (err) { showError(err.message); }
    try { await loadWorld(); } catch (err) { showError("world outlines: " + err.message); }
    route();
    document.body.setAttribute("data-ready", "1");
  }

  document.addEventListener("DOMContentLoaded", init);
})();
