"""Real speech for voice-note tests: espeak-ng speaks Urdu and English into an ALSA microphone.

The microphone ("clinicmic") is ALSA's file plug-in reading the spoken sentences (then a minute of
silence) from a raw file; FFmpeg opens it exactly as it opens a microphone chosen in Settings.
The speaker ("default") writes what it plays to `played.raw`, so a test hears what a person would.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np

RATE = 48_000
URDU = "مریض کو تین دن سے بخار اور کھانسی ہے۔ براہ کرم مشورہ دیں۔"
ENGLISH = "The child has had fever and cough for three days. Please advise."
MIC = "clinicmic"
MISSING = [tool for tool in ("espeak-ng", "sox", "ffmpeg") if shutil.which(tool) is None]
WHY_MISSING = f"needs Debian's {' and '.join(MISSING)} (make system-deps)"


def speak(folder: Path, sentences: tuple[tuple[str, str], ...] = (("ur", URDU), ("en", ENGLISH))) -> Path:
    """The sentences spoken one after the other, as a 48 kHz mono WAV file."""
    parts = []
    for n, (voice, text) in enumerate(sentences):
        part = folder / f"said-{n}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(part), text], check=True)
        parts.append(str(part))
    out = folder / "speech.wav"
    subprocess.run(["sox", *parts, "-r", str(RATE), "-c", "1", "-b", "16", str(out)], check=True)
    return out


def sound_devices(folder: Path) -> tuple[Path, float]:
    """(ALSA configuration with "clinicmic" and the file speaker, seconds of speech on the mic)."""
    wav = speak(folder)
    raw = folder / "speech.raw"
    subprocess.run(["sox", str(wav), "-t", "raw", "-e", "signed", str(raw)], check=True)
    speech = raw.read_bytes()
    (folder / "mic.raw").write_bytes(speech + bytes(RATE * 2 * 60))  # never runs out while recording
    conf = folder / "asound.conf"
    conf.write_text(
        f'pcm.{MIC} {{\n type file\n slave.pcm {{ type null }}\n file "/dev/null"\n'
        f' infile "{folder / "mic.raw"}"\n format "raw"\n}}\n'
        f'pcm.!default {{\n type file\n slave.pcm {{ type null }}\n file "{folder / "played.raw"}"\n'
        f' format "raw"\n}}\n')
    return conf, len(speech) / 2 / RATE


def heard_seconds(path: Path, threshold: int = 300) -> float:
    """Seconds of sound louder than near-silence that the file speaker played."""
    played = np.fromfile(path, np.int16) if path.exists() else np.zeros(0, np.int16)
    return float(np.count_nonzero(np.abs(played) > threshold)) / RATE


def played_seconds(path: Path) -> float:
    """Seconds from the first to the last audible sample the file speaker played."""
    played = np.fromfile(path, np.int16) if path.exists() else np.zeros(0, np.int16)
    loud = np.flatnonzero(np.abs(played) > 300)
    return float(loud[-1] - loud[0]) / RATE if len(loud) else 0.0


def sox_stat(media: bytes, folder: Path, name: str = "note") -> dict[str, float]:
    """sox's own measurement of a note (FFmpeg decodes it to WAV, which sox reads)."""
    wav = folder / f"{name}.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", "-", str(wav)], input=media, check=True)
    out = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True, check=True).stderr
    values = {}
    for line in out.splitlines():
        label, _, value = line.partition(":")
        try:
            values[label.strip()] = float(value.strip().split()[0])
        except (ValueError, IndexError):
            continue
    return values


def minute_of_speech(folder: Path, seconds: float = 60.0) -> bytes:
    """`seconds` of espeak-ng speech (Urdu and English, repeated), encoded as the station records
    a voice note (sync.call.voice_note: Opus, mono, 16 kbit/s, in Ogg)."""
    from sync.call.voice_note import encode_pcm

    wav = speak(folder)
    raw = folder / "minute.raw"
    subprocess.run(["sox", str(wav), "-t", "raw", "-e", "signed", str(raw), "repeat", "20", "trim", "0",
                    str(seconds)], check=True)
    return encode_pcm(np.fromfile(raw, np.int16))
