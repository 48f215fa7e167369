"""bulk_insert: COPY on PostgreSQL, batched executemany on SQLite; rows read back like ORM rows."""
from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, insert, inspect, select, text

from data_access.bulk import bulk_insert, indexes_deferred
from data_access.models import Incident, User
from tests.data_access.factories import incident


def _read(conn, *columns):
    return conn.execute(select(*columns).order_by(Incident.source_ref)).all()


def test_dict_rows_with_nulls_dates_times(db):
    rows = [
        incident(source_ref="B-1", occurred_time=time(21, 5), lat=-5.13, lon=119.41, actors=None,
                 created_at=datetime(2024, 2, 11, 9, 30, 15)),
        incident(source_ref="B-2", occurred_on=date(2025, 12, 31), kecamatan_code="73.71.01",
                 created_at=datetime(2025, 12, 31, 23, 59)),
    ]
    with db.begin() as conn:
        assert bulk_insert(conn, Incident, rows) == 2
    with db.connect() as conn:
        got = _read(conn, Incident.source_ref, Incident.occurred_on, Incident.occurred_time, Incident.lat,
                    Incident.actors, Incident.kecamatan_code, Incident.created_at, Incident.version)
    assert got == [
        ("B-1", date(2024, 2, 10), time(21, 5), -5.13, None, None, datetime(2024, 2, 11, 9, 30, 15), 1),
        ("B-2", date(2025, 12, 31), None, None, "Kelompok A vs B", "73.71.01", datetime(2025, 12, 31, 23, 59), 1),
    ]


def test_dataframe_with_datetime64_and_missing_values(db):
    frame = pd.DataFrame([incident(source_ref=f"F-{i}") for i in range(5)])
    frame["occurred_on"] = pd.to_datetime(["2024-01-01", "2024-02-29", "2024-03-15", "2024-12-31", "2025-06-01"])
    frame["lat"] = [np.nan, -5.1, np.nan, -4.0, np.nan]
    frame["injuries"] = np.array([0, 3, 1, 0, 7], dtype=np.int64)
    frame["created_at"] = pd.to_datetime(["2024-01-02 08:00:00", "2024-03-01 00:00:00", "2024-03-16 10:15:30", "2025-01-01 00:00:00",
                                          "2025-06-02 00:00:00"])
    frame["deleted_at"] = pd.to_datetime([None, "2024-03-02 07:00", None, None, None])
    frame["actors"] = ["A", None, "C", None, "E"]
    with db.begin() as conn:
        bulk_insert(conn, Incident, frame, batch=2)  # several batches on SQLite
    with db.connect() as conn:
        got = _read(conn, Incident.occurred_on, Incident.lat, Incident.injuries, Incident.actors,
                    Incident.created_at, Incident.deleted_at)
        in_range = conn.execute(select(func.count()).where(
            Incident.occurred_on.between(date(2024, 2, 1), date(2024, 12, 31)))).scalar_one()
    assert [g[0] for g in got] == [date(2024, 1, 1), date(2024, 2, 29), date(2024, 3, 15), date(2024, 12, 31),
                                   date(2025, 6, 1)]
    assert [g[1] for g in got] == [None, -5.1, None, -4.0, None]
    assert [g[2] for g in got] == [0, 3, 1, 0, 7]
    assert [g[3] for g in got] == ["A", None, "C", None, "E"]
    assert got[0][4] == datetime(2024, 1, 2, 8, 0)
    assert got[2][4] == datetime(2024, 3, 16, 10, 15, 30)
    assert [g[5] for g in got] == [None, datetime(2024, 3, 2, 7, 0), None, None, None]
    assert in_range == 3


def test_booleans_and_callable_defaults(db):
    rows = [{"username": "a", "full_name": "A", "password_hash": "x", "role": "analis", "is_demo": True},
            {"username": "b", "full_name": "B", "password_hash": "x", "role": "admin", "is_demo": False}]
    with db.begin() as conn:
        bulk_insert(conn, User.__table__, rows)
    with db.connect() as conn:
        got = conn.execute(select(User.username, User.is_demo, User.is_active, User.failed_attempts,
                                  User.created_at).order_by(User.username)).all()
    assert [(g[0], g[1], g[2], g[3]) for g in got] == [("a", True, True, 0), ("b", False, True, 0)]
    assert all(isinstance(g[4], datetime) for g in got)


def test_explicit_ids_leave_room_for_later_inserts(db):
    with db.begin() as conn:
        start = (conn.execute(select(func.max(Incident.id))).scalar() or 0) + 1000
        bulk_insert(conn, Incident, [incident(id=start + i, source_ref=f"I-{i}") for i in range(3)])
        new_id = conn.execute(insert(Incident).values(**incident(source_ref="I-next")).returning(Incident.id)
                              ).scalar_one()
    assert new_id > start + 2


def test_empty_and_unknown_columns(db):
    with db.begin() as conn:
        assert bulk_insert(conn, Incident, []) == 0
        with pytest.raises(ValueError, match="tidak dikenal"):
            bulk_insert(conn, Incident, [{**incident(), "warna": "merah"}])


def _index_names(conn) -> set[str]:
    """The secondary (non-unique) indexes of incidents; the unique constraint is never dropped.

    On SQLite from its catalogue: its inspector leaves out expression indexes (migration 0007's).
    """
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT il.name FROM pragma_index_list('incidents') AS il WHERE il.origin = 'c' "
                                 "AND NOT il.\"unique\"")).scalars()
        return set(rows)
    return {ix["name"] for ix in inspect(conn).get_indexes("incidents") if not ix["unique"]}


def test_indexes_deferred_loads_without_secondary_indexes_and_builds_them_after(db):
    with db.connect() as conn:
        before = _index_names(conn)
    assert {"ix_incidents_kabkota_occurred", "ix_incidents_occurred_on", "ix_incidents_written",
            "ix_incidents_province_written"} <= before
    with db.begin() as conn:
        with indexes_deferred(conn, Incident):
            assert _index_names(conn) == set()       # the load runs without them
            bulk_insert(conn, Incident, [incident(source_ref=f"D-{i}") for i in range(3)])
        assert _index_names(conn) == before
    with db.connect() as conn:
        assert _index_names(conn) == before and conn.execute(select(func.count(Incident.id))).scalar_one() == 3
        with pytest.raises(ValueError, match="tidak kosong"):   # only for an empty table
            with indexes_deferred(conn, Incident):
                pass
        assert _index_names(conn) == before


def test_indexes_deferred_failed_load_rolls_back_to_the_indexes(db):
    with db.connect() as conn:
        before = _index_names(conn)
    with pytest.raises(ZeroDivisionError):
        with db.begin() as conn, indexes_deferred(conn, Incident):
            bulk_insert(conn, Incident, [incident(source_ref="E-1")])
            1 / 0
    with db.connect() as conn:
        assert _index_names(conn) == before and conn.execute(select(func.count(Incident.id))).scalar_one() == 0
