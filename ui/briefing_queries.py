"""Cached reads for the briefing page (keyed by access, scope, month and data version, like ui.queries)."""
from __future__ import annotations

from dataclasses import replace

from domain.access import Principal, Scope
from domain.period import Month
from services.briefing import BriefingContent, build_briefing
from services.pack import Pack, export_pack
from ui.data import by_access, engine, reader


@by_access()
def _briefing(principal: Principal, scope: Scope, month: Month) -> BriefingContent:
    with reader().connect() as conn:
        return build_briefing(conn, principal, scope, month)


def briefing(principal: Principal, scope: Scope, month: Month) -> BriefingContent:
    """The briefing content for ``scope`` and ``month`` (cached by access; the author is the viewer)."""
    return replace(_briefing(principal, scope, month), author=principal.username)


def pack(principal: Principal, scope: Scope, month: Month, file_format: str) -> Pack:
    """A fresh pack (never cached: an export reads what is there now), audited by services.pack."""
    return export_pack(engine(), principal, scope, month, file_format, channel="app")
