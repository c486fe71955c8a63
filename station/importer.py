"""Importing a clinic's existing patient register from CSV.

All rows are checked first. Nothing is saved unless every row is valid, or, when the
caller allows it, only the valid rows are saved and the bad ones reported by line number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from station import patients, search
from station.errors import ValidationError
from station.store import Store

COLUMNS = ("mrn", "name", "name_ur", "father_name", "father_name_ur", "sex", "date_of_birth", "age",
           "cnic", "phone", "village", "district")
REQUIRED = ("name", "father_name", "sex", "village")
MAX_ROWS = 500_000


@dataclass
class ImportReport:
    saved: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def finish(self, skip_invalid: bool, field: str, problems: str, skipped: str) -> None:
        """Print the problems, then refuse (nothing was saved) or say what was imported.

        `problems`: "{n} row(s) of x.csv have problems" with {n}; `skipped`: "row(s) skipped".
        """
        for line in self.errors:
            print(f"  {line}")
        for line in self.warnings:
            print(f"  warning: {line}")
        if self.errors and not skip_invalid:
            raise ValidationError(field, problems.replace("{n}", str(len(self.errors))))
        print(f"Imported {self.saved} patient(s); {len(self.errors)} {skipped}.")


def _read(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError("csv", f"{path.name} is not UTF-8 text (byte {exc.start}). "
                              "Save it from the spreadsheet as 'CSV UTF-8'.") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ValidationError("csv", f"{path.name}: unknown column(s) {', '.join(unknown)}. "
                              f"Allowed columns: {', '.join(COLUMNS)}.")
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise ValidationError("csv", f"{path.name}: missing column(s) {', '.join(missing)}.")
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:
            raise ValidationError("csv", f"{path.name} line {reader.line_num}: more values than columns.")
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
        if len(rows) > MAX_ROWS:
            raise ValidationError("csv", f"{path.name}: more than {MAX_ROWS} rows; split the file.")
    return rows


def import_csv(store: Store, path: Path, skip_invalid: bool = False, district: str = "") -> ImportReport:
    report = ImportReport()
    valid: list[tuple[int, dict[str, Any]]] = []
    seen_cnic: dict[str, int] = {}
    seen_mrn: dict[str, int] = {}
    for line, row in _read(Path(path)):
        fields = {k: v for k, v in row.items() if v and k != "age"}
        if row.get("age"):
            fields["estimated_age_years"] = row["age"]
        fields.setdefault("district", district)
        try:
            data = patients.clean(fields)
            for key, seen, label in (("cnic", seen_cnic, "CNIC"), ("mrn", seen_mrn, "MRN")):
                value = data.get(key)
                if value and value in seen:
                    raise ValidationError(key, f"{label} {value} is also on line {seen[value]}.")
                if value:
                    seen[value] = line
            if data.get("mrn") and store.conn.execute("SELECT 1 FROM patients WHERE mrn = ?", (data["mrn"],)).fetchone():
                raise ValidationError("mrn", f"MRN {data['mrn']} is already registered at this station.")
            for candidate in patients.find_duplicates(store, data):
                if "same CNIC" in candidate.reasons:
                    raise ValidationError("cnic", f"CNIC {data['cnic']} is already registered "
                                          f"(MRN {candidate.patient.mrn}).")
                report.warnings.append(f"line {line}: may be the same person as MRN {candidate.patient.mrn} "
                                       f"({'; '.join(candidate.reasons)}); imported anyway.")
            valid.append((line, data))
        except ValidationError as exc:
            report.errors.append(f"line {line}: {exc.message}")
    if report.errors and not skip_invalid:
        return report
    with store.atomic():
        for _line, data in valid:
            patients.register(store, data, confirmed_new=True)
        store.audit("patients.import", "patient", "csv", {"rows": len(valid)})
        if len(valid) >= 1000:
            search.optimize(store.conn)
    report.saved = len(valid)
    return report
