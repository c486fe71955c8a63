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
          headers: { "Accept": "text/html" },
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

  // Warn before the idle timeout; typing in a form counts as activity and keeps the session.
  function setupIdle() {
    const idleSeconds = parseInt(document.body.dataset.idleSeconds || "0", 10);
    if (!idleSeconds || !csrfToken) return;
    const warning = document.getElementById("idle-warning");
    const stay = document.getElementById("idle-stay");
    let lastServerContact = Date.now();
    let lastPing = 0;

    async function ping() {
      lastPing = Date.now();
      try {
        const response = await fetch("/session/ping", {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRF-Token": csrfToken },
        });
        if (response.ok) {
          lastServerContact = Date.now();
          if (warning) warning.hidden = true;
        }
      } catch (err) {
        // Ignore: the next activity tries again.
      }
    }

    document.addEventListener("input", function () {
      // At most one keep-alive a minute while someone is writing.
      if (Date.now() - lastPing > 60000) ping();
    });
    if (stay) stay.addEventListener("click", ping);

    window.setInterval(function () {
      const idle = (Date.now() - lastServerContact) / 1000;
      if (warning) warning.hidden = idle < idleSeconds - 120;
      if (idle > idleSeconds + 5) window.location.reload();
    }, 15000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupPlanChange();
    setupSingleSubmit();
    setupInboxRefresh();
    setupIdle();
  });
})();
