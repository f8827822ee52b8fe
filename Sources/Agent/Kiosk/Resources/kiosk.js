// idgate kiosk page. The API token comes in the URL fragment (#token=…), is removed from the address bar at
// once and kept only in this closure: nothing goes to localStorage/sessionStorage or cookies.
(() => {
  "use strict";
  const T = window.IDGATE_KIOSK_TEXTS;

  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get("token");
  const clearSeconds = Math.max(0, Number(params.get("clear") ?? "10") || 0);
  let lang = params.get("lang") === "en" ? "en" : "vi";
  const wantedReader = params.get("reader");
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);

  const $ = (id) => document.getElementById(id);
  const t = (k) => T[lang][k];
  let sessions = {};
  let current = null;          // the session shown
  let citizen = null;          // personal data, in memory only while shown
  let citizenFor = null;
  let faceURL = null;
  let keyDigits = "";
  let clearTimer = null;
  const errors = [];
  let fatal = null;
  let connected = false;

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach((el) => { const v = t(el.dataset.t); if (typeof v === "string") el.textContent = v; });
    render();
  }

  function show(id) {
    document.querySelectorAll("main > .state").forEach((s) => { s.hidden = s.id !== id; });
  }

  function authHeaders() { return { Authorization: `Bearer ${token}` }; }

  // MARK: event stream (fetch, since EventSource cannot send the Authorization header)
  async function connect() {
    for (;;) {
      try {
        const response = await fetch("/v1/events", { headers: authHeaders(), cache: "no-store" });
        if (response.status === 401 || response.status === 403) { fatal = "tokenRejected"; render(); return; }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
            let name = "message", data = "";
            for (const line of block.split("\n")) {
              if (line.startsWith("event:")) name = line.slice(6).trim();
              else if (line.startsWith("data:")) data += line.slice(5).trim();
            }
            try { onEvent(name, JSON.parse(data)); } catch (e) { noteError(`bad event ${name}`); }
          }
        }
      } catch (e) {
        noteError(`${t("connectionLost")} (${e.message})`);
      }
      fatal = "connectionLost"; render();
      await new Promise((r) => setTimeout(r, 2000));
      fatal = null;
    }
  }

  function noteError(text) {
    errors.unshift(`${new Date().toLocaleTimeString()} ${text}`);
    errors.length = Math.min(errors.length, 20);
    renderStaff();
  }

  function onEvent(name, data) {
    if (data && data.event === "card-removed" && clearSeconds === 0) clearPersonal();
    if (name === "snapshot") {
      sessions = {};
      for (const s of data) sessions[s.id] = s;
    } else {
      if (data.event === "service-unavailable") { fatal = "serviceDown"; noteError(data.message || "pcscd"); render(); return; }
      if (data.event === "service-restored") { fatal = null; }
      const id = data.readerID;
      if (!id) { render(); return; }
      if (data.event === "reader-removed") { delete sessions[id]; render(); return; }
      const s = sessions[id] || { id, reader: data.reader };
      s.phase = data.phase ?? s.phase;
      if (data.event === "card-inserted" || data.event === "card-removed") { keyDigits = ""; s.result = null; s.lookups = null; s.progress = null; s.message = null; }
      if (data.progress) s.progress = data.progress;
      if (data.result) s.result = data.result;
      if (data.lookups) s.lookups = data.lookups;
      s.message = data.message ?? (data.event === "access-key-needed" || data.event === "failed" ? s.message : null);
      if (data.event === "failed" || (data.event === "access-key-needed" && data.message)) noteError(`${s.reader}: ${data.message || data.event}`);
      if (data.event === "card-unresponsive") noteError(`${s.reader}: card-unresponsive`);
      s.lastEvent = data.event;
      sessions[id] = s;
    }
    render();
  }

  function chooseSession() {
    const all = Object.values(sessions);
    if (wantedReader) return sessions[wantedReader] || all.find((s) => s.reader === wantedReader) || null;
    return all.find((s) => s.phase && s.phase !== "idle") || (current && sessions[current.id]) || all[0] || null;
  }

  // MARK: rendering
  function render() {
    renderStaff();
    if (!token) { show("s-refused"); return; }
    if (fatal) { $("error-text").textContent = t(fatal); show("s-error"); return; }
    current = chooseSession();
    $("reader-name").textContent = current ? current.reader : "";
    if (!current) { $("error-text").textContent = t("noReader"); show(Object.keys(sessions).length || !connected ? "s-connecting" : "s-error"); return; }
    const s = current;
    switch (s.phase) {
      case "idle":
        if (citizen && clearSeconds > 0) { renderCitizen(s, true); return; }
        clearPersonal(); show("s-place"); return;
      case "card-present":
        cancelClear(); clearPersonal();
        if (s.lastEvent === "card-unresponsive" || s.message) { $("error-text").textContent = t("unresponsive"); show("s-error"); return; }
        renderReading({ percent: 0, step: "access" }); return;
      case "waiting-for-key": case "failed": {
        cancelClear(); clearPersonal();
        const m = $("key-message");
        const msg = s.phase === "failed" ? failureText(s.message) : (s.message ? failureText(s.message) : null);
        m.hidden = !msg; m.textContent = msg || "";
        $("key-display").textContent = keyDigits.replace(/(\d{3})(?=\d)/g, "$1 ");
        show("s-key"); return;
      }
      case "reading": renderReading(s.progress || { percent: 0, step: "access" }); return;
      case "verified": case "looking-up": case "done": renderCitizen(s, false); return;
      default: show("s-place");
    }
  }

  function failureText(message) {
    if (!message) return t("retry");
    if (/refused|denied|access key/i.test(message)) return t("keyRefused");
    if (/removed/i.test(message)) return t("cardRemovedEarly");
    if (/unresponsive|does not answer/i.test(message)) return t("unresponsive");
    return `${t("retry")}`;
  }

  function renderReading(p) {
    const pct = Math.max(0, Math.min(100, p.percent | 0));
    $("reading-text").textContent = t("reading")(pct);
    $("reading-bar").style.width = `${pct}%`;
    $("reading-step").textContent = t("step")(t("stepNames")[p.step] || p.step);
    show("s-reading");
  }

  // Codes from PassiveAuthenticationOutcome.code (verified, issuerNotTrusted, dataGroupHashMismatch…); green only for verified.
  function verdictOf(result) {
    const v = result && result.verification && result.verification.verdict;
    if (!v) return { cls: "warn", text: t("unchecked") };
    const code = v.replace(/[^a-z]/gi, "").toLowerCase();
    if (code === "verified") return { cls: "ok", text: t("verified") };
    if (code.includes("nottrusted") || code.includes("untrusted")) return { cls: "warn", text: t("untrusted") };
    return { cls: "bad", text: t("failedVerdict")(t("failureCodes")[code] || v) };
  }

  function renderCitizen(s, removed) {
    const key = `${s.id}`;
    if (!removed && citizenFor !== key) loadCitizen(s);
    const result = s.result || (citizen && citizen.result);
    const v = verdictOf(result);
    const box = $("verdict");
    box.className = `verdict main-text ${v.cls}`;
    box.textContent = v.text;
    const dl = $("citizen-fields");
    dl.replaceChildren();
    const c = citizen || {};
    const holder = (result && result.holder) || {};
    const rows = [["fullName", c.fullName || holder.initials, "name"], ["dateOfBirth", c.dateOfBirth], ["sex", c.sex ? t(c.sex) : null],
      ["idNumber", c.maskedID || holder.maskedID], ["address", c.placeOfResidence]];
    for (const [k, value, cls] of rows) {
      if (!value) continue;
      const dt = document.createElement("dt"); dt.textContent = t(k);
      const dd = document.createElement("dd"); dd.textContent = value; if (cls) dd.className = cls;
      dd.classList.add("main-text");
      dl.append(dt, dd);
    }
    if (!removed) { if (citizen) citizen.result = s.result; }
    renderLookups(s.phase === "looking-up" ? null : (s.lookups || (citizen && citizen.lookups)), s.phase === "looking-up");
    if (citizen && s.lookups) citizen.lookups = s.lookups;
    const banner = $("remove");
    banner.hidden = !(s.phase === "done" || removed);
    banner.textContent = removed ? t("removed") : t("removeCard");
    show("s-citizen");
    if (removed) scheduleClear();
  }

  // Verdict colours: green only for an answer that says eligible / valid; red for a negative answer; amber otherwise.
  const GOOD = ["eligible", "eligible-with-new-card", "renewal-ready", "valid"];
  const BAD = ["not-eligible", "not-found", "not-ready", "expired", "ineligible"];
  const classOf = (verdict) => (GOOD.includes(verdict) ? "ok" : BAD.includes(verdict) ? "bad" : "warn");

  function ageText(seconds) {
    const s = Math.max(0, Math.round(Number(seconds) || 0));
    if (s < 120) return t("age")(s, "s");
    if (s < 7200) return t("age")(Math.floor(s / 60), "min");
    if (s < 172800) return t("age")(Math.floor(s / 3600), "h");
    return t("age")(Math.floor(s / 86400), "d");
  }

  // The answer's source in words; snapshot/provisional/cache are flagged (amber) so nobody takes them for a live answer.
  function originText(l) {
    const o = t("origins");
    switch (l.origin) {
      case "gateway": case "central": return { text: o[l.origin], flag: false };
      case "cache": {
        const age = l.facts && l.facts.ageSeconds != null ? l.facts.ageSeconds : null;
        return { text: age == null ? o.cacheUndated : o.cache(ageText(age)), flag: true };
      }
      case "snapshot": {
        const m = /(\d{2})\/(\d{2})\/\d{4}/.exec(l.originDetail || "");
        return { text: m ? o.snapshot(`${m[1]}/${m[2]}`) : o.snapshotUndated, flag: true };
      }
      case "provisional": return { text: o.provisional, flag: true };
      default: return l.originDetail ? { text: l.originDetail, flag: true } : null;
    }
  }

  function factRows(l) {
    const f = l.facts || {};
    const rows = [];
    if (l.source === "insurance") {
      if (f.cardCode) rows.push(["cardCode", f.cardCode]);
      if (f.validFrom || f.validTo) rows.push(["validity", `${f.validFrom || "…"} – ${f.validTo || "…"}`]);
      if (f.facility) rows.push(["facility", f.facility]);
      if (f.copaymentPercent != null) rows.push(["copayment", t("copaymentValue")(f.copaymentPercent, f.coveragePercent ?? 100 - f.copaymentPercent)]);
    } else {
      if (f.licenceClass) rows.push(["licenceClass", f.licenceClass]);
      if (f.certificateValidUntil) rows.push(["certificateValidUntil", f.certificateValidUntil]);
    }
    return rows;
  }

  function renderLookups(lookups, busy) {
    const box = $("lookups");
    box.replaceChildren();
    if (busy) { const p = document.createElement("p"); p.className = "hint main-text"; p.textContent = t("lookingUp"); box.append(p); return; }
    const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; };
    for (const l of lookups || []) {
      const title = l.source === "insurance" ? t("insurance") : l.source === "license-health" ? t("licenseHealth") : null;
      if (!title || l.verdict === "skipped") continue;
      const cls = classOf(l.verdict);
      const div = el("div", `lookup ${cls}`);
      div.dataset.source = l.source;
      const head = el("div", "lookup-head main-text");
      head.append(el("strong", null, `${title}: `), el("span", `badge ${cls} main-text`, (t("verdicts")[l.source] || {})[l.verdict] || l.verdict));
      div.append(head);
      const rows = factRows(l);
      if (rows.length) {
        const dl = el("dl", "facts");
        for (const [k, v] of rows) dl.append(el("dt", "main-text", t(k)), el("dd", "main-text", v));
        div.append(dl);
      }
      const f = l.facts || {};
      if (f.newCard) div.append(el("div", "note main-text", t("newCard")));
      if (l.source === "license-health" && f.renewalReady != null) {
        div.append(el("div", `note main-text renewal ${f.renewalReady && cls === "ok" ? "ok" : "bad"}`, f.renewalReady ? t("renewalReady") : t("renewalNotReady")));
      }
      // The agent's detail is in English: shown when it says why (a negative or failed answer), not over the facts.
      if (l.detail && (cls === "bad" || (cls === "warn" && l.verdict !== "verify-later") || (!rows.length && cls === "ok"))) {
        div.append(el("div", "detail main-text", l.detail));
      }
      const origin = originText(l);
      if (origin) div.append(el("div", `origin main-text${origin.flag ? " flag" : ""}`, origin.text));
      box.append(div);
    }
  }

  async function loadCitizen(s) {
    citizenFor = `${s.id}`;
    citizen = { result: s.result };
    try {
      const r = await fetch(`/v1/sessions/${encodeURIComponent(s.id)}/citizen`, { headers: authHeaders(), cache: "no-store" });
      if (r.ok && citizenFor === `${s.id}`) Object.assign(citizen, await r.json());
      if (s.result && s.result.hasFace) {
        const f = await fetch(`/v1/sessions/${encodeURIComponent(s.id)}/face`, { headers: authHeaders(), cache: "no-store" });
        if (f.ok && citizenFor === `${s.id}`) { faceURL = URL.createObjectURL(await f.blob()); $("face").src = faceURL; }
      }
    } catch (e) { noteError(`citizen: ${e.message}`); }
    render();
  }

  function scheduleClear() {
    if (clearTimer) return;
    clearTimer = setTimeout(() => { clearTimer = null; clearPersonal(); render(); }, clearSeconds * 1000);
  }
  function cancelClear() { if (clearTimer) { clearTimeout(clearTimer); clearTimer = null; } }

  // Drops every personal value from memory and the DOM.
  function clearPersonal() {
    cancelClear();
    citizen = null; citizenFor = null;
    if (faceURL) { URL.revokeObjectURL(faceURL); faceURL = null; }
    $("face").removeAttribute("src");
    $("citizen-fields").replaceChildren();
    $("lookups").replaceChildren();
    $("verdict").textContent = ""; $("verdict").className = "verdict main-text";
    $("remove").hidden = true;
  }

  // MARK: access key: keypad and QR scanner (keyboard wedge)
  async function submit(body) {
    if (!current) return;
    const r = await fetch(`/v1/sessions/${encodeURIComponent(current.id)}/access-key`, {
      method: "POST", headers: { ...authHeaders(), "Content-Type": "application/json" }, body: JSON.stringify(body) });
    keyDigits = "";
    if (!r.ok) {
      let why = `HTTP ${r.status}`;
      try { why = (await r.json()).error || why; } catch (e) { /* keep status */ }
      noteError(`access-key: ${why}`);
      if (current) current.message = "access key refused";
    }
    render();
  }

  function submitDigits() {
    if (keyDigits.length !== 6 && keyDigits.length !== 12) {
      const m = $("key-message"); m.hidden = false; m.textContent = t("keyTooShort"); return;
    }
    submit({ can: keyDigits.slice(-6) });
  }

  $("keypad").addEventListener("click", (e) => {
    const b = e.target.closest("button"); if (!b) return;
    if (b.dataset.digit && keyDigits.length < 12) keyDigits += b.dataset.digit;
    else if (b.dataset.key === "back") keyDigits = keyDigits.slice(0, -1);
    else if (b.dataset.key === "ok") { submitDigits(); return; }
    render();
  });

  let wedge = "";
  document.addEventListener("keydown", (e) => {
    if (!current || (current.phase !== "waiting-for-key" && current.phase !== "failed")) return;
    if (e.key === "Enter") {
      const text = wedge; wedge = "";
      if (text.includes("|")) { keyDigits = ""; submit({ qr: text }); } else submitDigits();
      e.preventDefault(); return;
    }
    if (e.key === "Backspace") { keyDigits = keyDigits.slice(0, -1); wedge = wedge.slice(0, -1); render(); return; }
    if (e.key.length !== 1) return;
    wedge += e.key;
    if (/\d/.test(e.key) && !wedge.includes("|") && keyDigits.length < 12) keyDigits += e.key;
    render();
  });

  // MARK: staff view: readers, sync (refreshed every few seconds while open), dead letters, last errors
  let syncState = null;        // { missing } | { error } | { status, dead }
  let syncTimer = null;
  let retryNote = null;

  async function refreshReaders() {
    try {
      const r = await fetch("/v1/readers", { headers: authHeaders(), cache: "no-store" });
      if (r.ok) { for (const rd of await r.json()) { sessions[rd.id] = Object.assign(sessions[rd.id] || {}, { id: rd.id, reader: rd.name, phase: rd.phase }); } }
    } catch (e) { noteError(`readers: ${e.message}`); }
  }

  async function refreshSync() {
    try {
      const r = await fetch("/v1/sync", { headers: authHeaders(), cache: "no-store" });
      if (r.status === 404) syncState = { missing: true };
      else if (!r.ok) syncState = { error: `HTTP ${r.status}` };
      else {
        const status = await r.json();
        const d = await fetch("/v1/sync/dead-letters", { headers: authHeaders(), cache: "no-store" });
        syncState = { status, dead: d.ok ? await d.json() : [] };
      }
    } catch (e) { syncState = { error: e.message }; }
    renderStaff();
  }

  $("staff-toggle").addEventListener("click", async () => {
    const panel = $("staff"); panel.hidden = !panel.hidden;
    if (syncTimer) { clearInterval(syncTimer); syncTimer = null; }
    if (panel.hidden) return;
    retryNote = null;
    syncTimer = setInterval(refreshSync, 3000);
    await Promise.all([refreshReaders(), refreshSync()]);
  });

  $("retry-dead").addEventListener("click", async () => {
    const button = $("retry-dead"); button.disabled = true;
    try {
      const r = await fetch("/v1/sync/retry", { method: "POST", headers: authHeaders(), cache: "no-store" });
      const body = await r.json().catch(() => ({}));
      retryNote = r.ok ? { queued: body.queued | 0 } : { error: body.error || `HTTP ${r.status}` };
    } catch (e) { retryNote = { error: e.message }; }
    await refreshSync();
  });

  const pad = (n) => String(n).padStart(2, "0");
  function timeText(iso) {
    const d = iso ? new Date(iso) : null;
    if (!d || isNaN(d)) return t("never");
    return `${pad(d.getDate())}/${pad(d.getMonth() + 1)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function renderSync() {
    const note = $("sync-note"), dl = $("staff-sync"), dead = $("staff-dead"), button = $("retry-dead"), result = $("retry-result");
    dl.replaceChildren(); dead.replaceChildren();
    const st = syncState && syncState.status;
    const [noteText, noteBad] = !syncState ? [null, false] : syncState.missing ? [t("syncNotConfigured"), false]
      : syncState.error ? [t("syncUnavailable")(syncState.error), true] : !st.configured ? [t("uploadOff"), false]
      : [null, false];
    note.hidden = !noteText; note.textContent = noteText || ""; note.className = `sync-note${noteBad ? " bad" : ""}`;
    button.hidden = !st;
    result.hidden = !retryNote;
    result.textContent = !retryNote ? "" : retryNote.error ? t("retryFailed")(retryNote.error) : t("queued")(retryNote.queued);
    result.className = retryNote && retryNote.error ? "bad" : "";
    if (!st) return;
    const rows = [["backlog", t("records")(st.backlog)], ["deadLetters", t("records")(st.deadLetters)], ["delivered", t("records")(st.delivered)],
      ["connection", st.configured ? (st.offline ? t("offline") : t("online")) : "—"], ["lastSuccess", timeText(st.lastSuccessAt)],
      ["lag", st.backlog > 0 ? ageText(st.lagSeconds) : "—"]];
    if (st.lastError) rows.push(["lastSyncError", st.lastError]);
    for (const [k, v] of rows) {
      const dt = document.createElement("dt"); dt.textContent = t(k);
      const dd = document.createElement("dd"); dd.textContent = v; dd.id = `sync-${k}`;
      if ((k === "connection" && st.offline) || (k === "deadLetters" && st.deadLetters > 0)) dd.className = "bad";
      dl.append(dt, dd);
    }
    const letters = syncState.dead || [];
    for (const d of letters.length ? letters : [null]) {
      const li = document.createElement("li");
      li.textContent = d ? `${d.kind} ${String(d.recordID).slice(0, 8)}: ${d.reason} (${t("attempts")(d.attempts)}, ${timeText(d.updatedAt)})` : t("noDead");
      dead.append(li);
    }
    button.disabled = st.deadLetters === 0;
  }

  function renderStaff() {
    const list = $("staff-readers"); list.replaceChildren();
    for (const s of Object.values(sessions)) { const li = document.createElement("li"); li.textContent = `${s.reader}: ${s.phase}`; list.append(li); }
    const errs = $("staff-errors"); errs.replaceChildren();
    for (const e of errors.length ? errors : [t("noErrors")]) { const li = document.createElement("li"); li.textContent = e; errs.append(li); }
    renderSync();
  }

  $("lang").addEventListener("click", () => { lang = lang === "vi" ? "en" : "vi"; applyLanguage(); });

  if (token) { $("staff-toggle").hidden = false; connected = true; connect(); }
  applyLanguage();
})();
