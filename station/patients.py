"""Registering patients, the duplicate warning, and opening a chart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from station import names, search
from station.errors import NotFound, ValidationError
from station.records import SEXES, Encounter, Patient, Referral, VitalsSet
from station.store import Store
from station.texts import Text

EDITABLE = ("name", "name_ur", "father_name", "father_name_ur", "relation", "sex", "date_of_birth",
            "estimated_age_years", "cnic", "phone", "village", "district")
RELATIONS = ("father", "husband")
# Day first, as Pakistani forms and people write dates: 25/03/2019, 25-03-2019, 25.3.2019.
DAY_FIRST = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
MAX_AGE = 120
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
LABELS = {"name": "Name", "father_name": "Father's or husband's name", "village": "Village",
          "district": "District", "name_ur": "Name in Urdu", "father_name_ur": "Father's name in Urdu"}


class PossibleDuplicate(ValidationError):
    """Registration stopped because the patient may already be registered."""

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        first = candidates[0]
        super().__init__("patient", f"This patient may already be registered: MRN {first.patient.mrn} "
                         f"({'; '.join(first.reasons)}). Open that chart, or confirm this is a different person.")
        self.candidates = candidates


@dataclass
class DuplicateCandidate:
    patient: Patient
    reasons: list[str] = field(default_factory=list)


def clean(fields: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """Validate and normalise demographics; raise ValidationError naming the first bad field."""
    today = today or date.today()
    unknown = set(fields) - set(EDITABLE) - {"mrn"}
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"Unknown patient field(s): {', '.join(sorted(unknown))}. "
                              f"Allowed: {', '.join(EDITABLE)}.")
    out: dict[str, Any] = {}
    for key in ("name", "father_name", "village", "district"):
        value = " ".join(str(fields.get(key) or "").split())
        if not 2 <= len(value) <= 100:
            raise ValidationError(key, f"{LABELS[key]}: enter 2 to 100 letters.")
        if key in ("village", "district") and len(names.digits_only(value)) >= 7:
            # A phone number typed one box too far down; "Chak 45/12-L" still passes.
            raise ValidationError(key, Text(
                "{label}: \u201c{value}\u201d looks like a phone number. Type the name of the {place}; "
                "the phone number goes in Phone.", label=Text("Village") if key == "village" else Text("District"),
                value=f"\u2068{value}\u2069",  # digits keep their order inside an Urdu sentence
                place=Text("village or area") if key == "village" else Text("district")))
        out[key] = value
    for key in ("name_ur", "father_name_ur"):
        script = " ".join(str(fields.get(key) or "").split()) or None
        if script and not ARABIC_SCRIPT.search(script):
            raise ValidationError(key, f"{LABELS[key]}: write it in Urdu script, or leave it empty.")
        out[key] = script
    relation = str(fields.get("relation") or "").strip().lower() or None
    if relation is not None and relation not in RELATIONS:
        raise ValidationError("relation", Text("Whose name is it: choose father or husband."))
    out["relation"] = relation
    sex = str(fields.get("sex") or "").strip().lower()
    sex = {"f": "female", "m": "male", "o": "other"}.get(sex, sex)
    if sex not in SEXES:
        raise ValidationError("sex", "Sex: choose female, male or other.")
    out["sex"] = sex
    out["date_of_birth"], out["estimated_age_years"] = _age_fields(fields, today)
    cnic = str(fields.get("cnic") or "").strip()
    try:
        out["cnic"] = names.validate_cnic(cnic) if cnic else None
    except ValueError as exc:
        raise ValidationError("cnic", str(exc)) from None
    phone = str(fields.get("phone") or "").strip()
    try:
        out["phone"] = names.validate_phone(phone) if phone else None
    except ValueError as exc:
        raise ValidationError("phone", str(exc)) from None
    if fields.get("mrn"):
        mrn = str(fields["mrn"]).strip()
        if not re.fullmatch(r"[A-Za-z0-9/-]{1,20}", mrn):
            raise ValidationError("mrn", "MRN: up to 20 letters, digits, '-' or '/'.")
        out["mrn"] = mrn
    return out


def _age_fields(fields: dict[str, Any], today: date) -> tuple[str | None, int | None]:
    dob_text = str(fields.get("date_of_birth") or "").strip()
    age_text = str(fields.get("estimated_age_years") if fields.get("estimated_age_years") is not None else "").strip()
    if dob_text:
        dob = parse_date(dob_text)
        if dob is None:
            raise ValidationError("date_of_birth", Text(
                "Date of birth: \u201c{typed}\u201d is not a date. Write it as DD/MM/YYYY (25/03/2019) or "
                "YYYY-MM-DD (2019-03-25), or pick it from the calendar.", typed=dob_text))
        if dob > today:
            raise ValidationError("date_of_birth", "Date of birth: it cannot be in the future.")
        if today.year - dob.year > MAX_AGE:
            raise ValidationError("date_of_birth", f"Date of birth: that is more than {MAX_AGE} years ago.")
        return dob.isoformat(), None
    if age_text:
        digits = names.digits_only(age_text)
        if not digits or digits != age_text.translate(names.DIGITS) or not 0 <= int(digits) <= MAX_AGE:
            raise ValidationError("estimated_age_years", f"Age: enter whole years from 0 to {MAX_AGE}.")
        return None, int(digits)
    raise ValidationError("date_of_birth", "Date of birth or age: enter one of them (an estimated age is fine).")


def parse_date(text: str) -> date | None:
    """A date typed day first (25/03/2019, 25-3-2019, 25.03.2019) or as ISO 2019-03-25, in any
    digits; None when it is not a real date."""
    typed = text.strip().translate(names.DIGITS)
    try:
        return date.fromisoformat(typed)
    except ValueError:
        pass
    match = DAY_FIRST.fullmatch(typed)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def relation_phrase(patient: Patient) -> Text:
    """"son of Ghulam Rasool", "wife of Allah Ditta": what the second name on the record is."""
    name = patient.father_name
    if patient.relation == "husband":
        return Text("wife of {name}", name=name)
    if patient.relation == "father":
        if patient.sex == "male":
            return Text("son of {name}", name=name)
        if patient.sex == "female":
            return Text("daughter of {name}", name=name)
        return Text("child of {name}", name=name)
    return Text("father or husband: {name}", name=name)


# Below this age the months matter (growth, doses, IMCI): "2 years 3 months", not "2 years".
MONTHS_UNTIL_YEARS = 5


def age_phrase(patient: Patient, on: date | None = None) -> Text:
    """"8 months", "2 years 3 months", "34 years", "about 40 years" (an estimate says so)."""
    years = age_years(patient, on)
    if years is None:
        return Text("age unknown")
    if patient.date_of_birth and years < 2:
        months = age_months(patient, on) or 0
        return Text("1 month") if months == 1 else Text("{n} months", n=months)
    if patient.date_of_birth and years < MONTHS_UNTIL_YEARS:
        months = (age_months(patient, on) or 0) - 12 * years
        if months:
            return Text("{years} years {months} months", years=years, months=months) if months > 1 else \
                Text("{years} years 1 month", years=years)
        return Text("{years} years", years=years)
    if patient.date_of_birth:
        return Text("1 year") if years == 1 else Text("{years} years", years=years)
    return Text("about {years} years", years=years)


def age_years(patient: Patient, on: date | None = None) -> int | None:
    on = on or date.today()
    if patient.date_of_birth:
        dob = date.fromisoformat(patient.date_of_birth)
        return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    if patient.estimated_age_years is not None:
        recorded = date.fromisoformat(patient.created_at[:10]) if patient.created_at else on
        return patient.estimated_age_years + max(0, on.year - recorded.year)
    return None


def age_months(patient: Patient, on: date | None = None) -> int | None:
    on = on or date.today()
    if patient.date_of_birth:
        dob = date.fromisoformat(patient.date_of_birth)
        return (on.year - dob.year) * 12 + on.month - dob.month - (on.day < dob.day)
    years = age_years(patient, on)
    return None if years is None else years * 12


def find_duplicates(store: Store, fields: dict[str, Any], exclude_id: str | None = None) -> list[DuplicateCandidate]:
    """Patients who may be this person: same CNIC or phone, or a close name + father's name + age."""
    found: dict[str, DuplicateCandidate] = {}

    def note(patient: Patient, reason: str) -> None:
        if patient.id != exclude_id:
            found.setdefault(patient.id, DuplicateCandidate(patient)).reasons.append(reason)

    if fields.get("cnic"):
        for p in store.find(Patient, "cnic = ?", [fields["cnic"]]):
            note(p, "same CNIC")
    if fields.get("phone"):
        for p in store.find(Patient, "phone = ?", [fields["phone"]]):
            note(p, "same phone number")
    probe = Patient(date_of_birth=fields.get("date_of_birth"), estimated_age_years=fields.get("estimated_age_years"))
    age = age_years(probe)
    ids = search.search(store.conn, fields.get("name", ""), limit=50)
    for p in (store.get(Patient, i) for i in ids):
        if names.name_similarity(p.name, fields.get("name", "")) < 0.85:
            continue
        if names.name_similarity(p.father_name, fields.get("father_name", "")) < 0.85:
            continue
        other = age_years(p)
        if age is not None and other is not None and abs(other - age) > 3:
            continue
        note(p, "similar name, father's name and age")
    return list(found.values())


