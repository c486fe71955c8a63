// The specialist's voice reply: record in the browser (MediaRecorder, Opus), listen back, then it
// is uploaded at once and the form carries its sha256. Up to three minutes; Alt+R starts and stops.
(function () {
  "use strict";
  var LIMIT_MS = 180000;
  var csrf = document.querySelector('meta[name="csrf-token"]');

  function clock(ms) {
    var s = Math.round(ms / 1000);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function pickType() {
    var types = ["audio/ogg;codecs=opus", "audio/webm;codecs=opus"];
    for (var i = 0; i < types.length; i++) {
      if (window.MediaRecorder && MediaRecorder.isTypeSupported(types[i])) return types[i];
    }
    return "";
  }

  function setup(box) {
    var start = box.querySelector(".voice-start"), stop = box.querySelector(".voice-stop");
    var discard = box.querySelector(".voice-discard"), meter = box.querySelector(".voice-level");
    var time = box.querySelector(".voice-time"), status = box.querySelector(".voice-status");
    var preview = box.querySelector(".voice-preview");
    var shaField = box.querySelector('input[name="voice_sha256"]');
    var msField = box.querySelector('input[name="voice_duration_ms"]');
    var recorder = null, stream = null, began = 0, timer = null, audioCtx = null;

    if (!navigator.mediaDevices || !window.MediaRecorder || !pickType()) {
      start.disabled = true;
      status.textContent = "This browser cannot record sound; write your answer instead.";
      return;
    }

    function finish() {
      if (timer) { clearInterval(timer); timer = null; }
      if (recorder && recorder.state !== "inactive") recorder.stop();
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      if (audioCtx) { audioCtx.close(); audioCtx = null; }
      stop.hidden = true; meter.hidden = true; start.hidden = false;
    }

    function upload(blob, ms) {
      status.textContent = "Sending the recording to the hub…";
      fetch(box.dataset.upload, {
        method: "POST", body: blob, credentials: "same-origin",
        headers: {"Content-Type": blob.type.split(";")[0], "X-CSRF-Token": csrf ? csrf.content : ""}
      }).then(function (r) {
        return r.json().then(function (body) { return {ok: r.ok, body: body}; });
      }).then(function (answer) {
        if (!answer.ok) { status.textContent = answer.body.error || "The recording could not be sent."; return; }
        shaField.value = answer.body.sha256;
        msField.value = String(Math.round(ms));
        status.textContent = "Voice note attached (" + clock(ms) + "). It goes with the form when you send it.";
        box.dataset.attached = answer.body.sha256;
      }).catch(function () {
        status.textContent = "The recording could not reach the hub. Try again, or send without it.";
      });
    }

    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({audio: {channelCount: 1, echoCancellation: true, noiseSuppression: true}})
        .then(function (s) {
          stream = s;
          var chunks = [];
          recorder = new MediaRecorder(s, {mimeType: pickType(), audioBitsPerSecond: 12000});
          recorder.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
          recorder.onstop = function () {
            var ms = Math.min(Date.now() - began, LIMIT_MS);
            var blob = new Blob(chunks, {type: recorder.mimeType});
            preview.src = URL.createObjectURL(blob);
            preview.hidden = false; discard.hidden = false;
            upload(blob, ms);
          };
          audioCtx = new AudioContext();
          var analyser = audioCtx.createAnalyser();
          audioCtx.createMediaStreamSource(s).connect(analyser);
          var samples = new Float32Array(analyser.fftSize);
          began = Date.now();
          recorder.start(1000);
          start.hidden = true; stop.hidden = false; meter.hidden = false;
          status.textContent = "Recording… press Stop (or Alt+R) when you have finished.";
          timer = setInterval(function () {
            analyser.getFloatTimeDomainData(samples);
            var peak = 0;
            for (var i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]));
            meter.value = peak;
            var ms = Date.now() - began;
            time.textContent = clock(ms) + " / " + clock(LIMIT_MS);
            if (ms >= LIMIT_MS) finish();
          }, 100);
        })
        .catch(function () {
          status.textContent = "No microphone could be used. Allow the microphone, or write your answer.";
        });
    });
    stop.addEventListener("click", finish);
    discard.addEventListener("click", function () {
      shaField.value = ""; msField.value = "";
      preview.hidden = true; preview.removeAttribute("src"); discard.hidden = true;
      time.textContent = ""; status.textContent = "The voice note was discarded.";
      delete box.dataset.attached;
    });
    document.addEventListener("keydown", function (e) {
      if (!e.altKey || e.key.toLowerCase() !== "r" || !(box.closest("form") || box).contains(document.activeElement)) return;
      e.preventDefault();
      (stop.hidden ? start : stop).click();
    });
  }

  document.querySelectorAll(".voice-recorder").forEach(setup);
})();
