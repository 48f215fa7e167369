"""Region reference queries, confined to the caller's scope."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, select

from data_access.fetch import rows_frame
from data_access.models import Region
from data_access.scope import code_in_scope
from domain.access import Principal
from domain.regions import display_name

R = Region.__table__
REGION_COLUMNS = ("code", "name", "level", "parent_code", "province_code", "population", "area_km2", "has_polygon")
KABKOTA_LEVELS = ("kabupaten", "kota")


@dataclass(frozen=True)
class RegionRecord:
    code: str
    name: str
    level: str
    parent_code: str | None
    province_code: str
    population: int | None
    area_km2: float | None
    has_polygon: bool

    @property
    def display_name(self) -> str:
        return display_name(self.name, self.level)


def list_regions(conn: Connection, principal: Principal, *, levels: tuple[str, ...] = (),
                 parent_code: str | None = None, province_code: str | None = None) -> pd.DataFrame:
    """Regions inside the caller's scope, optionally of some levels / under a parent; with ``display_name``."""
    conds = [code_in_scope(R.c.code, principal.scope)]
    if levels:
        conds.append(R.c.level.in_(levels))
    if parent_code:
        conds.append(R.c.parent_code == parent_code)
    if province_code:
        conds.append(R.c.province_code == province_code)
    stmt = select(*[R.c[c] for c in REGION_COLUMNS]).where(*conds).order_by(R.c.code)
    frame = rows_frame(conn, stmt, list(REGION_COLUMNS))
    frame["display_name"] = [display_name(n, lv) for n, lv in zip(frame["name"], frame["level"])]
    return frame


def get_region(conn: Connection, principal: Principal, code: str) -> RegionRecord | None:
    """A region by code, or None when unknown or outside the caller's scope."""
    stmt = select(*[R.c[c] for c in REGION_COLUMNS]).where(R.c.code == code, code_in_scope(R.c.code, principal.scope))
    row = conn.execute(stmt).one_or_none()
    return RegionRecord(**row._mapping) if row else None


def kabkota_in_province(conn: Connection, province_code: str) -> pd.DataFrame:
    """All kab/kota of a province: reference data (names, population), not restricted."""
    stmt = (select(*[R.c[c] for c in REGION_COLUMNS])
            .where(R.c.province_code == province_code, R.c.level.in_(KABKOTA_LEVELS)).order_by(R.c.code))
    frame = rows_frame(conn, stmt, list(REGION_COLUMNS))
    frame["display_name"] = [display_name(n, lv) for n, lv in zip(frame["name"], frame["level"])]
    return frame
