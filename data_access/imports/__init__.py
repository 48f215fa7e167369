"""File imports: incidents, indicator values, handling actions and indicator definitions.

Typical use (the page and the CLI do exactly this)::

    with engine.connect() as conn:
        prepared = prepare_file(conn, principal, "incidents", "laporan.csv", data, source_name="Polres Gowa")
    prepared.problems_frame()          # file, row, column, value, reason (Bahasa Indonesia)
    result = commit(engine, principal, prepared, skip_rows=prepared.error_rows)
    rollback(engine, principal, result.import_id)
"""
from data_access.imports.commit import commit, plan
from data_access.imports.history import import_history, skipped_rows
from data_access.imports.kinds import KINDS
from data_access.imports.mapping import SKIP, guess_mapping, load_mapping, mapping_sources, save_mapping
from data_access.imports.messages import Problem, describe
from data_access.imports.model import (
    ImportDenied,
    ImportRejected,
    ImportResult,
    Plan,
    Prepared,
    RollbackResult,
    problems_frame,
)
from data_access.imports.prepare import content_hash, prepare, prepare_file
from data_access.imports.reading import MAX_BYTES, FileRejected, RawTable, SheetChoiceNeeded, read_table
from data_access.imports.rollback import rollback

__all__ = [
    "FileRejected", "ImportDenied", "ImportRejected", "ImportResult", "KINDS", "MAX_BYTES", "Plan", "Prepared",
    "Problem", "RawTable", "RollbackResult", "SKIP", "SheetChoiceNeeded", "commit", "content_hash", "describe", "guess_mapping",
    "import_history", "load_mapping", "mapping_sources", "plan", "prepare", "prepare_file", "problems_frame",
    "read_table", "rollback", "save_mapping", "skipped_rows",
]
