"""Demo-data commands: ``seed-demo`` and ``setup`` (what ``make run`` calls)."""
from __future__ import annotations

import argparse
import os
import time
from datetime import date

from cli.app import CommandError, engine_from_args
from cli.commands.scores import ensure_snapshots, refresh_after
from data_access.db import upgrade
from data_access.demo import DemoDataError, SeedSummary, existing_data, seed_demo
from data_access.reference import load_regions
from data_access.users import ensure_demo_users
from services.refresh import DataChange

TODAY_ENV = "SIPKS_DEMO_TODAY"   # lets tests and screenshots pin the demo's "today"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("seed-demo", help="isi basis data dengan data contoh sintetis")
    p.add_argument("--seed", type=int, default=20241127, help="benih acak (default 20241127)")
    p.add_argument("--today", type=_parse_date, help="tanggal 'hari ini' data contoh, YYYY-MM-DD")
    p.add_argument("--scale", choices=("sulsel", "national"), default="sulsel",
                   help="sulsel: 24 kab/kota Sulawesi Selatan; national: seluruh 514 kab/kota (uji beban)")
    p.add_argument("--incidents", type=int, help="jumlah insiden (default 5000 untuk sulsel)")
    p.add_argument("--replace", action="store_true", help="hapus data yang ada lalu ganti dengan data contoh")
    p.set_defaults(func=cmd_seed_demo)
    p = subparsers.add_parser("setup", help="migrasi, muat wilayah, dan muat data contoh bila belum ada insiden")
    p.add_argument("--today", type=_parse_date, help=f"tanggal 'hari ini' data contoh (atau env {TODAY_ENV})")
    p.set_defaults(func=cmd_setup)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal tidak valid: {text!r} (format YYYY-MM-DD)") from None


def _today(args: argparse.Namespace) -> date | None:
    if args.today:
        return args.today
    env = os.environ.get(TODAY_ENV)
    if not env:
        return None
    try:
        return date.fromisoformat(env)
    except ValueError:
        raise CommandError(f"{TODAY_ENV} tidak valid: {env!r} (format YYYY-MM-DD)") from None


def cmd_seed_demo(args: argparse.Namespace) -> int:
    if args.incidents is not None and args.incidents <= 0:
        raise CommandError("--incidents harus bilangan positif")
    engine = engine_from_args(args)
    started = time.perf_counter()
    try:
        with engine.begin() as conn:
            summary = seed_demo(conn, seed=args.seed, today=_today(args), scale=args.scale,
                                n_incidents=args.incidents, replace=args.replace)
    except DemoDataError as exc:
        raise CommandError(str(exc)) from None
    _print_summary(summary, time.perf_counter() - started)
    # the whole database, as refresh-scores: a national demo is scored in worker processes (1 M: 45 → 16 s)
    refresh_after(engine, DataChange.all("seed-demo"), summary.today)
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    engine = engine_from_args(args)
    upgrade(engine)
    with engine.begin() as conn:
        added = load_regions(conn)
    print(f"Basis data dimigrasikan ({engine.url.render_as_string(hide_password=True)}); "
          f"wilayah ditambahkan: {added}.")
    with engine.begin() as conn:
        found = existing_data(conn)
        if found:
            print("Basis data sudah berisi data; data contoh tidak dimuat.")
    if found:
        ensure_snapshots(engine)
        return 0
    with engine.begin() as conn:
        started = time.perf_counter()
        try:
            summary = seed_demo(conn, today=_today(args))
            ensure_demo_users(conn)  # demo accounts (README) only for a demo database; banner while active
        except DemoDataError as exc:
            raise CommandError(str(exc)) from None
    _print_summary(summary, time.perf_counter() - started)
    refresh_after(engine, DataChange.all("setup"), summary.today)
    if summary.scale == "sulsel":
        from cli.commands.early_warning import prepare_demo

        prepare_demo(engine, summary.today)
    return 0


def _print_summary(s: SeedSummary, seconds: float) -> None:
    print(f"Data contoh (sintetis) dimuat dalam {seconds:.1f} detik: skala {s.scale}, benih {s.seed}, "
          f"periode {s.start:%Y-%m-%d} s.d. {s.today:%Y-%m-%d}, {s.kabkota} kab/kota.")
    print(f"  insiden {s.incidents:,} · tindak lanjut {s.handling_actions:,} · indikator {s.indicator_definitions} "
          f"definisi / {s.indicator_values:,} nilai · peristiwa {s.events} · status konflik {s.declarations}"
          .replace(",", "."))
