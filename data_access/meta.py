"""Small facts about the database stored in ``app_meta``."""
from __future__ import annotations

from sqlalchemy import Connection, select

from data_access.models import AppMeta


def get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(AppMeta.value).where(AppMeta.key == key)).scalar_one_or_none()


def is_demo_database(conn: Connection) -> bool:
    """True when the database holds synthetic demo data (the app then labels every page)."""
    return get_meta(conn, "demo_data") is not None
