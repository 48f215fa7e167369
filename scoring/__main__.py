"""Command line of the scoring package.

``python -m scoring composite --spec SPEC.toml --values VALUES.csv --out OUT.csv`` computes a
composite index described in a TOML spec for every unit of a values file and writes the score
of every node. Errors are printed as ``galat: …`` (Bahasa Indonesia, naming file, row and
column) with exit status 2; never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from scoring.composite_io import node_scores, read_values, write_scores
from scoring.spec_toml import SpecError, load_spec_file

USAGE = "python -m scoring composite --spec SPEC.toml --values NILAI.csv --out HASIL.csv"


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001 - argparse's signature
        super().add_usage(usage, actions, groups, "pemakaian: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Indonesian help headings; its English error texts become a SpecError."""

    def __init__(self, **kwargs) -> None:  # noqa: ANN003 - passed on to argparse
        super().__init__(formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title, self._optionals.title = "argumen", "opsi"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str) -> None:  # argparse would print English and exit 2
        raise SpecError(f"argumen tidak valid ({message}); pemakaian: {USAGE}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m scoring", description="Alat baris perintah modul skor SIPKS.")
    sub = p.add_subparsers(dest="command", metavar="perintah", parser_class=_Parser)
    c = sub.add_parser("composite", help="hitung indeks komposit dari spesifikasi TOML",
                       description="Hitung skor setiap simpul indeks komposit untuk setiap unit.")
    c.add_argument("--spec", metavar="SPEC.toml", help="berkas spesifikasi indeks (TOML)")
    c.add_argument("--values", metavar="NILAI.csv", help="berkas nilai indikator (CSV, satu baris per unit)")
    c.add_argument("--out", metavar="HASIL.csv", help="berkas hasil (CSV): kolom unit + satu kolom per simpul")
    return p


def composite(spec: str, values: str, out: str) -> str:
    """Run the composite command; returns the summary line. Raises SpecError on bad input."""
    sf = load_spec_file(spec)
    table = read_values(values, sf)
    scores = node_scores(table, sf)
    write_scores(scores, sf, out)
    return (f"Selesai: {sf.name} — {len(scores)} unit, {len(scores.columns)} simpul "
            f"({', '.join(scores.columns)}) → {out}")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command != "composite":
            raise SpecError(f"perintah tidak dikenal atau kosong; pemakaian: {USAGE}")
        absent = [f"--{k}" for k in ("spec", "values", "out") if not getattr(args, k)]
        if absent:
            raise SpecError(f"argumen {', '.join(absent)} wajib diisi; pemakaian: {USAGE}")
        print(composite(args.spec, args.values, args.out))
        return 0
    except SpecError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # last resort: the user gets a message, not a traceback
        print(f"galat: kesalahan tak terduga ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
