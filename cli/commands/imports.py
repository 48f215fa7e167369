"""Import commands: ``import KIND FILE``, ``imports`` (history), ``rollback IMPORT_ID``."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from cli.app import CommandError, engine_from_args
from cli.commands.scores import refresh_after
from data_access.footprint import import_footprint
from data_access.imports import (
    KINDS,
    FileRejected,
    ImportDenied,
    ImportRejected,
    commit,
    describe,
    import_history,
    load_mapping,
    plan,
    prepare_file,
    rollback,
    save_mapping,
)
from data_access.imports.mapping_spec import MappingSpec, SpecError
from data_access.imports.model import problems_file
from data_access.imports.presets import PresetError, load_preset, preset_names
from data_access.imports.reading import MAX_BYTES, SheetChoiceNeeded
from data_access.imports.stream import stream_import
from data_access.users import get_user
from domain.access import SYSTEM, Principal
from domain.period import HISTORY_MONTHS
from services.refresh import DataChange

MAX_SHOWN = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("import", help="impor berkas CSV/XLSX (insiden, nilai indikator, tindakan, definisi)")
    p.add_argument("kind", choices=sorted(KINDS), help="jenis data")
    p.add_argument("file", type=Path, help="berkas .csv atau .xlsx")
    p.add_argument("--source", help="nama sumber (mis. 'Polres Gowa'); pemetaan kolom disimpan per sumber")
    p.add_argument("--mapping", help='pemetaan kolom JSON, mis. \'{"Tgl": "tanggal_kejadian"}\' atau @berkas.json; '
                                     'bentuk lengkap: {"columns", "fixed", "value_maps", "derive"}')
    p.add_argument("--save-mapping", action="store_true", help="simpan pemetaan untuk sumber ini")
    p.add_argument("--user", help="nama pengguna yang mengimpor (hak dan cakupannya berlaku); default: system")
    p.add_argument("--dry-run", action="store_true", help="periksa dan tampilkan rencana tanpa menulis")
    p.add_argument("--skip-rows", default="", help="nomor baris yang dilewati, mis. 5,7,12")
    p.add_argument("--skip-invalid", action="store_true", help="lewati semua baris bermasalah (dicatat)")
    p.add_argument("--preset", help=f"preset sumber dari assets/import_presets/ ({', '.join(preset_names())})")
    p.add_argument("--sheet", help="nama lembar kerja XLSX bila ada lebih dari satu lembar data")
    p.add_argument("--earliest", type=date.fromisoformat,
                   help="tanggal paling awal yang diterima, YYYY-MM-DD (bawaan 1945-08-17 atau dari preset)")
    p.add_argument("--report", type=Path, help="tulis daftar lengkap masalah ke berkas .csv atau .xlsx")
    p.add_argument("--stream", action="store_true",
                   help="CSV besar (mis. sejuta baris): baca dan simpan per potongan dalam satu transaksi "
                        "(otomatis untuk CSV di atas 20 MB)")
    p.set_defaults(func=cmd_import)
    p = subparsers.add_parser("imports", help="riwayat impor")
    p.add_argument("--limit", type=int, default=30)
    p.set_defaults(func=cmd_history)
    p = subparsers.add_parser("rollback", help="batalkan satu impor (baris ditarik, bukan dihapus)")
    p.add_argument("import_id", type=int)
    p.add_argument("--user", help="nama pengguna yang membatalkan; default: system")
    p.set_defaults(func=cmd_rollback)


def _refresh(engine, import_id: int, reason: str) -> None:
    """Recompute the stored scores the import (or its rollback) touched, right away."""
    with engine.connect() as conn:
        touched = import_footprint(conn, import_id)
    # as on the page: the charted months now; older changed months wait for refresh-scores
    change = DataChange.of(touched, reason).bounded(HISTORY_MONTHS, date.today())
    refresh_after(engine, change)
    if change.stale_months:
        first, last = change.stale_months
        print(f"Catatan: impor ini juga mengubah {first}–{last}; skor bulan-bulan itu ditandai belum tersedia. "
              "Jalankan `python -m data_access refresh-scores` untuk menghitungnya.")


def _principal(engine, username: str | None) -> Principal:
    if not username:
        return SYSTEM
    with engine.connect() as conn:
        user = get_user(conn, username)
    if user is None or not user.is_active:
        raise CommandError(f"pengguna '{username}' tidak ada atau tidak aktif")
    return user.principal()


def _mapping(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    if text.startswith("@"):
        path = Path(text[1:])
        if not path.exists():
            raise CommandError(f"berkas pemetaan tidak ditemukan: {path}")
        text = path.read_text(encoding="utf-8")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(f"pemetaan bukan JSON yang sah: {exc}") from None
    if not isinstance(value, dict):
        raise CommandError('pemetaan harus objek JSON {"kolom berkas": "bidang"} atau '
                           '{"columns": …, "fixed": …, "value_maps": …, "derive": …}')
    try:
        MappingSpec.from_json(value)
    except SpecError as exc:
        raise CommandError(f"pemetaan tidak sah: {exc}") from None
    return value


def _write_report(path: Path | None, problems) -> None:
    if path is None:
        return
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    path.write_bytes(problems_file(problems, fmt))
    print(f"Daftar lengkap {len(problems)} masalah: {path}", file=sys.stderr)


def _print_problems(problems) -> None:
    for problem in problems[:MAX_SHOWN]:
        print("  " + describe(problem), file=sys.stderr)
    if len(problems) > MAX_SHOWN:
        print(f"  … dan {len(problems) - MAX_SHOWN} masalah lain (daftar lengkap: --report FILE)", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    engine = engine_from_args(args)
    if not args.file.exists():
        raise CommandError(f"berkas tidak ditemukan: {args.file}")
    principal = _principal(engine, args.user)
    explicit = _mapping(args.mapping)
    try:
        preset = load_preset(args.preset) if args.preset else None
    except PresetError as exc:
        raise CommandError(str(exc)) from None
    if preset is not None and preset.kind != args.kind:
        raise CommandError(f"preset '{preset.name}' untuk jenis {preset.kind}, bukan {args.kind}")
    try:
        skip = {int(x) for x in args.skip_rows.split(",") if x.strip()}
    except ValueError:
        raise CommandError("--skip-rows harus nomor baris dipisah koma, mis. 5,7") from None
    if args.file.suffix.lower() in (".csv", ".txt", ".tsv") and (
            args.stream or args.file.stat().st_size > MAX_BYTES):
        return _stream(engine, principal, args, explicit, preset)
    data = args.file.read_bytes()
    try:
        with engine.connect() as conn:
            if explicit is None and args.source and preset is None:
                explicit = load_mapping(conn, args.kind, args.source)
            prepared = prepare_file(conn, principal, args.kind, args.file.name, data, mapping=explicit,
                                    source_name=args.source, sheet=args.sheet, earliest=args.earliest,
                                    preset=preset)
            _write_report(args.report, prepared.all_problems())
            if prepared.file_problems:
                print(f"Berkas ditolak, tidak ada yang ditulis ({len(prepared.file_problems)} masalah):", file=sys.stderr)
                _print_problems(prepared.file_problems)
                return 1
            if args.skip_invalid:
                skip |= set(prepared.error_rows)
            if prepared.problems:
                print(f"{len(prepared.problems)} masalah ({len(prepared.error_rows)} baris tidak dapat diimpor, "
                      "sisanya peringatan):", file=sys.stderr)
                _print_problems(prepared.problems)
            the_plan = plan(conn, principal, prepared, skip)
    except FileRejected as exc:
        _write_report(args.report, exc.problems)
        print("Berkas ditolak, tidak ada yang ditulis:", file=sys.stderr)
        _print_problems(exc.problems)
        if isinstance(exc, SheetChoiceNeeded):
            print(f"Pilih lembar dengan --sheet, mis. --sheet '{exc.sheets[0]}'.", file=sys.stderr)
        return 1
    except ImportDenied as exc:
        raise CommandError(str(exc)) from None
    print(f"Rencana: {the_plan.inserts} baru, {the_plan.updates} diperbarui, {the_plan.unchanged} tidak berubah, "
          f"{len(skip)} dilewati.")
    if the_plan.conflicts:
        _print_problems(the_plan.conflicts)
        return 1
    if args.dry_run:
        print("Uji coba (--dry-run): tidak ada yang ditulis.")
        return 0 if not (set(prepared.error_rows) - skip) else 1
    try:
        result = commit(engine, principal, prepared, skip_rows=skip)
    except ImportRejected as exc:
        print("Impor dibatalkan, tidak ada yang ditulis:", file=sys.stderr)
        _print_problems(exc.problems)
        print("Gunakan --skip-invalid atau --skip-rows untuk melewati baris bermasalah.", file=sys.stderr)
        return 1
    if args.save_mapping and args.source:
        with engine.begin() as conn:
            save_mapping(conn, principal, args.kind, args.source,
                         prepared.rules.to_json() if prepared.rules else prepared.mapping)
    _refresh(engine, result.import_id, "impor")
    print(f"Impor #{result.import_id} selesai: {result.added} baru, {result.updated} diperbarui, "
          f"{result.unchanged} tidak berubah, {result.skipped} dilewati.")
    return 0


def _stream(engine, principal: Principal, args: argparse.Namespace, explicit, preset) -> int:
    """Large CSV: chunked, one transaction (see data_access.imports.stream)."""
    if args.dry_run or args.skip_rows:
        raise CommandError("--dry-run dan --skip-rows tidak tersedia untuk impor bertahap; gunakan --skip-invalid")
    try:
        outcome = stream_import(engine, principal, args.kind, args.file, mapping=explicit, preset=preset,
                                source_name=args.source, earliest=args.earliest, skip_invalid=args.skip_invalid)
    except (FileRejected, ImportRejected) as exc:
        _write_report(args.report, exc.problems)
        print("Impor dibatalkan, tidak ada yang ditulis:", file=sys.stderr)
        _print_problems(exc.problems)
        return 1
    except ImportDenied as exc:
        raise CommandError(str(exc)) from None
    _write_report(args.report, outcome.problems)
    result = outcome.result
    _refresh(engine, result.import_id, "impor")
    print(f"Impor #{result.import_id} selesai: {result.added} baru, {result.updated} diperbarui, "
          f"{result.unchanged} tidak berubah, {result.skipped} dilewati ({outcome.rows} baris dibaca bertahap).")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    engine = engine_from_args(args)
    with engine.connect() as conn:
        frame = import_history(conn, SYSTEM, limit=args.limit)
    if frame.empty:
        print("Belum ada impor.")
        return 0
    for r in frame.itertuples():
        status = "dibatalkan" if r.status == "rolled_back" else "aktif"
        print(f"#{r.id:<5} {r.imported_at:%Y-%m-%d %H:%M}  {r.kind:<22} {r.file_name[:40]:<40} "
              f"+{r.rows_added} ~{r.rows_updated} ={r.rows_unchanged} -{r.rows_skipped}  {r.imported_by}  {status}")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    engine = engine_from_args(args)
    principal = _principal(engine, args.user)
    try:
        result = rollback(engine, principal, args.import_id)
    except (ImportRejected, ImportDenied) as exc:
        raise CommandError(str(exc)) from None
    _refresh(engine, result.import_id, "pembatalan impor")
    print(f"Impor #{result.import_id} dibatalkan: {result.withdrawn} baris ditarik, {result.restored} dipulihkan.")
    return 0
