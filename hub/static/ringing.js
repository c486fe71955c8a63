// Video calls ringing now: shown at the top of the inbox and on the referral being called about.
// Polls the hub every few seconds while the page is visible.
"use strict";

(function () {
  const POLL_MS = 4000;
  const URGENCY = { emergency: "Emergency", urgent: "Urgent", soon: "Soon", routine: "Routine" };

  function slots() {
    const found = Array.from(document.querySelectorAll("[data-ringing-slot]"));
    const inbox = document.getElementById("call-slot");
    if (inbox) found.push(inbox);
    return found;
  }

  function elapsed(seconds) {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function item(call) {
    const box = document.createElement("div");
    box.className = "call-alert";
    box.dataset.callId = call.call_id;
    const text = document.createElement("p");
    text.className = "call-alert-text";
    const title = document.createElement("strong");
    title.textContent = call.status === "ringing" ? "Video call ringing" : "Your video call is in progress";
    const who = document.createElement("span");
    who.textContent = " · " + call.patient_name + " · " + call.station_name + " · " + call.specialty;
    const since = document.createElement("span");
    since.className = "muted small";
    since.textContent = call.status === "ringing" ? " · ringing for " + elapsed(call.ringing_seconds) : "";
    const badge = document.createElement("span");
    badge.className = "badge urgency-" + call.urgency;
    badge.textContent = URGENCY[call.urgency] || call.urgency;
    text.append(badge, " ", title, who, since);
    const join = document.createElement("a");
    join.className = "button button-primary button-call";
    join.href = call.url;
    join.textContent = call.status === "ringing" ? "Join video call" : "Return to the call";
    box.append(text, join);
    return box;
  }

  function render(calls) {
    slots().forEach(function (slot) {
      const referral = slot.dataset.referral;
      const mine = calls.filter(function (c) { return !referral || c.referral_id === referral; });
      slot.replaceChildren.apply(slot, mine.map(item));
      slot.hidden = mine.length === 0;
      const hint = slot.parentElement && slot.parentElement.querySelector("[data-no-call]");
      if (hint) hint.hidden = mine.length > 0;
    });
    const ringing = calls.some(function (c) { return c.status === "ringing"; });
    const prefix = "Call ringing · ";
    if (ringing && document.title.indexOf(prefix) !== 0) document.title = prefix + document.title;
    if (!ringing && document.title.indexOf(prefix) === 0) document.title = document.title.slice(prefix.length);
  }

  async function poll() {
    if (document.hidden) return;
    try {
      const response = await fetch("/console/calls/ringing", {
        credentials: "same-origin",
        // A background poll: the hub does not count it as the person being there.
        headers: { "Accept": "application/json", "X-Telehub-Background": "1" },
      });
      if (!response.ok) return;
      const data = await response.json();
      render(data.calls || []);
    } catch (err) {
      // Offline for a moment: keep what is shown and try again.
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (slots().length === 0) return;
    poll();
    window.setInterval(poll, POLL_MS);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  });
})();
