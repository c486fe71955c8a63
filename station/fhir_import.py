"""Importing patients from a HL7 FHIR R4 bundle (a clinic moving from another system).

Every Patient in the bundle is checked as a registration would be, duplicate check included:
a patient who may already be registered here (same CNIC or phone, or a similar name, father's
name and age; also a patient listed twice in the bundle) is not imported but reported, so that
a person can compare the two charts. Nothing is saved unless every patient can be, or, when the
caller allows it, only the good ones are saved and the others reported by entry number.

Reads plain JSON; the mapping mirrors the station's FHIR export (sync.wire.fhir), whose identifier
systems are repeated here because the station does not import the sync package.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from station import patients
from station.errors import ValidationError
from station.importer import ImportReport
from station.patients import ARABIC_SCRIPT, PossibleDuplicate
from station.store import Store

CNIC_SYSTEM = "https://nadra.gov.pk/cnic"  # = sync.wire.fhir.CNIC_SYSTEM
TRANSLATION_EXT = "http://hl7.org/fhir/StructureDefinition/translation"
V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
# Contact relationships that name the father or husband (v2-0131 "N" next of kin is what we export).
FATHER_CODES = frozenset({"N", "FTH", "HUSB", "NFTH", "FAMMEMB", "SPS"})
MAX_BYTES = 256 * 1024 * 1024
_MRN = re.compile(r"[A-Za-z0-9/-]{1,20}")


class _Rollback(Exception):
    """Undo the whole import: some patients could not be saved and the caller wants all or nothing."""


def read_bundle(path: Path) -> dict[str, Any]:
    """The JSON of a FHIR file, or a ValidationError saying what is wrong with it."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError("bundle", f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MiB; "
                                  "split it into smaller bundles.")
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise ValidationError("bundle", f"Cannot read {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise ValidationError("bundle", f"{path.name} is not UTF-8 text; export it again as FHIR JSON.") from None
    except ValueError as exc:
        raise ValidationError("bundle", f"{path.name} is not valid JSON ({exc}).") from None
    if not isinstance(data, dict) or data.get("resourceType") not in ("Bundle", "Patient"):
        raise ValidationError("bundle", f"{path.name} is not a FHIR Bundle (resourceType must be \"Bundle\").")
    return data


def patient_resources(bundle: dict[str, Any]) -> tuple[list[tuple[int, dict[str, Any]]], int]:
    """(entry number, Patient resource) for each Patient, and how many other resources there were."""
    if bundle.get("resourceType") == "Patient":
        return [(1, bundle)], 0
    entries = bundle.get("entry") or []
    if not isinstance(entries, list):
        raise ValidationError("bundle", "Bundle.entry must be a list of entries.")
    found, others = [], 0
    for number, entry in enumerate(entries, start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict) and resource.get("resourceType") == "Patient":
            found.append((number, resource))
        else:
            others += 1
    return found, others


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int) else ""


def _name_text(name: dict[str, Any]) -> str:
    if _text(name.get("text")):
        return _text(name["text"])
    given = [_text(g) for g in name.get("given") or [] if _text(g)]
    return " ".join([*given, _text(name.get("family"))]).strip()


def _translation(element: dict[str, Any] | None, lang: str = "ur") -> str | None:
    """The translation extension's content for `lang` on a string's `_text`, if any."""
    for ext in ((element or {}).get("extension") or []):
        if isinstance(ext, dict) and ext.get("url") == TRANSLATION_EXT:
            parts = {e.get("url"): e for e in ext.get("extension") or [] if isinstance(e, dict)}
            if str(parts.get("lang", {}).get("valueCode", "")).split("-")[0] == lang:
                return _text(parts.get("content", {}).get("valueString")) or None
    return None


def _names(names: list[Any]) -> tuple[str, str | None]:
    """(name, Urdu-script name) from HumanNames: official first, Urdu from a translation or script."""
    names = sorted((n for n in names if isinstance(n, dict)),
                   key=lambda n: {"official": 0, "usual": 1}.get(str(n.get("use")), 2))
    latin = urdu = None
    for n in names:
        text = _name_text(n)
        urdu = urdu or _translation(n.get("_text"))
        if text and ARABIC_SCRIPT.search(text):
            urdu = urdu or text
        elif text:
            latin = latin or text
    return latin or urdu or "", urdu


def _codes(concepts: list[Any]) -> set[str]:
    return {str(c.get("code")) for cc in concepts if isinstance(cc, dict)
            for c in cc.get("coding") or [] if isinstance(c, dict)}


def _father(contacts: list[Any]) -> tuple[str, str | None]:
    fallback: dict[str, Any] | None = None
    for contact in contacts:
        if not isinstance(contact, dict) or not isinstance(contact.get("name"), dict):
            continue
        relation = contact.get("relationship") or []
        words = " ".join(str(r.get("text") or "") for r in relation if isinstance(r, dict)).lower()
        if _codes(relation) & FATHER_CODES or "father" in words or "husband" in words:
            fallback = contact
            break
        fallback = fallback or contact
    if fallback is None:
        return "", None
    name, urdu = _names([fallback["name"]])
    return name, urdu


