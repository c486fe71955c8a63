"""A station as the hub sees it: enrolls with a code, signs every request, pushes and pulls.

Used by the hub's API tests and the console's browser tests to act as a clinic; it speaks the
wire protocol directly (sync/wire/protocol.py, sync/wire/signing.py), not through the station's storage.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Iterator
from typing import Any

import requests
import zstandard
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.wire.ids import format_hlc, utc_iso, uuid7
from sync.wire.signing import public_key_b64, sign_request


class StationClient:
    """One enrolled station talking to a hub at `base_url` (e.g. http://127.0.0.1:8123)."""

    def __init__(self, base_url: str, station_id: str, private_key: Ed25519PrivateKey) -> None:
        self.base_url = base_url.rstrip("/")
        self.station_id = station_id
        self.private_key = private_key
        self.http = requests.Session()
        self._hlc_ms = 0
        self._hlc_counter = 0

    # -- enrollment --------------------------------------------------------------------------
    @classmethod
    def enroll(cls, base_url: str, code: str, private_key: Ed25519PrivateKey | None = None) -> StationClient:
        """Make a key (unless given), enroll it with `code`, and return the enrolled client."""
        key = private_key or Ed25519PrivateKey.generate()
        response = enroll_request(base_url, code, public_key_b64(key))
        if response.status_code != 200:
            raise EnrollFailed(response)
        return cls(base_url, response.json()["station_id"], key)

    # -- signed requests ---------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        encoding: str | None = None,
        sign: bool = True,
        created: int | None = None,
        nonce: str | None = None,
        key: Ed25519PrivateKey | None = None,
        timeout: float = 30,
    ) -> requests.Response:
        """Send a request to `path` (with its query), signed over the body as sent."""
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        if encoding is not None:
            body = compress(body, encoding)
            headers["Content-Encoding"] = encoding
        if sign:
            headers.update(
                sign_request(
                    key or self.private_key, self.station_id, method, path, body, created=created, nonce=nonce
                )
            )
        return self.http.request(method, self.base_url + path, data=body, headers=headers, timeout=timeout)

    def push(self, changes: list[dict[str, Any]], encoding: str | None = None) -> requests.Response:
        return self.request("POST", "/api/v1/sync/push", json_body={"changes": changes}, encoding=encoding)

    def pull(self, cursor: int = 0, limit: int = 100, reads: str = "") -> requests.Response:
        """`reads`: the newer hub entities this station says it reads (none: an older station)."""
        extra = f"&reads={reads}" if reads else ""
        return self.request("GET", f"/api/v1/sync/pull?cursor={cursor}&limit={limit}{extra}")

    def pull_all(self, cursor: int = 0, limit: int = 100, reads: str = "") -> tuple[list[dict[str, Any]], int]:
        """Every waiting change, following `more` page by page: (changes, final cursor)."""
        out: list[dict[str, Any]] = []
        while True:
            page = self.pull(cursor, limit, reads)
            page.raise_for_status()
            data = page.json()
            out.extend(data["changes"])
            cursor = data["cursor"]
            if not data["more"]:
                return out, cursor

    # -- attachments -------------------------------------------------------------------------
    def blob_offset(self, sha256: str) -> int:
        response = self.request("HEAD", f"/api/v1/blobs/{sha256}")
        response.raise_for_status()
        return int(response.headers["Upload-Offset"])

    def upload_chunk(
        self, sha256: str, offset: int, length: int, chunk: bytes, media_type: str = "image/jpeg"
    ) -> requests.Response:
        headers = {
            "Content-Type": "application/offset+octet-stream",
            "Upload-Offset": str(offset),
            "Upload-Length": str(length),
            "Upload-Media-Type": media_type,
        }
        return self.request("PATCH", f"/api/v1/blobs/{sha256}", body=chunk, headers=headers)

    def upload(self, data: bytes, media_type: str = "image/jpeg", chunk_size: int = 256 * 1024) -> str:
        """Upload a whole file, resuming from the hub's offset; returns its sha256."""
        sha = hashlib.sha256(data).hexdigest()
        offset = self.blob_offset(sha)
        while offset < len(data) or (offset == 0 and not data):
            response = self.upload_chunk(sha, offset, len(data), data[offset : offset + chunk_size], media_type)
            if response.status_code not in (204, 409):
                response.raise_for_status()
            offset = int(response.headers["Upload-Offset"])
            if not data:
                break
        return sha

    # -- records -----------------------------------------------------------------------------
    def hlc(self) -> str:
        """The next hybrid logical clock value of this station."""
        ms = int(utc_now_ms())
        if ms > self._hlc_ms:
            self._hlc_ms, self._hlc_counter = ms, 0
        else:
            self._hlc_counter += 1
        return format_hlc(self._hlc_ms, self._hlc_counter, self.station_id)

    def record(self, entity: str, fields: dict[str, Any], *, record_id: str | None = None, version: int = 1) -> dict[str, Any]:
        """A record payload with its envelope (id, station_id, created_at, updated_at, version)."""
        return {
            "id": record_id or uuid7(),
            "station_id": self.station_id,
            "created_at": utc_iso(),
            "updated_at": self.hlc(),
            "version": version,
            **fields,
        }

    def change(self, entity: str, data: dict[str, Any], change_id: str | None = None) -> dict[str, Any]:
        """Wrap a record payload as one change of a push."""
        return {
            "change_id": change_id or uuid7(),
            "entity": entity,
            "record_id": data["id"],
            "op": "upsert",
            "hlc": data["updated_at"],
            "version": data["version"],
            "data": data,
        }

    def patient(self, **overrides: Any) -> dict[str, Any]:
        fields = {
            "mrn": f"THT-{uuid7()[-6:]}", "name": "Zainab Bibi", "name_ur": "زینب بی بی",
            "father_name": "Ghulam Rasool", "father_name_ur": None, "sex": "female",
            "date_of_birth": "1994-03-12", "estimated_age_years": None, "cnic": "41303-1234567-2",
            "phone": "03001234567", "village": "Jhok", "district": "Thatta",
        }
        return self.record("patient", {**fields, **overrides})

    def encounter(self, patient_id: str, **overrides: Any) -> dict[str, Any]:
        fields = {
            "patient_id": patient_id, "started_at": utc_iso(), "complaint": "Fever and cough for 5 days",
            "history": "", "examination": "Crackles right base", "assessment": "Pneumonia", "plan": "Amoxicillin",
            "diagnoses": [{"code": "J18.9", "title": "Pneumonia, unspecified"}],
            "prescriptions": [{"medicine_id": "amoxicillin-500", "name": "Amoxicillin", "strength": "500 mg",
                               "dose": "1 capsule", "frequency": "three times a day", "duration_days": 5,
                               "notes": ""}],
            "follow_up_date": None, "status": "signed", "signed_by": "amina", "signed_at": utc_iso(),
            "supersedes": None,
        }
        return self.record("encounter", {**fields, **overrides})

    def vitals_set(self, patient_id: str, encounter_id: str | None = None, **overrides: Any) -> dict[str, Any]:
        fields = {
            "patient_id": patient_id, "encounter_id": encounter_id, "taken_at": utc_iso(),
            "observations": [
                {"code": "8480-6", "name": "Systolic blood pressure", "value": 128.0, "unit": "mm[Hg]"},
                {"code": "8462-4", "name": "Diastolic blood pressure", "value": 84.0, "unit": "mm[Hg]"},
                {"code": "8867-4", "name": "Heart rate", "value": 104.0, "unit": "/min"},
                {"code": "8310-5", "name": "Body temperature", "value": 38.6, "unit": "Cel"},
                {"code": "2708-6", "name": "Oxygen saturation", "value": 93.0, "unit": "%"},
            ],
            "consciousness": "alert", "supplemental_oxygen": False, "spo2_scale": 1, "supersedes": None,
        }
        return self.record("vitals_set", {**fields, **overrides})

    def referral(self, patient_id: str, encounter_id: str | None = None, **overrides: Any) -> dict[str, Any]:
        fields = {
            "patient_id": patient_id, "encounter_id": encounter_id, "specialty": "Internal medicine",
            "urgency": "urgent", "question": "Fever for 5 days with low SpO2: admit or treat here?",
            "status": "queued", "created_by": "amina", "attachments": [],
            "summary": "Woman, 32 y. Fever and cough 5 days. SpO2 93%, HR 104, T 38.6.",
        }
        return self.record("referral", {**fields, **overrides})

    def message(self, referral_id: str, body: str = "Her fever is down today.", **overrides: Any) -> dict[str, Any]:
        fields = {"referral_id": referral_id, "author_name": "Amina Soomro", "author_role": "station", "body": body}
        return self.record("message", {**fields, **overrides})

    def attachment(self, patient_id: str, sha256: str, size: int, **overrides: Any) -> dict[str, Any]:
        fields = {"sha256": sha256, "patient_id": patient_id, "referral_id": None,
                  "media_type": "image/jpeg", "filename": "chest.jpg", "size": size}
        return self.record("attachment", {**fields, **overrides})

    def referral_case(self, **referral_overrides: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """A patient, a consultation, vitals and a referral as four changes; also the referral."""
        patient = self.patient()
        encounter = self.encounter(patient["id"])
        vitals = self.vitals_set(patient["id"], encounter["id"])
        referral = self.referral(patient["id"], encounter["id"], **referral_overrides)
        changes = [
            self.change("patient", patient),
            self.change("encounter", encounter),
            self.change("vitals_set", vitals),
            self.change("referral", referral),
        ]
        return changes, referral


class EnrollFailed(Exception):
    def __init__(self, response: requests.Response) -> None:
        super().__init__(f"enrollment failed: {response.status_code} {response.text}")
        self.response = response


def enroll_request(base_url: str, code: str, public_key: str) -> requests.Response:
    return requests.post(
        base_url.rstrip("/") + "/api/v1/enroll", json={"code": code, "public_key": public_key}, timeout=30
    )


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body)
    if encoding == "zstd":
        return zstandard.ZstdCompressor().compress(body)
    return body


def utc_now_ms() -> int:
    return time.time_ns() // 1_000_000


def iter_chunks(data: bytes, size: int) -> Iterator[tuple[int, bytes]]:
    for offset in range(0, len(data), size):
        yield offset, data[offset : offset + size]
