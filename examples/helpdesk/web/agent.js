// The agent console.
"use strict";
(() => {
  const { state, t, api, el, when, showError } = PD;
  const $ = id => document.getElementById(id);
  const fail = e => showError(e.message);
  let work = "", workChannel = "", source = null;
  const seen = new Set();

  $("presence-form").addEventListener("submit", async e => {
    e.preventDefault();
    try {
      const a = await api("POST", "/api/agent/presence", { presence: $("presence").value, capacity: Number($("capacity").value),
        languages: $("languages").value.split(/[\s,]+/).filter(Boolean) });
      $("presence-out").textContent = t("agent.presence") + ": " + t("agent." + a.presence) + " · " + (a.chats || []).length + "/" + a.capacity;
      loadQueue().catch(fail);
    } catch (err) { fail(err); }
  });

  function item(it, mine) {
    const tk = it.ticket;
    const li = el("li");
    const b = el("button", tk.subject, "link");
    b.type = "button";
    b.addEventListener("click", () => openWork(tk.id).catch(fail));
    const meta = [tk.customer, t("status." + tk.status), t("priority." + (tk.priority || "normal"))];
    if (tk.channel === "chat") meta.push(t("agent.chat"));
    if (it.sla_due) meta.push(t("agent.slaDue") + " " + when(it.sla_due));
    li.append(b, el("span", " · " + meta.join(" · "), "muted"));
    if (it.sla_due && new Date(it.sla_due) < new Date()) li.classList.add("overdue");
    if (it.waiting && !mine) {
      const take = el("button", t("agent.take"), "take");
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
    if (!q.mine.length) $("mine").append(el("li", t("agent.none"), "muted"));
    if (!q.unassigned.length) $("unassigned").append(el("li", t("agent.none"), "muted"));
    if (q.agent && document.activeElement?.form !== $("presence-form")) {
      $("presence").value = q.agent.presence;
      $("capacity").value = q.agent.capacity;
      $("languages").value = ((q.agent.skills || {}).languages || []).join(", ");
      $("presence-out").textContent = t("agent.presence") + ": " + t("agent." + q.agent.presence) + " · " + (q.agent.chats || []).length + "/" + q.agent.capacity;
    }
    await loadFeedback();
  }
  $("refresh").addEventListener("click", () => loadQueue().catch(fail));

  function addLine(ev) {
    if (seen.has(ev.seq)) return;
    seen.add(ev.seq);
    let text = "", cls = "system";
    if (ev.kind === "reply") { text = ev.body; cls = ev.actor.role === "customer" ? "" : "mine"; }
    else if (ev.kind === "note") { text = t("agent.note") + ": " + ev.body; cls = "note"; }
    else if (ev.kind === "custom" && ev.field === "chat.bot") { text = ev.body; cls = "bot"; }
    else if (ev.kind === "custom") text = ev.body || (ev.field + (ev.to ? ": " + ev.to : ""));
    else if (ev.kind === "created") text = ev.opening.subject;
    else if (ev.kind === "status") text = t("chat.status") + ": " + t("status." + ev.from) + " → " + t("status." + ev.to);
    else if (ev.kind === "priority") text = t("agent.priority") + ": " + t("priority." + ev.to);
    else if (ev.kind === "assigned") text = t("agent.assigned") + ": " + (ev.to || "-");
    if (!text) return;
    const li = el("li", text, cls);
    li.dataset.seq = ev.seq;
    $("work-log").append(li);
    li.scrollIntoView({ block: "nearest" });
  }
  // select builds a labelled select of values, each labelled by key(value).
  function select(label, values, key) {
    const sel = el("select");
    sel.setAttribute("aria-label", label);
    for (const v of values) { const o = el("option", key(v)); o.value = v; sel.append(o); }
    return sel;
  }
  function caseView(v) {
    const box = $("work-case");
    box.replaceChildren();
    if (v.complaint) {
      const c = v.complaint;
      box.append(el("p", t("tickets.complaint") + ": " + t("stage." + c.stage) + (c.next ? " — " + c.next : "")));
      if (c.moves.length) {
        const f = el("form", null, "inline");
        const sel = select(t("agent.moveTo"), c.moves, st => t("stage." + st));
        const note = el("input");
        note.setAttribute("aria-label", t("agent.stageNote"));
        note.placeholder = t("agent.stageNote");
        const b = el("button", t("agent.moveTo"));
        b.type = "submit";
        f.append(sel, note, b);
        f.addEventListener("submit", e => { e.preventDefault(); act(async () => {
          await api("POST", "/api/tickets/" + work + "/complaint/stage", { to: sel.value, reason: note.value });
          await openWork(work);
        }); });
        box.append(f);
      }
    }
    if (v.case) {
      const c = v.case, tx = c.transaction;
      box.append(el("p", t("tickets.case") + ": " + t("case." + c.kind) + " · " + c.display.status + (c.display.reason ? " · " + c.display.reason : "")));
      box.append(el("p", [tx.merchant, tx.id, tx.card && tx.card.last4 ? "•••• " + tx.card.last4 : "", c.display.amount,
        t("tickets.refunded") + " " + c.display.refunded, t("case.remaining") + " " + c.display.remaining].filter(Boolean).join(" · "), "muted"));
      if (c.checklist) {
        const ul = el("ul", null, "checklist");
        for (const it of c.checklist) {
          const val = c.evidence && c.evidence.fields && c.evidence.fields[it.name];
          ul.append(el("li", (it.provided ? "✓ " : "○ ") + t("item." + it.name) + (it.required ? " *" : "") + (val ? ": " + val : "")));
        }
        box.append(el("p", t("agent.evidence") + (c.submitted_at ? " · " + t("evidence.submitted") + " " + when(c.submitted_at) : "")), ul);
      }
      const rf = el("form", null, "inline");
      const amt = el("input");
      amt.setAttribute("aria-label", t("agent.refund"));
      amt.inputMode = "decimal";
      amt.placeholder = "0.00 " + tx.amount.currency;
      const rb = el("button", t("agent.refund"));
      rb.type = "submit";
      rf.append(amt, rb);
      rf.addEventListener("submit", e => { e.preventDefault(); act(async () => {
        await api("POST", "/api/cases/" + c.id + "/refunds", { amount: { amount: amt.value.trim(), currency: tx.amount.currency }, idempotency_key: "ui-" + crypto.randomUUID() });
        await openWork(work);
      }); });
      if (c.moves.length) {
        const sf = el("form", null, "inline");
        const sel = select(t("agent.caseStatus"), c.moves, st => t("cstatus." + st));
        const sb = el("button", t("agent.move"));
        sb.type = "submit";
        sf.append(sel, sb);
        sf.addEventListener("submit", e => { e.preventDefault(); act(async () => {
          await api("POST", "/api/cases/" + c.id + "/status", { status: sel.value });
          await openWork(work);
        }); });
        box.append(rf, sf);
      } else {
        box.append(rf);
      }
    }
  }
  async function openWork(id) {
    work = id;
    seen.clear();
    const v = await api("GET", "/api/tickets/" + id);
    workChannel = v.ticket.channel;
    $("work").hidden = false;
    $("work-subject").textContent = v.ticket.subject;
    $("work-meta").textContent = [v.ticket.customer, v.ticket.category, t("status." + v.ticket.status), t("priority." + v.ticket.priority), v.ticket.assignee || "-"].join(" · ");
    $("status").value = v.ticket.status;
    $("priority").value = v.ticket.priority;
    caseView(v);
    $("work-log").replaceChildren();
    let last = 0;
    for (const ev of v.history) { addLine(ev); last = ev.seq; }
    if (source) { source.close(); source = null; }
    if (workChannel === "chat") {
      source = new EventSource("/api/chats/" + id + "/events?after=" + last + "&as=" + encodeURIComponent(state.user));
      source.addEventListener("event", m => {
        const ev = JSON.parse(m.data);
        addLine(ev);
        if (ev.kind === "reply" && ev.actor.role === "customer" && !document.hidden) api("POST", "/api/chats/" + id + "/read", { seq: ev.seq }).catch(() => {});
      });
      source.addEventListener("signal", m => {
        const s = JSON.parse(m.data);
        if (s.kind === "typing" && s.actor && s.actor.role === "customer") $("work-typing").textContent = s.typing ? t("agent.customerTyping") : "";
        if (s.kind === "receipt" && s.actor && s.actor.role === "customer")
          for (const li of $("work-log").querySelectorAll("li.mine")) if (Number(li.dataset.seq) <= s.seq) li.classList.add("read");
      });
    }
  }
  async function act(fn) { try { await fn(); } catch (err) { fail(err); } }
  $("work-reply").addEventListener("submit", e => { e.preventDefault(); act(async () => {
    const text = $("work-text").value;
    if (workChannel === "chat") await api("POST", "/api/chats/" + work + "/messages", { text });
    else { await api("POST", "/api/tickets/" + work + "/replies", { body: text }); await openWork(work); }
    $("work-text").value = "";
  }); });
  $("work-note").addEventListener("submit", e => { e.preventDefault(); act(async () => {
    await api("POST", "/api/tickets/" + work + "/notes", { body: $("note-text").value });
    $("note-text").value = "";
    if (workChannel !== "chat") await openWork(work);
  }); });
  $("work-transfer").addEventListener("submit", e => { e.preventDefault(); act(async () => {
    await api("POST", "/api/agent/chats/" + work + "/transfer", { agent: $("transfer-to").value.trim() });
    await loadQueue();
  }); });
  $("work-status").addEventListener("submit", e => { e.preventDefault(); act(async () => {
    await api("POST", "/api/tickets/" + work + "/status", { status: $("status").value });
    await loadQueue();
    if (workChannel !== "chat") await openWork(work);
  }); });
  $("work-priority").addEventListener("submit", e => { e.preventDefault(); act(async () => {
    await api("POST", "/api/tickets/" + work + "/priority", { priority: $("priority").value });
    await loadQueue();
    if (workChannel !== "chat") await openWork(work);
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

  PD.init(() => { work = ""; $("work").hidden = true; if (source) source.close(); loadQueue().catch(fail); }).then(() => loadQueue()).catch(fail);
  // The queue is polled: cheap for a demo, and it keeps SLA times fresh.
  setInterval(() => { if (!document.hidden) loadQueue().catch(() => {}); }, 3000);
})();