class SameCnicNeedsReason(ValidationError):
    """A second patient with a CNIC already registered: allowed only with a reason, which is audited."""

    def __init__(self, mrns: list[str]) -> None:
        super().__init__("same_cnic_reason", f"CNIC: it is already registered for MRN {', '.join(mrns)}. "
                         "Write why this is a different person (e.g. a child registered on a parent's card).")
        self.mrns = mrns


def register(store: Store, fields: dict[str, Any], confirmed_new: bool = False,
             same_cnic_reason: str = "") -> Patient:
    """Register a patient. Raises PossibleDuplicate unless `confirmed_new` (the person checked).

    A CNIC another patient already has also needs `same_cnic_reason` (kept in the audit log)."""
    data = clean(fields)
    reason = " ".join(str(same_cnic_reason or "").split())
    with store.atomic():
        if data.get("mrn") and store.conn.execute("SELECT 1 FROM patients WHERE mrn = ?", (data["mrn"],)).fetchone():
            raise ValidationError("mrn", f"MRN: {data['mrn']} is already used by another patient.")
        if not confirmed_new:
            candidates = find_duplicates(store, data)
            if candidates:
                raise PossibleDuplicate(candidates)
        same_cnic = [p.mrn for p in store.find(Patient, "cnic = ?", [data["cnic"]], order_by="mrn")] \
            if data.get("cnic") else []
        if same_cnic and len(reason) < 5:
            raise SameCnicNeedsReason(same_cnic)
        data["mrn"] = data.get("mrn") or store.next_mrn()
        patient = store.insert(Patient(**data, created_by=store.user.username))
        search.reindex(store.conn, patient)
        if same_cnic:
            store.audit("patient.same_cnic", "patient", patient.id, {"reason": reason[:500], "other_mrns": same_cnic})
    return patient


