"""Who is using the app. TEMPORARY until the login work (issue 6) replaces it: a read-only guest."""
from __future__ import annotations

from domain.access import Principal, Role, Scope


def require_principal() -> Principal:
    return Principal(username="tamu", role=Role.ANALIS, scope=Scope.national(), clearance="umum")
