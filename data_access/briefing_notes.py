"""Analisa & Rekomendasi of a briefing: written by an analyst, stored as numbered versions, audited.

A save never changes an earlier version; it appends the next one. A reader sees the
newest version only when its sensitivity is within their clearance (otherwise the row
comes back flagged ``restricted`` with no text), and only for a scope inside their own.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from data_access import audit
from data_access.models import BriefingNote
from domain.access import Permission, Principal, Scope
from domain.period import Month
from domain.taxonomy import taxonomy

N = BriefingNote.__table__
MAX_TEXT = 8000


class NoteError(ValueError):
    """A save the data does not allow; the message is Bahasa Indonesia for the user."""


@dataclass(frozen=True)
class NoteRecord:
    scope_code: str
    month: Month
    version: int
    analysis: str | None          # None when ``restricted``
    recommendations: str | None
    sensitivity: str
    created_by: str
    created_at: datetime
    restricted: bool = False


def _check_scope(principal: Principal, scope: Scope) -> None:
    if scope.code is not None and not principal.scope.contains(scope.code):
        raise NoteError("Cakupan di luar wewenang Anda.")
    if scope.code is None and principal.scope.code is not None:
        raise NoteError("Cakupan nasional di luar wewenang Anda.")


def save_note(conn: Connection, principal: Principal, scope: Scope, month: Month, *, analysis: str,
              recommendations: str, sensitivity: str = "umum") -> int:
    """Append the next version for (scope, month) in the caller's transaction; returns its number."""
    if not principal.can(Permission.WRITE_ANALYSIS):
        raise NoteError("Peran Anda tidak boleh menulis analisa.")
    _check_scope(principal, scope)
    if sensitivity not in taxonomy().codes("sensitivity"):
        raise NoteError(f"Klasifikasi tidak dikenal: {sensitivity!r}.")
    if sensitivity not in principal.readable_sensitivities:
        raise NoteError("Klasifikasi analisa tidak boleh melebihi tingkat akses Anda.")
    analysis, recommendations = analysis.strip(), recommendations.strip()
    if not analysis or not recommendations:
        raise NoteError("Analisa dan rekomendasi wajib diisi.")
    if len(analysis) > MAX_TEXT or len(recommendations) > MAX_TEXT:
        raise NoteError(f"Teks terlalu panjang (maksimum {MAX_TEXT} karakter per isian).")
    where = (N.c.scope_code == scope.encode(), N.c.period == month.first_day)
    version = int(conn.execute(select(func.coalesce(func.max(N.c.version), 0)).where(*where)).scalar_one()) + 1
    conn.execute(insert(N).values(scope_code=scope.encode(), period=month.first_day, version=version,
                                  analysis=analysis, recommendations=recommendations, sensitivity=sensitivity,
                                  created_by=principal.username, created_at=datetime.now().replace(microsecond=0)))
    audit.record(conn, principal, "briefing_note_save", f"{scope.encode()}/{month}",
                 {"version": version, "sensitivity": sensitivity, "analysis_chars": len(analysis),
                  "recommendations_chars": len(recommendations)})
    return version


def _record(row, principal: Principal) -> NoteRecord:
    readable = row.sensitivity in principal.readable_sensitivities
    return NoteRecord(scope_code=row.scope_code, month=Month.of(row.period), version=int(row.version),
                      analysis=row.analysis if readable else None,
                      recommendations=row.recommendations if readable else None,
                      sensitivity=row.sensitivity, created_by=row.created_by, created_at=row.created_at,
                      restricted=not readable)


def latest_note(conn: Connection, principal: Principal, scope: Scope, month: Month) -> NoteRecord | None:
    """The newest version for (scope, month), masked above the caller's clearance; None if none or out of scope."""
    history = note_history(conn, principal, scope, month, limit=1)
    return history[0] if history else None


def note_history(conn: Connection, principal: Principal, scope: Scope, month: Month,
                 limit: int | None = None) -> list[NoteRecord]:
    """Every version for (scope, month), newest first (masked like :func:`latest_note`)."""
    try:
        _check_scope(principal, scope)
    except NoteError:
        return []
    stmt = (select(N).where(N.c.scope_code == scope.encode(), N.c.period == month.first_day)
            .order_by(N.c.version.desc()))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_record(row, principal) for row in conn.execute(stmt)]
