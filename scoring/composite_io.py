"""Reading a values CSV for a :class:`~scoring.spec_toml.SpecFile` and writing every node's score.

Row numbers in messages are the file's line numbers (the header is line 1).
"""
from __future__ import annotations

import csv
import math
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from scoring.composite import composite_index
from scoring.spec_toml import SpecError, SpecFile


def _parse(text: str, missing: set[str]) -> float:
    t = text.strip()
    if t == "" or t in missing:
        return math.nan
    v = float(t)  # ValueError for anything else, reported by the caller with row and column
    if not math.isfinite(v):
        raise ValueError(t)
    return v


def read_values(path: str | Path, sf: SpecFile) -> pd.DataFrame:
    """Values file → DataFrame indexed by unit, one float column per indicator (NaN = missing).

    Raises :class:`SpecError` naming file, row and column for: a missing file, a missing unit or
    indicator column, an empty or repeated unit, a value that is not a number (missing values
    are an empty cell or one of the spec's ``missing`` texts, e.g. ``x``) or lies outside
    ``value_range``. Columns the spec does not use are ignored.
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                raise SpecError(f"{path}: berkas nilai kosong (tidak ada baris judul)")
            header = [h.strip() for h in header]
            need = [sf.unit_column] + list(sf.columns.values())
            absent = [c for c in need if c not in header]
            if absent:
                hint = " (pemisah kolom harus koma)" if len(header) == 1 and ";" in header[0] else ""
                raise SpecError(f"{path}, baris 1: kolom {', '.join(repr(c) for c in absent)} tidak ada{hint}")
            repeated = sorted({h for h in need if header.count(h) > 1})
            if repeated:
                raise SpecError(f"{path}, baris 1: kolom '{repeated[0]}' muncul lebih dari sekali")
            pos = {c: header.index(c) for c in need}
            missing = set(sf.missing)
            units: list[str] = []
            seen: dict[str, int] = {}
            rows: list[list[float]] = []
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue  # a blank line is not a unit
                if len(row) != len(header):
                    raise SpecError(f"{path}, baris {line}: {len(row)} kolom, judul punya {len(header)}")
                unit = row[pos[sf.unit_column]].strip()
                if not unit:
                    raise SpecError(f"{path}, baris {line}, kolom '{sf.unit_column}': nama unit kosong")
                if unit in seen:
                    raise SpecError(f"{path}, baris {line}, kolom '{sf.unit_column}': unit '{unit}' "
                                    f"sudah ada di baris {seen[unit]}")
                seen[unit] = line
                vals = []
                for name, col in sf.columns.items():
                    cell = row[pos[col]]
                    try:
                        v = _parse(cell, missing)
                    except ValueError:
                        tokens = " atau ".join(f"'{m}'" for m in sf.missing) or "sel kosong"
                        raise SpecError(f"{path}, baris {line}, kolom '{col}': nilai {cell.strip()!r} bukan angka "
                                        f"(data hilang ditulis {tokens})") from None
                    if sf.value_range and not math.isnan(v) and not sf.value_range[0] <= v <= sf.value_range[1]:
                        lo, hi = sf.value_range
                        raise SpecError(f"{path}, baris {line}, kolom '{col}': nilai {v:g} di luar rentang "
                                        f"{lo:g}–{hi:g}")
                    vals.append(v)
                units.append(unit)
                rows.append(vals)
    except FileNotFoundError:
        raise SpecError(f"{path}: berkas nilai tidak ditemukan") from None
    except UnicodeDecodeError:
        raise SpecError(f"{path}: berkas nilai bukan teks UTF-8") from None
    except csv.Error as exc:
        raise SpecError(f"{path}: CSV tidak valid ({exc})") from None
    if not rows:
        raise SpecError(f"{path}: tidak ada baris data")
    return pd.DataFrame(rows, index=pd.Index(units, name=sf.unit_column), columns=list(sf.columns), dtype=float)


def node_scores(values: pd.DataFrame, sf: SpecFile) -> pd.DataFrame:
    """Score of every group node (columns in ``sf.node_order``: children before parents)."""
    return composite_index(values, sf.spec).groups[list(sf.node_order)]


def _fmt(v: float, digits: int | None) -> str:
    if digits is not None:
        return f"{v:.{digits}f}"
    return f"{v:.12g}"


def write_scores(scores: pd.DataFrame, sf: SpecFile, out: str | Path) -> None:
    """Write unit column + one column per node; missing scores as the spec's first missing text.

    Written to a temporary file in the same folder and renamed, so a failure leaves no partial file.
    """
    out = Path(out)
    if not out.parent.is_dir():
        raise SpecError(f"{out}: folder tujuan tidak ada")
    blank = sf.missing[0] if sf.missing else ""
    fd, tmp = tempfile.mkstemp(prefix=".composite-", suffix=".csv", dir=out.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow([sf.unit_column, *scores.columns])
            digits = [sf.round_digits.get(c) for c in scores.columns]
            for unit, row in zip(scores.index, scores.to_numpy(dtype=float)):
                w.writerow([unit, *(blank if np.isnan(v) else _fmt(v, d) for v, d in zip(row, digits))])
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SpecError(f"{out}: tidak bisa ditulis ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
