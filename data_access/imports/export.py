"""Export rows in the import template's columns, so an export can be imported again unchanged.

Restricted fields follow the caller's clearance (masked in SQL, like every list).
"""
from __future__ import annotations

import io

import pandas as pd
from sqlalchemy import Connection, select

from data_access.fetch import rows_frame
from data_access.imports import kinds as K
from data_access.models import Incident, IndicatorValue
from data_access.scope import code_in_scope, incident_scope
from domain.access import Principal

INCIDENT_EXPORT = {  # template column -> incident column
    "ref_sumber": "source_ref", "sumber": "source", "tanggal_kejadian": "occurred_on", "jam_kejadian": "occurred_time",
    "tanggal_lapor": "reported_on", "kabupaten_kota": "kabkota_code", "kecamatan": "kecamatan_code",
    "lintang": "lat", "bujur": "lon", "kategori": "category", "arena": "arena", "tingkat": "severity",
    "meninggal": "deaths", "luka": "injuries", "mengungsi": "displaced", "aktor": "actors", "uraian": "description",
    "verifikasi": "verification", "sensitivitas": "sensitivity", "status_penanganan": "handling_status",
}
VALUE_EXPORT = {"wilayah": "region_code", "periode": "period", "indikator": "indicator_code", "nilai": "value",
                "sumber": "source"}


def export_incidents(conn: Connection, principal: Principal) -> pd.DataFrame:
    """Live incidents in scope whose restricted fields the caller may read, in template columns."""
    I = Incident.__table__
    stmt = (select(*[I.c[c].label(t) for t, c in INCIDENT_EXPORT.items()])
            .where(incident_scope(I, principal.scope), I.c.deleted_at.is_(None),
                   I.c.sensitivity.in_(principal.readable_sensitivities))
            .order_by(I.c.source, I.c.source_ref))
    frame = rows_frame(conn, stmt, list(INCIDENT_EXPORT))
    frame["jam_kejadian"] = [v.strftime("%H:%M") if v is not None else "" for v in frame["jam_kejadian"]]
    return frame


def export_indicator_values(conn: Connection, principal: Principal) -> pd.DataFrame:
    V = IndicatorValue.__table__
    stmt = (select(*[V.c[c].label(t) for t, c in VALUE_EXPORT.items()])
            .where(code_in_scope(V.c.region_code, principal.scope), V.c.withdrawn_at.is_(None))
            .order_by(V.c.indicator_code, V.c.region_code, V.c.period))
    frame = rows_frame(conn, stmt, list(VALUE_EXPORT))
    frame["periode"] = pd.to_datetime(frame["periode"]).dt.strftime("%Y-%m")
    return frame


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with ``;`` (what Excel in an Indonesian locale opens directly) and dates as ISO."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, sep=";", date_format="%Y-%m-%d")
    return buffer.getvalue().encode("utf-8")


EXPORTERS = {K.INCIDENTS: export_incidents, K.INDICATOR_VALUES: export_indicator_values}
