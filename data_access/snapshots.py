"""Stored risk-index results (``score_snapshots``): the one read path for scores (docs/design-snapshots.md).

Writers (``services.refresh``) store every result column: the dedicated columns below,
the per-indicator contributions, and any other result column in ``extra``, so pages get
back exactly the table the scoring engine produced. Reads are confined to a scope in SQL.
"""
from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, and_, delete, func, insert, select, tuple_

from data_access.fetch import frame
from data_access.models import DataVersion, Region, ScoreSnapshot
from data_access.scope import code_in_scope
from domain.access import Principal, Scope
from domain.period import Month

S = ScoreSnapshot.__table__
R = Region.__table__
DIHITUNG_ULANG, TERBIT = "dihitung_ulang", "terbit"
SERIES = (DIHITUNG_ULANG, TERBIT)
# result columns stored in a column of their own; the rest of a result row goes to ``extra``
DEDICATED = ("region_code", "level", "score", "category", "category_raw", "rank", "p_merah", "p_hijau",
             "borderline", "components", "drivers", "explanation", "completeness", "imputed", "overrides",
             "contributions", "as_of", "data_as_of", "methodology_version")
JSON_COLUMNS = ("components", "drivers", "imputed", "overrides", "contributions", "extra")
HISTORY_COLUMNS = ("region_code", "level", "period", "score", "category", "category_raw", "rank", "p_merah",
                   "p_hijau", "borderline")


def _plain(value: Any) -> Any:
    """A JSON-safe Python value (numpy scalars, NaN/NA → None, dates → ISO text)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()[:10]
    return value


def _json_ready(value: Any) -> Any:
    """``value`` itself when it is already plain JSON (checked in C), else :func:`_plain` of it.

    The contributions of every region are hundreds of small dicts per month: walking them in
    Python dominated the refresh, while most arrive plain from ``services.snapshots.result_rows``.
    """
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return _plain(value)
    return value


def _day(value: Any) -> date | None:
    if value is None or (not isinstance(value, (str, date)) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def _plain_column(values: pd.Series) -> list[Any]:
    """``[_plain(v) for v in values]``, without a Python call per value where the dtype says what it holds."""
    kind = values.dtype.kind
    if isinstance(values.dtype, np.dtype) and kind == "f":
        return [None if v != v else v for v in values.to_numpy().tolist()]   # v != v: NaN
    if isinstance(values.dtype, np.dtype) and kind in "biu":
        return values.to_numpy().tolist()
    if isinstance(values.dtype, pd.Int64Dtype):
        present = values.to_numpy(dtype="int64", na_value=0).tolist()
        return [None if missing else v for v, missing in zip(present, values.isna().to_numpy().tolist())]
    items = values.tolist()
    if kind == "O" and all(v is None or type(v) is str for v in items):
        return items
    return [_plain(v) for v in items]


def _json_column(values: list[Any]) -> list[Any]:
    """``[_json_ready(v) for v in values]``: one C-level check for the whole column when it is plain JSON."""
    try:
        json.dumps(values, allow_nan=False)
    except (TypeError, ValueError):
        return [_json_ready(v) for v in values]
    return values


def _days(values: list[Any]) -> list[date | None]:
    return [v if type(v) is date else _day(v) for v in values]


def snapshot_records(rows: pd.DataFrame, *, period: Month | None = None, series: str, computed_by: str,
                     json_ready: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Rows of scoring results (one per region and month, any columns) as ``score_snapshots`` records.

    ``period``: the month of every row; ``None`` when the rows carry their own ``period`` column
    (a :class:`Month` per row: a whole reference set's months converted in one pass).
    Converted column by column (plain Python values, NaN/NA → None, JSON-ready), not row by row.
    ``json_ready``: JSON columns the caller built from plain values only (stored as given, not checked).
    """
    if series not in SERIES:
        raise ValueError(f"seri tidak dikenal: {series}")
    n = len(rows)
    if n == 0:
        return []
    months = [period] * n if period is not None else list(rows["period"])
    extra_cols = [c for c in rows.columns if c not in DEDICATED and c not in ("period", "name")]
    now = datetime.now().replace(microsecond=0)

    def col(name: str) -> list[Any]:
        return _plain_column(rows[name]) if name in rows.columns else [None] * n

    def raw(name: str) -> list[Any]:
        return rows[name].tolist() if name in rows.columns else [None] * n

    def json_col(name: str) -> list[Any]:
        return raw(name) if name in json_ready else _json_column(raw(name))

    as_of = [d or m.last_day for d, m in zip(_days(raw("as_of")), months)]
    components = [v or {} for v in json_col("components")]
    imputed = [list(v) if type(v) is list and all(type(x) is str for x in v) else _plain(v) for v in raw("imputed")]
    overrides = [v or None for v in json_col("overrides")]
    if overrides and not all(v is None or type(v) is list for v in overrides):
        overrides = [_plain(v) or None for v in raw("overrides")]   # tuples, numpy values: as _plain has them
    extras = [dict(zip(extra_cols, values)) for values in zip(*[_plain_column(rows[c]) for c in extra_cols])] \
        if extra_cols else [None] * n
    columns = {
        "region_code": raw("region_code"), "level": raw("level"), "period": [m.first_day for m in months],
        "series": [series] * n, "methodology_version": [str(v) for v in raw("methodology_version")],
        "as_of": as_of, "data_as_of": _days(raw("data_as_of")),
        "score": col("score"), "category": col("category"), "category_raw": col("category_raw"),
        "rank": col("rank"), "p_merah": col("p_merah"), "p_hijau": col("p_hijau"), "borderline": col("borderline"),
        "components": components, "drivers": json_col("drivers"),
        "explanation": [v or "" for v in raw("explanation")], "completeness": col("completeness"),
        "imputed": imputed, "overrides": overrides, "contributions": json_col("contributions"),
        "extra": extras, "computed_at": [now] * n, "computed_by": [computed_by] * n,
    }
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


