"""Regions as the generators need them, read from the ``regions`` table (so foreign keys hold)."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np
from sqlalchemy import Connection, select

from data_access.models import Region


@dataclass(frozen=True)
class KabKota:
    codes: tuple[str, ...]
    names: tuple[str, ...]
    province: tuple[str, ...]
    population: np.ndarray        # missing populations filled with the median, so weights stay defined
    area_km2: np.ndarray          # NaN where unknown
    kecamatan: Mapping[str, tuple[str, ...]]   # kab/kota code -> kecamatan codes (sorted)
    kecamatan_names: Mapping[str, str]


def load_kabkota(conn: Connection, province: str | None) -> KabKota:
    """Every kab/kota (of ``province``, or of Indonesia) in code order, with its kecamatan."""
    query = select(Region.code, Region.name, Region.province_code, Region.population, Region.area_km2) \
        .where(Region.level.in_(("kabupaten", "kota"))).order_by(Region.code)
    if province:
        query = query.where(Region.province_code == province)
    rows = conn.execute(query).all()
    if not rows:
        raise LookupError("tabel wilayah kosong: jalankan `python -m data_access upgrade` terlebih dahulu")
    population = np.array([r.population if r.population else np.nan for r in rows], dtype=float)
    population = np.where(np.isnan(population), np.nanmedian(population), population)
    kec_query = select(Region.code, Region.name, Region.parent_code).where(Region.level == "kecamatan") \
        .order_by(Region.code)
    if province:
        kec_query = kec_query.where(Region.province_code == province)
    kecamatan: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for code, name, parent in conn.execute(kec_query):
        kecamatan.setdefault(parent, []).append(code)
        names[code] = name
    return KabKota(
        codes=tuple(r.code for r in rows), names=tuple(r.name for r in rows),
        province=tuple(r.province_code for r in rows), population=population,
        area_km2=np.array([r.area_km2 if r.area_km2 else np.nan for r in rows], dtype=float),
        kecamatan=MappingProxyType({k: tuple(v) for k, v in kecamatan.items()}),
        kecamatan_names=MappingProxyType(names),
    )