def _identifier(identifiers: list[Any], wanted: str) -> str | None:
    for ident in identifiers:
        if not isinstance(ident, dict) or not _text(ident.get("value")):
            continue
        type_ = ident["type"] if isinstance(ident.get("type"), dict) else {}
        codes = _codes([type_])
        label = str(type_.get("text") or "").upper()
        if wanted == "cnic" and (ident.get("system") == CNIC_SYSTEM or "NI" in codes or "NNPAK" in codes
                                 or label == "CNIC"):
            return _text(ident["value"])
        if wanted == "mrn" and ("MR" in codes or label == "MRN"):
            return _text(ident["value"])
    return None


def patient_fields(resource: dict[str, Any], district: str = "", today: date | None = None) -> dict[str, Any]:
    """A FHIR Patient as the fields of a registration (not yet checked)."""
    today = today or date.today()
    name, name_ur = _names(resource.get("name") or [])
    father, father_ur = _father(resource.get("contact") or [])
    fields: dict[str, Any] = {"name": name, "name_ur": name_ur, "father_name": father, "father_name_ur": father_ur,
                              "sex": resource.get("gender") if resource.get("gender") != "unknown" else ""}
    birth = _text(resource.get("birthDate"))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", birth):
        fields["date_of_birth"] = birth
    elif re.fullmatch(r"\d{4}(-\d{2})?", birth):
        # A year (or month) of birth is what an estimated age looks like in FHIR.
        year, month = int(birth[:4]), int(birth[5:7] or 7)
        fields["estimated_age_years"] = max(0, today.year - year - ((today.month, 1) < (month, 1)))
    elif birth:
        raise ValidationError("birthDate", f"birthDate '{birth}' is not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD).")
    identifiers = resource.get("identifier") or []
    fields["cnic"] = _identifier(identifiers, "cnic")
    fields["mrn"] = _identifier(identifiers, "mrn")
    phones = [t for t in resource.get("telecom") or [] if isinstance(t, dict) and t.get("system") == "phone"
              and _text(t.get("value"))]
    phones.sort(key=lambda t: t.get("use") != "mobile")
    fields["phone"] = _text(phones[0]["value"]) if phones else None
    addresses = [a for a in resource.get("address") or [] if isinstance(a, dict)]
    addresses.sort(key=lambda a: a.get("use") != "home")
    address = addresses[0] if addresses else {}
    lines = [_text(x) for x in address.get("line") or [] if _text(x)]
    fields["village"] = _text(address.get("city")) or (lines[-1] if lines else "") or _text(address.get("text"))
    fields["district"] = _text(address.get("district")) or district
    return fields


def _label(number: int, resource: dict[str, Any], fields: dict[str, Any] | None) -> str:
    who = (fields or {}).get("name") or resource.get("id") or "no name"
    return f"entry {number} ({who})"


def import_bundle(store: Store, bundle: dict[str, Any], skip_invalid: bool = False, district: str = "",
                  source: str = "bundle") -> ImportReport:
    """Register every Patient of `bundle`, duplicate check applied; see the module docstring."""
    found, others = patient_resources(bundle)
    report = ImportReport()
    if others:
        report.warnings.append(f"{others} entr{'y is' if others == 1 else 'ies are'} not a Patient "
                               "and were not imported (only the patient register is imported).")
    if not found:
        raise ValidationError("bundle", f"{source} has no Patient resources to import.")
    try:
        with store.atomic():
            for number, resource in found:
                _import_one(store, number, resource, district, report)
            if report.errors and not skip_invalid:
                raise _Rollback
            store.audit("patients.import", "patient", "fhir", {"source": source, "rows": report.saved})
    except _Rollback:
        report.saved = 0
    return report


def _import_one(store: Store, number: int, resource: dict[str, Any], district: str, report: ImportReport) -> None:
    fields = None
    try:
        fields = patient_fields(resource, district)
        foreign_mrn = fields.pop("mrn")
        data = patients.clean(fields)
    except ValidationError as exc:
        report.errors.append(f"{_label(number, resource, fields)}: {exc.message}")
        return
    label = _label(number, resource, data)
    # The other system's MRN is kept when it fits and is free; otherwise the station gives a new one.
    warning = None
    if foreign_mrn and not _MRN.fullmatch(foreign_mrn):
        warning = f"{label}: MRN {foreign_mrn} does not fit this station (up to 20 letters, digits, '-' or '/')"
    elif foreign_mrn and store.conn.execute("SELECT 1 FROM patients WHERE mrn = ?", (foreign_mrn,)).fetchone():
        warning = f"{label}: MRN {foreign_mrn} is already used by another patient here"
    elif foreign_mrn:
        data["mrn"] = foreign_mrn
    try:
        patient = patients.register(store, data)
    except PossibleDuplicate as exc:
        first = exc.candidates[0]
        report.errors.append(f"{label}: may already be registered as MRN {first.patient.mrn} "
                             f"({'; '.join(first.reasons)}); not imported. Compare the two, and register "
                             "this patient by hand if they are different people.")
        return
    except ValidationError as exc:
        report.errors.append(f"{label}: {exc.message}")
        return
    report.saved += 1
    if warning:
        report.warnings.append(f"{warning}; the patient was given MRN {patient.mrn}.")


def import_file(store: Store, path: Path, skip_invalid: bool = False, district: str = "") -> ImportReport:
    """`import_bundle` for a FHIR JSON file."""
    return import_bundle(store, read_bundle(path), skip_invalid, district, source=Path(path).name)
