// Unread news from the clinics, counted in the page title and beside "Inbox" on every page, so a
// console left in a background tab still shows "(2) Inbox · Telehub". Polls even while hidden;
// the poll is marked as background, so it never keeps an unattended screen signed in.
"use strict";

(function () {
  const POLL_MS = 20000;
  const RINGING = "Call ringing · ";
  const COUNT = /^\(\d+\) /;

  function show(count) {
    let title = document.title;
    const ringing = title.indexOf(RINGING) === 0;
    if (ringing) title = title.slice(RINGING.length);
    title = title.replace(COUNT, "");
    document.title = (ringing ? RINGING : "") + (count > 0 ? "(" + count + ") " : "") + title;
    const badge = document.getElementById("nav-unread");
    if (badge) {
      badge.textContent = String(count);
      badge.hidden = count <= 0;
    }
  }

  async function poll() {
    try {
      const response = await fetch("/console/unread", {
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-Telehub-Background": "1" },
      });
      if (!response.ok) return;
      const data = await response.json();
      if (typeof data.unread_referrals === "number") show(data.unread_referrals);
    } catch (err) {
      // Offline for a moment: keep the count shown and try again.
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    window.setInterval(poll, POLL_MS);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  });
})();
