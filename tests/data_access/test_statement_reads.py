"""Page reads without a transaction (data_access.db.statement_reads): the same rows, and writers that share
the pool still get transactions."""
from contextlib import ExitStack
from datetime import date

from sqlalchemy import func, select, text

from data_access.db import make_engine, statement_reads
from data_access.incidents import T as INCIDENTS
from tests.data_access.factories import incident, insert_incidents


def _in_one_transaction(conn) -> bool:
    """Whether two statements on ``conn`` ran in one transaction (they share its id)."""
    if conn.dialect.name == "sqlite":   # the driver's own state: a SELECT opens nothing, a write does
        return conn.connection.dbapi_connection.in_transaction
    first, second = (conn.execute(text("SELECT txid_current()")).scalar_one() for _ in range(2))
    return first == second


def test_reads_see_committed_rows_and_writers_keep_their_transactions(db):
    url = db.url.render_as_string(hide_password=False)
    engine = make_engine(url)    # a pool of its own: every connection of it is checked below
    reads = statement_reads(engine)
    try:
        with engine.begin() as conn:
            insert_incidents(conn, [incident(occurred_on=date(2024, 2, 10), reported_on=date(2024, 2, 11))])
        size = engine.pool.size()
        with ExitStack() as stack:     # every pooled connection serves a read once
            readers = [stack.enter_context(reads.connect()) for _ in range(size)]
            for conn in readers:
                assert conn.execute(select(func.count()).select_from(INCIDENTS)).scalar_one() == 1
                if engine.dialect.name == "postgresql":
                    assert not _in_one_transaction(conn)
        with ExitStack() as stack:     # and then a write, on the same connections: still transactional
            writers = [stack.enter_context(engine.connect()) for _ in range(size)]
            for conn in writers:
                insert_incidents(conn, [incident(occurred_on=date(2024, 3, 1), reported_on=date(2024, 3, 2))])
                assert _in_one_transaction(conn)
                conn.rollback()
        with reads.connect() as conn:
            assert conn.execute(select(func.count()).select_from(INCIDENTS)).scalar_one() == 1
    finally:
        engine.dispose()


def test_sqlite_reads_use_the_engine_as_it_is(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert statement_reads(engine) is engine
