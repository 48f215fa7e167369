"""Cached reads for the briefing page (keyed by principal, scope and month, like ui.queries)."""
from __future__ import annotations

import streamlit as st

from domain.access import Principal, Scope
from domain.period import Month
from services.briefing import BriefingContent, build_briefing
from services.pack import Pack, export_pack
from ui.data import CACHE_TTL_SECONDS, engine


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def briefing(principal: Principal, scope: Scope, month: Month) -> BriefingContent:
    with engine().connect() as conn:
        return build_briefing(conn, principal, scope, month)


def pack(principal: Principal, scope: Scope, month: Month, file_format: str) -> Pack:
    """A fresh pack (never cached: an export reads what is there now), audited by services.pack."""
    return export_pack(engine(), principal, scope, month, file_format, channel="app")