# Columns written by the PostgreSQL COPY path, in the order of its rows.
COPY_COLUMNS = ("region_code", "level", "period", "series", "methodology_version", "as_of", "data_as_of", "score",
                "category", "category_raw", "rank", "p_merah", "p_hijau", "borderline", "components", "drivers",
                "explanation", "completeness", "imputed", "overrides", "contributions", "extra", "computed_at",
                "computed_by")


def _copy_rows(conn: Connection, records: list[dict[str, Any]]) -> None:
    """PostgreSQL: the records through ``COPY … FROM STDIN`` on the connection's own transaction.

    JSON values are serialised as SQLAlchemy's JSON type would (``json.dumps``, Python None → JSON
    ``null``), so the stored text is the same as through ``insert``; values travel as data, never as SQL.
    """
    json_cols = {c for c in COPY_COLUMNS if c in JSON_COLUMNS}
    cols = ", ".join(f'"{c}"' for c in COPY_COLUMNS)   # constant names from the table, not user input
    dumps = json.dumps
    cursor = conn.connection.driver_connection.cursor()
    try:
        with cursor.copy(f"COPY {S.name} ({cols}) FROM STDIN") as copy:
            for r in records:
                copy.write_row([dumps(r[c]) if c in json_cols else r[c] for c in COPY_COLUMNS])
    finally:
        cursor.close()


