"""The station's FHIR export: one patient's whole chart as a FHIR R4 Bundle file.

Gathers the patient's records from the station's store and maps them with `sync.wire.fhir`. The export
is audited ("patient.export") and the file is written atomically: a temporary file beside the
target, flushed to disk, then renamed over it, so a power cut never leaves half a file.
Used by `telestation export` and by the desktop app's chart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from station.errors import ValidationError
from station.files import atomic_write_bytes
from station.records import Advice, Attachment, Encounter, Message, Patient, Referral, VitalsSet
from station.store import Store
from sync.wire import fhir


def patient_records(store: Store, patient_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every record about one patient, as record payloads ({entity: [payload, ...]})."""
    patient = store.get(Patient, patient_id)
    referrals = store.find(Referral, "patient_id = ?", [patient_id])
    ids = [r.id for r in referrals]
    messages = store.find(Message, f"referral_id IN ({','.join('?' * len(ids))})", ids) if ids else []
    return {
        "patient": [patient.payload()],
        "encounter": [e.payload() for e in store.find(Encounter, "patient_id = ?", [patient_id])],
        "vitals_set": [v.payload() for v in store.find(VitalsSet, "patient_id = ?", [patient_id])],
        "referral": [r.payload() for r in referrals],
        "advice": [a.payload() for a in store.find(Advice, "patient_id = ?", [patient_id])],
        "message": [m.payload() for m in messages],
        "attachment": [a.payload() for a in store.find(Attachment, "patient_id = ? AND media_type LIKE 'audio/%'",
                                                        [patient_id])],
    }


def patient_bundle(store: Store, patient_id: str) -> dict[str, Any]:
    """The patient's chart as a FHIR R4 collection Bundle (not audited: see `export_patient`)."""
    from station import voice

    names = {store.station_id: store.meta("clinic") or ""}
    records = patient_records(store, patient_id)
    durations = {a["sha256"]: voice.duration_ms(store, a["sha256"]) for a in records["attachment"]}
    return fhir.bundle(records, station_names=names, voice_durations=durations)


def export_patient(store: Store, patient_id: str, out: Path) -> int:
    """Write the patient's chart to `out` as FHIR JSON; returns how many resources it holds."""
    out = Path(out)
    if out.is_dir():
        raise ValidationError("out", f"--out {out} is a folder: give a file name, e.g. {out / 'patient.json'}.")
    if not out.parent.is_dir():
        raise ValidationError("out", f"--out: the folder {out.parent} does not exist.")
    result = patient_bundle(store, patient_id)
    data = json.dumps(result, ensure_ascii=False, indent=1).encode("utf-8")
    count = len(result.get("entry") or [])
    # Audited before the file appears: an export is never missing from the log.
    atomic_write_bytes(out, data, before_rename=lambda: store.audit(
        "patient.export", "patient", patient_id, {"format": "fhir", "resources": count, "file": out.name}))
    return count
