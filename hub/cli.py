"""`telehub`: run the hub and administer it (stations, accounts, statistics)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from hub import cli_escalation, cli_specialties, cli_users
from hub import tables as t
from hub.calls.ice import check_ice_url
from hub.calls.store import count_calls_by_station
from hub.cli_errors import CliError
from hub.db import DatabaseUrlError, make_engine, migrate
from hub.escalation.rota import hub_day
from hub.settings import Settings, default_db_url, ice_from_env, read_secret_file, sfu_from_env
from hub.stations import StationError, create_station, revoke_station

# Half a minute is for trying the sign-out out; a whole working day is the most a session lasts anyway.
MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 0.5, 720.0


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No abbreviations: `--password x` must not quietly mean `--password-file x`.
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        # One line, naming the problem and where help is, instead of argparse's usage dump.
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="URL", help="database URL: sqlite:///PATH or postgresql://... "
                        "(default: $TELEHUB_DB, else a SQLite file in the data folder)")
    common.add_argument("--data-dir", metavar="DIR", type=Path,
                        help="folder for the default SQLite database (default: $TELEHUB_DATA_DIR or the user data folder)")

    parser = Parser(prog="telehub", description="The telemedicine hub: the server stations sync with and "
                    "the web console specialists answer referrals from.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    serve = commands.add_parser("serve", parents=[common], help="run the hub (API and specialist console)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--insecure-cookies", action="store_true",
                       help="send console cookies over plain HTTP too (only for a hub without HTTPS, e.g. a test)")
    serve.add_argument("--idle-minutes", type=float, metavar="MINUTES",
                       help="sign a console tab out after this many minutes without the person doing anything "
                       "(background polls do not count); default $TELEHUB_IDLE_MINUTES or 30")
    serve.add_argument("--stun", action="append", default=[], metavar="URL",
                       help="STUN server for video consults, e.g. stun:turn.example.org:3478 (repeatable; "
                       "default: $TELEHUB_STUN)")
    serve.add_argument("--turn", action="append", default=[], metavar="URL",
                       help="TURN server for video consults, e.g. turn:turn.example.org:3478?transport=udp or "
                       "turns:turn.example.org:5349 (repeatable; default: $TELEHUB_TURN)")
    serve.add_argument("--turn-secret", metavar="SECRET",
                       help="the static-auth-secret shared with coturn (use-auth-secret); "
                       "default: $TELEHUB_TURN_SECRET, which keeps it out of the process list")
    serve.add_argument("--timezone", metavar="ZONE",
                       help="the time zone every console page writes times in, e.g. Asia/Karachi or UTC "
                       "(default: $TELEHUB_TIMEZONE, else Asia/Karachi)")
    serve.add_argument("--turn-ttl", type=int, default=24 * 3600, metavar="SECONDS",
                       help="how long TURN credentials stay valid (default 86400, i.e. 24 h)")
    cli_escalation.add_serve_options(serve)
    serve.add_argument("--sfu", metavar="URL",
                       help="Janus's HTTP API, e.g. https://hub.example.org/janus: calls then run through its "
                       "VideoRoom and AudioBridge rooms so several specialists can join (default: $TELEHUB_SFU)")
    serve.add_argument("--sfu-secret-file", metavar="PATH", type=Path,
                       help="file holding the secret shared with Janus (its token_auth_secret and the plugins' "
                       "admin_key); default: $TELEHUB_SFU_SECRET_FILE, else $TELEHUB_SFU_SECRET")
    serve.add_argument("--relay-only", action="store_true",
                       help="calls use only the TURN relay, never a direct path (iceTransportPolicy relay): "
                       "hides the clinic's and the specialist's addresses from each other; needs --turn")

    station = commands.add_parser("station", help="add, revoke or list stations")
    station_cmds = station.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    add = station_cmds.add_parser("add", parents=[common], help="register a station; prints its one-time enrollment code")
    add.add_argument("--name", required=True, help="the clinic's name, e.g. 'BHU Jhok'")
    add.add_argument("--district", required=True, help="its district, e.g. Thatta")
    add.add_argument("--json", action="store_true", help="print the result as JSON")
    revoke = station_cmds.add_parser("revoke", parents=[common], help="refuse every further request from a station")
    revoke.add_argument("station_id", metavar="ID")
    listing = station_cmds.add_parser("list", parents=[common], help="list stations")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")

    cli_users.add_parsers(commands, common, Parser)
    cli_escalation.add_parsers(commands, common, Parser)
    cli_specialties.add_parsers(commands, common, Parser)

    stats = commands.add_parser("stats", parents=[common], help="row counts per table and per station")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        return run(args)
    except (CliError, StationError, DatabaseUrlError) as exc:
        print(f"telehub: error: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        print(f"telehub: error: the database failed: {first}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def run(args: argparse.Namespace) -> int:
    url = database_url(args)
    if args.command == "serve":
        return serve(url, args)
    engine = open_database(url)
    try:
        if args.command == "station" and args.action == "add":
            with engine.begin() as conn:
                new = create_station(conn, args.name, args.district)
            if args.json:
                print(json.dumps({"station_id": new.station_id, "code": new.code,
                                  "expires_at": new.expires_at.isoformat()}))
            else:
                print(f"Station added: {args.name.strip()} ({args.district.strip()})")
                print(f"Station id:      {new.station_id}")
                print(f"Enrollment code: {new.code}")
                print(f"The code works once, until {new.expires_at:%Y-%m-%d %H:%M} UTC.")
        elif args.command == "station" and args.action == "revoke":
            with engine.begin() as conn:
                revoke_station(conn, args.station_id)
            print(f"Station {args.station_id} revoked: the hub refuses its requests from now on.")
        elif args.command == "station" and args.action == "list":
            list_stations(engine, args.json)
        elif args.command == "user" and args.action in ("set-email", "set-backup"):
            cli_escalation.run_user_action(engine, args)
        elif args.command in ("user", "specialist"):
            cli_users.run(engine, args)
        elif args.command == "rota":
            zone = os.environ.get("TELEHUB_TIMEZONE") or "Asia/Karachi"
            cli_escalation.run_rota(engine, args, hub_day(t.utcnow(), zone))
        elif args.command == "specialty":
            cli_specialties.run(engine, args)
        elif args.command == "stats":
            print_stats(engine, args.json)
    finally:
        engine.dispose()
    return 0


def database_url(args: argparse.Namespace) -> str:
    if args.db:
        return args.db
    if args.data_dir:
        return default_db_url(args.data_dir)
    return Settings.from_env().db_url


def open_database(url: str) -> Engine:
    engine = make_engine(url)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        shown = make_url(url).render_as_string(hide_password=True)
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise CliError(f"cannot open the database {shown}: {first}") from None
    return engine


def serve(url: str, args: argparse.Namespace) -> int:
    import uvicorn

    from hub.app import create_app

    if not 0 < args.port < 65536:
        raise CliError(f"--port must be between 1 and 65535, not {args.port}")
    settings = Settings(db_url=url, cookie_secure=not args.insecure_cookies, session_idle_minutes=idle_minutes(args),
                        timezone=console_timezone(args), **ice_settings(args), **cli_escalation.serve_settings(args),
                        **sfu_settings(args))
    try:
        app = create_app(settings)
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise CliError(f"cannot open the database: {first}") from None
    shown = make_url(app.state.engine.url).render_as_string(hide_password=True)
    print(f"Telehub on http://{args.host}:{args.port}/ (database: {shown})", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", proxy_headers=True)
    return 0


def console_timezone(args: argparse.Namespace) -> str:
    """The console's time zone from --timezone, else $TELEHUB_TIMEZONE, else Asia/Karachi; checked."""
    from hub.console.formatting import DEFAULT_TIMEZONE, time_zone

    name = args.timezone or os.environ.get("TELEHUB_TIMEZONE", "").strip() or DEFAULT_TIMEZONE
    flag = "--timezone" if args.timezone else "TELEHUB_TIMEZONE"
    try:
        return time_zone(name).key
    except ValueError as exc:
        raise CliError(f"{flag}: {exc}") from None


