"""Region reference data: Kemendagri codes, names, population and area from ``assets/geo``."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, func, insert, select

from data_access.models import Region

GEO_DIR = Path(__file__).resolve().parent.parent / "assets" / "geo"
CODE_LIST = GEO_DIR / "kode_wilayah.csv"
POPULATION = GEO_DIR / "penduduk_kabkota.csv"
LEVEL_ORDER = ("provinsi", "kabupaten", "kota", "kecamatan")


def reference_regions() -> pd.DataFrame:
    """Every province, kab/kota and kecamatan with population and area where published."""
    codes = pd.read_csv(CODE_LIST, dtype=str, keep_default_na=False)  # codes as strings: "11.10" != 11.1
    population = pd.read_csv(POPULATION, dtype={"kode": str}, keep_default_na=False)[["kode", "total", "luas_km2"]]
    regions = codes.merge(population, on="kode", how="left")
    regions["province_code"] = regions["kode"].str.slice(0, 2)
    regions["depth"] = regions["level"].map({level: i for i, level in enumerate(LEVEL_ORDER)})
    return regions.sort_values(["depth", "kode"]).reset_index(drop=True)


def load_regions(conn: Connection) -> int:
    """Insert the reference regions into an empty ``regions`` table; returns how many were added."""
    if conn.execute(select(func.count()).select_from(Region)).scalar_one():
        return 0
    regions = reference_regions()
    # Parents before children so the self-referencing foreign key holds row by row.
    for level in LEVEL_ORDER:
        part = regions[regions["level"] == level]
        rows = [
            {
                "code": r.kode,
                "name": r.nama,
                "level": r.level,
                "parent_code": r.parent_kode or None,
                "province_code": r.province_code,
                "population": None if pd.isna(r.total) else int(r.total),
                "area_km2": None if pd.isna(r.luas_km2) else float(r.luas_km2),
                "has_polygon": r.has_polygon == "1",
            }
            for r in part.itertuples(index=False)
        ]
        if rows:
            conn.execute(insert(Region), rows)
    return len(regions)
