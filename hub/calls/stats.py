"""Video consult figures from the stations' own call records (what actually happened at the clinic)."""

from __future__ import annotations

import json
import statistics
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from hub import tables as t


def video_consults(conn: Connection, start: datetime | None) -> list[dict[str, Any]]:
    """Per station: completed consults, calls that never connected, and typical length, since `start`.

    Call records are JSON, so they are read and counted in Python (same result on every database).
    """
    names = {s.id: s.name for s in conn.execute(select(t.stations.c.id, t.stations.c.name))}
    per_station: dict[str, dict[str, Any]] = {}
    rows = conn.execute(select(t.records.c.station_id, t.records.c.payload).where(t.records.c.entity == "call"))
    for station_id, raw in rows:
        try:
            call = json.loads(raw)
            started = datetime.fromisoformat(str(call["started_at"]).replace("Z", "+00:00"))
        except (ValueError, KeyError, TypeError):
            continue
        if start is not None and started < start:
            continue
        entry = per_station.setdefault(station_id, {
            "name": names.get(station_id, station_id), "completed": 0, "not_connected": 0,
            "audio_only": 0, "minutes": [],
        })
        if call.get("outcome") == "completed":
            entry["completed"] += 1
            entry["audio_only"] += 1 if call.get("audio_only") else 0
            if isinstance(call.get("duration_seconds"), int):
                entry["minutes"].append(call["duration_seconds"] / 60)
        else:
            entry["not_connected"] += 1
    out = []
    for entry in per_station.values():
        minutes = entry.pop("minutes")
        entry["median_minutes"] = statistics.median(minutes) if minutes else None
        out.append(entry)
    return sorted(out, key=lambda e: (-e["completed"], str(e["name"]).lower()))
