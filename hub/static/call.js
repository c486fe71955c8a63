// The specialist's side of a video consult: the browser's own WebRTC, signaling through the hub.
// The station may be on a 2G/EDGE link, so everything sent from here is kept small.
"use strict";

(function () {
  const root = document.getElementById("call");
  if (!root) return;

  // What this side sends: ~150 kbit/s of video at most, Opus at 16 kbit/s.
  const VIDEO_MAX_BITRATE = 150000;
  const VIDEO_MAX_FRAMERATE = 10;
  const AUDIO_MAX_BITRATE = 16000;
  // At the "weak" level the picture is sent at half size and at most this bitrate.
  const WEAK_VIDEO_MAX_BITRATE = 60000;
  // Non-trickle ICE: the answer goes out once gathering is complete (or after this long).
  const GATHER_TIMEOUT_MS = 8000;
  // How often this browser's own link figures go to the station's quality policy.
  const LINK_REPORT_MS = 2000;
  // The congestion controller's estimate means little just after video resumes: it ramps up.
  const ESTIMATE_SETTLE_MS = 10000;

  const STATE_WORDS = {
    ringing: "Ringing — connecting you to the station…",
    active: "In progress",
    ended: "Ended",
    missed: "Missed — nobody joined in time",
  };
  const CONNECTION_WORDS = {
    "new": "Preparing…",
    connecting: "Connecting to the station…",
    connected: "Connected",
    disconnected: "Link interrupted — trying to reconnect…",
    failed: "Connection failed. Ask the station to call again.",
    closed: "Closed",
  };
  const QUALITY_WORDS = {
    good: "Good",
    weak: "Weak — smaller pictures both ways; the voice continues",
    audio_only: "Voice only — video is paused both ways until the link recovers",
  };
  const RELAY_REFUSED = "The relay server refused this browser's call pass (it has expired, or the hub and the " +
    "relay server do not agree). Reload this page to get a new one; if it happens again, tell the hub administrator.";

  const el = {
    state: document.getElementById("call-state"),
    connection: document.getElementById("call-connection"),
    quality: document.getElementById("call-quality"),
    message: document.getElementById("call-message"),
    remote: document.getElementById("remote-video"),
    placeholder: document.getElementById("remote-placeholder"),
    local: document.getElementById("local-video"),
    paused: document.getElementById("local-paused"),
    mute: document.getElementById("call-mute"),
    camera: document.getElementById("call-camera"),
    end: document.getElementById("call-end"),
  };
  let iceServers = [];
  try {
    iceServers = JSON.parse(root.dataset.iceServers || "[]");
  } catch (err) {
    iceServers = [];
  }

  let ws = null;
  let pc = null;
  let localStream = null;
  let answeredOffer = null;
  let finished = false;
  let endedBy = "";
  let mediaReady = null;
  // The level the station's quality policy set for the whole call: what this side sends follows it.
  let level = "good";
  let videoSince = 0;  // when this side last started sending video (ms), 0 while it does not
  let lastCounters = null;
  let rttMeasurements = {};
  const iceTransportPolicy = root.dataset.icePolicy === "relay" ? "relay" : "all";

  function say(text, isProblem) {
    el.message.textContent = text;
    el.message.hidden = !text;
    el.message.className = isProblem ? "call-message alert" : "call-message notice";
  }

  function showState(status) {
    let words = STATE_WORDS[status] || status;
    if (status === "ended" && endedBy) words += " " + endedBy;
    el.state.textContent = words;
    root.dataset.status = status;
  }

  function showConnection() {
    if (!pc) return;
    el.connection.textContent = CONNECTION_WORDS[pc.connectionState] || pc.connectionState;
  }

  function send(message) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }

  async function openMedia() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("This browser cannot use a camera or microphone on this page. Open the console over https.", true);
      return null;
    }
    const audio = { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 };
    try {
      return await navigator.mediaDevices.getUserMedia({
        audio: audio,
        video: { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: VIDEO_MAX_FRAMERATE, max: 15 } },
      });
    } catch (err) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: audio });
        say("No camera could be opened: the health worker hears you but does not see you.");
        return stream;
      } catch (err2) {
        say("No microphone or camera could be opened. Allow them in the browser's address bar, then reload.", true);
        return null;
      }
    }
  }

  function setupControls(stream) {
    if (!stream) return;
    el.local.srcObject = stream;
    const audioTracks = stream.getAudioTracks();
    const videoTracks = stream.getVideoTracks();
    el.mute.disabled = audioTracks.length === 0;
    el.camera.disabled = videoTracks.length === 0;
    el.mute.addEventListener("click", function () {
      const muted = el.mute.getAttribute("aria-pressed") !== "true";
      audioTracks.forEach(function (t) { t.enabled = !muted; });
      el.mute.setAttribute("aria-pressed", String(muted));
      el.mute.textContent = muted ? "Unmute microphone" : "Mute microphone";
    });
    el.camera.addEventListener("click", function () {
      const off = el.camera.getAttribute("aria-pressed") !== "true";
      videoTracks.forEach(function (t) { t.enabled = !off; });
      el.camera.setAttribute("aria-pressed", String(off));
      el.camera.textContent = off ? "Turn camera on" : "Turn camera off";
      el.local.classList.toggle("is-off", off);
    });
  }

  // Ask for Opus at 16 kbit/s mono: in the station's offer (so this browser's encoder uses it)
  // and in our answer (so the station knows what we want to receive).
  function limitOpus(sdp) {
    const lines = sdp.split("\r\n");
    const opus = [];
    lines.forEach(function (line) {
      const m = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
      if (m) opus.push(m[1]);
    });
    opus.forEach(function (pt) {
      const fmtp = lines.findIndex(function (line) { return line.indexOf("a=fmtp:" + pt + " ") === 0; });
      const wanted = "maxaveragebitrate=" + AUDIO_MAX_BITRATE + ";stereo=0;sprop-stereo=0";
      if (fmtp >= 0) {
        const params = lines[fmtp].slice(("a=fmtp:" + pt + " ").length).split(";").filter(function (p) {
          const name = p.split("=")[0].trim().toLowerCase();
          return p && name !== "maxaveragebitrate" && name !== "stereo" && name !== "sprop-stereo";
        });
        lines[fmtp] = "a=fmtp:" + pt + " " + params.concat([wanted]).join(";");
      } else {
        const rtpmap = lines.findIndex(function (line) { return line.indexOf("a=rtpmap:" + pt + " ") === 0; });
        lines.splice(rtpmap + 1, 0, "a=fmtp:" + pt + " " + wanted);
      }
    });
    return lines.join("\r\n");
  }

  async function capSenders() {
    for (const sender of pc.getSenders()) {
      if (!sender.track) continue;
      const params = sender.getParameters();
      if (!params.encodings || params.encodings.length === 0) params.encodings = [{}];
      if (sender.track.kind === "video") {
        // Voice only: the encoder stops (no packets at all), which a disabled track would not do.
        params.encodings[0].active = level !== "audio_only";
        params.encodings[0].maxBitrate = level === "weak" ? WEAK_VIDEO_MAX_BITRATE : VIDEO_MAX_BITRATE;
        params.encodings[0].scaleResolutionDownBy = level === "weak" ? 2 : 1;
        params.encodings[0].maxFramerate = VIDEO_MAX_FRAMERATE;
      } else {
        params.encodings[0].maxBitrate = AUDIO_MAX_BITRATE;
      }
      try {
        await sender.setParameters(params);
      } catch (err) {
        // Older browsers refuse some fields; the SDP limits still apply.
        console.warn("sender parameters not applied: " + err.message);
      }
    }
  }

  function gatheringComplete() {
    return new Promise(function (resolve) {
      if (pc.iceGatheringState === "complete") return resolve();
      const timer = window.setTimeout(done, GATHER_TIMEOUT_MS);
      function done() {
        window.clearTimeout(timer);
        pc.removeEventListener("icegatheringstatechange", check);
        resolve();
      }
      function check() {
        if (pc.iceGatheringState === "complete") done();
      }
      pc.addEventListener("icegatheringstatechange", check);
    });
  }

  async function answer(offerSdp) {
    const stream = await mediaReady;
    if (finished) return;
    // A new offer (the station reconnected) starts a fresh connection.
    if (pc) pc.close();
    pc = new RTCPeerConnection({ iceServers: iceServers, iceTransportPolicy: iceTransportPolicy });
    lastCounters = null;
    rttMeasurements = {};
    pc.addEventListener("connectionstatechange", showConnection);
    pc.addEventListener("icecandidateerror", function (event) {
      // 401: coturn did not accept the credentials (expired, or another secret than the hub's).
      if ((event.url || "").indexOf("turn") === 0 && event.errorCode === 401) say(RELAY_REFUSED, true);
    });
    pc.addEventListener("track", function (event) {
      const remote = event.streams[0] || new MediaStream([event.track]);
      if (el.remote.srcObject !== remote) el.remote.srcObject = remote;
      el.placeholder.hidden = true;
    });
    if (stream) stream.getTracks().forEach(function (track) { pc.addTrack(track, stream); });
    showConnection();
    await pc.setRemoteDescription({ type: "offer", sdp: limitOpus(offerSdp) });
    const local = await pc.createAnswer();
    await pc.setLocalDescription({ type: "answer", sdp: limitOpus(local.sdp) });
    await capSenders();
    videoSince = level === "audio_only" ? 0 : Date.now();
    await gatheringComplete();
    if (finished) return;
    send({ type: "answer", sdp: pc.localDescription.sdp });
  }

  function setLevel(next) {
    if (!QUALITY_WORDS[next]) return;
    el.quality.textContent = QUALITY_WORDS[next];
    root.dataset.level = next;
    el.paused.hidden = next !== "audio_only";
    if (next === level) return;
    const wasSending = level !== "audio_only";
    level = next;
    if (level === "audio_only") videoSince = 0;
    else if (!wasSending) videoSince = Date.now();
    if (pc) capSenders();
  }

  // This browser's own view of the link, for the station's policy: round trip, loss both ways,
  // frames of the station's video decoded, and what the congestion controller says it can send.
  async function reportLink() {
    if (!pc || finished || pc.connectionState !== "connected") return;
    const stats = await pc.getStats();
    const now = { at: Date.now(), received: 0, lost: 0, peerReceived: 0, peerLost: 0, frames: 0, videoPackets: 0 };
    let rtt = null;
    let kbps = null;
    stats.forEach(function (s) {
      if (s.type === "candidate-pair" && s.nominated && s.state === "succeeded") {
        if (typeof s.currentRoundTripTime === "number") rtt = Math.max(rtt || 0, s.currentRoundTripTime);
        if (typeof s.availableOutgoingBitrate === "number") kbps = s.availableOutgoingBitrate / 1000;
      } else if (s.type === "inbound-rtp") {
        now.received += s.packetsReceived || 0;
        now.lost += Math.max(0, s.packetsLost || 0);
        if (s.kind === "video") {
          now.frames += s.framesDecoded || 0;
          now.videoPackets += s.packetsReceived || 0;
        }
      } else if (s.type === "remote-inbound-rtp") {
        // A stream that stopped (voice only) keeps its last round trip: only fresh measurements count.
        const measured = s.roundTripTimeMeasurements || 0;
        if (typeof s.roundTripTime === "number" && measured > (rttMeasurements[s.id] || 0)) {
          rtt = Math.max(rtt || 0, s.roundTripTime);
        }
        rttMeasurements[s.id] = measured;
        now.peerLost += Math.max(0, s.packetsLost || 0);
      } else if (s.type === "outbound-rtp") {
        now.peerReceived += s.packetsSent || 0;
      }
    });
    const before = lastCounters;
    lastCounters = now;
    if (!before) return;
    const got = now.received - before.received;
    const missed = now.lost - before.lost;
    const sent = now.peerReceived - before.peerReceived;
    const sentLost = now.peerLost - before.peerLost;
    const losses = [];
    if (got + missed > 0) losses.push(missed / (got + missed));
    if (sent > 0 && sentLost >= 0) losses.push(Math.min(1, sentLost / sent));
    const seconds = Math.max(0.001, (now.at - before.at) / 1000);
    // Frames only say something while the station is meant to send pictures and packets arrive.
    const fps = level !== "audio_only" && now.videoPackets > before.videoPackets
      ? (now.frames - before.frames) / seconds : null;
    const settled = videoSince > 0 && Date.now() - videoSince >= ESTIMATE_SETTLE_MS;
    send({
      type: "link",
      rtt: rtt === null ? null : Math.min(60, rtt),
      loss: losses.length ? Math.max.apply(null, losses) : null,
      fps: fps === null ? null : Math.min(120, Math.max(0, fps)),
      kbps: settled && kbps !== null ? Math.min(100000, kbps) : null,
    });
  }

  const linkTimer = window.setInterval(function () {
    reportLink().catch(function () { /* a closed connection has no stats: nothing to report */ });
  }, LINK_REPORT_MS);

  function finish() {
    if (finished) return;
    finished = true;
    if (pc) pc.close();
    if (localStream) localStream.getTracks().forEach(function (t) { t.stop(); });
    el.mute.disabled = true;
    el.camera.disabled = true;
    el.end.disabled = true;
    el.connection.textContent = "Closed";
    window.clearInterval(keepAlive);
    window.clearInterval(linkTimer);
  }

  function handle(message) {
    if (message.type === "offer") {
      if (message.sdp === answeredOffer) return;  // the same offer again after reconnecting
      answeredOffer = message.sdp;
      answer(message.sdp).catch(function (err) {
        say("The call could not be answered: " + err.message, true);
        send({ type: "bye", reason: "error" });
      });
    } else if (message.type === "state") {
      showState(message.status);
      if (message.status === "ended" || message.status === "missed") finish();
    } else if (message.type === "quality") {
      setLevel(message.level);
    } else if (message.type === "bye") {
      endedBy = "by the station";
      say("The station ended the call.");
    } else if (message.type === "error") {
      say("The hub refused a message: " + message.detail, true);
    }
  }

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(scheme + window.location.host + root.dataset.signalPath);
    ws.addEventListener("message", function (event) {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (err) {
        return;
      }
      handle(message);
    });
    ws.addEventListener("close", function (event) {
      if (event.code === 4401) {
        say("You were signed out. Sign in again, then join the call from the referral.", true);
        finish();
      } else if (event.code === 4403) {
        say("Another specialist has already joined this call.", true);
        finish();
      } else if (event.code === 4404) {
        say("This call no longer exists.", true);
        finish();
      } else if (!finished) {
        // Lost contact with the hub (not with the station): the media may still flow; try again.
        say("Lost contact with the hub. Trying again…");
        window.setTimeout(connect, 2000);
      }
    });
    ws.addEventListener("open", function () {
      if (!finished && el.message.textContent.indexOf("Lost contact") === 0) say("");
    });
  }

  el.end.addEventListener("click", function () {
    endedBy = "by you";
    send({ type: "bye", reason: "hung_up" });
    showState("ended");
    finish();
  });

  // A call counts as activity: keep the console session from timing out mid-call.
  const keepAlive = window.setInterval(function () {
    if (!finished) document.dispatchEvent(new Event("input"));
  }, 120000);

  if (root.dataset.status === "ended" || root.dataset.status === "missed" || root.dataset.taken === "yes") {
    finished = true;
    el.end.disabled = true;
    window.clearInterval(keepAlive);
    window.clearInterval(linkTimer);
    return;
  }
  mediaReady = openMedia().then(function (stream) {
    localStream = stream;
    setupControls(stream);
    return stream;
  });
  connect();
})();
