"""`telestation export` and `telestation import-fhir`: HL7 FHIR R4 in and out of the station.

Composed into the `telestation` command by the outer layer:
`station.cli.main(argv, add_commands=add_commands, handlers=handlers)`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station.cli import Handler, add_common, read_secret

if TYPE_CHECKING:  # the store (and sqlite-utils) load only when a command runs: `--help` stays quick
    from station.store import Store


def add_commands(sub: Any) -> None:
    """Add the FHIR commands to the `telestation` subcommands."""
    p = sub.add_parser("export", help="export a patient's record as an HL7 FHIR R4 bundle (JSON)")
    add_common(p)
    p.add_argument("--patient", required=True, metavar="MRN", help="the patient's MRN")
    p.add_argument("--format", default="fhir", choices=("fhir",), help="file format (only fhir: FHIR R4 JSON)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write (replaced if it exists)")

    p = sub.add_parser("import-fhir", help="import patients from a FHIR bundle (another system's register)")
    add_common(p)
    p.add_argument("--bundle", required=True, type=Path, metavar="FILE", help="FHIR JSON file with Patient entries")
    p.add_argument("--skip-invalid", action="store_true",
                   help="save the patients that can be saved even if some cannot")


def _open(args: argparse.Namespace) -> Store:
    from station.store import Store

    return Store.open(args.data_dir, args.as_user, read_secret(args.password_file, "Password: "))


def cmd_export(args: argparse.Namespace) -> int:
    from station import patients
    from sync import fhir_station

    with _open(args) as store:
        patient = patients.by_mrn(store, args.patient)
        count = fhir_station.export_patient(store, patient.id, args.out)
    print(f"Exported {patient.name} (MRN {patient.mrn}) to {args.out}: {count} FHIR resources.")
    return 0


def cmd_import_fhir(args: argparse.Namespace) -> int:
    from station import fhir_import

    with _open(args) as store:
        report = fhir_import.import_file(store, args.bundle, skip_invalid=args.skip_invalid,
                                         district=store.meta("district") or "")
    report.finish(args.skip_invalid, "bundle", f"{{n}} patient(s) in {args.bundle.name} cannot be imported "
                  "(listed above); nothing was imported. Fix them, or use --skip-invalid to import the others.",
                  "not imported")
    return 0


handlers: dict[str, Handler] = {"export": cmd_export, "import-fhir": cmd_import_fhir}


def main(argv: list[str] | None = None) -> int:
    """The station's command line with the FHIR commands (for running this module directly)."""
    from station.cli import main as station_main

    return station_main(argv, add_commands=add_commands, handlers=handlers)


if __name__ == "__main__":
    sys.exit(main())
