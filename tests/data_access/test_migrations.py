"""Migrations build the schema the models describe, on an empty SQLite and PostgreSQL."""
from sqlalchemy import func, inspect, select
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


def test_migrations_match_models(engine):
    """No model change is missing a migration (autogenerate finds nothing to do)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
