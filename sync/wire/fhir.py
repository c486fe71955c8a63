"""HL7 FHIR R4 export of clinic records: plain JSON dicts, built from record payloads.

Used by the station (export of one patient's chart) and by the hub (a referral's case, bulk
export for national reporting), so it imports nothing of the station and no FHIR library: the
input is record payload dicts as in the record contract, the output is a Bundle as a dict.

Resources made: Patient, Encounter, Condition (ICD-10), MedicationRequest, Observation
(vital-signs profile, see sync.wire.fhir_vitals), ServiceRequest (a referral) and Communication
(specialist advice and messages). Every resource made from a record has the record's id as its
id; resources made from part of a record (a diagnosis, a prescription, one vital sign) get a
UUID derived from the record's id, so exporting the same records twice gives the same ids.
Entries use `urn:uuid:` full URLs and reference each other the same way.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from sync.wire.fhir_vitals import derived_id, vitals_resources

# Identifier systems. The CNIC (Computerised National Identity Card, issued by NADRA) has no
# registered FHIR system URI, so we name it by NADRA's own web address; the MRN is only unique
# within one station, so its system carries the station id.
CNIC_SYSTEM = "https://nadra.gov.pk/cnic"
RECORD_ID_SYSTEM = "urn:ietf:rfc:3986"  # value: urn:uuid:<record id>, unique everywhere
STATION_SYSTEM = "urn:telestation:station"
MEDICINE_SYSTEM = "urn:telestation:essential-medicines"
ATTACHMENT_SYSTEM = "urn:telestation:attachment-sha256"
ICD10_SYSTEM = "http://hl7.org/fhir/sid/icd-10"
V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
V2_CONTACT_ROLE = "http://terminology.hl7.org/CodeSystem/v2-0131"
TRANSLATION_EXT = "http://hl7.org/fhir/StructureDefinition/translation"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"

REFERRAL_PRIORITY = {"routine": "routine", "soon": "urgent", "urgent": "asap", "emergency": "stat"}
REFERRAL_STATUS = {"draft": "draft", "queued": "active", "sent": "active", "received": "active",
                   "answered": "active", "closed": "completed"}
ENTITIES = ("patient", "encounter", "vitals_set", "referral", "advice", "message")

_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def mrn_system(station_id: str) -> str:
    """The identifier system of one station's medical record numbers."""
    return f"{STATION_SYSTEM}:{station_id}:mrn"


def reference(record_id: str, display: str | None = None) -> dict[str, Any]:
    return {"reference": f"urn:uuid:{record_id}", "display": display}


