"""Every string a person can see has its Urdu translation, with the same placeholders, and builds."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui import i18n_build

PLACEHOLDER = re.compile(r"%(?:\d|n)|\{[a-z_]+\}")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> ET.Element:
    """The committed catalog, refreshed from today's sources (so a new string shows up untranslated)."""
    ts = tmp_path_factory.mktemp("ts") / "telestation_ur.ts"
    shutil.copy(i18n_build.ts_path("ur"), ts)
    tool = i18n_build._tool("lupdate")
    assert tool, "pyside6-lupdate is installed with PySide6"
    subprocess.run([tool, "-silent", "-no-obsolete", *map(str, i18n_build.source_files()), "-ts", str(ts)],
                   check=True, capture_output=True)
    return ET.parse(ts).getroot()


def _messages(root: ET.Element) -> list[tuple[str, str, ET.Element]]:
    return [(ctx.findtext("name") or "", m.findtext("source") or "", m)
            for ctx in root.iter("context") for m in ctx.iter("message")]


def test_every_string_in_the_interface_is_translated_into_urdu(catalog):
    missing = []
    for context, source, message in _messages(catalog):
        translation = message.find("translation")
        forms = [f.text for f in translation.iter("numerusform")] if message.get("numerus") == "yes" \
            else [translation.text]
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            missing.append(f"{context}: {source!r}")
    assert not missing, f"{len(missing)} string(s) without Urdu:\n" + "\n".join(missing)
    assert len(_messages(catalog)) > 400


def test_translations_keep_every_placeholder(catalog):
    wrong = []
    for context, source, message in _messages(catalog):
        translation = message.find("translation")
        texts = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for text in texts:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append(f"{context}: {source!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_the_catalog_builds_into_the_file_the_app_loads(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(i18n_build, "TRANSLATIONS", tmp_path)
    shutil.copy(Path(i18n_build.UI_DIR) / "translations" / "telestation_ur.ts", tmp_path / "telestation_ur.ts")
    assert i18n_build.is_stale("ur")
    qm = i18n_build.ensure_built("ur")
    assert qm is not None and qm.stat().st_size > 10_000
    assert not i18n_build.is_stale("ur")


def test_every_sentence_written_in_station_is_listed_for_translation():
    """A new Text("…") in station/ must reach the catalog: `make translations` regenerates the list."""
    listed = set(re.findall(r'QCoreApplication\.translate\("station", (.+)\)$',
                            i18n_build.STATION_STRINGS.read_text(encoding="utf-8"), flags=re.M))
    import ast

    assert {ast.literal_eval(item) for item in listed} == set(i18n_build.station_templates())


def test_every_specialty_a_referral_can_name_is_shown_in_urdu():
    from station.referrals import SPECIALTIES
    from ui import i18n
    from ui.app import create_qapp
    from ui.referral.words import specialty_text

    app = create_qapp()
    i18n.install(app, "ur")
    try:
        untranslated = [s for s in SPECIALTIES if specialty_text(s) == s]
    finally:
        i18n.install(app, "en")
    assert not untranslated
