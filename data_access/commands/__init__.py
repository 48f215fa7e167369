"""CLI command groups; see ``data_access.cli``."""
from __future__ import annotations

import argparse

from sqlalchemy import Engine

from data_access.db import make_engine


def engine_from_args(args: argparse.Namespace) -> Engine:
    return make_engine(getattr(args, "database_url", None))
