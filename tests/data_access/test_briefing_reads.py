"""The briefing's "data as of": the newest write in scope, read through an index (both databases)."""
from datetime import datetime

import pytest
from sqlalchemy import event, text

from data_access import briefing_reads
from domain.access import Principal, Role, Scope
from tests.data_access.factories import incident, insert_incidents

NATIONAL = Principal("ana", Role.ANALIS, Scope.national(), clearance="rahasia")
SULSEL = Principal("prov", Role.ANALIS, Scope.for_region("73"), clearance="rahasia")


@pytest.fixture
def written_db(db):
    rows = [
        incident(created_at=datetime(2026, 3, 1, 8, 0), updated_at=None, kabkota_code="73.71"),
        # edited later than anything created: the edit is what counts
        incident(created_at=datetime(2026, 2, 1, 8, 0), updated_at=datetime(2026, 4, 2, 9, 30), kabkota_code="73.06"),
        incident(created_at=datetime(2026, 5, 1, 7, 0), updated_at=None, kabkota_code="71.71"),
    ]
    with db.begin() as conn:
        insert_incidents(conn, rows)
    return db


def test_data_as_of_is_the_newest_write_in_scope(written_db):
    with written_db.connect() as conn:
        assert briefing_reads.data_as_of(conn, NATIONAL) == datetime(2026, 5, 1, 7, 0)
        assert briefing_reads.data_as_of(conn, SULSEL) == datetime(2026, 4, 2, 9, 30)
        assert briefing_reads.data_as_of(conn, NATIONAL, Scope.for_region("73.71")) == datetime(2026, 3, 1, 8, 0)
        assert briefing_reads.data_as_of(conn, NATIONAL, Scope.for_region("72")) is None


@pytest.mark.parametrize(("principal", "index"), [(NATIONAL, "ix_incidents_written"),
                                                  (SULSEL, "ix_incidents_province_written")])
def test_data_as_of_reads_an_index_not_the_table(written_db, principal, index):
    """Migration 0007's indexes match the query's expression; without them it scans every incident."""
    statements: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "incidents" in statement:
            statements.append((statement, parameters))

    with written_db.connect() as conn:
        event.listen(conn, "before_cursor_execute", keep)
        briefing_reads.data_as_of(conn, principal)
        event.remove(conn, "before_cursor_execute", keep)
        (statement, parameters), = statements
        raw = conn.connection.dbapi_connection.cursor()
        if written_db.dialect.name == "sqlite":
            raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        else:  # a handful of rows: PostgreSQL would rightly scan the table unless told not to
            conn.execute(text("SET enable_seqscan = off"))
            raw.execute("EXPLAIN " + statement, parameters)
        plan = " ".join(str(cell) for row in raw.fetchall() for cell in row)
        if written_db.dialect.name != "sqlite":
            conn.execute(text("RESET enable_seqscan"))
    assert index in plan
