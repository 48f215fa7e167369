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


def snapshot_records(rows: pd.DataFrame, *, period: Month, series: str, computed_by: str) -> list[dict[str, Any]]:
    """Rows of a scoring result (one per region, any columns) as ``score_snapshots`` records."""
    if series not in SERIES:
        raise ValueError(f"seri tidak dikenal: {series}")
    extra_cols = [c for c in rows.columns if c not in DEDICATED and c not in ("period", "name")]
    now = datetime.now().replace(microsecond=0)
    records = []
    for row in rows.to_dict("records"):
        score = _plain(row.get("score"))
        records.append({
            "region_code": row["region_code"], "level": row["level"], "period": period.first_day,
            "series": series, "methodology_version": str(row["methodology_version"]),
            "as_of": _day(row.get("as_of")) or period.last_day, "data_as_of": _day(row.get("data_as_of")),
            "score": score, "category": _plain(row.get("category")), "category_raw": _plain(row.get("category_raw")),
            "rank": _plain(row.get("rank")), "p_merah": _plain(row.get("p_merah")),
            "p_hijau": _plain(row.get("p_hijau")), "borderline": _plain(row.get("borderline")),
            "components": _json_ready(row.get("components")) or {}, "drivers": _json_ready(row.get("drivers")),
            "explanation": row.get("explanation") or "", "completeness": _plain(row.get("completeness")),
            "imputed": _plain(row.get("imputed")), "overrides": _plain(row.get("overrides")) or None,
            "contributions": _json_ready(row.get("contributions")),
            "extra": {c: _plain(row[c]) for c in extra_cols} or None,
            "computed_at": now, "computed_by": computed_by,
        })
    return records


def save_snapshots(conn: Connection, records: list[dict[str, Any]], *, replace: bool = True) -> int:
    """Store records; ``replace=False`` keeps rows already stored (a published month is written once)."""
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
