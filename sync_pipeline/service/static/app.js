/* Shared by every page: calls to the JSON API with the session cookie and CSRF header, small formatters,
   notices and keyboard shortcuts. No libraries; nothing is fetched from outside this service. */
"use strict";

const App = (() => {
  function cookie(name) {
    const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  class ApiError extends Error {
    constructor(status, body) {
      const detail = body && body.detail;
      const reason = typeof detail === "string" ? detail : detail && detail.message;
      super(body && body.error ? body.error + (reason ? ` (${reason})` : "") : `HTTP ${status}`);
      this.status = status;
      this.body = body || {};
    }
  }

  async function api(path, options = {}) {
    const init = { credentials: "same-origin", headers: { Accept: "application/json" }, ...options };
    if (init.body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(init.body);
    }
    if (init.method && init.method !== "GET") init.headers["X-CSRF-Token"] = cookie("sync_csrf");
    const answer = await fetch(path, init);
    if (answer.status === 401) {
      window.location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
      throw new ApiError(401, { error: "not logged in" });
    }
    const body = await answer.json().catch(() => null);
    if (!answer.ok) throw new ApiError(answer.status, body);
    return body;
  }

  let whoami = null;
  function me() {
    whoami = whoami || api("/api/v1/whoami");
    return whoami;
  }
  const RANK = { viewer: 0, reviewer: 1, operator: 2 };
  async function can(role) {
    const who = await me();
    return (RANK[who.role] ?? -1) >= RANK[role];
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "style") node.style.cssText = value;   // through the CSSOM, which the CSP allows
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null && child !== false) node.append(child);
    }
    return node;
  }

  function notice(text, isError = false) {
    const box = document.getElementById("notice");
    box.textContent = text;
    box.className = "notice" + (isError ? " error" : "");
    box.hidden = !text;
  }

  const fmt = {
    number: (n, digits = 0) => n === null || n === undefined ? "–"
      : Number(n).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
    money: (n) => n === null || n === undefined ? "–"
      : Number(n).toLocaleString("en-US", { style: "currency", currency: "USD" }),
    percent: (share) => share === null || share === undefined ? "–" : `${(share * 100).toFixed(1)} %`,
    seconds: (s) => s === null || s === undefined ? "–" : s < 120 ? `${Math.round(s)} s` : s < 7200
      ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`,
    hours: (h) => h === null || h === undefined ? "–" : h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`,
    ago: (h) => h === null || h === undefined ? "never" : `${fmt.hours(h)} ago`,
    when: (iso) => iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "–",
  };

  /* One keydown handler per page; keys typed into a field are left to the field, except Escape. */
  function keys(bindings) {
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
      if (typing && event.key !== "Escape") return;
      const handler = bindings[event.key];
      if (handler) {
        event.preventDefault();
        handler(event);
      }
    });
  }

  return { api, ApiError, can, me, el, notice, fmt, keys, cookie };
})();
