"""Command line: ``python -m data_access COMMAND …``.

Each module in ``COMMAND_MODULES`` exposes ``register(subparsers)`` and adds its
commands, each with ``func(args) -> int`` (the exit code). Errors that users can
fix are raised as :class:`CommandError` and printed without a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "data_access.commands.core",
    "data_access.commands.demo",
    "data_access.commands.scores",
    "data_access.commands.imports",
    "data_access.commands.users",
    "data_access.commands.briefing",
    "data_access.commands.early_warning",
)


EXIT_TEMPORARY = 75  # EX_TEMPFAIL: the database was busy or unreachable; the same command may succeed later
TROUBLE_MESSAGES = {
    "busy": "basis data sedang dikunci oleh proses lain (mis. impor lain) lebih lama dari batas tunggu "
            "{timeout:g} detik; tidak ada yang ditulis. Coba lagi setelah proses itu selesai.",
    "unavailable": "basis data tidak dapat dihubungi (server mati atau sedang dimulai ulang); "
                   "tidak ada yang ditulis. Coba lagi setelah server berjalan kembali.",
}


class CommandError(Exception):
    """A problem the user can fix; printed as ``galat: …`` with exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access", description="SIPKS: basis data dan data.")
    parser.add_argument("--database-url", help="URL basis data (default: SIPKS_DATABASE_URL atau data/sipks.db)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that command group is not part of this build
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from data_access.db import database_trouble, sqlite_busy_timeout

        trouble = database_trouble(exc)
        if trouble is None:
            raise
        print(f"galat: {TROUBLE_MESSAGES[trouble].format(timeout=sqlite_busy_timeout())}", file=sys.stderr)
        return EXIT_TEMPORARY
    except KeyboardInterrupt:
        return 130
