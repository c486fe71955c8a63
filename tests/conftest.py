"""Fixtures shared by every test: a fresh station in a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from station.keyslots import KdfParams
from station.store import Store

# Tests use a cheap Argon2id cost so hundreds of stations can be made; the program's default
# (64 MiB, 3 passes) is exercised by the CLI tests.
FAST_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)
ADMIN_PASSWORD = "correct horse battery"
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "station"


@pytest.fixture
def store(data_dir: Path):
    s, _recovery = Store.create(data_dir, "Basic Health Unit Jhok", "Thatta", "admin", ADMIN_PASSWORD,
                                full_name="Dr Amina Soomro", kdf=FAST_KDF)
    yield s
    s.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
