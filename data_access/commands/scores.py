"""``compute-scores``: compute and store risk-index snapshots with the methodology version.

The CLI is an entry point above the layers, so this module may call ``services.risk``.
"""
from __future__ import annotations

import argparse
from datetime import date

from data_access import audit
from data_access.cli import CommandError
from data_access.commands import engine_from_args
from domain.access import SYSTEM, Scope
from domain.period import Month


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("compute-scores", help="hitung dan simpan snapshot skor risiko (dengan versi metodologi)")
    p.add_argument("--scope", default="73", help="nasional, kode provinsi (73) atau kab/kota (73.71); default 73")
    p.add_argument("--from", dest="month_from", help="bulan awal YYYY-MM (default: bulan ini)")
    p.add_argument("--to", dest="month_to", help="bulan akhir YYYY-MM (default: sama dengan --from)")
    p.set_defaults(func=cmd_compute_scores)


def _month(text: str | None, default: Month) -> Month:
    if not text:
        return default
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise CommandError(f"bulan tidak valid: {text!r} (format YYYY-MM)") from exc


def cmd_compute_scores(args: argparse.Namespace) -> int:
    from services.risk import store_snapshots  # heavy import only for this command

    try:
        scope = Scope.decode(args.scope)
    except ValueError as exc:
        raise CommandError(f"cakupan tidak valid: {args.scope!r}") from exc
    first = _month(args.month_from, Month.of(date.today()))
    last = _month(args.month_to, first)
    if last < first:
        raise CommandError("--to lebih awal dari --from")
    if last > Month.of(date.today()):
        raise CommandError("bulan di masa depan tidak dapat dihitung")
    engine = engine_from_args(args)
    with engine.begin() as conn:
        written = store_snapshots(conn, SYSTEM, scope, first.range_to(last))
        audit.record(conn, SYSTEM, "compute_scores", scope.encode(),
                     {"from": str(first), "to": str(last), "rows": written})
    print(f"Snapshot skor tersimpan: {written} baris ({first}–{last}, cakupan {scope.encode()}).")
    return 0
