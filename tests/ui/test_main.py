"""`telestation`: the desktop app with no command, the command line (station and sync) with one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui import main as entry


def test_a_command_goes_to_the_command_line_with_the_sync_commands(capsys):
    with pytest.raises(SystemExit) as done:
        entry.main(["sync", "--help"])
    assert done.value.code == 0
    assert "--once" in capsys.readouterr().out


def test_no_command_starts_the_desktop_app_on_the_data_folder(monkeypatch, tmp_path: Path):
    started: list = []
    monkeypatch.setattr("ui.app.run", lambda folder, argv=None: started.append(folder) or 0)
    assert entry.main(["--data-dir", str(tmp_path / "st"), "--language", "ur"]) == 0
    assert started == [tmp_path / "st"]
    from ui import prefs

    assert prefs.load(tmp_path / "st").language == "ur"
