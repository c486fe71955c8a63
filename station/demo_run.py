"""`make run`: a demo station with synthetic data, and a short tour of what it holds.

The first run sets the station up in the given folder (password in `<folder>.password`,
recovery key in `<folder>.recovery-key`, both beside it and git-ignored); later runs reopen it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from station import audit, demo, logs, patients, referrals
from station.clinical.news2 import News2NotApplicable, news2_from_vitals
from station.clinical.vitals import from_observations
from station.errors import StationError
from station.records import Patient, VitalsSet
from station.store import Store

DEMO_PASSWORD = "clinic demo password"


def _open_or_create(folder: Path) -> Store:
    password_file = folder.with_name(folder.name + ".password")
    if (folder / "keyslots.json").exists():
        return Store.open(folder, "admin", password_file.read_text("utf-8").strip())
    print(f"Setting up a demo station in {folder} …")
    store, recovery = Store.create(folder, "Basic Health Unit Jhok Sharif", "Thatta", "admin", DEMO_PASSWORD,
                                   full_name="Dr Amina Soomro")
    password_file.write_text(DEMO_PASSWORD + "\n", "utf-8")
    folder.with_name(folder.name + ".recovery-key").write_text(recovery + "\n", "utf-8")
    counts = demo.fill(store, 300, 600, seed=1)
    print(f"Added {counts['patients']} patients, {counts['encounters']} consultations, "
          f"{counts['referrals']} referrals.")
    return store


def tour(store: Store) -> None:
    count = store.conn.execute("SELECT count(*) FROM patients").fetchone()[0]
    print(f"\n{store.meta('clinic')} ({store.meta('district')}): {count} patients.")
    for query in ("mohammad", "muhamed", "محمد", "bibi"):
        found = patients.find(store, query, limit=3)
        print(f"\nSearch '{query}': {len(found)} shown")
        for p in found:
            print(f"  {p.mrn}  {p.name} / {p.name_ur or '-'}  ({p.father_name}), {p.village}")
    print("\nHighest NEWS2 scores among adults today:")
    scored = []
    for v in store.find(VitalsSet, order_by="taken_at DESC", limit=400):
        patient = store.get(Patient, v.patient_id)
        try:
            result = news2_from_vitals(patients.age_years(patient), from_observations(v.observations),
                                       consciousness=v.consciousness or "alert",
                                       supplemental_oxygen=v.supplemental_oxygen)
        except (News2NotApplicable, ValueError):
            continue
        scored.append((result.score, result.band, patient.mrn))
    for score, band, mrn in sorted(scored, reverse=True)[:3]:
        print(f"  MRN {mrn}: NEWS2 {score} ({band})")
    waiting = referrals.waiting(store)
    print(f"\nReferrals waiting for a specialist: {len(waiting)}")
    for r in waiting[:5]:
        print(f"  [{r.urgency}] {r.specialty}: {r.question[:70]}")
    pending = store.outbox_counts()["pending"]
    print(f"\nChanges waiting to be sent to the hub: {pending}")
    checked, broken = audit.verify(store.conn)
    print(f"Audit log: {checked} entries, {'intact' if broken is None else broken.describe()}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    folder = args.data_dir.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    logs.setup(folder)
    try:
        with _open_or_create(folder) as store:
            tour(store)
    except StationError as exc:
        print(f"telestation: {exc.message}", file=sys.stderr)
        return exc.exit_code
    print(f"\nTry the command line: telestation search --data-dir {folder} --as admin "
          f"--password-file {folder.with_name(folder.name + '.password')} 'fatima'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
