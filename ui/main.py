"""`telestation`: with no command, the desktop app; with a command, the command line.

    telestation [--data-dir DIR] [--language ur]   # the desktop app
    telestation init|user|sync|enroll|...          # the command line (station + sync commands)
"""

from __future__ import annotations

import _signal


def _stopped_while_loading(_signum: int, _frame: object) -> None:
    import sys

    sys.stderr.write("telestation: stopped (Ctrl-C).\n")
    raise SystemExit(130)


try:  # noqa: SIM105 - contextlib is not loaded yet; Ctrl-C while loading: a line, not a traceback
    _signal.signal(_signal.SIGINT, _stopped_while_loading)  # (main() puts Python's own handler back)
except ValueError:  # imported off the main thread (tests)
    pass

import argparse  # noqa: E402 - after the handler above
import signal  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from station.selfcheck import Check
    from station.store import Store


def _cli_main() -> object:
    """The outermost command line that exists: sync's (adds sync/enroll) or the station's."""
    try:
        from sync.cli import main as cli_main
    except ImportError:
        from station.cli import main as cli_main
    return cli_main


def wire_selfcheck() -> None:
    """Hand the outer layers' checks to `telestation selfcheck` and Help -> Check this station.

    Each is imported only when the check runs, so a build without video (or a command that never
    checks) does not load it; a part that is missing is reported as not installed.
    """
    from station import selfcheck

    def fonts_and_translations(data_dir: Path, store: Store | None) -> list[Check]:
        from ui import selfcheck_qt

        return selfcheck_qt.checks(data_dir, store)

    def devices_and_hub(data_dir: Path, store: Store | None) -> list[Check]:
        from sync import selfcheck as sync_selfcheck

        return sync_selfcheck.checks(data_dir, store)

    selfcheck.add_probe(selfcheck.FONTS_AND_TRANSLATIONS, fonts_and_translations)
    selfcheck.add_probe(selfcheck.DEVICES_AND_HUB, devices_and_hub)


def main(argv: list[str] | None = None) -> int:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
    argv = list(sys.argv[1:] if argv is None else argv)
    wire_selfcheck()
    wants_gui = not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"))
    if not wants_gui:
        try:
            command_line = _cli_main()
        except KeyboardInterrupt:  # Ctrl-C while the program loads: no traceback
            print("telestation: stopped (Ctrl-C).", file=sys.stderr)
            return 130
        return int(command_line(argv))  # type: ignore[operator]
    parser = argparse.ArgumentParser(prog="telestation", description="Clinic telemedicine station.")
    parser.add_argument("--data-dir", type=Path, default=None, help="station data folder")
    parser.add_argument("--language", choices=("en", "ur"), help="interface language for this run")
    args, qt_args = parser.parse_known_args(argv)
    from station.cli import default_data_dir
    from ui import app, prefs

    data_dir = args.data_dir or default_data_dir()
    if args.language:
        saved = prefs.load(data_dir)
        if saved.language != args.language and (data_dir / prefs.FILE).exists():
            saved.language = args.language
            prefs.save(data_dir, saved)
        elif not (data_dir / prefs.FILE).exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            prefs.save(data_dir, prefs.Preferences(language=args.language))
    return app.run(data_dir, [sys.argv[0], *qt_args])


if __name__ == "__main__":
    sys.exit(main())
