// A call with several specialists through the hub's SFU (Janus, HTTP API).
// Voice: one AudioBridge connection (this browser sends its microphone, hears one mix).
// Pictures: this camera published once to the VideoRoom; every other picture (the station's,
// the other specialists') received from it. The hub hands out the Janus token and room entry.
(function () {
  "use strict";
  const root = document.getElementById("conference");
  if (!root) return;
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.content : "";
  const VIDEO_MAX_BITRATE = 150000;
  const GATHER_TIMEOUT_MS = 4000;
  const el = {
    state: document.getElementById("call-state"),
    connection: document.getElementById("call-connection"),
    count: document.getElementById("call-count"),
    message: document.getElementById("call-message"),
    grid: document.getElementById("conference-grid"),
    station: root.querySelector('[data-role="station"]'),
    local: document.getElementById("local-video"),
    voice: document.getElementById("conference-voice"),
    people: document.getElementById("conference-people"),
    mute: document.getElementById("call-mute"),
    camera: document.getElementById("call-camera"),
    leave: document.getElementById("call-leave"),
  };
  const iceServers = JSON.parse(root.dataset.iceServers || "[]");
  // --relay-only on the hub: this page too reaches Janus only through the TURN relay.
  const iceTransportPolicy = root.dataset.icePolicy === "relay" ? "relay" : "all";
  const peers = { voice: null, picture: null, feeds: {} };
  window.conferencePeers = peers;  // read by the console's own tests (getStats)
  let access = null;
  let session = null;
  let finished = false;
  let localStream = null;
  let presenceTimer = null;
  const waiting = {};
  const listeners = {};

  function say(text, alarm) {
    el.message.textContent = text;
    el.message.hidden = !text;
    el.message.classList.toggle("alert", !!alarm);
  }

  function hub(path) {
    return fetch(path, { method: "POST", credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "X-Telehub-Background": "1", "Accept": "application/json" } })
      .then(function (r) { return r.json().then(function (body) { body.httpStatus = r.status; return body; }); });
  }

  // -- Janus over HTTP --------------------------------------------------------------------------
  function transaction() { return Math.random().toString(36).slice(2, 14); }

  async function janus(path, body) {
    body.token = access.token;
    if (!body.transaction) body.transaction = transaction();
    const r = await fetch(access.url + path, { method: "POST", body: JSON.stringify(body) });
    const data = await r.json();
    if (data.janus === "error") throw new Error("the conference server refused: " + data.error.reason);
    return data;
  }

  async function poll() {
    while (session && !finished) {
      try {
        const r = await fetch(access.url + "/" + session + "?maxev=10&token=" + encodeURIComponent(access.token));
        const events = await r.json();
        // Janus refuses at once when the session is gone (it restarted) or the token expired:
        // asking again straight away would flood it, so the refusal waits like a lost connection.
        if (events && events.janus === "error") throw new Error(events.error ? events.error.reason : "refused");
        (Array.isArray(events) ? events : [events]).forEach(dispatch);
      } catch (err) {
        await new Promise(function (done) { window.setTimeout(done, 1000); });
      }
    }
  }

  function dispatch(event) {
    const pending = waiting[event.transaction];
    if (pending && event.janus === "event") {
      delete waiting[event.transaction];
      pending(event);
      return;
    }
    const listener = listeners[event.sender];
    if (listener) listener(event);
  }

  async function attach(plugin, onEvent) {
    const data = await janus("/" + session, { janus: "attach", plugin: plugin });
    if (onEvent) listeners[data.data.id] = onEvent;
    return data.data.id;
  }

  async function message(handle, body, jsep) {
    const tx = transaction();
    const answered = new Promise(function (resolve) { waiting[tx] = resolve; });
    const request = { janus: "message", body: body, transaction: tx };
    if (jsep) request.jsep = jsep;
    const first = await janus("/" + session + "/" + handle, request);
    const event = first.janus === "ack" ? await answered : first;
    const data = Object.assign({}, (event.plugindata || {}).data || {});
    if (data.error) throw new Error("the conference room refused: " + data.error);
    if (event.jsep) data.jsep = event.jsep;
    return data;
  }

  function gathered(pc) {
    return new Promise(function (resolve) {
      if (pc.iceGatheringState === "complete") return resolve();
      const timer = window.setTimeout(resolve, GATHER_TIMEOUT_MS);
      pc.addEventListener("icegatheringstatechange", function () {
        if (pc.iceGatheringState === "complete") { window.clearTimeout(timer); resolve(); }
      });
    });
  }

  function peer() {
    const pc = new RTCPeerConnection({ iceServers: iceServers, iceTransportPolicy: iceTransportPolicy });
    pc.addEventListener("connectionstatechange", showConnection);
    return pc;
  }

  function showConnection() {
    const states = [peers.voice, peers.picture].filter(Boolean).map(function (pc) { return pc.connectionState; });
    if (states.length === 0) return;
    if (states.every(function (s) { return s === "connected"; })) el.connection.textContent = "Connected";
    else if (states.some(function (s) { return s === "failed"; })) el.connection.textContent = "Connection failed";
    else el.connection.textContent = "Connecting…";
  }

  // -- who is who -------------------------------------------------------------------------------
  function parseDisplay(display) {
    const text = String(display || "");
    const cut = text.indexOf(":");
    if (cut < 0) return { role: "specialist", name: text };
    return { role: text.slice(0, cut) === "station" ? "station" : "specialist", name: text.slice(cut + 1) };
  }

  function tileFor(feedId, who) {
    if (who.role === "station") return el.station;
    let tile = el.grid.querySelector('[data-feed="' + feedId + '"]');
    if (!tile) {
      tile = document.createElement("figure");
      tile.className = "tile tile-specialist";
      tile.dataset.role = "specialist";
      tile.dataset.feed = String(feedId);
      const video = document.createElement("video");
      video.autoplay = true;
      video.playsInline = true;
      video.muted = true;  // voices come through the mix
      video.setAttribute("aria-label", who.name + "'s video");
      const caption = document.createElement("figcaption");
      caption.textContent = who.name;
      tile.append(video, caption);
      el.grid.insertBefore(tile, el.grid.querySelector('[data-role="self"]'));
    }
    return tile;
  }

  async function subscribe(publisher) {
    if (finished || peers.feeds[publisher.id]) return;
    const who = parseDisplay(publisher.display);
    const pc = peer();
    peers.feeds[publisher.id] = pc;
    if (who.role === "station") peers.station = pc;
    const tile = tileFor(publisher.id, who);
    pc.addEventListener("track", function (event) {
      const video = tile.querySelector("video");
      video.srcObject = event.streams[0] || new MediaStream([event.track]);
      const placeholder = tile.querySelector(".call-placeholder");
      if (placeholder) placeholder.hidden = true;
    });
    const handle = await attach("janus.plugin.videoroom");
    const offer = await message(handle, { request: "join", ptype: "subscriber", room: access.room,
      token: access.room_token, streams: [{ feed: publisher.id }] });
    await pc.setRemoteDescription(offer.jsep);
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    await message(handle, { request: "start" }, { type: "answer", sdp: pc.localDescription.sdp });
  }

  function unsubscribe(feedId) {
    const pc = peers.feeds[feedId];
    if (pc) pc.close();
    delete peers.feeds[feedId];
    const tile = el.grid.querySelector('[data-feed="' + feedId + '"]');
    if (tile) tile.remove();
  }

  function onRoomEvent(event) {
    const data = (event.plugindata || {}).data || {};
    (data.publishers || []).forEach(function (p) {
      subscribe(p).catch(function (err) { say("A picture could not be opened: " + err.message); });
    });
    const gone = data.unpublished || data.leaving;
    if (gone && gone !== "ok") unsubscribe(gone);
  }

  // -- this browser's voice and picture ---------------------------------------------------------
  async function openMedia() {
    try {
      return await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, channelCount: 1 },
        video: { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 10, max: 15 } } });
    } catch (err) {
      say("No microphone or camera could be opened. Allow them in the browser's address bar, then reload.", true);
      return null;
    }
  }

  async function joinVoice(stream) {
    const pc = peers.voice = peer();
    if (stream) stream.getAudioTracks().forEach(function (t) { pc.addTrack(t, stream); });
    else pc.addTransceiver("audio", { direction: "recvonly" });
    pc.addEventListener("track", function (event) {
      el.voice.srcObject = event.streams[0] || new MediaStream([event.track]);
    });
    const handle = await attach("janus.plugin.audiobridge");
    await message(handle, { request: "join", room: access.room, token: access.room_token,
      display: access.display, muted: false });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const answer = await message(handle, { request: "configure", muted: false },
      { type: "offer", sdp: pc.localDescription.sdp, trickle: false });
    await pc.setRemoteDescription(answer.jsep);
  }

  async function joinPictures(stream) {
    const handle = await attach("janus.plugin.videoroom", onRoomEvent);
    const joined = await message(handle, { request: "join", ptype: "publisher", room: access.room,
      token: access.room_token, display: access.display });
    (joined.publishers || []).forEach(function (p) {
      subscribe(p).catch(function (err) { say("A picture could not be opened: " + err.message); });
    });
    const video = stream ? stream.getVideoTracks() : [];
    if (video.length === 0) return;
    const pc = peers.picture = peer();
    const sender = pc.addTrack(video[0], stream);
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const answer = await message(handle, { request: "publish" },
      { type: "offer", sdp: pc.localDescription.sdp, trickle: false });
    await pc.setRemoteDescription(answer.jsep);
    const params = sender.getParameters();
    if (!params.encodings || params.encodings.length === 0) params.encodings = [{}];
    params.encodings[0].maxBitrate = VIDEO_MAX_BITRATE;
    try { await sender.setParameters(params); } catch (err) { /* the room's own cap still applies */ }
  }

  function setupControls(stream) {
    if (!stream) return;
    el.local.srcObject = stream;
    const audio = stream.getAudioTracks();
    const video = stream.getVideoTracks();
    el.mute.disabled = audio.length === 0;
    el.camera.disabled = video.length === 0;
    el.mute.addEventListener("click", function () {
      const muted = el.mute.getAttribute("aria-pressed") !== "true";
      audio.forEach(function (t) { t.enabled = !muted; });
      el.mute.setAttribute("aria-pressed", String(muted));
      el.mute.textContent = muted ? "Unmute microphone" : "Mute microphone";
    });
    el.camera.addEventListener("click", function () {
      const off = el.camera.getAttribute("aria-pressed") !== "true";
      video.forEach(function (t) { t.enabled = !off; });
      el.camera.setAttribute("aria-pressed", String(off));
      el.camera.textContent = off ? "Turn camera on" : "Turn camera off";
      el.local.classList.toggle("is-off", off);
    });
  }

  // -- presence and the end ---------------------------------------------------------------------
  function showPeople(people) {
    const here = people.filter(function (p) { return p.present; });
    el.count.textContent = here.length === 1 ? "1 person" : here.length + " people";
    el.people.replaceChildren.apply(el.people, people.map(function (p) {
      const li = document.createElement("li");
      const minutes = Math.max(1, Math.round(p.seconds / 60));
      li.textContent = p.name + (p.role === "station" ? " (station)" : "") + " — " +
        (p.present ? "in the call" : "left after " + minutes + " min");
      return li;
    }));
  }

  async function presence() {
    if (finished) return;
    try {
      const body = await hub(root.dataset.presencePath);
      if (body.httpStatus === 401) { say("You were signed out. Sign in again to rejoin the call.", true); finish(); return; }
      if (body.people) showPeople(body.people);
      if (body.status === "ended" || body.status === "missed") {
        el.state.textContent = "Ended";
        say("The call has ended.");
        finish();
      } else if (body.status === "active") {
        el.state.textContent = "In progress";
      }
    } catch (err) { /* the hub is briefly away; the media goes on */ }
  }

  function finish() {
    if (finished) return;
    finished = true;
    window.clearInterval(presenceTimer);
    Object.keys(peers.feeds).forEach(unsubscribe);
    [peers.voice, peers.picture].forEach(function (pc) { if (pc) pc.close(); });
    if (localStream) localStream.getTracks().forEach(function (t) { t.stop(); });
    if (session) janus("/" + session, { janus: "destroy" }).catch(function () {});
    session = null;
    el.mute.disabled = el.camera.disabled = el.leave.disabled = true;
    el.connection.textContent = "Closed";
  }

  el.leave.addEventListener("click", function () {
    hub(root.dataset.leavePath).catch(function () {});
    say("You left the call. The others can go on.");
    finish();
  });
  // Closing the tab leaves Janus at once (the others see the picture go); the hub records the
  // leave when this page's presence reports stop.
  window.addEventListener("pagehide", finish);

  async function start() {
    const joined = await hub(root.dataset.joinPath);
    if (!joined.access) {
      say(joined.message || "The call could not be joined.", true);
      finish();
      return;
    }
    access = joined.access;
    presenceTimer = window.setInterval(presence, 5000);
    presence();
    const created = await janus("", { janus: "create" });
    session = created.data.id;
    poll();
    localStream = await openMedia();
    setupControls(localStream);
    await joinVoice(localStream);
    await joinPictures(localStream);
  }

  if (root.dataset.status === "ended" || root.dataset.status === "missed") {
    finished = true;
    el.leave.disabled = true;
    return;
  }
  start().catch(function (err) {
    // fetch() fails with a TypeError when Janus cannot be reached at all (network, proxy, TLS).
    say(err instanceof TypeError
      ? "The conference server could not be reached from this browser. Check the internet connection, then reload the page."
      : "The call could not be joined: " + err.message, true);
  });
})();
