"""Score snapshots: ``refresh-scores`` (everything) and ``compute-scores`` (one scope, some months).

The CLI is an entry point above the layers, so it calls :mod:`services.refresh`.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date

from cli.app import CommandError, engine_from_args
from data_access import audit
from data_access.scoring_inputs import data_start
from data_access.snapshots import count_snapshots
from domain.access import SYSTEM, Scope
from domain.period import Month
from services.refresh import DataChange, after_change
from services.risk import store_snapshots


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("refresh-scores", help="hitung ulang seluruh snapshot skor (semua wilayah, semua bulan)")
    p.add_argument("--today", type=_day, help="tanggal 'hari ini' (default: hari ini), YYYY-MM-DD")
    p.set_defaults(func=cmd_refresh_scores)
    p = subparsers.add_parser("compute-scores", help="hitung dan simpan snapshot skor risiko (dengan versi metodologi)")
    p.add_argument("--scope", default="73", help="nasional, kode provinsi (73) atau kab/kota (73.71); default 73")
    p.add_argument("--from", dest="month_from", help="bulan awal YYYY-MM (default: bulan ini)")
    p.add_argument("--to", dest="month_to", help="bulan akhir YYYY-MM (default: sama dengan --from)")
    p.set_defaults(func=cmd_compute_scores)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal tidak valid: {text!r} (format YYYY-MM-DD)") from None


def _month(text: str | None, default: Month) -> Month:
    if not text:
        return default
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise CommandError(f"bulan tidak valid: {text!r} (format YYYY-MM)") from exc


def progress_printer(prefix: str = "  "):
    """A progress callback printing at most every 10 % (stderr, so stdout stays the result)."""
    last = [-1]

    def report(fraction: float, text: str) -> None:
        step = int(fraction * 10)
        if step != last[0]:
            last[0] = step
            print(f"{prefix}{fraction:4.0%} {text}", file=sys.stderr)

    return report


def refresh_after(engine, change: DataChange, today: date | None = None) -> int:
    """Run every refresh step for ``change`` in its own transaction, printing progress; rows written."""
    if change.empty:
        return 0
    started = time.perf_counter()
    with engine.begin() as conn:
        summary = after_change(conn, change, progress_printer(), today=today)
    print(f"Snapshot skor diperbarui: {summary.rows} baris dalam {time.perf_counter() - started:.1f} detik.")
    return summary.rows


def ensure_snapshots(engine) -> int:
    """After a migration: a database with incidents but no stored scores gets them all computed now."""
    with engine.connect() as conn:
        needed = data_start(conn) is not None and count_snapshots(conn) == 0
    return refresh_after(engine, DataChange.all("upgrade")) if needed else 0


def cmd_refresh_scores(args: argparse.Namespace) -> int:
    engine = engine_from_args(args)
    rows = refresh_after(engine, DataChange.all(), args.today)
    with engine.begin() as conn:
        audit.record(conn, SYSTEM, "compute_scores", "nasional", {"refresh": "all", "rows": rows})
    return 0


def cmd_compute_scores(args: argparse.Namespace) -> int:
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