def save_snapshots(conn: Connection, records: list[dict[str, Any]], *, replace: bool = True) -> int:
    """Store records (any number of months); ``replace=False`` keeps rows already stored (a published month
    is written once). PostgreSQL writes through COPY, SQLite through one executemany."""
    if not records:
        return 0
    keys = {(r["period"], r["series"], r["methodology_version"]) for r in records}
    codes = sorted({r["region_code"] for r in records})
    where = and_(tuple_(S.c.period, S.c.series, S.c.methodology_version).in_(sorted(keys)),
                 S.c.region_code.in_(codes))
    if replace:
        conn.execute(delete(S).where(where))
    else:
        stored = {tuple(r) for r in conn.execute(select(S.c.region_code, S.c.period, S.c.series,
                                                        S.c.methodology_version).where(where))}
        records = [r for r in records if (r["region_code"], r["period"], r["series"], r["methodology_version"])
                   not in stored]
        if not records:
            return 0
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        _copy_rows(conn, records)
    else:
        conn.execute(insert(S), records)
    return len(records)


def _decode(value: Any) -> Any:
    # PostgreSQL's driver decodes JSON itself; SQLite hands back the text.
    return json.loads(value) if isinstance(value, str) else value


def _scoped(principal: Principal, scope: Scope | None):
    return code_in_scope(S.c.region_code, principal.scope.narrow(scope))


def load_month(conn: Connection, principal: Principal, scope: Scope | None, period: Month, *, series: str,
               methodology_version: str, levels: tuple[str, ...] = ("kabkota", "provinsi"),
               with_contributions: bool = True) -> pd.DataFrame:
    """Every stored column of one month's snapshots in scope (``extra`` spread back into columns), with ``name``."""
    cols = [c for c in S.c if c.name not in ("id",) and (with_contributions or c.name != "contributions")]
    stmt = (select(*cols, R.c.name.label("region_name"), R.c.level.label("region_level"))
            .join(R, R.c.code == S.c.region_code)
            .where(_scoped(principal, scope), S.c.period == period.first_day, S.c.series == series,
                   S.c.methodology_version == methodology_version, S.c.level.in_(levels))
            .order_by(S.c.level, S.c.rank, S.c.region_code))
    out = frame(conn, stmt)
    for col in JSON_COLUMNS:
        if col in out:
            out[col] = [_decode(v) for v in out[col]]
    extra = pd.DataFrame([e or {} for e in out.pop("extra")], index=out.index)
    out = pd.concat([out, extra[[c for c in extra.columns if c not in out.columns]]], axis=1)
    out["period"] = str(period)
    return _typed(out).sort_values(["rank", "region_code"], na_position="last", kind="stable").reset_index(drop=True)


def _typed(out: pd.DataFrame) -> pd.DataFrame:
    """Numbers back as numbers (JSON gives None for NaN), ranks as nullable integers."""
    for col in out.columns:
        values = out[col]
        if col in JSON_COLUMNS or values.dtype != object:
            continue
        present = values.dropna()
        if len(present) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
            out[col] = pd.to_numeric(values.astype(object).where(values.notna(), np.nan), errors="raise")
        elif len(present) == 0 and col not in ("category_raw", "drivers", "imputed", "overrides"):
            out[col] = values.astype(object)
    for col in ("as_of", "data_as_of"):  # dates as the scoring table has them (SQLite hands back text)
        if col in out.columns:
            out[col] = pd.Series([_day(v) for v in out[col]], index=out.index, dtype=object)
    if "computed_at" in out.columns:
        out["computed_at"] = pd.to_datetime(out["computed_at"])
    if "borderline" in out.columns:
        out["borderline"] = out["borderline"].fillna(False).astype(bool)  # as the scoring table has it
    for col in ("rank", "prev_rank", "rank_change"):
        if col in out.columns:
            out[col] = pd.array(pd.to_numeric(out[col], errors="coerce").round(), dtype="Int64")
    for col in ("score", "p_merah", "p_hijau", "completeness", "prev_score", "struktural", "tekanan", "eskalasi",
                "data_age_months"):
        if col in out.columns:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    return out