def idle_minutes(args: argparse.Namespace) -> float:
    raw = args.idle_minutes
    if raw is None:
        text = os.environ.get("TELEHUB_IDLE_MINUTES", "").strip()
        try:
            raw = float(text) if text else 30.0
        except ValueError:
            raise CliError(f"TELEHUB_IDLE_MINUTES must be a number of minutes, not {text!r}") from None
    if not MIN_IDLE_MINUTES <= raw <= MAX_IDLE_MINUTES:
        raise CliError(f"--idle-minutes must be between {MIN_IDLE_MINUTES} and {MAX_IDLE_MINUTES}, not {raw:g}")
    return raw


def ice_settings(args: argparse.Namespace) -> dict[str, Any]:
    """STUN/TURN settings for `serve` from its flags, else from TELEHUB_STUN/TURN/TURN_SECRET."""
    env = ice_from_env()
    stun = tuple(args.stun) or env["stun_urls"]
    turn = tuple(args.turn) or env["turn_urls"]
    secret = args.turn_secret or env["turn_secret"]
    for flag, urls, schemes in (("--stun", stun, ("stun:", "stuns:")), ("--turn", turn, ("turn:", "turns:"))):
        for url in urls:
            problem = check_ice_url(url)
            if problem or not url.startswith(schemes):
                raise CliError(f"{flag} {problem or f'{url!r} must start with ' + ' or '.join(schemes)}")
    if turn and not secret:
        raise CliError("--turn needs --turn-secret (or $TELEHUB_TURN_SECRET): the static-auth-secret of coturn")
    if secret and not turn:
        raise CliError("--turn-secret was given without any --turn URL")
    if not 60 <= args.turn_ttl <= 7 * 24 * 3600:
        raise CliError(f"--turn-ttl must be between 60 and 604800 seconds, not {args.turn_ttl}")
    if args.relay_only and not turn:
        raise CliError("--relay-only needs at least one --turn URL: without a relay no call could connect")
    return {"stun_urls": stun, "turn_urls": turn, "turn_secret": secret, "turn_ttl_seconds": args.turn_ttl,
            "ice_transport_policy": "relay" if args.relay_only else "all"}


