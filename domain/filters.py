"""Filters the pages pass to data_access; the data layer turns them into WHERE clauses."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class IncidentFilter:
    """Incident filter. Empty tuples mean "all"; every field narrows, none widens the caller's scope."""

    date_from: date | None = None
    date_to: date | None = None
    region_codes: tuple[str, ...] = ()     # kab/kota or kecamatan or province codes (prefix match)
    categories: tuple[str, ...] = ()
    arenas: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    handling_statuses: tuple[str, ...] = ()
    search: str = ""                       # free text over description/actors/source reference
    include_deleted: bool = False
