"""`telehub` for escalation and mail: e-mail addresses, backups, the on-call rota, and the serve
options for targets and SMTP, each refusing bad input in one line that names the option."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from hub import cli, cli_escalation
from hub import tables as t
from hub.cli_errors import CliError
from hub.db import make_engine


@pytest.fixture
def db(hub_db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    password = tmp_path / "pw"
    password.write_text("a long and secret passphrase\n")
    for username, extra in (("farah", ["--specialty", "cardiology"]), ("imran", ["--specialty", "cardiology"]),
                            ("sana", ["--specialty", "paediatrics"]), ("huma", ["--role", "coordinator"])):
        assert cli.main(["user", "add", "--db", hub_db_url, "--username", username, "--name", f"Dr {username.title()}",
                         "--password-file", str(password), *extra]) == 0
    capsys.readouterr()
    return hub_db_url


def run(db: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main([*args[:2], "--db", db, *args[2:]])
    out = capsys.readouterr()
    return code, out.out, out.err


def column(db: str, username: str, name: str) -> object:
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            return conn.execute(select(t.specialists.c[name]).where(t.specialists.c.username == username)).scalar()
    finally:
        engine.dispose()


def test_email_addresses_are_set_checked_and_removed(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, capsys, "user", "set-email", "farah", "farah@hospital.org.pk")[:2] == (
        0, "farah: mails go to farah@hospital.org.pk.\n")
    assert column(db, "farah", "email") == "farah@hospital.org.pk"
    code, _out, err = run(db, capsys, "user", "set-email", "farah", "farah at hospital")
    assert code == 1 and "is not an e-mail address" in err and err.count("\n") == 1
    assert run(db, capsys, "user", "set-email", "farah", "--none")[0] == 0
    assert column(db, "farah", "email") is None
    assert "no account called 'nobody'" in run(db, capsys, "user", "set-email", "nobody", "a@b.org")[2]


def test_a_backup_is_another_active_specialist(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(db, capsys, "user", "set-backup", "farah", "imran")
    assert code == 0 and "escalate first to Dr Imran" in out
    assert column(db, "farah", "backup_id") == column(db, "imran", "id")
    assert "their own backup" in run(db, capsys, "user", "set-backup", "farah", "farah")[2]
    assert "only an active specialist" in run(db, capsys, "user", "set-backup", "farah", "huma")[2]
    assert "coordinator" in run(db, capsys, "user", "set-backup", "huma", "farah")[2]
    assert run(db, capsys, "user", "set-backup", "farah", "--none")[0] == 0
    assert column(db, "farah", "backup_id") is None


def test_the_rota_is_set_per_specialty_and_day_and_listed(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(db, capsys, "rota", "set", "--specialty", "cardiology", "--date", "2026-12-07",
                       "--to", "2026-12-09", "--username", "imran")
    assert code == 0 and out == "cardiology: imran on call for 3 days (2026-12-07 to 2026-12-09).\n"
    assert run(db, capsys, "rota", "set", "--specialty", "cardiology", "--date", "2026-12-08",
               "--username", "farah")[0] == 0
    code, out, _ = run(db, capsys, "rota", "list", "--from", "2026-12-07", "--days", "3", "--json")
    assert [(r["day"], r["username"]) for r in json.loads(out)] == [
        ("2026-12-07", "imran"), ("2026-12-08", "farah"), ("2026-12-09", "imran")]
    assert run(db, capsys, "rota", "set", "--specialty", "cardiology", "--date", "2026-12-09", "--nobody")[0] == 0
    assert "2026-12-09" not in run(db, capsys, "rota", "list", "--from", "2026-12-07")[1]
    assert "is not in cardiology" in run(db, capsys, "rota", "set", "--specialty", "cardiology", "--date",
                                         "2026-12-07", "--username", "sana")[2]
    assert "no specialty 'heart'" in run(db, capsys, "rota", "set", "--specialty", "heart", "--date", "2026-12-07",
                                         "--username", "imran")[2]
    assert "is not a date" in run(db, capsys, "rota", "set", "--specialty", "cardiology", "--date", "7/12/2026",
                                  "--username", "imran")[2]
    assert "before --date" in run(db, capsys, "rota", "set", "--specialty", "cardiology", "--date", "2026-12-09",
                                  "--to", "2026-12-01", "--username", "imran")[2]


def serve_args(*extra: str) -> argparse.Namespace:
    parser = cli.build_parser()
    return parser.parse_args(["serve", *extra])


def test_serve_takes_targets_and_mail_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEHUB_TARGETS", raising=False)
    monkeypatch.setenv("TELEHUB_SMTP_PASSWORD", "from the environment")
    settings = cli_escalation.serve_settings(serve_args(
        "--target", "urgent=2h", "--target", "routine=3d", "--smtp-host", "mail.example.org", "--smtp-user", "hub",
        "--mail-from", "telehub@example.org", "--console-url", "https://hub.example.org/", "--digest-hour", "off"))
    assert settings["response_targets"]["urgent"] == timedelta(hours=2)
    assert settings["response_targets"]["routine"] == timedelta(days=3)
    assert settings["response_targets"]["emergency"] == timedelta(minutes=30)
    assert settings["console_url"] == "https://hub.example.org" and settings["digest_hour"] is None
    smtp = settings["smtp"]
    assert (smtp.host, smtp.port, smtp.starttls, smtp.username, smtp.password) == (
        "mail.example.org", 587, True, "hub", "from the environment")
    assert "from the environment" not in repr(smtp)
    assert cli_escalation.serve_settings(serve_args())["smtp"] is None


@pytest.mark.parametrize(("args", "message"), [
    (["--target", "urgent"], "write URGENCY=DURATION"),
    (["--target", "critical=1h"], "one of emergency, urgent, soon, routine"),
    (["--target", "urgent=soon"], "is not a duration"),
    (["--target", "emergency=10s"], "is not a duration"),
    (["--target", "routine=45d"], "between 1 minute and 30 days"),
    (["--smtp-host", "mail.example.org"], "--mail-from ADDRESS is needed"),
    (["--smtp-host", "m.example.org", "--mail-from", "a@b.org", "--smtp-user", "u"], "--smtp-user needs a password"),
    (["--digest-hour", "25"], "--digest-hour must be an hour from 0 to 23"),
    (["--console-url", "hub.example.org"], "--console-url must start with https://"),
    # Mails link to the console: an address only this machine can open is useless to a specialist.
    (["--smtp-host", "m.example.org", "--mail-from", "a@b.org"], "--console-url https://ADDRESS is needed"),
    (["--smtp-host", "m.example.org", "--mail-from", "a@b.org", "--console-url", "http://127.0.0.1:8000"],
     "--console-url https://ADDRESS is needed"),
    # The SMTP password would cross the network in clear text.
    (["--smtp-host", "m.example.org", "--mail-from", "a@b.org", "--console-url", "https://hub.example.org",
      "--smtp-no-starttls", "--smtp-user", "u", "--smtp-password-file", __file__],
     "--smtp-no-starttls is only for a mail server on this machine"),
])
def test_serve_refuses_bad_settings_naming_the_option(args: list[str], message: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TELEHUB_TARGETS", "TELEHUB_SMTP_PASSWORD", "TELEHUB_SMTP_HOST", "TELEHUB_MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(CliError, match=message.replace("(", r"\(")):
        cli_escalation.serve_settings(serve_args(*args))