def load_history(conn: Connection, principal: Principal, scope: Scope | None, first: Month, last: Month, *,
                 series: tuple[str, ...], methodology_version: str,
                 levels: tuple[str, ...] = ("kabkota", "provinsi")) -> pd.DataFrame:
    """Score, category, rank and probabilities per region × month × series in scope (no text, no JSON)."""
    stmt = (select(*[S.c[c] for c in HISTORY_COLUMNS], S.c.series, R.c.name.label("region_name"),
                   R.c.level.label("region_level"))
            .join(R, R.c.code == S.c.region_code)
            .where(_scoped(principal, scope), S.c.period.between(first.first_day, last.first_day),
                   S.c.series.in_(series), S.c.methodology_version == methodology_version, S.c.level.in_(levels))
            .order_by(S.c.series, S.c.region_code, S.c.period))
    out = frame(conn, stmt)
    out["period"] = pd.to_datetime(out["period"]).dt.strftime("%Y-%m")
    return _typed(out)


def stored_months(conn: Connection, *, series: str, methodology_version: str) -> list[Month]:
    """Months with at least one stored snapshot of ``series`` (oldest first)."""
    rows = conn.execute(select(S.c.period).where(S.c.series == series, S.c.methodology_version == methodology_version)
                        .group_by(S.c.period).order_by(S.c.period)).scalars()
    return [Month.of(pd.Timestamp(p).date()) for p in rows]


def province_codes(conn: Connection) -> list[str]:
    """Codes of every province (the reference sets of kab/kota scores)."""
    return list(conn.execute(select(R.c.code).where(R.c.level == "provinsi").order_by(R.c.code)).scalars())


def complete_months(conn: Connection, scope: Scope, level: str, series: str, methodology_version: str,
                    first: Month, last: Month) -> set[Month]:
    """Months between ``first`` and ``last`` where every region of ``level`` in ``scope`` has a stored row."""
    levels = ("provinsi",) if level == "provinsi" else ("kabupaten", "kota")
    expected = conn.execute(select(func.count()).select_from(R).where(
        code_in_scope(R.c.code, scope), R.c.level.in_(levels))).scalar_one()
    rows = conn.execute(select(S.c.period, func.count()).where(
        code_in_scope(S.c.region_code, scope), S.c.level == level, S.c.series == series,
        S.c.methodology_version == methodology_version,
        S.c.period.between(first.first_day, last.first_day)).group_by(S.c.period)).all()
    return {Month.of(pd.Timestamp(p).date()) for p, n in rows if n >= expected}


REFRESH_LOCK = 7_301_515  # any constant shared by every process of one database


def serialise_refresh(conn: Connection) -> None:
    """Hold the database's refresh lock until ``conn``'s transaction ends.

    Two writers refreshing the same reference set at once would each delete and re-insert its rows
    (the second insert then collides on the unique key). SQLite already runs one writer at a time;
    on PostgreSQL a transaction-scoped advisory lock queues the refreshes.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(REFRESH_LOCK)))


def discard(conn: Connection, scope: Scope, levels: tuple[str, ...], series: str, methodology_version: str,
            first: Month, last: Month) -> int:
    """Delete the stored rows of ``scope``'s regions at ``levels`` for months ``first``..``last``; rows deleted."""
    result = conn.execute(delete(S).where(
        code_in_scope(S.c.region_code, scope), S.c.level.in_(levels), S.c.series == series,
        S.c.methodology_version == methodology_version, S.c.period.between(first.first_day, last.first_day)))
    return result.rowcount or 0


def count_snapshots(conn: Connection, *, series: str | None = None) -> int:
    stmt = select(func.count()).select_from(S)
    if series:
        stmt = stmt.where(S.c.series == series)
    return int(conn.execute(stmt).scalar_one())



def data_version(conn: Connection) -> int:
    """The database's data version (bumped by the database on every write to the data tables)."""
    value = conn.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar_one_or_none()
    if value is None:
        raise LookupError("baris data_version tidak ada: jalankan `python -m data_access upgrade`")
    return int(value)
