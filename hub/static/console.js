// Small enhancements for the specialist console. Every page works without this file.
"use strict";

(function () {
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrfToken = csrfMeta ? csrfMeta.content : "";

  // "What changed" is only asked for when the plan changed.
  function setupPlanChange() {
    const field = document.getElementById("plan-change-field");
    const yes = document.getElementById("plan_changed_yes");
    const no = document.getElementById("plan_changed_no");
    const text = document.getElementById("plan_change");
    if (!field || !yes || !no || !text) return;
    function update() {
      const changed = yes.checked;
      field.hidden = !changed && !field.classList.contains("has-error");
      text.required = changed;
    }
    yes.addEventListener("change", update);
    no.addEventListener("change", update);
    update();
  }

  // One click sends one form; the server also ignores repeats of the same form.
  function setupSingleSubmit() {
    document.querySelectorAll("form[method='post']").forEach(function (form) {
      form.addEventListener("submit", function () {
        const button = form.querySelector("button[type='submit']");
        if (button) {
          window.setTimeout(function () { button.disabled = true; }, 0);
          window.setTimeout(function () { button.disabled = false; }, 8000);
        }
      });
    });
  }

  // The inbox refreshes itself while visible, so new referrals show without a reload.
  function setupInboxRefresh() {
    const region = document.getElementById("inbox-results");
    if (!region) return;
    const seconds = parseInt(region.dataset.refreshSeconds || "60", 10);
    async function refresh() {
      if (document.hidden) return;
      try {
        const response = await fetch(window.location.href, {
          credentials: "same-origin",
          // A background refresh: it must not keep an unattended screen signed in.
          headers: { "Accept": "text/html", "X-Telehub-Background": "1" },
          redirect: "manual",
        });
        if (response.type === "opaqueredirect" || response.status !== 200) {
          if (response.type === "opaqueredirect") window.location.reload();
          return;
        }
        const doc = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = doc.getElementById("inbox-results");
        if (fresh) region.replaceChildren(...fresh.childNodes);
      } catch (err) {
        // Offline for a moment: keep what is on screen and try again later.
      }
    }
    window.setInterval(refresh, seconds * 1000);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) refresh(); });
  }

  // Idle sign-out. Only what the person does keeps the session: pages, forms, typing (a keep-alive
  // at most once a minute) and "Stay signed in". Background polls carry X-Telehub-Background and
  // never count. Near the end the hub is asked (without counting) how long is left, so activity in
  // another tab of the same session is respected; a minute before, a warning counts down.
  function setupIdle() {
    const idleSeconds = parseInt(document.body.dataset.idleSeconds || "0", 10);
    if (!idleSeconds || !csrfToken) return;
    const remaining = parseInt(document.body.dataset.idleRemaining || String(idleSeconds), 10);
    const warning = document.getElementById("idle-warning");
    const countdown = document.getElementById("idle-countdown");
    const stay = document.getElementById("idle-stay");
    const lead = Math.min(60, Math.floor(idleSeconds / 3));
    let deadline = Date.now() + 1000 * remaining;
    let lastPing = 0;
    let lastCheck = 0;
    let asking = false;
    let leaving = false;

    function signOut(reason) {
      if (leaving) return;
      leaving = true;
      const next = encodeURIComponent(window.location.pathname + window.location.search);
      window.location.assign("/login?next=" + next + (reason === "account" ? "&ended=account" : "&expired=1"));
    }

    async function ask(keepAlive) {
      if (asking) return;
      asking = true;
      lastCheck = Date.now();
      if (keepAlive) lastPing = Date.now();
      try {
        const response = await fetch(keepAlive ? "/session/ping" : "/session/status", {
          method: keepAlive ? "POST" : "GET",
          credentials: "same-origin",
          headers: { "X-CSRF-Token": csrfToken, "X-Telehub-Background": "1", "Accept": "application/json" },
        });
        const data = await response.json().catch(function () { return {}; });
        if (response.status === 401) {
          signOut(data.reason);
        } else if (response.ok && typeof data.remaining_seconds === "number") {
          deadline = Date.now() + 1000 * data.remaining_seconds;
          tick();
        }
      } catch (err) {
        // Offline for a moment: the next tick asks again.
      } finally {
        asking = false;
      }
    }

    function tick() {
      const left = (deadline - Date.now()) / 1000;
      if (warning) warning.hidden = left > lead;
      if (countdown) {
        const secs = Math.max(0, Math.ceil(left));
        countdown.textContent = secs + (secs === 1 ? " second" : " seconds");
      }
      if (left <= lead && Date.now() - lastCheck > (left <= 0 ? 1000 : 5000)) ask(false);
    }

    document.addEventListener("input", function () {
      if (Date.now() - lastPing > 60000) ask(true);
    });
    if (stay) stay.addEventListener("click", function () { ask(true); });
    window.setInterval(tick, 1000);
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupPlanChange();
    setupSingleSubmit();
    setupInboxRefresh();
    setupIdle();
  });
})();
