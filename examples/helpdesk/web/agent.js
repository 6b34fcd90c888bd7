// The agent console.
"use strict";
(() => {
  const { state, t, api, el, when, showError } = PD;
  const $ = id => document.getElementById(id);
  const fail = e => showError(e.message);
  let work = "", source = null;
  const seen = new Set();

  $("presence-form").addEventListener("submit", async e => {
    e.preventDefault();
    try {
      const a = await api("POST", "/api/agent/presence", { presence: $("presence").value, capacity: Number($("capacity").value) });
      $("presence-out").textContent = t("agent.presence") + ": " + a.presence + " · " + (a.chats || []).length + "/" + a.capacity;
      loadQueue().catch(fail);
    } catch (err) { fail(err); }
  });

  function item(it, mine) {
    const tk = it.ticket;
    const li = el("li");
    const b = el("button", tk.subject, "link");
    b.type = "button";
    b.addEventListener("click", () => openWork(tk.id).catch(fail));
    li.append(b, el("span", " · " + tk.status + " · " + (tk.priority || "") + (it.sla_due ? " · SLA " + when(it.sla_due) : ""), "muted"));
    if (it.waiting && !mine) {
      const take = el("button", t("agent.take"));
      take.type = "button";
      take.addEventListener("click", async () => {
        try { await api("POST", "/api/agent/chats/" + tk.id + "/take"); await loadQueue(); await openWork(tk.id); } catch (err) { fail(err); }
      });
      li.append(" ", take);
    }
    return li;
  }
  async function loadQueue() {
    const q = await api("GET", "/api/agent/queue");
    $("mine").replaceChildren(...q.mine.map(it => item(it, true)));
    $("unassigned").replaceChildren(...q.unassigned.map(it => item(it, false)));
    if (q.agent) { $("presence").value = q.agent.presence; $("capacity").value = q.agent.capacity; }
    loadFeedback().catch(fail);
  }
  $("refresh").addEventListener("click", () => loadQueue().catch(fail));

  function addLine(ev) {
    if (seen.has(ev.seq)) return;
    seen.add(ev.seq);
    let text = "", cls = "system";
    if (ev.kind === "reply") { text = ev.body; cls = ev.actor.role === "customer" ? "" : "mine"; }
    else if (ev.kind === "note") { text = t("agent.note") + ": " + ev.body; cls = "note"; }
    else if (ev.kind === "custom") text = ev.body || ev.field;
    else if (ev.kind === "created") text = ev.opening.subject;
    else if (ev.kind === "status") text = ev.from + " → " + ev.to;
    if (!text) return;
    const li = el("li", text, cls);
    $("work-log").append(li);
    li.scrollIntoView({ block: "nearest" });
  }
  async function openWork(id) {
    work = id;
    seen.clear();
    const v = await api("GET", "/api/tickets/" + id);
    $("work").hidden = false;
    $("work-subject").textContent = v.ticket.subject;
    $("work-meta").textContent = v.ticket.customer + " · " + v.ticket.category + " · " + v.ticket.status + " · " + (v.ticket.assignee || "-");
    $("work-case").textContent = (v.complaint ? t("tickets.complaint") + ": " + v.complaint.stage + ". " : "") +
      (v.case ? t("tickets.case") + ": " + v.case.kind + " " + v.case.status : "");
    $("work-log").replaceChildren();
    let last = 0;
    for (const ev of v.history) { addLine(ev); last = ev.seq; }
    if (source) source.close();
    if (v.ticket.channel === "chat") {
      source = new EventSource("/api/chats/" + id + "/events?after=" + last);
      source.addEventListener("event", m => addLine(JSON.parse(m.data)));
    }
  }
  async function act(fn) { try { await fn(); } catch (err) { fail(err); } }
  $("work-reply").addEventListener("submit", e => { e.preventDefault(); act(async () => {
    const text = $("work-text").value;
    const v = await api("GET", "/api/tickets/" + work);
    if (v.ticket.channel === "chat") await api("POST", "/api/chats/" + work + "/messages", { text });
    else { await api("POST", "/api/tickets/" + work + "/replies", { body: text }); await openWork(work); }
    $("work-text").value = "";
  }); });
  $("work-note").addEventListener("submit", e => { e.preventDefault(); act(async () => {
    await api("POST", "/api/tickets/" + work + "/notes", { body: $("note-text").value });
    $("note-text").value = "";
    const v = await api("GET", "/api/tickets/" + work);
    if (v.ticket.channel !== "chat") await openWork(work);
  }); });
  $("work-transfer").addEventListener("submit", e => { e.preventDefault(); act(async () => {
    await api("POST", "/api/agent/chats/" + work + "/transfer", { agent: $("transfer-to").value.trim() });
    await loadQueue();
  }); });
  $("work-status").addEventListener("submit", e => { e.preventDefault(); act(async () => {
    await api("POST", "/api/tickets/" + work + "/status", { status: $("status").value });
    await loadQueue();
    await openWork(work);
  }); });

  async function loadFeedback() {
    const r = await api("GET", "/api/agent/feedback?period=day");
    const rows = r.agents.map(a => {
      const tr = el("tr");
      tr.append(el("td", a.agent || "-"), el("td", a.csat_percent), el("td", a.nps), el("td", String(a.answered)));
      return tr;
    });
    $("feedback").replaceChildren(...rows);
  }

  PD.init(() => { work = ""; $("work").hidden = true; loadQueue().catch(fail); }).then(() => loadQueue()).catch(fail);
  setInterval(() => { if (!document.hidden) loadQueue().catch(() => {}); }, 10000);
})();
