"""Migrations build the schema the models describe, on an empty SQLite and PostgreSQL."""
import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from data_access.models import Base, Region


def test_upgrade_creates_every_model_table(engine):
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables


def test_reference_regions_cover_indonesia(engine):
    with Session(engine) as session:
        counts = dict(session.execute(select(Region.level, func.count()).group_by(Region.level)).all())
        makassar = session.get(Region, "73.71")
    assert counts == {"provinsi": 38, "kabupaten": 416, "kota": 98, "kecamatan": 7285}
    assert makassar.name == "Kota Makassar" and makassar.parent_code == "73" and makassar.population > 1_000_000


# test_every_model_index_exists covers what this comparison skips
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_match_models(engine):
    """No model change is missing a migration (autogenerate finds nothing to do)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_every_model_index_exists(engine):
    """Autogenerate cannot compare expression indexes on SQLite (it warns and skips them): check their names."""
    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        if engine.dialect.name == "sqlite":  # its inspector leaves expression indexes out too
            with engine.connect() as conn:
                present = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index' "
                                                "AND tbl_name = :t"), {"t": table.name}).scalars())
        else:
            present = {ix["name"] for ix in inspector.get_indexes(table.name)}
        assert {ix.name for ix in table.indexes} <= present, table.name


def test_public_event_rows_move_to_their_own_source(db):
    """Migration 0008: rows an ACLED or UCDP import wrote as "media" become acled / ucdp; others stay."""
    from alembic import command

    from data_access.db import alembic_config, upgrade
    from data_access.models import Import, Incident
    from tests.data_access.factories import incident, insert_incidents

    command.downgrade(alembic_config(db), "0007")
    try:
        with db.begin() as conn:
            ids = {}
            for name in ("ACLED", "UCDP GED", "Laporan media"):
                ids[name] = conn.execute(Import.__table__.insert().values(
                    kind="incidents", file_name=f"{name}.csv", content_hash="0" * 64, source=name,
                    imported_by="test", rows_skipped=0)).inserted_primary_key[0]
            insert_incidents(conn, [
                incident(source="media", source_ref="IDN1", import_id=ids["ACLED"]),
                incident(source="media", source_ref="270009", import_id=ids["UCDP GED"]),
                incident(source="media", source_ref="270009-b", import_id=ids["Laporan media"]),
                incident(source="media", source_ref="M-1", import_id=None),
            ])
        upgrade(db)
    finally:
        upgrade(db)
    with db.connect() as conn:
        sources = dict(conn.execute(select(Incident.source_ref, Incident.source)).all())
    assert sources == {"IDN1": "acled", "270009": "ucdp", "270009-b": "media", "M-1": "media"}
