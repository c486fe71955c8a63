"""A full disk puts a banner across the window that stays until space is freed (real tmpfs, root)."""

from __future__ import annotations

from pathlib import Path

import pytest

from station import patients, users
from station.store import Store
from tests.conftest import ADMIN_PASSWORD, FAST_KDF
from tests.support.small_disk import fill, small_disk
from tests.ui.conftest import sign_in, wait_idle


@pytest.fixture
def full_station(tmp_path: Path):
    with small_disk(tmp_path / "disk", 128) as disk:
        folder = disk / "station"
        store, _ = Store.create(folder, "Basic Health Unit Jhok", "Thatta", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)
        users.add(store, "sadia", "health_worker", "481937", credential="pin", kdf=FAST_KDF)
        store.close()
        yield folder, disk


def _register(store: Store) -> None:
    for i in range(2000):  # until the write-ahead log has no room left either
        patients.register(store, {"name": f"Patient {i}", "father_name": "Aslam", "sex": "female",
                                  "estimated_age_years": 30, "village": "Jhok", "district": "Thatta"},
                          confirmed_new=True)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_full_disk_shows_a_banner_until_space_is_freed(qtbot, make_app, full_station, artifacts: Path,
                                                         language: str) -> None:
    folder, disk = full_station
    app = make_app(language, data_dir=folder)
    sign_in(qtbot, app)
    banner = app.disk_banner
    assert not banner.isVisible()
    filler = fill(disk)
    failures: list[BaseException] = []
    app.ops.submit(_register, failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=60_000)
    assert type(failures[0]).__name__ == "DiskFull"
    assert banner.isVisible()
    words = banner.label.text()
    assert str(folder) in words
    if language == "en":
        assert words.startswith("The disk is full: free space on") and "nothing was lost" in words
    else:
        assert "ڈسک بھر چکی ہے" in words
    app.window.resize(1366, 768)
    wait_idle(qtbot, app)
    app.window.grab().save(str(artifacts / f"disk_full_banner_{language}.png"))
    banner.check()
    assert banner.isVisible()  # still full: it stays
    filler.unlink()
    banner.check()
    assert not banner.isVisible()  # space freed: it goes by itself