def sfu_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The SFU settings for `serve`: --sfu and --sfu-secret-file, else TELEHUB_SFU and its secret."""
    try:
        env = sfu_from_env()
        secret = read_secret_file(args.sfu_secret_file) if args.sfu_secret_file else env["sfu_secret"]
    except ValueError as exc:
        raise CliError(str(exc)) from None
    url = args.sfu or env["sfu_url"]
    if url and not url.startswith(("http://", "https://")):
        raise CliError(f"--sfu {url!r} must be Janus's HTTP API address, starting with http:// or https:// "
                       "(e.g. https://hub.example.org/janus)")
    if url and url.startswith("http://") and (urlsplit(url).hostname or "") not in ("127.0.0.1", "localhost", "::1"):
        # Browsers and stations send their Janus and room tokens to this address.
        raise CliError(f"--sfu {url!r} would send the call's tokens unencrypted: publish Janus on the hub's "
                       "https:// address (nginx, see README) and give that, e.g. https://hub.example.org/janus")
    if url and not secret:
        raise CliError("--sfu needs the secret shared with Janus: --sfu-secret-file PATH (or "
                       "$TELEHUB_SFU_SECRET_FILE / $TELEHUB_SFU_SECRET)")
    if secret and not url:
        raise CliError("an SFU secret was given without --sfu (Janus's HTTP API address)")
    return {"sfu_url": url, "sfu_secret": secret}


def list_stations(engine: Engine, as_json: bool) -> None:
    with engine.connect() as conn:
        rows = conn.execute(select(t.stations).order_by(t.stations.c.created_at)).all()
    items = [{"id": r.id, "name": r.name, "district": r.district,
              "enrolled_at": _iso(r.enrolled_at), "revoked_at": _iso(r.revoked_at)} for r in rows]
    if as_json:
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return
    for item in items:
        state = "revoked" if item["revoked_at"] else "enrolled" if item["enrolled_at"] else "waiting to enroll"
        print(f"{item['id']}  {item['name']} ({item['district']})  {state}")
    if not items:
        print("No stations yet: add one with `telehub station add --name N --district D`.")


def collect_stats(engine: Engine) -> dict[str, Any]:
    """Row counts per table, and per station the records, referrals, feed and uploads it has."""
    with engine.connect() as conn:
        tables = {table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                  for table in t.metadata.sorted_tables}
        per_station: dict[str, dict[str, Any]] = {}
        for row in conn.execute(select(t.stations).order_by(t.stations.c.created_at)):
            per_station[row.id] = {
                "id": row.id, "name": row.name, "district": row.district,
                "enrolled": row.enrolled_at is not None, "revoked": row.revoked_at is not None,
                "records": {}, "referrals": 0, "feed": 0, "blobs": 0, "changes": 0, "calls": {},
            }
        by_entity = select(t.records.c.station_id, t.records.c.entity, func.count()).group_by(
            t.records.c.station_id, t.records.c.entity)
        for station_id, entity, count in conn.execute(by_entity):
            per_station.setdefault(station_id, _unknown(station_id))["records"][entity] = count
        for key, table in (("referrals", t.referrals), ("feed", t.outbound), ("blobs", t.blobs),
                           ("changes", t.applied_changes)):
            query = select(table.c.station_id, func.count()).group_by(table.c.station_id)
            for station_id, count in conn.execute(query):
                per_station.setdefault(station_id, _unknown(station_id))[key] = count
        for station_id, by_status in count_calls_by_station(conn).items():
            per_station.setdefault(station_id, _unknown(station_id))["calls"] = by_status
    return {"tables": tables, "stations": list(per_station.values())}


def _unknown(station_id: str) -> dict[str, Any]:
    return {"id": station_id, "name": None, "district": None, "enrolled": False, "revoked": False,
            "records": {}, "referrals": 0, "feed": 0, "blobs": 0, "changes": 0, "calls": {}}


def print_stats(engine: Engine, as_json: bool) -> None:
    stats = collect_stats(engine)
    if as_json:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    print("Rows per table:")
    for name, count in stats["tables"].items():
        print(f"  {name:<18} {count:>9}")
    print("Per station:")
    for s in stats["stations"]:
        records = sum(s["records"].values())
        consults = s["records"].get("call", 0)
        print(f"  {s['name'] or s['id']}: {records} records, {s['referrals']} referrals, "
              f"{s['feed']} replies queued, {s['blobs']} attachments, {consults} video consults")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


if __name__ == "__main__":
    sys.exit(main())
