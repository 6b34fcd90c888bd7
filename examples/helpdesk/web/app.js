// The customer help center.
"use strict";
(() => {
  const { state, t, api, el, money, when, showError } = PD;
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

  // Chat: live over Server-Sent Events, resumable after a reload.
  let chatID = "", source = null;
  const seen = new Set();
  const chatKey = () => "pd_chat_" + state.user;
  function lineText(ev) {
    if (ev.kind === "reply") return ev.body;
    if (ev.kind === "custom") return ev.body || "";
    if (ev.kind === "status") return t("chat.status") + ": " + ev.to;
    return "";
  }
  function addLine(seq, author, text, cls) {
    if (!text || seen.has(seq)) return;
    seen.add(seq);
    const li = el("li", text, cls);
    li.dataset.seq = seq;
    $("chat-log").append(li);
    li.scrollIntoView({ block: "nearest" });
  }
  function onEvent(ev) {
    const mine = ev.actor && ev.actor.role === "customer";
    addLine(ev.seq, ev.actor, lineText(ev), mine ? "mine" : (ev.kind === "reply" ? "" : "system"));
    sessionStorage.setItem(chatKey(), JSON.stringify({ id: chatID, last: ev.seq }));
    if (!mine && ev.kind === "reply") api("POST", "/api/chats/" + chatID + "/read", { seq: ev.seq }).catch(() => {});
  }
  function subscribe(after) {
    if (source) source.close();
    source = new EventSource("/api/chats/" + chatID + "/events?after=" + after);
    source.addEventListener("event", m => onEvent(JSON.parse(m.data)));
    source.addEventListener("signal", m => {
      const s = JSON.parse(m.data);
      if (s.kind === "typing" && s.actor && s.actor.role !== "customer") $("chat-status").textContent = s.typing ? t("chat.typing") : "";
      if (s.kind === "queue") $("chat-status").textContent = s.position ? t("chat.position") + " " + s.position : "";
      if (s.kind === "receipt" && s.actor && s.actor.role !== "customer") $("chat-status").textContent = t("chat.read");
    });
    source.addEventListener("end", () => {
      // Cut off or closed: reconnect from what we have (the browser would
      // otherwise retry with Last-Event-ID itself).
      const saved = JSON.parse(sessionStorage.getItem(chatKey()) || "{}");
      setTimeout(() => subscribe(saved.last || 0), 1000);
    });
  }
  async function resumeChat() {
    const saved = JSON.parse(sessionStorage.getItem(chatKey()) || "null");
    if (!saved || !saved.id || saved.id === chatID) return;
    chatID = saved.id;
    seen.clear();
    $("chat-log").replaceChildren();
    const tr = await api("GET", "/api/chats/" + chatID + "/transcript");
    for (const l of tr.lines) addLine(l.seq, l.author, l.text, l.author === "customer" ? "mine" : (l.kind === "message" ? "" : "system"));
    sessionStorage.setItem(chatKey(), JSON.stringify({ id: chatID, last: tr.last }));
    subscribe(tr.last);
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
  $("chat-handoff").addEventListener("click", () => chatID && api("POST", "/api/chats/" + chatID + "/handoff").catch(fail));
  $("chat-new").addEventListener("click", () => {
    if (source) source.close();
    chatID = "";
    seen.clear();
    sessionStorage.removeItem(chatKey());
    $("chat-log").replaceChildren();
    $("chat-status").textContent = "";
  });

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
    $("ticket-case").textContent = v.case ? t("tickets.case") + ": " + v.case.kind + " · " + v.case.status + " · " + money(v.case.transaction.amount) + " (" + t("tickets.refunded") + " " + money(v.case.refunded) + ")" : "";
    const ol = $("ticket-history");
    ol.replaceChildren();
    for (const ev of v.history) {
      const txt = ev.kind === "created" ? ev.opening.subject : lineText(ev);
      if (txt) ol.append(el("li", when(ev.at) + " · " + txt));
    }
    const sv = await api("GET", "/api/tickets/" + id + "/surveys");
    const box = $("surveys");
    box.replaceChildren();
    for (const s of sv.surveys) {
      const f = el("form");
      f.append(el("p", s.question));
      if (s.answered_at) { f.append(el("p", t("survey.thanks") + " (" + s.score + ")", "muted")); box.append(f); continue; }
      const lo = s.kind === "nps" ? 0 : 1, hi = s.kind === "nps" ? 10 : 5;
      const sel = el("select");
      sel.setAttribute("aria-label", s.question);
      for (let i = hi; i >= lo; i--) { const o = el("option", String(i)); o.value = String(i); sel.append(o); }
      const b = el("button", t("survey.send"));
      b.type = "submit";
      f.append(sel, b);
      f.addEventListener("submit", async e => {
        e.preventDefault();
        await api("POST", "/api/tickets/" + id + "/surveys/" + s.id + "/answer", { score: Number(sel.value) }).catch(fail);
        showTicket(id).catch(fail);
      });
      box.append(f);
    }
  }
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
        li.append(el("p", t("fees.pay") + " " + money(o.quote.charged) + " · " + t("fees.gets") + " " + money(o.quote.received) + " · " + t("fees.cost") + " " + money(o.cost)));
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
