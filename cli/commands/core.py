"""Core commands: upgrade, setup, backup."""
from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from cli.app import CommandError, engine_from_args
from cli.commands.scores import ensure_snapshots
from data_access.db import upgrade
from data_access.reference import load_regions


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("upgrade", help="migrasikan basis data ke versi terbaru dan muat data wilayah")
    p.set_defaults(func=cmd_upgrade)
    p = subparsers.add_parser("backup", help="salin basis data SQLite secara konsisten (aman saat aplikasi berjalan)")
    p.add_argument("target", type=Path, help="berkas tujuan, mis. backup/sipks-2026-11-29.db")
    p.set_defaults(func=cmd_backup)


def cmd_upgrade(args: argparse.Namespace) -> int:
    engine = engine_from_args(args)
    upgrade(engine)
    with engine.begin() as conn:
        added = load_regions(conn)
    print(f"Basis data dimigrasikan ({engine.url.render_as_string(hide_password=True)}); wilayah ditambahkan: {added}.")
    ensure_snapshots(engine)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    engine = engine_from_args(args)
    if engine.dialect.name != "sqlite":
        raise CommandError("backup hanya untuk SQLite; untuk PostgreSQL gunakan pg_dump.")
    source_path = engine.url.database
    if not source_path or not Path(source_path).exists():
        raise CommandError(f"basis data tidak ditemukan: {source_path}")
    target: Path = args.target
    if target.exists():
        raise CommandError(f"berkas tujuan sudah ada, tidak ditimpa: {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    # SQLite's online backup API copies a consistent snapshot even while the app writes.
    with sqlite3.connect(source_path, timeout=30) as source, sqlite3.connect(target) as dest:
        source.backup(dest)
    print(f"Cadangan tersimpan: {target}")
    return 0