def update(store: Store, patient_id: str, changes: dict[str, Any], expected_version: int) -> Patient:
    """Change demographics; refuses if the chart changed since it was read (expected_version)."""
    patient = store.get(Patient, patient_id)
    merged = {k: getattr(patient, k) for k in EDITABLE} | changes
    data = clean(merged)
    for key, value in data.items():
        setattr(patient, key, value)
    with store.atomic():
        store.update(patient, expected_version=expected_version)
        search.reindex(store.conn, patient)
    return patient


def find(store: Store, query: str, limit: int = 20) -> list[Patient]:
    """Search as you type: names (any common spelling, Urdu script), MRN, CNIC or phone."""
    ids = search.search(store.conn, query, limit)
    by_id = {p.id: p for p in store.find(Patient, f"id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
    return [by_id[i] for i in ids if i in by_id]


def by_mrn(store: Store, mrn: str) -> Patient:
    rows = store.find(Patient, "mrn = ?", [mrn.strip()])
    if not rows:
        raise NotFound(f"No patient with MRN {mrn}.")
    return rows[0]


@dataclass
class Chart:
    patient: Patient
    encounters: list[Encounter]
    vitals: list[VitalsSet]
    referrals: list[Referral]


def open_chart(store: Store, patient_id: str) -> Chart:
    """Everything about one patient; the opening is audited."""
    patient = store.get(Patient, patient_id)
    store.audit("chart.open", "patient", patient_id)
    return Chart(
        patient=patient,
        encounters=store.find(Encounter, "patient_id = ?", [patient_id], order_by="started_at DESC"),
        vitals=store.find(VitalsSet, "patient_id = ?", [patient_id], order_by="taken_at DESC"),
        referrals=store.find(Referral, "patient_id = ?", [patient_id], order_by="created_at DESC"),
    )
