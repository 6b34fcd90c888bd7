// The customer help center.
"use strict";
(() => {
  const { state, t, api, el, when, showError } = PD;
  const $ = id => document.getElementById(id);
  const fail = e => showError(e.message);

  // Tabs.
  function showTab(name) {
    for (const b of document.querySelectorAll("[data-tab]")) b.setAttribute("aria-selected", String(b.dataset.tab === name));
    for (const p of document.querySelectorAll("main > .panel")) p.hidden = p.id !== "tab-" + name;
    if (name === "tickets") loadTickets().catch(fail);
    if (name === "email") loadMe().catch(fail);
    if (name === "chat") resumeChat().catch(fail);
  }
  for (const b of document.querySelectorAll("[data-tab]")) b.addEventListener("click", () => showTab(b.dataset.tab));

  // Search as you type.
  let searchTimer = 0, current = "";
  $("q").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 150); });
  async function search() {
    const q = $("q").value.trim();
    const res = await api("GET", "/api/faq/search?q=" + encodeURIComponent(q) + "&lang=" + state.lang).catch(fail);
    const ul = $("hits");
    ul.replaceChildren();
    if (!res) return;
    for (const h of res.hits) {
      const li = el("li");
      const b = el("button", h.title, "link");
      b.type = "button";
      b.addEventListener("click", () => openArticle(h.id));
      li.append(b, el("br"));
      const sn = el("span", null, "muted");
      for (const p of h.snippet || []) sn.append(p.hit ? el("mark", p.text, "hit") : document.createTextNode(p.text));
      li.append(sn);
      ul.append(li);
    }
  }
  async function openArticle(id) {
    const a = await api("GET", "/api/faq/articles/" + encodeURIComponent(id) + "?lang=" + state.lang);
    current = id;
    $("article-title").textContent = a.title;
    $("article-body").textContent = a.body;
    $("vote-done").textContent = "";
    $("article").hidden = false;
    $("article-title").focus?.();
  }
  async function vote(helpful) {
    await api("POST", "/api/faq/articles/" + encodeURIComponent(current) + "/vote", { helpful, lang: state.lang }).catch(fail);
    $("vote-done").textContent = t("article.thanks");
  }
  $("vote-yes").addEventListener("click", () => vote(true));
  $("vote-no").addEventListener("click", () => vote(false));

  // Chat: live over Server-Sent Events, resumable after a reload. Live
  // events and the transcript read after a reload render through one
  // function (line), so a conversation looks the same either way.
  let chatID = "", source = null;
  const seen = new Set();
  const chatKey = () => "pd_chat_" + state.user;
  // line turns a stored event into what the transcript endpoint returns
  // for it (chat.Line): author, kind, text, articles.
  function line(ev) {
    const l = { seq: ev.seq, kind: ev.kind, text: ev.body || "", articles: [], author: "system" };
    if (ev.kind === "reply") { l.kind = "message"; l.author = ev.actor && ev.actor.role === "customer" ? "customer" : "agent"; }
    else if (ev.kind === "custom" && ev.field === "chat.bot") { l.kind = "chat.bot"; l.author = "bot"; l.articles = ev.to ? ev.to.split("\n") : []; }
    else if (ev.kind === "custom") l.kind = ev.field;
    else if (ev.kind === "status") l.text = ev.from + " → " + ev.to; // as the transcript writes it
    else if (ev.kind === "created") l.text = "";
    return l;
  }
  // statusText localizes a status line, "new → open".
  function statusText(text) {
    return t("chat.status") + ": " + text.split(" → ").map(st => t("status." + st)).join(" → ");
  }
  const titles = new Map();
  async function articleTitle(id) {
    const k = state.lang + "/" + id;
    if (!titles.has(k)) titles.set(k, api("GET", "/api/faq/articles/" + encodeURIComponent(id) + "?lang=" + state.lang).then(a => a.title).catch(() => id));
    return titles.get(k);
  }
  function addLine(l) {
    if (seen.has(l.seq)) return;
    seen.add(l.seq);
    if (l.kind === "status" && / → (solved|closed)$/.test(l.text)) showChatSurveys();
    if (!l.text || l.kind === "created") return; // the opening message follows as the first line
    const cls = l.author === "customer" ? "mine" : l.author === "agent" ? "agent" : l.author === "bot" ? "bot" : "system";
    const li = el("li", null, cls);
    li.dataset.seq = l.seq;
    li.append(el("span", l.kind === "status" ? statusText(l.text) : l.text));
    if (l.author === "bot" && l.articles.length) {
      const ul = el("ul", null, "articles");
      for (const id of l.articles) {
        const item = el("li");
        const open = el("button", id, "link");
        open.type = "button";
        articleTitle(id).then(title => { open.textContent = title; });
        open.addEventListener("click", () => { showTab("search"); openArticle(id).catch(fail); });
        const solved = el("button", t("chat.solved"));
        solved.type = "button";
        solved.addEventListener("click", () => api("POST", "/api/chats/" + chatID + "/resolve", { article: id }).catch(fail));
        item.append(open, " ", solved);
        ul.append(item);
      }
      li.append(ul);
    }
    $("chat-log").append(li);
    li.scrollIntoView({ block: "nearest" });
  }
  function onEvent(ev) {
    addLine(line(ev));
    sessionStorage.setItem(chatKey(), JSON.stringify({ id: chatID, last: ev.seq }));
    const mine = ev.actor && ev.actor.role === "customer";
    if (!mine && ev.kind === "reply" && !document.hidden) api("POST", "/api/chats/" + chatID + "/read", { seq: ev.seq }).catch(() => {});
  }
  function minutes(ns) { return Math.max(1, Math.round(ns / 6e10)); }
  function subscribe(after) {
    if (source) source.close();
    source = new EventSource("/api/chats/" + chatID + "/events?after=" + after + "&as=" + encodeURIComponent(state.user));
    source.addEventListener("event", m => onEvent(JSON.parse(m.data)));
    source.addEventListener("signal", m => {
      const s = JSON.parse(m.data);
      const st = $("chat-status");
      if (s.kind === "typing" && s.actor && s.actor.role !== "customer") st.textContent = s.typing ? t("chat.typing") : "";
      if (s.kind === "queue") st.textContent = s.position ? t("chat.position") + " " + s.position + (s.wait ? " · " + t("chat.wait") + " " + minutes(s.wait) + " " + t("chat.minutes") : "") : "";
      if (s.kind === "receipt" && s.actor && s.actor.role !== "customer") {
        for (const li of $("chat-log").querySelectorAll("li.mine")) if (Number(li.dataset.seq) <= s.seq) li.classList.add("read");
        st.textContent = t("chat.read");
      }
    });
    source.addEventListener("end", () => {
      // Cut off or closed: reconnect from what we have.
      const saved = JSON.parse(sessionStorage.getItem(chatKey()) || "{}");
      source.close();
      setTimeout(() => { if (saved.id === chatID) subscribe(saved.last || 0); }, 1000);
    });
  }
  async function resumeChat() {
    const saved = JSON.parse(sessionStorage.getItem(chatKey()) || "null");
    if (!saved || !saved.id || saved.id === chatID) return;
    chatID = saved.id;
    seen.clear();
    $("chat-log").replaceChildren();
    $("chat-surveys").replaceChildren();
    const tr = await api("GET", "/api/chats/" + chatID + "/transcript");
    for (const l of tr.lines) {
      addLine({ seq: l.seq, kind: l.kind, text: l.text || "", articles: l.articles || [], author: l.author });
      if (l.read && l.author === "customer") $("chat-log").lastElementChild?.classList.add("read");
    }
    sessionStorage.setItem(chatKey(), JSON.stringify({ id: chatID, last: tr.last }));
    subscribe(tr.last);
  }
  async function showChatSurveys() {
    if (chatID) await renderSurveys(chatID, $("chat-surveys")).catch(fail);
  }
  $("chat-form").addEventListener("submit", async e => {
    e.preventDefault();
    const text = $("chat-text").value.trim();
    if (!text) return;
    try {
      if (!chatID) {
        const turn = await api("POST", "/api/chats", { message: text, lang: state.lang });
        chatID = turn.ticket;
        seen.clear();
        $("chat-log").replaceChildren();
        $("chat-surveys").replaceChildren();
        sessionStorage.setItem(chatKey(), JSON.stringify({ id: chatID, last: 0 }));
        subscribe(0);
      } else {
        await api("POST", "/api/chats/" + chatID + "/messages", { text });
      }
      $("chat-text").value = "";
    } catch (err) { fail(err); }
  });
  let typingTimer = 0;
  $("chat-text").addEventListener("input", () => {
    if (!chatID) return;
    if (!typingTimer) api("POST", "/api/chats/" + chatID + "/typing", { typing: true }).catch(() => {});
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typingTimer = 0; api("POST", "/api/chats/" + chatID + "/typing", { typing: false }).catch(() => {}); }, 2000);
  });
  $("chat-handoff").addEventListener("click", async () => {
    if (!chatID) return;
    try {
      const turn = await api("POST", "/api/chats/" + chatID + "/handoff");
      const q = turn.queue || {};
      if (q.position) $("chat-status").textContent = t("chat.position") + " " + q.position + (q.wait ? " · " + t("chat.wait") + " " + minutes(q.wait) + " " + t("chat.minutes") : "");
    } catch (err) { fail(err); }
  });
  $("chat-new").addEventListener("click", () => {
    if (source) source.close();
    chatID = "";
    seen.clear();
    sessionStorage.removeItem(chatKey());
    $("chat-log").replaceChildren();
    $("chat-surveys").replaceChildren();
    $("chat-status").textContent = "";
  });
  document.addEventListener("visibilitychange", () => {
    // Mark what arrived while the page was hidden as read.
    if (document.hidden || !chatID) return;
    const saved = JSON.parse(sessionStorage.getItem(chatKey()) || "{}");
    if (saved.last) api("POST", "/api/chats/" + chatID + "/read", { seq: saved.last }).catch(() => {});
  });

  // Surveys (CSAT and NPS) of a solved ticket, with a reason picker after a
  // low score.
  async function renderSurveys(id, box) {
    const sv = await api("GET", "/api/tickets/" + id + "/surveys?lang=" + state.lang);
    box.replaceChildren();
    for (const s of sv.surveys) {
      const f = el("form", null, "survey");
      f.append(el("p", s.question));
      if (s.answered_at) { f.append(el("p", t("survey.thanks") + " (" + s.score + ")", "muted")); box.append(f); continue; }
      const score = el("select");
      score.setAttribute("aria-label", s.question);
      score.name = "score";
      for (let i = s.max; i >= s.min; i--) { const o = el("option", String(i)); o.value = String(i); score.append(o); }
      const why = el("label", null, "reason");
      why.hidden = true;
      const reason = el("select");
      reason.name = "reason";
      reason.append(el("option", "—"));
      reason.firstChild.value = "";
      for (const r of sv.reasons) { const o = el("option", r.label); o.value = r.code; reason.append(o); }
      why.append(el("span", sv.reason_prompt), reason);
      score.addEventListener("change", () => { why.hidden = Number(score.value) > s.low; });
      const b = el("button", t("survey.send"));
      b.type = "submit";
      f.append(score, " ", b, why);
      f.addEventListener("submit", async e => {
        e.preventDefault();
        const ans = { score: Number(score.value) };
        if (!why.hidden && reason.value) ans.reason = reason.value;
        try {
          await api("POST", "/api/tickets/" + id + "/surveys/" + s.id + "/answer", ans);
          await renderSurveys(id, box);
        } catch (err) { fail(err); }
      });
      box.append(f);
    }
  }

  // My tickets.
  let openTicket = "";
  async function loadTickets() {
    const res = await api("GET", "/api/tickets");
    const ul = $("tickets");
    ul.replaceChildren();
    for (const tk of res.tickets) {
      const li = el("li");
      const b = el("button", tk.subject, "link");
      b.type = "button";
      b.addEventListener("click", () => showTicket(tk.id).catch(fail));
      li.append(b, el("span", " · " + t("status." + tk.status) + " · " + when(tk.updated_at), "muted"));
      ul.append(li);
    }
    if (!res.tickets.length) ul.append(el("li", t("tickets.none"), "muted"));
  }
  async function showTicket(id) {
    openTicket = id;
    const v = await api("GET", "/api/tickets/" + id);
    $("ticket").hidden = false;
    $("ticket-subject").textContent = v.ticket.subject;
    $("ticket-status").textContent = t("tickets.status") + ": " + t("status." + v.ticket.status);
    $("ticket-complaint").textContent = v.complaint ? t("tickets.complaint") + ": " + t("stage." + v.complaint.stage) + " — " + v.complaint.next : "";
    renderCase(v.case, $("ticket-case"));
    renderComplaintActions(id, v.complaint, $("complaint-actions"));
    const ol = $("ticket-history");
    ol.replaceChildren();
    for (const ev of v.history) {
      const l = line(ev);
      const txt = ev.kind === "created" ? ev.opening.subject : l.kind === "status" ? statusText(l.text) : l.text;
      if (txt) ol.append(el("li", when(ev.at) + " · " + txt));
    }
    await renderSurveys(id, $("surveys"));
  }
  // A case (refund or dispute): status, amounts in the customer's locale
  // (formatted by the server from CLDR), and a dispute's evidence form.
  function renderCase(c, box) {
    box.replaceChildren();
    if (!c) return;
    box.append(el("p", t("tickets.case") + ": " + t("case." + c.kind) + " · " + c.display.status + (c.display.reason ? " · " + c.display.reason : "")));
    box.append(el("p", c.transaction.merchant + " · " + c.transaction.id + " · " + c.display.amount + " · " + t("tickets.refunded") + " " + c.display.refunded + " · " + t("case.remaining") + " " + c.display.remaining, "muted"));
    if (c.kind !== "dispute" || !c.checklist) return;
    if (c.submitted_at) { box.append(el("p", t("evidence.submitted") + " · " + when(c.submitted_at), "muted")); return; }
    if (c.status !== "needs_response") return;
    const f = el("form", null, "evidence");
    f.append(el("h3", t("evidence.title")));
    if (c.respond_by) f.append(el("p", t("evidence.respondBy") + " " + when(c.respond_by), "muted"));
    const inputs = {};
    for (const it of c.checklist) {
      if (it.kind === "attachment") continue; // files are stored by the host; the demo keeps to text
      const lab = el("label");
      const inp = it.kind === "text" ? el("textarea") : el("input");
      if (it.kind === "date") inp.type = "date";
      inp.value = (c.evidence && c.evidence.fields && c.evidence.fields[it.name]) || "";
      lab.append(el("span", t("item." + it.name) + (it.required ? " (" + t("evidence.required") + ")" : "")), inp);
      inputs[it.name] = inp;
      f.append(lab);
    }
    if (c.missing && c.missing.length) f.append(el("p", t("evidence.missing") + " " + c.missing.map(n => t("item." + n)).join(", "), "muted"));
    const save = el("button", t("evidence.save"));
    save.type = "submit";
    const submit = el("button", t("evidence.submit"));
    submit.type = "button";
    f.append(save, " ", submit);
    const fields = () => { const o = {}; for (const [k, inp] of Object.entries(inputs)) if (inp.value.trim()) o[k] = inp.value.trim(); return o; };
    f.addEventListener("submit", async e => {
      e.preventDefault();
      try { renderCase(await api("POST", "/api/cases/" + c.id + "/evidence", { fields: fields() }), box); } catch (err) { fail(err); }
    });
    submit.addEventListener("click", async () => {
      try {
        await api("POST", "/api/cases/" + c.id + "/evidence", { fields: fields() });
        await api("POST", "/api/cases/" + c.id + "/evidence/submit");
        await showTicket(openTicket);
      } catch (err) { fail(err); }
    });
    box.append(f);
  }
  // A complaint's stage and, when a resolution is proposed, accept or contest.
  function renderComplaintActions(id, c, box) {
    box.replaceChildren();
    if (!c || c.stage !== "resolution_proposed") return;
    const accept = el("button", t("complaint.accept"));
    accept.type = "button";
    accept.addEventListener("click", async () => {
      try { await api("POST", "/api/tickets/" + id + "/complaint/accept"); await showTicket(id); } catch (err) { fail(err); }
    });
    const f = el("form", null, "inline");
    const why = el("input");
    why.required = true;
    why.setAttribute("aria-label", t("complaint.contestWhy"));
    why.placeholder = t("complaint.contestWhy");
    const contest = el("button", t("complaint.contest"));
    contest.type = "submit";
    f.append(why, contest);
    f.addEventListener("submit", async e => {
      e.preventDefault();
      try { await api("POST", "/api/tickets/" + id + "/complaint/contest", { reason: why.value }); await showTicket(id); } catch (err) { fail(err); }
    });
    box.append(accept, f);
  }
  $("complaint-form").addEventListener("submit", async e => {
    e.preventDefault();
    try {
      const c = await api("POST", "/api/complaints", { subject: $("complaint-subject").value, description: $("complaint-text").value, lang: state.lang });
      $("complaint-subject").value = ""; $("complaint-text").value = "";
      $("report").open = false;
      await loadTickets();
      await showTicket(c.ticket);
    } catch (err) { fail(err); }
  });
  $("d-date").value = new Date(Date.now() - 5 * 864e5).toISOString().slice(0, 10);
  $("dispute-form").addEventListener("submit", async e => {
    e.preventDefault();
    try {
      const c = await api("POST", "/api/disputes", {
        transaction: { id: $("d-txn").value.trim(), merchant: $("d-merchant").value.trim(), date: $("d-date").value,
          amount: { amount: $("d-amount").value.trim(), currency: $("d-currency").value.trim().toUpperCase() },
          method: "card", card: { brand: "visa", last4: $("d-last4").value.trim() }, country: $("d-country").value.trim() },
        reason: $("d-reason").value, description: $("d-text").value, lang: state.lang });
      $("report").open = false;
      await loadTickets();
      await showTicket(c.ticket);
    } catch (err) { fail(err); }
  });

  $("reply-form").addEventListener("submit", async e => {
    e.preventDefault();
    await api("POST", "/api/tickets/" + openTicket + "/replies", { body: $("reply-text").value }).catch(fail);
    $("reply-text").value = "";
    showTicket(openTicket).catch(fail);
  });

  // Fee calculator: every method compared, cheapest first.
  $("fee-form").addEventListener("submit", async e => {
    e.preventDefault();
    const mode = $("fee-mode").value;
    const from = $("fee-from").value.toUpperCase(), to = $("fee-to").value.toUpperCase();
    const amount = { amount: $("fee-amount").value.trim(), currency: mode === "send" ? from : to };
    const options = ["bank-transfer", "card", "balance", "cash", "direct-debit"].map(method => ({
      operation: "transfer", method, from_country: $("fee-fc").value.toUpperCase(), to_country: $("fee-tc").value.toUpperCase(),
      send_currency: from, receive_currency: to }));
    try {
      const res = await api("POST", "/api/fees/compare", { side: mode, amount, options, lang: state.lang });
      const ol = $("fee-options");
      ol.replaceChildren();
      for (const o of res.options) {
        const li = el("li", null, o.cheapest ? "cheapest" : "");
        li.append(el("strong", t("method." + o.request.method)));
        if (o.error) { li.append(el("p", o.error.message, "muted")); ol.append(li); continue; }
        if (o.cheapest) li.append(el("span", " · " + t("fees.cheapest")));
        li.append(el("p", t("fees.pay") + " " + o.display.charged + " · " + t("fees.gets") + " " + o.display.received + " · " + t("fees.cost") + " " + o.display.cost));
        const ul = el("ul");
        for (const line of o.explanation.lines) ul.append(el("li", line));
        li.append(ul, el("p", o.explanation.summary, "muted"));
        ol.append(li);
      }
    } catch (err) { fail(err); }
  });

  // Why did my payment fail?
  $("decline-form").addEventListener("submit", async e => {
    e.preventDefault();
    try {
      const x = await api("GET", "/api/diagnose/declines/" + encodeURIComponent($("decline-code").value.trim()) + "?lang=" + state.lang);
      const out = $("decline-out");
      out.replaceChildren(el("p", x.text), el("p", x.next_step));
      if (x.retry) out.append(el("p", x.retry, "muted"));
      for (const a of x.articles) {
        const b = el("button", t("decline.article"), "link");
        b.type = "button";
        b.addEventListener("click", () => { showTab("search"); openArticle(a).catch(fail); });
        out.append(b);
      }
    } catch (err) { fail(err); }
  });

  // Change e-mail with a one-time code (the demo prints it to the server log).
  let challenge = "";
  async function loadMe() { const me = await api("GET", "/api/me"); $("email-current").textContent = me.email || ""; }
  $("email-form").addEventListener("submit", async e => {
    e.preventDefault();
    try {
      const c = await api("POST", "/api/account/email-change", { new_email: $("email-new").value, lang: state.lang });
      challenge = c.id;
      $("code-form").hidden = false;
      $("email-out").textContent = t("email.sent") + " " + c.to;
      $("email-code").focus();
    } catch (err) { fail(err); }
  });
  $("code-form").addEventListener("submit", async e => {
    e.preventDefault();
    try {
      const c = await api("POST", "/api/account/email-change/" + challenge + "/confirm", { code: $("email-code").value.trim() });
      $("email-out").textContent = t("email.done");
      $("code-form").hidden = true;
      $("email-current").textContent = c.email;
    } catch (err) { fail(err); }
  });

  PD.init(what => {
    if (what === "user") { chatID = ""; if (source) source.close(); $("chat-log").replaceChildren(); $("ticket").hidden = true; }
    const active = document.querySelector("[data-tab][aria-selected=true]");
    showTab(active ? active.dataset.tab : "search");
  }).then(() => showTab("search")).catch(fail);
})();
