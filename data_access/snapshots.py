"""Stored risk-index results (``score_snapshots``), so a briefing's numbers can be reproduced later."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, delete, insert, select

from data_access.models import ScoreSnapshot
from data_access.scope import code_in_scope
from domain.access import Principal

S = ScoreSnapshot.__table__
SNAPSHOT_COLUMNS = ("region_code", "period", "score", "category", "rank", "components", "completeness",
                    "overrides", "explanation", "methodology_version")


def _override_text(value) -> str | None:
    """Overrides as stored text: scoring gives a list of rule dicts (methodology 2027.1), older rows a string."""
    if isinstance(value, (list, tuple)):
        return "; ".join(f"{o['category']}: {o['text']}" for o in value) or None
    return value or None


def save_snapshots(conn: Connection, rows: pd.DataFrame, computed_by: str) -> int:
    """Store (replace) snapshots per region × period × methodology version; returns rows written."""
    if rows.empty:
        return 0
    records = []
    for row in rows.to_dict("records"):
        period = pd.Timestamp(str(row["period"]) + ("-01" if len(str(row["period"])) == 7 else "")).date()
        records.append({
            "region_code": row["region_code"], "period": period,
            "score": None if pd.isna(row["score"]) else float(row["score"]),
            "category": row["category"] if isinstance(row["category"], str) else None,
            "rank": None if pd.isna(row["rank"]) else int(row["rank"]),
            "components": {k: (None if pd.isna(v) else float(v)) for k, v in dict(row["components"]).items()},
            "completeness": float(row["completeness"]),
            "overrides": _override_text(row.get("overrides")),
            "explanation": row.get("explanation") or "",
            "methodology_version": str(row["methodology_version"]),
            "computed_by": computed_by,
        })
    keys = {(r["region_code"], r["period"], r["methodology_version"]) for r in records}
    for version in {k[2] for k in keys}:
        for period in {k[1] for k in keys if k[2] == version}:
            codes = [k[0] for k in keys if k[1] == period and k[2] == version]
            conn.execute(delete(S).where(S.c.methodology_version == version, S.c.period == period,
                                         S.c.region_code.in_(codes)))
    conn.execute(insert(S), records)
    return len(records)


def load_snapshots(conn: Connection, principal: Principal, *, period_from: date | None = None,
                   period_to: date | None = None, methodology_version: str | None = None) -> pd.DataFrame:
    """Snapshots in the caller's scope, period as ``YYYY-MM``."""
    conds = [code_in_scope(S.c.region_code, principal.scope)]
    if period_from:
        conds.append(S.c.period >= period_from)
    if period_to:
        conds.append(S.c.period <= period_to)
    if methodology_version:
        conds.append(S.c.methodology_version == methodology_version)
    cols = [*SNAPSHOT_COLUMNS, "computed_at", "computed_by"]
    stmt = select(*[S.c[c] for c in cols]).where(*conds).order_by(S.c.period, S.c.region_code)
    frame = pd.DataFrame(conn.execute(stmt).all(), columns=cols)
    frame["period"] = pd.to_datetime(frame["period"]).dt.strftime("%Y-%m")
    return frame
