// Shared by both pages: identity, language, catalogs, the API client.
"use strict";
const PD = (() => {
  const langs = ["en", "zh-Hans", "zh-Hant"];
  let catalog = {};
  function pickLang() {
    const saved = localStorage.getItem("pd_lang");
    if (saved && langs.includes(saved)) return saved;
    for (const l of navigator.languages || [navigator.language || "en"]) {
      const low = l.toLowerCase();
      if (low.startsWith("zh")) {
        return /hant|tw|hk|mo/.test(low) ? "zh-Hant" : "zh-Hans";
      }
      if (low.startsWith("en")) return "en";
    }
    return "en";
  }
  const state = { lang: pickLang(), user: "" };
  function t(key) { return catalog[key] || key; }
  function apply() {
    document.documentElement.lang = state.lang;
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  async function loadCatalog() {
    const res = await fetch("/i18n/" + state.lang + ".json");
    catalog = await res.json();
    apply();
  }
  function setUser(u) {
    state.user = u;
    document.cookie = "demo_user=" + encodeURIComponent(u) + "; path=/; SameSite=Strict";
    sessionStorage.setItem("pd_user_" + location.pathname, u);
  }
  function showError(msg) {
    const el = document.getElementById("error");
    el.textContent = msg;
    el.hidden = false;
    setTimeout(() => { el.hidden = true; }, 5000);
  }
  async function api(method, path, body) {
    const opts = { method, headers: { "X-Demo-User": state.user, "Accept-Language": state.lang } };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(path, opts);
    if (res.status === 204) return null;
    const data = await res.json();
    if (!res.ok) {
      const e = new Error((data.error && data.error.message) || res.statusText);
      e.code = data.error && data.error.code;
      e.status = res.status;
      throw e;
    }
    return data;
  }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function when(ts) { return ts ? new Date(ts).toLocaleString(state.lang) : ""; }
  function init(onChange) {
    const idSel = document.getElementById("identity");
    const langSel = document.getElementById("lang");
    const saved = sessionStorage.getItem("pd_user_" + location.pathname);
    if (saved && [...idSel.options].some(o => o.value === saved)) idSel.value = saved;
    setUser(idSel.value);
    langSel.value = state.lang;
    idSel.addEventListener("change", () => { setUser(idSel.value); onChange("user"); });
    langSel.addEventListener("change", () => {
      state.lang = langSel.value;
      localStorage.setItem("pd_lang", state.lang);
      loadCatalog().then(() => onChange("lang"));
    });
    return loadCatalog();
  }
  return { state, t, api, el, when, init, showError };
})();