def station_reference(station_id: str | None, names: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """A logical reference to the clinic (by identifier; no Organization resource is exported)."""
    if not station_id:
        return None
    return {"identifier": {"system": STATION_SYSTEM, "value": station_id},
            "display": (names or {}).get(station_id)}


def record_meta(record: Mapping[str, Any]) -> dict[str, Any]:
    """meta.versionId from the record's version, meta.lastUpdated from its clock value."""
    return {"versionId": str(record["version"]) if record.get("version") else None,
            "lastUpdated": hlc_instant(record.get("updated_at"))}


def hlc_instant(hlc: Any) -> str | None:
    """The wall-clock part of a hybrid logical clock value, as a FHIR instant."""
    if not isinstance(hlc, str) or not re.match(r"\d{14}-", hlc):
        return None
    moment = datetime.fromtimestamp(int(hlc[:14]) / 1000, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _identifier_of(record: Mapping[str, Any]) -> dict[str, Any]:
    return {"system": RECORD_ID_SYSTEM, "value": f"urn:uuid:{record['id']}"}


def _translation(text: str | None, lang: str = "ur") -> dict[str, Any] | None:
    """The `_text` of a string carrying its translation (the Urdu-script form of a name)."""
    if not text:
        return None
    return {"extension": [{"url": TRANSLATION_EXT, "extension": [
        {"url": "lang", "valueCode": lang}, {"url": "content", "valueString": text}]}]}


def narrative(sections: Iterable[tuple[str, Any]]) -> dict[str, Any] | None:
    """An XHTML narrative of labelled free-text sections (None when they are all empty)."""
    parts = []
    for label, value in sections:
        text = _XML_INVALID.sub("", str(value or "")).strip()
        if text:
            body = "<br/>".join(html.escape(line, quote=False) for line in text.splitlines())
            parts.append(f"<p><b>{html.escape(label, quote=False)}:</b> {body}</p>")
    if not parts:
        return None
    return {"status": "additional", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{"".join(parts)}</div>'}


def patient_resource(p: Mapping[str, Any], station_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A Patient: MRN (station-scoped), CNIC and record id as identifiers; Urdu names as translations."""
    station = p.get("station_id")
    identifiers = [_identifier_of(p)]
    if p.get("mrn"):
        identifiers.append({
            "use": "usual",
            "type": {"coding": [{"system": V2_IDENTIFIER_TYPE, "code": "MR", "display": "Medical record number"}],
                     "text": "MRN"},
            "system": mrn_system(station) if station else None,
            "value": p["mrn"],
            "assigner": station_reference(station, station_names),
        })
    if p.get("cnic"):
        identifiers.append({
            "use": "official",
            "type": {"coding": [{"system": V2_IDENTIFIER_TYPE, "code": "NI",
                                 "display": "National unique individual identifier"}], "text": "CNIC"},
            "system": CNIC_SYSTEM,
            "value": p["cnic"],
        })
    birth_date = p.get("date_of_birth")
    if not birth_date and isinstance(p.get("estimated_age_years"), int):
        # An estimated age becomes a year-only birth date: precise to the year, as the estimate is.
        year = int(str(p.get("created_at") or "")[:4] or datetime.now(UTC).year)
        birth_date = f"{max(1, year - p['estimated_age_years']):04d}"
    father = None
    if p.get("father_name"):
        father = {
            "relationship": [{"coding": [{"system": V2_CONTACT_ROLE, "code": "N", "display": "Next-of-Kin"}],
                              "text": {"father": "Father", "husband": "Husband"}.get(
                                  p.get("relation") or "", "Father or husband")}],
            "name": {"text": p["father_name"], "_text": _translation(p.get("father_name_ur"))},
        }
    return {
        "resourceType": "Patient",
        "id": p["id"],
        "meta": record_meta(p),
        "identifier": identifiers,
        "name": [{"use": "official", "text": p.get("name"), "_text": _translation(p.get("name_ur"))}],
        "telecom": [{"system": "phone", "value": p["phone"], "use": "mobile"}] if p.get("phone") else None,
        "gender": p.get("sex") if p.get("sex") in ("female", "male", "other") else "unknown",
        "birthDate": birth_date,
        "address": [{"use": "home", "city": p.get("village"), "district": p.get("district"), "country": "PK"}],
        "contact": [father] if father else None,
        "managingOrganization": station_reference(station, station_names),
    }


def encounter_resources(e: Mapping[str, Any], station_names: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """An Encounter, then one Condition per diagnosis and one MedicationRequest per prescription."""
    signed = e.get("status") == "signed"
    patient = reference(e["patient_id"])
    encounter = reference(e["id"])
    when = e.get("signed_at") or e.get("started_at")
    conditions = [_condition(e, i, dx, patient, encounter, when, signed)
                  for i, dx in enumerate(e.get("diagnoses") or []) if isinstance(dx, dict) and dx.get("code")]
    medications = [_medication_request(e, i, rx, patient, encounter, when, signed)
                   for i, rx in enumerate(e.get("prescriptions") or []) if isinstance(rx, dict) and rx.get("name")]
    resource = {
        "resourceType": "Encounter",
        "id": e["id"],
        "meta": record_meta(e),
        "text": narrative([("Complaint", e.get("complaint")), ("History", e.get("history")),
                           ("Examination", e.get("examination")), ("Assessment", e.get("assessment")),
                           ("Plan", e.get("plan")), ("Follow-up on", e.get("follow_up_date"))]),
        "identifier": [_identifier_of(e)],
        "status": "finished" if signed else "in-progress",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB",
                  "display": "ambulatory"},
        "subject": patient,
        "participant": [{"individual": {"display": e["signed_by"]}}] if e.get("signed_by") else None,
        "period": {"start": e.get("started_at"), "end": e.get("signed_at") if signed else None},
        "reasonCode": [{"text": e["complaint"]}] if e.get("complaint") else None,
        "diagnosis": [{"condition": {"reference": f"urn:uuid:{c['id']}"}, "rank": i + 1}
                      for i, c in enumerate(conditions)],
        "serviceProvider": station_reference(e.get("station_id"), station_names),
    }
    return [resource, *conditions, *medications]


def _condition(e: Mapping[str, Any], i: int, dx: Mapping[str, Any], patient: dict[str, Any],
               encounter: dict[str, Any], when: Any, signed: bool) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": derived_id(e["id"], f"condition:{i}:{dx['code']}"),
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                       "code": "active"}]},
        "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                                           "code": "confirmed" if signed else "provisional"}]},
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                  "code": "encounter-diagnosis", "display": "Encounter Diagnosis"}]}],
        "code": {"coding": [{"system": ICD10_SYSTEM, "code": dx["code"], "display": dx.get("title")}],
                 "text": dx.get("title") or dx["code"]},
        "subject": patient,
        "encounter": encounter,
        "recordedDate": when,
    }


def _medication_request(e: Mapping[str, Any], i: int, rx: Mapping[str, Any], patient: dict[str, Any],
                        encounter: dict[str, Any], when: Any, signed: bool) -> dict[str, Any]:
    name = " ".join(str(x) for x in (rx.get("name"), rx.get("strength")) if x)
    days = rx.get("duration_days")
    days = days if isinstance(days, int) and not isinstance(days, bool) else None
    dosage = ", ".join(str(x) for x in (rx.get("dose"), rx.get("frequency"),
                                        f"for {days} days" if days else None) if x)
    return {
        "resourceType": "MedicationRequest",
        "id": derived_id(e["id"], f"medication-request:{i}"),
        "status": "active" if signed else "draft",
        "intent": "order",
        "medicationCodeableConcept": {
            "coding": [{"system": MEDICINE_SYSTEM, "code": rx["medicine_id"], "display": rx.get("name")}]
            if rx.get("medicine_id") else None,
            "text": name,
        },
        "subject": patient,
        "encounter": encounter,
        "authoredOn": when,
        "requester": {"display": e["signed_by"]} if e.get("signed_by") else None,
        "note": [{"text": rx["notes"]}] if rx.get("notes") else None,
        "dosageInstruction": [{"text": dosage}] if dosage else None,
        "dispenseRequest": {"expectedSupplyDuration": {"value": days, "unit": "days", "system": UCUM, "code": "d"}}
        if days else None,
    }


def referral_resource(r: Mapping[str, Any], encounter_id: str | None = None,
                      station_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The referral as a ServiceRequest (urgency as priority; the question as the reason)."""
    specialty = str(r.get("specialty") or "").replace("_", " ")
    return {
        "resourceType": "ServiceRequest",
        "id": r["id"],
        "meta": record_meta(r),
        "identifier": [_identifier_of(r)],
        "status": REFERRAL_STATUS.get(str(r.get("status")), "unknown"),
        "intent": "order",
        "category": [{"coding": [{"system": SNOMED, "code": "3457005", "display": "Patient referral"}]}],
        "priority": REFERRAL_PRIORITY.get(str(r.get("urgency"))),
        "code": {"text": f"Referral to {specialty}" if specialty else "Referral"},
        "subject": reference(r["patient_id"]),
        "encounter": reference(encounter_id or r["encounter_id"]) if (encounter_id or r.get("encounter_id")) else None,
        "authoredOn": r.get("created_at"),
        "requester": {"display": r["created_by"]} if r.get("created_by") else None,
        "performerType": {"text": specialty} if specialty else None,
        "reasonCode": [{"text": r["question"]}] if r.get("question") else None,
        "supportingInfo": [{"identifier": {"system": ATTACHMENT_SYSTEM, "value": sha}, "display": "Attachment"}
                           for sha in r.get("attachments") or [] if isinstance(sha, str)],
        "note": [{"text": r["summary"]}] if r.get("summary") else None,
    }


def consent_resource(r: Mapping[str, Any]) -> dict[str, Any] | None:
    """Who agreed that the referral may leave the clinic, as a Consent (permit, or deny when refused)."""
    c = r.get("consent")
    if not isinstance(c, Mapping):
        return None
    given = bool(c.get("given"))
    caregiver = c.get("by") == "caregiver"
    who = (reference(r["patient_id"], str(c.get("name") or "")) if not caregiver
           else {"display": f"{c.get('name')} ({c.get('relation')})"})
    return {
        "resourceType": "Consent",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"consent:{r['id']}")),
        "status": "active" if given else "rejected",
        "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                              "code": "patient-privacy", "display": "Privacy Consent"}]},
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"}]}],
        "patient": reference(r["patient_id"]),
        "dateTime": c.get("recorded_at"),
        "performer": [who],
        "policyRule": {"text": "Sindh Telemedicine and Telehealth Act 2021: sharing with a specialist"},
        "provision": {"type": "permit" if given else "deny",
                      "data": [{"meaning": "related", "reference": reference(r["id"])}]},
    }


def advice_resource(a: Mapping[str, Any], station_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A specialist's advice as a Communication to the station, based on the referral."""
    plan = (f"Plan changed: {a.get('plan_change') or 'yes'}" if a.get("plan_changed")
            else "Plan changed: no")
    sections = [("Assessment", a.get("assessment")), ("Recommendations", a.get("recommendations")),
                (None, plan), ("Follow-up", a.get("follow_up"))]
    who = str(a.get("specialist_name") or "Specialist")
    if a.get("specialty"):
        # ", " not "(…)": the hub's specialty names carry their own brackets ("Pulmonology (lungs)").
        who += f", {str(a['specialty']).replace('_', ' ')}"
    return _communication(a, "instruction", "Instruction", "Specialist advice", {"display": who},
                          station_reference(a.get("station_id"), station_names),
                          [f"{label}: {text}" if label else text for label, text in sections if text],
                          a.get("patient_id"), voice_attachment(a.get("voice")))


def message_resource(m: Mapping[str, Any], patient_id: str | None,
                     station_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A message between the station and the specialist as a Communication."""
    station = station_reference(m.get("station_id"), station_names)
    sender: dict[str, Any] | None
    recipient: dict[str, Any] | None
    if m.get("author_role") == "station":
        sender = {**(station or {}), "display": m.get("author_name")}
        recipient = {"display": "Specialist"}
    else:
        sender, recipient = {"display": f"{m.get('author_name') or 'Specialist'} (specialist)"}, station
    return _communication(m, "notification", "Notification", "Message", sender, recipient,
                          [m.get("body")], patient_id, voice_attachment(m.get("voice")))


def voice_attachment(voice: Any) -> dict[str, Any] | None:
    """A voice note (VoiceNoteRef) as a FHIR Attachment: the sound is referred to, not embedded."""
    if not isinstance(voice, Mapping) or not isinstance(voice.get("sha256"), str):
        return None
    ms = int(voice.get("duration_ms") or 0)
    seconds = ms // 1000
    return {"contentType": voice.get("media_type") or "audio/ogg",
            "url": f"{ATTACHMENT_SYSTEM}:{voice['sha256']}", "size": voice.get("size"),
            "title": f"Voice note ({seconds // 60}:{seconds % 60:02d})" if ms else "Voice note"}


def voice_media(a: Mapping[str, Any], referral_id: str | None, duration_ms: int = 0) -> dict[str, Any]:
    """A voice note recorded with a referral (an audio attachment record) as a Media resource."""
    return {
        "resourceType": "Media",
        "id": a["id"],
        "meta": record_meta(a),
        "identifier": [{"system": ATTACHMENT_SYSTEM, "value": a["sha256"]}],
        "basedOn": [reference(referral_id)] if referral_id else None,
        "status": "completed",
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/media-type", "code": "audio",
                             "display": "Audio"}]},
        "subject": reference(a["patient_id"]),
        "createdDateTime": a.get("created_at"),
        "duration": round(duration_ms / 1000, 1) if duration_ms else None,
        "content": {"contentType": a.get("media_type"), "url": f"{ATTACHMENT_SYSTEM}:{a['sha256']}",
                    "size": a.get("size"), "title": "Voice note from the clinic"},
    }


def _communication(record: Mapping[str, Any], code: str, display: str, text: str, sender: Any, recipient: Any,
                   payload: list[Any], patient_id: str | None, sound: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "resourceType": "Communication",
        "id": record["id"],
        "meta": record_meta(record),
        "identifier": [_identifier_of(record)],
        "basedOn": [reference(record["referral_id"])] if record.get("referral_id") else None,
        "status": "completed",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/communication-category",
                                  "code": code, "display": display}], "text": text}],
        "subject": reference(patient_id) if patient_id else None,
        "sent": record.get("created_at"),
        "recipient": [recipient] if recipient else None,
        "sender": sender,
        "payload": [{"contentString": str(p)} for p in payload if p]
        + ([{"contentAttachment": sound}] if sound else []),
    }


def latest(records: Iterable[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], dict[str, str]]:
    """Records not corrected by a later one, and a map from every corrected id to its latest version."""
    by_id: dict[str, Mapping[str, Any]] = {}
    for r in records:
        if r.get("id") and (r["id"] not in by_id or (r.get("version") or 0) > (by_id[r["id"]].get("version") or 0)):
            by_id[r["id"]] = r
    newer = {r["supersedes"]: r["id"] for r in by_id.values() if r.get("supersedes") in by_id}
    current = {}
    for rid in by_id:
        end, seen = rid, {rid}
        while end in newer and newer[end] not in seen:  # a loop of corrections must not hang the export
            end = newer[end]
            seen.add(end)
        current[rid] = end
    return [r for rid, r in by_id.items() if rid not in newer], current


def bundle(records: Mapping[str, Iterable[Mapping[str, Any]]], *, bundle_id: str | None = None,
           timestamp: str | None = None, station_names: Mapping[str, str] | None = None,
           referral_patients: Mapping[str, str] | None = None,
           voice_durations: Mapping[str, int] | None = None) -> dict[str, Any]:
    """A FHIR R4 `collection` Bundle of `records` ({entity: [payload, ...]} for ENTITIES).

    Audio "attachment" records (voice notes recorded with a referral) become Media resources,
    with their length from `voice_durations` (sha256 -> ms) when the caller knows it.

    Corrected records are left out: only the latest version of each is exported, and references
    to a corrected encounter point at its latest version. A reference to a record that is not in
    the bundle becomes a logical reference by the record's identifier. `referral_patients` names
    the patient of referrals not in `records` (for the subject of messages about them).
    """
    patients, _ = latest(records.get("patient") or [])
    encounters, current_encounter = latest(records.get("encounter") or [])
    vitals, _ = latest(records.get("vitals_set") or [])
    referrals, _ = latest(records.get("referral") or [])
    advice, _ = latest(records.get("advice") or [])
    messages, _ = latest(records.get("message") or [])
    patient_of_referral = {**(referral_patients or {}), **{r["id"]: r.get("patient_id") for r in referrals}}

    def by(key: str) -> Any:
        return lambda r: (str(r.get(key) or ""), str(r.get("id")))

    resources: list[dict[str, Any]] = []
    resources += [patient_resource(p, station_names) for p in sorted(patients, key=by("created_at"))]
    for e in sorted(encounters, key=by("started_at")):
        resources += encounter_resources(e, station_names)
    for vs in sorted(vitals, key=by("taken_at")):
        encounter_id = current_encounter.get(vs.get("encounter_id") or "", vs.get("encounter_id"))
        resources += vitals_resources(vs, f"urn:uuid:{vs['patient_id']}",
                                      f"urn:uuid:{encounter_id}" if encounter_id else None)
    for r in sorted(referrals, key=by("created_at")):
        resources.append(referral_resource(r, current_encounter.get(r.get("encounter_id") or ""), station_names))
        consent = consent_resource(r)
        if consent is not None:
            resources.append(consent)
    # Voice notes recorded on the referral form (audio attachment records; durations when known).
    referral_of = {sha: r["id"] for r in referrals for sha in r.get("attachments") or [] if isinstance(sha, str)}
    durations = voice_durations or {}
    for a in sorted(records.get("attachment") or [], key=by("created_at")):
        if str(a.get("media_type") or "").startswith("audio/"):
            resources.append(voice_media(a, a.get("referral_id") or referral_of.get(str(a.get("sha256"))),
                                         int(durations.get(str(a.get("sha256")), 0))))
    resources += [advice_resource(a, station_names) for a in sorted(advice, key=by("created_at"))]
    resources += [message_resource(m, patient_of_referral.get(m.get("referral_id")), station_names)
                  for m in sorted(messages, key=by("created_at"))]
    stamp = timestamp or datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    entries = [{"fullUrl": f"urn:uuid:{res['id']}", "resource": res} for res in resources]
    result: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": bundle_id,
        "meta": {"lastUpdated": stamp},
        "type": "collection",
        "timestamp": stamp,
        "entry": entries,
    }
    _resolve_references(entries, {str(entry["fullUrl"]) for entry in entries})
    pruned: dict[str, Any] = prune(result)
    return pruned


def _resolve_references(value: Any, present: set[str]) -> None:
    """Turn references to resources missing from the bundle into references by identifier."""
    if isinstance(value, list):
        for item in value:
            _resolve_references(item, present)
    elif isinstance(value, dict):
        target = value.get("reference")
        if isinstance(target, str) and target.startswith("urn:uuid:") and target not in present:
            del value["reference"]
            value["identifier"] = {"system": RECORD_ID_SYSTEM, "value": target}
        for item in value.values():
            _resolve_references(item, present)


def prune(value: Any) -> Any:
    """Drop what FHIR forbids: None, empty or blank strings, empty lists and objects (at any depth)."""
    if isinstance(value, dict):
        return {k: v for k, v in ((k, prune(v)) for k, v in value.items()) if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [v for v in (prune(v) for v in value) if v not in (None, "", [], {})]
    if isinstance(value, str):
        return value.strip() and value
    return value


def ndjson(resources: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Resources as FHIR bulk-data NDJSON: one JSON object per line."""
    for resource in resources:
        yield json.dumps(resource, ensure_ascii=False, separators=(",", ":")) + "\n"


def resources_of(fhir_bundle: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in fhir_bundle.get("entry") or []]
