"""Video consult timings and cost: prints ONE JSON line.

- click_to_connected_s: from the health worker pressing "Start video consult" (CallSession.start)
  to media connected, with a specialist who joins the moment it rings;
- first_remote_frame_s: from the same click to the first picture from the specialist;
- on loopback and over the emulated EDGE link (256 kbit/s, 600 ms RTT, 2% loss; needs root);
- sender_cpu_share: the station process's CPU time ÷ wall time while it sends 320×240 at 10 fps
  VP8 and 16 kbit/s Opus (low-bandwidth profile) to a specialist who sends nothing back;
- conference: a call through Janus (the hub's --sfu) with specialists in Chromium: connect_s (the
  station starts the call -> the first specialist sees its picture) and the station's uplink in
  kbit/s with 1 and with 3 specialists (outbound-rtp bytes at the station; needs root, Janus and
  Chromium; runs in a network namespace of its own).

The hub (`telehub serve`) and the specialist (an aiortc peer signed in to the console) run in
processes of their own, so the station's CPU figure is the station's alone.

    .venv/bin/python bench/call.py [--runs 3] [--cpu-seconds 20] [--only-conference]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.db import make_engine, migrate  # noqa: E402
from hub.stations import create_station  # noqa: E402
from sync.call.media import open_local  # noqa: E402
from sync.call.profile import LOW_BANDWIDTH  # noqa: E402
from sync.call.session import CallSession  # noqa: E402
from sync.call.speaker import Speaker  # noqa: E402
from sync.loop import NetworkLoop  # noqa: E402
from tests.integration.console_seed import add_specialist  # noqa: E402
from tests.support import linkemu  # noqa: E402
from tests.support.call_peer import (  # noqa: E402
    ClinicCase,
    Specialist,
    console_cookies,
    enroll_and_refer,
    loopback_ice,
)
from tests.support.server import free_port  # noqa: E402


# -- the specialist, in a process of its own ----------------------------------------------------
def specialist_main(base_url: str, send: bool) -> int:
    """Sign in, say ready; for each call id read from stdin: join, say joined; stop at EOF."""
    cookies = console_cookies(base_url, "dr.khan")
    print("ready", flush=True)

    async def serve() -> None:
        peers: list[Specialist] = []
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            peer = Specialist(base_url, cookies, send=send)
            await peer.join(line.strip())
            peers.append(peer)
            print("joined", flush=True)
        for peer in peers:
            await peer.hang_up()

    asyncio.run(serve())
    return 0


# -- the station ---------------------------------------------------------------------------------
class World:
    def __init__(self, base_url: str, case: ClinicCase, specialist: subprocess.Popen[str], loop: NetworkLoop):
        self.base_url, self.case, self.specialist, self.loop = base_url, case, specialist, loop

    def call(self, expect_frame: bool = True) -> CallSession:
        """One call: click, ringing, the specialist joins; returns the connected session."""
        session = CallSession(self.case.client, self.case.referral_id, self.case.patient_id,
                              media=open_local(None, None, synthetic=True), on_event=lambda event: None,
                              profile=LOW_BANDWIDTH, speaker=Speaker(backends=()))  # measured, not heard
        starting = self.loop.submit(session.start())
        wait(lambda: session.state in ("ringing", "failed") or starting.done(), 60)
        assert self.specialist.stdin and self.specialist.stdout
        self.specialist.stdin.write(session.call_id + "\n")
        self.specialist.stdin.flush()
        if self.specialist.stdout.readline().strip() != "joined":
            raise RuntimeError("the specialist could not join")
        starting.result(60)
        wait(lambda: session.state == "active" and ("first_frame" in session.times or not expect_frame), 60)
        return session

    def hang_up(self, session: CallSession) -> None:
        self.loop.submit(session.hang_up()).result(30)


def wait(condition: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {seconds} s")
        time.sleep(0.01)


def seed(db_url: str) -> str:
    engine = make_engine(db_url)
    migrate(engine)
    add_specialist(engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
    with engine.begin() as conn:
        code = create_station(conn, "BHU Jhok", "Thatta").code
    engine.dispose()
    return code


def specialist_process(base_url: str, send: bool, prefix: list[str] | None = None) -> subprocess.Popen[str]:
    process = subprocess.Popen([*(prefix or []), sys.executable, str(Path(__file__).resolve()), "--specialist",
                                base_url] + ([] if send else ["--receive-only"]),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        raise RuntimeError("the specialist did not sign in")
    return process


def timings(world: World, runs: int) -> dict[str, float]:
    connected, first = [], []
    for _ in range(runs):
        session = world.call()
        connected.append(session.times["connected"] - session.times["start"])
        first.append(session.times["first_frame"] - session.times["start"])
        world.hang_up(session)
    return {"click_to_connected_s": round(statistics.median(connected), 3),
            "first_remote_frame_s": round(statistics.median(first), 3), "runs": runs}


def serve_hub(db_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    hub = subprocess.Popen([sys.executable, "-m", "hub.cli", "serve", "--db", db_url, "--host", "127.0.0.1",
                            "--port", str(port), "--insecure-cookies"], cwd=ROOT, stdout=log.open("wb"),
                           stderr=subprocess.STDOUT)
    import requests

    def up() -> bool:
        try:
            return requests.get(base + "/api/v1/health", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    wait(up, 60)
    return hub, base


def loopback(folder: Path, runs: int, cpu_seconds: float) -> dict[str, Any]:
    db_url = f"sqlite:///{folder / 'loopback.sqlite3'}"
    code = seed(db_url)
    hub, base = serve_hub(db_url, folder / "hub-loopback.log")
    loop = NetworkLoop("bench-station").start()
    try:
        case = enroll_and_refer(base, code)
        talker = specialist_process(base, send=True)
        result = timings(World(base, case, talker, loop), runs)
        talker.stdin.close()  # type: ignore[union-attr]
        talker.wait(30)
        listener = specialist_process(base, send=False)
        world = World(base, case, listener, loop)
        session = world.call(expect_frame=False)
        time.sleep(3)  # past the first keyframes
        cpu, wall = time.process_time(), time.monotonic()
        time.sleep(cpu_seconds)
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
        result["sender_cpu_share"] = round(cpu / wall, 3)
        result["sender_cpu_note"] = (f"station process CPU time / wall time over {cpu_seconds:.0f} s of sending "
                                     f"{LOW_BANDWIDTH.width}x{LOW_BANDWIDTH.height}@{LOW_BANDWIDTH.fps:.0f} fps "
                                     "(1.0 = one core)")
        world.hang_up(session)
        listener.stdin.close()  # type: ignore[union-attr]
        listener.wait(30)
        return result
    finally:
        loop.stop()
        hub.terminate()
        hub.wait(10)


def edge(folder: Path, runs: int) -> dict[str, Any]:
    reason = linkemu.why_unavailable()
    if reason:
        return {"skipped": reason}
    db_url = f"sqlite:///{folder / 'edge.sqlite3'}"
    code = seed(db_url)
    base = f"http://{linkemu.HUB_IP}:8000"
    with linkemu.Link(linkemu.EDGE_CALL) as link:
        hub = link.start_hub(db_url, folder / "hub-edge.log")
        loop: NetworkLoop | None = None
        try:
            case = link.call_in(link.hub_ns, enroll_and_refer, base, code)
            loop = link.call_in(link.station_ns, lambda: NetworkLoop("bench-station").start())
            talker = specialist_process(base, send=True, prefix=["ip", "netns", "exec", link.hub_ns])
            result = timings(World(base, case, talker, loop), runs)
            talker.stdin.close()  # type: ignore[union-attr]
            talker.wait(30)
            p = link.profile
            result["link"] = {"name": p.name, "rate_bps": p.rate, "rtt_s": p.rtt, "loss": p.loss}
            return result
        finally:
            if loop is not None:
                loop.stop()
            hub.terminate()
            hub.wait(10)


def conference(measure_seconds: float) -> dict[str, Any]:
    """The conference figures, measured by a copy of this script inside a network namespace."""
    from tests.e2e.webrtc_support import why_not_isolated
    from tests.support.conference import CHROMIUM
    from tests.support.janus import NETNS_SETUP, why_no_janus

    reason = why_no_janus() or (None if CHROMIUM.exists() else f"needs Chromium at {CHROMIUM}") or why_not_isolated()
    if reason:
        return {"skipped": reason}
    done = subprocess.run(
        ["unshare", "-n", "sh", "-c", NETNS_SETUP + ' && exec "$0" "$1" --conference-inside "$2"',
         sys.executable, str(Path(__file__).resolve()), str(measure_seconds)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"failed": (done.stderr or done.stdout)[-800:]}
    return dict(json.loads(lines[-1]))


def conference_inside(measure_seconds: float) -> int:
    from tests.support.conference import run_conference

    with tempfile.TemporaryDirectory(prefix="bench-conference-") as tmp:
        got = run_conference(Path(tmp), specialists=3, measure_seconds=measure_seconds)
    print(json.dumps({
        "connect_s": round(got.connect_s, 2),
        "station_uplink_kbps_1_specialist": round(got.uplink_kbps[1], 1),
        "station_uplink_kbps_3_specialists": round(got.uplink_kbps[3], 1),
        "station_streams_sent": got.outbound_streams,
        "measured_seconds": measure_seconds,
        "note": "Janus VideoRoom (picture) + AudioBridge (voice mix) on one machine; specialists in Chromium",
    }))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu-seconds", type=float, default=20.0)
    parser.add_argument("--specialist", metavar="HUB_URL", help=argparse.SUPPRESS)
    parser.add_argument("--receive-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--conference-seconds", type=float, default=15.0,
                        help="how long the station's uplink is measured with 1 and with 3 specialists")
    parser.add_argument("--only-conference", action="store_true", help="measure only the conference figures")
    parser.add_argument("--conference-inside", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.conference_inside:
        return conference_inside(args.conference_inside)
    if args.only_conference:
        print(json.dumps({"bench": "call", "conference": conference(args.conference_seconds)}))
        return 0
    if args.specialist:
        with loopback_ice() if "127.0.0.1" in args.specialist else contextlib.nullcontext():
            return specialist_main(args.specialist, send=not args.receive_only)
    with tempfile.TemporaryDirectory(prefix="bench-call-") as tmp, loopback_ice():
        folder = Path(tmp)
        out: dict[str, Any] = {"bench": "call", "profile": LOW_BANDWIDTH.name, "cpus": os.cpu_count()}
        out["loopback"] = loopback(folder, args.runs, args.cpu_seconds)
    with tempfile.TemporaryDirectory(prefix="bench-call-") as tmp:
        out["edge"] = edge(Path(tmp), args.runs)
    out["conference"] = conference(args.conference_seconds)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
