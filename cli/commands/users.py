"""User and audit commands: create-user, disable-user, enable-user, reset-password, list-users, audit-export.

Passwords are read from a prompt (twice) or from standard input with ``--password-stdin``
— never from an argument, which ``ps`` and shell history would show. The commands act
as the server's operator (``SYSTEM``); every change lands in the audit log.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

from data_access import users
from data_access.audit_queries import AuditFilter, export_csv
from cli.app import CommandError, engine_from_args
from domain.access import SYSTEM, Role
from domain.taxonomy import SENSITIVITY_ORDER


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("create-user", help="buat akun (kata sandi diminta, atau dari stdin)")
    p.add_argument("--username", required=True)
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--scope", required=True, help="'nasional', kode provinsi (73) atau kab/kota (73.71)")
    p.add_argument("--clearance", default="umum", choices=SENSITIVITY_ORDER,
                   help="data terbatas/rahasia yang boleh dibaca (default: umum)")
    p.add_argument("--full-name", default="")
    p.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari baris pertama stdin")
    p.set_defaults(func=cmd_create_user)

    for name, active, text in (("disable-user", False, "nonaktifkan akun (sesi langsung berakhir)"),
                               ("enable-user", True, "aktifkan kembali akun")):
        p = subparsers.add_parser(name, help=text)
        p.add_argument("username")
        p.set_defaults(func=cmd_set_active, active=active)

    p = subparsers.add_parser("reset-password", help="atur ulang kata sandi (sesi yang berjalan berakhir)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_reset_password)

    p = subparsers.add_parser("list-users", help="daftar akun")
    p.set_defaults(func=cmd_list_users)

    p = subparsers.add_parser("audit-export", help="ekspor log audit ke CSV (tercatat di log audit)")
    p.add_argument("--from", dest="date_from", type=_date, help="tanggal awal YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=_date, help="tanggal akhir YYYY-MM-DD (inklusif)")
    p.add_argument("--action", action="append", default=[], help="hanya tindakan ini (boleh berulang)")
    p.add_argument("--output", type=Path, help="berkas CSV tujuan (default: stdout)")
    p.set_defaults(func=cmd_audit_export)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal tidak valid (format YYYY-MM-DD): {text!r}") from None


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Kata sandi: ")
        if getpass.getpass("Ulangi kata sandi: ") != password:
            raise CommandError("kedua kata sandi tidak sama")
    try:
        users.check_password_policy(password)
    except users.UserError as exc:
        raise CommandError(str(exc)) from None
    return password


def cmd_create_user(args: argparse.Namespace) -> int:
    password = _read_password(args.password_stdin)
    engine = engine_from_args(args)
    try:
        with engine.begin() as conn:
            user = users.create_user(conn, SYSTEM, username=args.username, password=password, role=args.role,
                                     scope_code=args.scope, clearance=args.clearance, full_name=args.full_name)
    except users.UserError as exc:
        raise CommandError(str(exc)) from None
    print(f"Akun dibuat: {user.username} ({user.role.value}, cakupan {user.scope_code or 'nasional'}, "
          f"izin {user.clearance}).")
    return 0


def cmd_set_active(args: argparse.Namespace) -> int:
    try:
        with engine_from_args(args).begin() as conn:
            users.set_active(conn, SYSTEM, args.username, args.active)
    except users.UserError as exc:
        raise CommandError(str(exc)) from None
    print(f"Akun {users.normalise_username(args.username)} {'diaktifkan' if args.active else 'dinonaktifkan'}.")
    return 0


def cmd_reset_password(args: argparse.Namespace) -> int:
    password = _read_password(args.password_stdin)
    try:
        with engine_from_args(args).begin() as conn:
            users.set_password(conn, SYSTEM, args.username, password)
    except users.UserError as exc:
        raise CommandError(str(exc)) from None
    print(f"Kata sandi {users.normalise_username(args.username)} diatur ulang.")
    return 0


def cmd_list_users(args: argparse.Namespace) -> int:
    with engine_from_args(args).connect() as conn:
        frame = users.list_users(conn, SYSTEM)
    if frame.empty:
        print("Belum ada akun. Buat admin pertama: python -m data_access create-user --role admin --scope nasional "
              "--clearance rahasia --username …")
        return 0
    for row in frame.itertuples():
        flags = ("" if row.is_active else " [nonaktif]") + (" [demo]" if row.is_demo else "")
        # National scope is stored as NULL, which pandas reads back as NaN (truthy): test for a code.
        scope = row.scope_code if isinstance(row.scope_code, str) and row.scope_code else "nasional"
        print(f"{row.username:<24} {row.role:<9} {scope:<9} {row.clearance:<9}{flags}")
    return 0


def cmd_audit_export(args: argparse.Namespace) -> int:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CommandError("--from lebih akhir dari --to")
    if args.output is not None and args.output.exists():
        raise CommandError(f"berkas tujuan sudah ada, tidak ditimpa: {args.output}")
    flt = AuditFilter(date_from=args.date_from, date_to=args.date_to, actions=tuple(args.action))
    with engine_from_args(args).begin() as conn:
        data = export_csv(conn, SYSTEM, flt, channel="cli")
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(data)
        print(f"Log audit diekspor: {args.output}", file=sys.stderr)
    return 0
