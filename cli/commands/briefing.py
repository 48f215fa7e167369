"""``briefing-pack``: the Laporan Situasi pack (PPTX or PDF) of a scope and month, audited.

The CLI is an entry point above the layers, so this module may call ``services.pack``.
The pack is made as the operator's SYSTEM identity unless ``--user`` names an account,
whose scope and clearance then apply exactly as in the app.
"""
from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from data_access import users
from cli.app import CommandError
from cli.app import engine_from_args
from domain.access import SYSTEM, Scope
from domain.period import Month


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("briefing-pack", help="paket Laporan Situasi (PPTX atau PDF) untuk cakupan dan bulan")
    p.add_argument("--scope", required=True, help="nasional, kode provinsi (73) atau kab/kota (73.71)")
    p.add_argument("--month", required=True, help="bulan YYYY-MM")
    p.add_argument("--format", dest="file_format", required=True, choices=("pptx", "pdf"))
    p.add_argument("--out", required=True, help="berkas keluaran")
    p.add_argument("--user", help="buat sebagai pengguna ini (cakupan dan tingkat aksesnya berlaku)")
    p.add_argument("--renderer", default="auto", choices=("auto", "kaleido", "matplotlib"),
                   help="penggambar peta/grafik: kaleido (Chromium sistem) atau matplotlib (tanpa peramban)")
    p.set_defaults(func=cmd_briefing_pack)


def cmd_briefing_pack(args: argparse.Namespace) -> int:
    from services.pack import PackError, export_pack  # heavy import only for this command

    try:
        scope = Scope.decode(args.scope)
    except ValueError as exc:
        raise CommandError(f"cakupan tidak valid: {args.scope!r}") from exc
    try:
        month = Month.parse(args.month)
    except (ValueError, IndexError) as exc:
        raise CommandError(f"bulan tidak valid: {args.month!r} (format YYYY-MM)") from exc
    if month > Month.of(date.today()):
        raise CommandError("bulan di masa depan tidak dapat dilaporkan")
    out = Path(args.out)
    if not out.parent.exists():
        raise CommandError(f"folder keluaran tidak ada: {out.parent}")
    engine = engine_from_args(args)
    principal = SYSTEM
    if args.user:
        with engine.connect() as conn:
            user = users.get_user(conn, args.user)
        if user is None or not user.is_active:
            raise CommandError(f"pengguna tidak ada atau nonaktif: {args.user!r}")
        principal = user.principal()
        if scope.code is not None and not principal.scope.contains(scope.code) or \
                scope.code is None and principal.scope.code is not None:
            raise CommandError(f"cakupan {scope.encode()} di luar wewenang {args.user}")
    started = time.perf_counter()
    try:
        pack = export_pack(engine, principal, scope, month, args.file_format, renderer=args.renderer, channel="cli")
    except (PackError, ValueError, FileNotFoundError) as exc:
        raise CommandError(str(exc)) from exc
    out.write_bytes(pack.data)
    print(f"Paket {pack.file_format.upper()} tersimpan: {out} ({len(pack.data):,} bita, {pack.slides} slide, "
          f"klasifikasi {pack.classification.upper()}, gambar: {pack.renderer}, "
          f"{time.perf_counter() - started:.1f} dtk).")
    return 0
