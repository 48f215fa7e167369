"""Alembic environment: migrations run on the engine handed over by ``data_access.db.upgrade``."""
from alembic import context
from sqlalchemy import create_engine

from data_access.db import database_url
from data_access.models import Base

target_metadata = Base.metadata
engine = context.config.attributes.get("engine") or create_engine(database_url())

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs table copies for ALTER
    )
    context.run_migrations()
