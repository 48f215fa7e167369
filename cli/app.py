"""Command line: ``python -m cli COMMAND …`` (``python -m data_access COMMAND …`` is the same program).

The CLI sits above every layer (it may call services, data_access and scoring). Every
module in :mod:`cli.commands` that defines ``register(subparsers)`` adds its commands,
each with ``func(args) -> int`` (the exit code): adding a command is adding a module.
Errors that users can fix are raised as :class:`CommandError` and printed without a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import cli.commands
from data_access.db import Engine, make_engine


EXIT_TEMPORARY = 75  # EX_TEMPFAIL: the database was busy or unreachable; the same command may succeed later
TROUBLE_MESSAGES = {
    "busy": "basis data sedang dikunci oleh proses lain (mis. impor lain) lebih lama dari batas tunggu "
            "{timeout:g} detik; tidak ada yang ditulis. Coba lagi setelah proses itu selesai.",
    "unavailable": "basis data tidak dapat dihubungi (server mati atau sedang dimulai ulang); "
                   "tidak ada yang ditulis. Coba lagi setelah server berjalan kembali.",
}


class CommandError(Exception):
    """A problem the user can fix; printed as ``galat: …`` with exit code 2."""


def engine_from_args(args: argparse.Namespace) -> Engine:
    """The engine for ``--database-url`` (default: ``SIPKS_DATABASE_URL`` or data/sipks.db)."""
    return make_engine(getattr(args, "database_url", None))


def command_modules() -> list[str]:
    """Every module of :mod:`cli.commands`, in name order (a module that fails to import fails loudly)."""
    return sorted(f"cli.commands.{m.name}" for m in pkgutil.iter_modules(cli.commands.__path__)
                  if not m.name.startswith("_"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access", description="SIPKS: basis data dan data.")
    parser.add_argument("--database-url", help="URL basis data (default: SIPKS_DATABASE_URL atau data/sipks.db)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    for name in command_modules():
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from data_access.db import database_trouble, sqlite_busy_timeout

        trouble = database_trouble(exc)
        if trouble is None:
            raise
        print(f"galat: {TROUBLE_MESSAGES[trouble].format(timeout=sqlite_busy_timeout())}", file=sys.stderr)
        return EXIT_TEMPORARY
