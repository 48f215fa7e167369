"""Who may see and do what: scopes, roles, permissions and the caller (Principal).

The data layer filters every query by ``Principal.scope`` and masks restricted
fields by ``Principal.clearance``; the app registers only the pages the role's
permissions allow. This module is the single definition of both.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.taxonomy import sensitivity_allowed


class ScopeLevel(StrEnum):
    NASIONAL = "nasional"
    PROVINSI = "provinsi"
    KABKOTA = "kabkota"


@dataclass(frozen=True)
class Scope:
    """A region scope: the whole country, one province (``"73"``) or one kab/kota (``"73.71"``)."""

    level: ScopeLevel
    code: str | None = None

    def __post_init__(self) -> None:
        if (self.level is ScopeLevel.NASIONAL) != (self.code is None):
            raise ValueError("cakupan nasional tanpa kode; cakupan provinsi/kabkota wajib berkode")
        if self.level is ScopeLevel.PROVINSI and self.code is not None and "." in self.code:
            raise ValueError(f"kode provinsi tidak valid: {self.code}")
        if self.level is ScopeLevel.KABKOTA and self.code is not None and self.code.count(".") != 1:
            raise ValueError(f"kode kabupaten/kota tidak valid: {self.code}")

    @classmethod
    def national(cls) -> "Scope":
        return cls(ScopeLevel.NASIONAL)

    @classmethod
    def for_region(cls, code: str) -> "Scope":
        """Scope of a province (``"73"``) or kab/kota (``"73.71"``) code."""
        depth = code.count(".")
        if depth == 0:
            return cls(ScopeLevel.PROVINSI, code)
        if depth == 1:
            return cls(ScopeLevel.KABKOTA, code)
        raise ValueError(f"cakupan hanya provinsi atau kabupaten/kota, bukan {code}")

    def contains(self, region_code: str) -> bool:
        """True when ``region_code`` (any level) lies inside this scope."""
        if self.code is None:
            return True
        return region_code == self.code or region_code.startswith(self.code + ".")

    def narrow(self, requested: "Scope | None") -> "Scope":
        """The requested scope if it lies inside this one, else this scope (never widens)."""
        if requested is None:
            return self
        if requested.code is None:
            return self
        return requested if self.contains(requested.code) else self

    def encode(self) -> str:
        return self.code or "nasional"

    @classmethod
    def decode(cls, text: str) -> "Scope":
        return cls.national() if text in ("", "nasional") else cls.for_region(text)


class Role(StrEnum):
    PIMPINAN = "pimpinan"
    ANALIS = "analis"
    OPERATOR = "operator"
    ADMIN = "admin"


class Permission(StrEnum):
    VIEW_DASHBOARD = "view_dashboard"      # overview, map, trends, profile, methodology
    VIEW_INCIDENTS = "view_incidents"      # incident table and details
    EXPORT = "export"                      # CSV/Excel downloads
    REPORT_INCIDENT = "report_incident"    # create/edit/delete incidents
    IMPORT_DATA = "import_data"            # file imports and rollbacks
    MANAGE_HANDLING = "manage_handling"    # penanganan actions
    VIEW_HANDLING = "view_handling"
    MANAGE_USERS = "manage_users"
    MANAGE_METHODOLOGY = "manage_methodology"
    VIEW_AUDIT = "view_audit"
    VIEW_BRIEFING = "view_briefing"        # presentation mode (briefing) and the Laporan Situasi pack
    WRITE_ANALYSIS = "write_analysis"      # Analisa & Rekomendasi of a briefing


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PIMPINAN: frozenset({Permission.VIEW_DASHBOARD, Permission.VIEW_INCIDENTS, Permission.VIEW_HANDLING,
                              Permission.VIEW_BRIEFING}),
    Role.ANALIS: frozenset({
        Permission.VIEW_DASHBOARD, Permission.VIEW_INCIDENTS, Permission.EXPORT, Permission.VIEW_HANDLING,
        Permission.VIEW_BRIEFING, Permission.WRITE_ANALYSIS,
    }),
    Role.OPERATOR: frozenset({
        Permission.VIEW_DASHBOARD, Permission.VIEW_INCIDENTS, Permission.REPORT_INCIDENT,
        Permission.IMPORT_DATA, Permission.MANAGE_HANDLING, Permission.VIEW_HANDLING,
    }),
    Role.ADMIN: frozenset(Permission),
}


@dataclass(frozen=True)
class Principal:
    """The authenticated caller, passed to every data_access function."""

    username: str
    role: Role
    scope: Scope
    clearance: str = "umum"        # highest sensitivity this user may read in full
    user_id: int | None = None

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def readable_sensitivities(self) -> tuple[str, ...]:
        return sensitivity_allowed(self.clearance)


# The identity of command-line tools and seeding scripts run by the server's operator.
SYSTEM = Principal(username="system", role=Role.ADMIN, scope=Scope.national(), clearance="rahasia")
