"""A database written by the first schema version opens with today's program and is upgraded."""

from __future__ import annotations

import shutil
from pathlib import Path

from station import audit, migrations, patients
from station.store import Store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "v1"
PASSWORD = "fixture password v1"


def test_a_version_1_station_opens_and_is_upgraded(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    shutil.copytree(FIXTURE, folder)
    with Store.open(folder, "admin", PASSWORD) as store:
        assert migrations.current_version(store.conn) == migrations.LATEST
        versions = [r[0] for r in store.conn.execute("SELECT version FROM migrations ORDER BY version")]
        assert versions == [number for number, _name, _step in migrations.MIGRATIONS]
        # The data written by version 1 is all there, and the new search index covers it.
        assert store.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 2
        # Fatimah is found too (her father is Muhammad Yousaf), after the patient of that name.
        assert [p.mrn for p in patients.find(store, "Muhammad Yusuf")] == ["000001", "000002"]
        # In Urdu script too: his Urdu name first, then her father's name written in Latin letters.
        assert [p.mrn for p in patients.find(store, "یوسف")] == ["000001", "000002"]
        assert audit.verify(store.conn)[1] is None
        # New records continue the old numbering.
        new = patients.register(store, {"name": "Zainab", "father_name": "Qasim", "sex": "female",
                                        "estimated_age_years": 30, "village": "Pir Jo Goth", "district": "Badin"})
        assert new.mrn == "000003"
    # And it opens again without re-running anything.
    with Store.open(folder, "admin", PASSWORD) as store:
        assert migrations.migrate(store.conn) == []


def test_migrations_are_numbered_in_order_and_each_is_recorded() -> None:
    numbers = [m[0] for m in migrations.MIGRATIONS]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1  # rising; gaps are closed when branches merge
