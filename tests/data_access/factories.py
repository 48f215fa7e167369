"""Tiny builders for hand-made rows in data_access tests."""
from __future__ import annotations

from datetime import date
from itertools import count

from sqlalchemy import insert

from data_access.models import Incident

_ids = count(1)


def incident(**overrides) -> dict:
    """A valid incident row in Kota Makassar; override any column."""
    n = next(_ids)
    row = {
        "occurred_on": date(2024, 2, 10), "reported_on": date(2024, 2, 11),
        "province_code": "73", "kabkota_code": "73.71", "kecamatan_code": None,
        "category": "bentrok_antarwarga", "arena": "nyata", "severity": "ringan",
        "deaths": 0, "injuries": 0, "displaced": 0, "actors": "Kelompok A vs B",
        "description": f"Insiden uji {n}", "source": "polri", "source_ref": f"T-{n}",
        "verification": "terverifikasi", "sensitivity": "umum", "handling_status": "baru",
        "created_by": "test", "deleted_at": None, "delete_reason": None, "occurred_time": None,
        "lat": None, "lon": None,
    }
    row.update(overrides)
    if "kabkota_code" in overrides and "province_code" not in overrides:
        row["province_code"] = overrides["kabkota_code"].split(".")[0]
    return row


def insert_incidents(conn, rows: list[dict]) -> None:
    conn.execute(insert(Incident), rows)
