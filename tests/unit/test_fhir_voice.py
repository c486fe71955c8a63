"""Voice notes in the FHIR export: a Media for the note recorded with the referral, and the notes
sent with advice and messages as Communication attachments. The bundle still validates as R4."""

from __future__ import annotations

from sync.wire import fhir
from tests.unit.fhir_checks import Clinic, resources, validate_r4

NOTE = {"sha256": "cd" * 32, "media_type": "audio/ogg", "size": 50_123, "duration_ms": 42_600}
REPLY = {"sha256": "ef" * 32, "media_type": "audio/webm", "size": 61_000, "duration_ms": 65_000}


def test_voice_notes_travel_in_the_bundle_as_media_and_communication_attachments() -> None:
    clinic = Clinic()
    p = clinic.patient()
    e = clinic.encounter(p)
    r = clinic.referral(p, e, attachments=["ab" * 32, NOTE["sha256"]])
    recorded = clinic.record("attachment", {"sha256": NOTE["sha256"], "patient_id": p["id"], "referral_id": None,
                                            "media_type": "audio/ogg", "filename": "voice-note.ogg",
                                            "size": NOTE["size"]})
    photo = clinic.record("attachment", {"sha256": "ab" * 32, "patient_id": p["id"], "referral_id": None,
                                         "media_type": "image/jpeg", "filename": "chest.jpg", "size": 1000})
    records = {"patient": [p], "encounter": [e], "referral": [r],
               "advice": [clinic.advice(r, voice=REPLY)],
               "message": [clinic.message(r, voice=NOTE), clinic.message(r, "specialist")],
               "attachment": [recorded, photo]}
    bundle = fhir.bundle(records, voice_durations={NOTE["sha256"]: NOTE["duration_ms"]})
    validate_r4(bundle)

    media = resources(bundle, "Media")
    assert len(media) == 1  # the photo is not a voice note
    assert media[0]["basedOn"] == [{"reference": f"urn:uuid:{r['id']}"}]
    assert media[0]["content"]["contentType"] == "audio/ogg" and media[0]["duration"] == 42.6
    assert media[0]["content"]["url"] == f"urn:telestation:attachment-sha256:{NOTE['sha256']}"

    spoken = [item["contentAttachment"] for c in resources(bundle, "Communication")
              for item in c["payload"] if "contentAttachment" in item]
    assert {a["url"].rsplit(":", 1)[1] for a in spoken} == {NOTE["sha256"], REPLY["sha256"]}
    assert {a["title"] for a in spoken} == {"Voice note (0:42)", "Voice note (1:05)"}
    advice = next(c for c in resources(bundle, "Communication") if c["category"][0]["text"] == "Specialist advice")
    assert advice["payload"][0]["contentString"].startswith("Assessment:")  # the written advice stays first
