"""Database schema as SQLAlchemy 2.x typed models.

Alembic migrations (``data_access/migrations``) create these tables; the app never
calls ``create_all`` on a real database. Codes (category, arena, …) are stored as
short strings and validated against ``domain/taxonomy.toml`` by the data layer, so
the taxonomy stays configurable without a migration.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE = String(16)
SHORT = String(40)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, Any: JSON}


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class Region(Base):
    """Province, kab/kota or kecamatan with its official Kemendagri code (``73.71``)."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(CODE, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(SHORT)  # provinsi / kabupaten / kota / kecamatan
    parent_code: Mapped[Optional[str]] = mapped_column(CODE, ForeignKey("regions.code"), index=True)
    province_code: Mapped[str] = mapped_column(CODE, index=True)
    population: Mapped[Optional[int]] = mapped_column(Integer)
    area_km2: Mapped[Optional[float]] = mapped_column(Float)
    has_polygon: Mapped[bool] = mapped_column(Boolean, default=False)


class Import(Base):
    """Provenance of one imported file; rows it wrote point back here."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(SHORT)  # incidents / indicator_values / handling_actions / indicator_definitions
    file_name: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[Optional[str]] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(SHORT, default="committed")  # committed / rolled_back
    rows_added: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    skipped_rows: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)  # rows the user chose to skip, and why
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    rolled_back_by: Mapped[Optional[str]] = mapped_column(String(80))
    rolled_back_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


class ImportChange(Base):
    """One row an import inserted or updated, with the previous values, so a rollback is exact."""

    __tablename__ = "import_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id"), index=True)
    table_name: Mapped[str] = mapped_column(SHORT)
    row_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))  # insert / update
    previous: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)


class ColumnMapping(Base):
    """A saved mapping from a source's column names onto SIPKS fields, reused on the next import."""

    __tablename__ = "column_mappings"
    __table_args__ = (UniqueConstraint("kind", "source_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(SHORT)
    source_name: Mapped[str] = mapped_column(String(80))
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)  # file column -> field (or "__skip__")
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class Incident(Base):
    """A conflict incident, in the real world (nyata) or in cyberspace (maya)."""

    __tablename__ = "incidents"
    __table_args__ = (
        UniqueConstraint("source", "source_ref"),
        Index("ix_incidents_kabkota_occurred", "kabkota_code", "occurred_on"),
        Index("ix_incidents_province_occurred", "province_code", "occurred_on"),
        Index("ix_incidents_category_occurred", "category", "occurred_on"),
        Index("ix_incidents_kecamatan_occurred", "kecamatan_code", "occurred_on"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    occurred_time: Mapped[Optional[time]] = mapped_column(Time)
    reported_on: Mapped[date] = mapped_column(Date)
    province_code: Mapped[str] = mapped_column(CODE, ForeignKey("regions.code"))  # denormalised for scope filters
    kabkota_code: Mapped[str] = mapped_column(CODE, ForeignKey("regions.code"))
    kecamatan_code: Mapped[Optional[str]] = mapped_column(CODE, ForeignKey("regions.code"))
    lat: Mapped[Optional[float]] = mapped_column(Float)
    lon: Mapped[Optional[float]] = mapped_column(Float)
    category: Mapped[str] = mapped_column(SHORT)
    arena: Mapped[str] = mapped_column(String(10))
    severity: Mapped[str] = mapped_column(String(10))
    deaths: Mapped[int] = mapped_column(Integer, default=0)
    injuries: Mapped[int] = mapped_column(Integer, default=0)
    displaced: Mapped[int] = mapped_column(Integer, default=0)
    actors: Mapped[Optional[str]] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(SHORT)
    source_ref: Mapped[Optional[str]] = mapped_column(String(120))
    verification: Mapped[str] = mapped_column(String(20), default="belum")
    sensitivity: Mapped[str] = mapped_column(String(10), default="umum")
    handling_status: Mapped[str] = mapped_column(String(20), default="baru")
    import_id: Mapped[Optional[int]] = mapped_column(ForeignKey("imports.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    deleted_by: Mapped[Optional[str]] = mapped_column(String(80))
    delete_reason: Mapped[Optional[str]] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    updated_by: Mapped[Optional[str]] = mapped_column(String(80))
    updated_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


# When a row was last written ("data as of" in the briefing): one index lookup per scope (migration 0007).
_incident_written = func.coalesce(Incident.updated_at, Incident.created_at)
Index("ix_incidents_written", _incident_written)
Index("ix_incidents_province_written", Incident.province_code, _incident_written)


class IncidentVersion(Base):
    """The previous state of an incident before each edit, delete or restore."""

    __tablename__ = "incident_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    change_kind: Mapped[str] = mapped_column(String(20))  # edit / delete / restore / import / rollback
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class IndicatorDefinition(Base):
    __tablename__ = "indicator_definitions"
    code: Mapped[str] = mapped_column(SHORT, primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    unit: Mapped[str] = mapped_column(String(40))
    higher_is_riskier: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    min_value: Mapped[Optional[float]] = mapped_column(Float)  # valid range, checked on import
    max_value: Mapped[Optional[float]] = mapped_column(Float)
    import_id: Mapped[Optional[int]] = mapped_column(ForeignKey("imports.id"))


class IndicatorValue(Base):
    """One indicator value of one region in one period (long form)."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("region_code", "period", "indicator_code"),
        Index("ix_indicator_values_indicator_period", "indicator_code", "period"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(CODE, ForeignKey("regions.code"))
    period: Mapped[date] = mapped_column(Date)  # first day of the month the value refers to
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator_definitions.code"))
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(120))
    import_id: Mapped[Optional[int]] = mapped_column(ForeignKey("imports.id"))
    withdrawn_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    updated_by: Mapped[Optional[str]] = mapped_column(String(80))
    updated_at: Mapped[Optional[datetime]] = mapped_column(DateTime, default=_now)


class HandlingAction(Base):
    """A penanganan action (UU 7/2012 stage) for an incident and/or a region."""

    __tablename__ = "handling_actions"
    __table_args__ = (
        UniqueConstraint("source_ref"),
        Index("ix_handling_actions_region_status", "region_code", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[Optional[int]] = mapped_column(ForeignKey("incidents.id"), index=True)
    region_code: Mapped[str] = mapped_column(CODE, ForeignKey("regions.code"))
    province_code: Mapped[str] = mapped_column(CODE, index=True)
    stage: Mapped[str] = mapped_column(String(20))
    action_type: Mapped[str] = mapped_column(SHORT)
    agency: Mapped[str] = mapped_column(SHORT)
    started_on: Mapped[Optional[date]] = mapped_column(Date)
    due_on: Mapped[Optional[date]] = mapped_column(Date)
    finished_on: Mapped[Optional[date]] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="direncanakan")
    outcome: Mapped[str] = mapped_column(Text, default="")
    source_ref: Mapped[Optional[str]] = mapped_column(String(120))
    import_id: Mapped[Optional[int]] = mapped_column(ForeignKey("imports.id"))
    withdrawn_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    updated_by: Mapped[Optional[str]] = mapped_column(String(80))
    updated_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


class ConflictStatusDeclaration(Base):
    """A declared *status keadaan konflik* (UU 7/2012): at most 90 days unless extended."""

    __tablename__ = "conflict_status_declarations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(CODE, ForeignKey("regions.code"), index=True)
    scale: Mapped[str] = mapped_column(String(10))  # kabkota / provinsi / nasional
    declared_by: Mapped[str] = mapped_column(String(120))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date)
    decree_ref: Mapped[str] = mapped_column(String(160))
    notes: Mapped[str] = mapped_column(Text, default="")


class Event(Base):
    """A calendar event that matters for reading trends (Pemilu, Pilkada, holidays, local events)."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_on: Mapped[date] = mapped_column(Date, index=True)
    end_on: Mapped[Optional[date]] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(20))
    region_code: Mapped[Optional[str]] = mapped_column(CODE, ForeignKey("regions.code"))  # None = national
    description: Mapped[str] = mapped_column(Text, default="")


class ScoreSnapshot(Base):
    """A stored risk-index result: the one read path for scores (docs/design-snapshots.md).

    ``series`` is ``dihitung_ulang`` (everything known now, replaced when data changes) or
    ``terbit`` (as published: only rows known by ``as_of``; a closed month is written once).
    Result columns without a dedicated column of their own travel in ``extra``, so a new
    methodology column is stored and read back without a migration.
    """

    __tablename__ = "score_snapshots"
    __table_args__ = (
        UniqueConstraint("region_code", "period", "series", "methodology_version"),
        Index("ix_score_snapshots_period", "period", "series", "methodology_version", "region_code"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(CODE, ForeignKey("regions.code"))
    level: Mapped[str] = mapped_column(String(10))            # kabkota | provinsi
    period: Mapped[date] = mapped_column(Date)                # first day of the month
    series: Mapped[str] = mapped_column(String(20))           # dihitung_ulang | terbit
    methodology_version: Mapped[str] = mapped_column(String(20))
    as_of: Mapped[date] = mapped_column(Date)                 # every window ends on this day
    data_as_of: Mapped[Optional[date]] = mapped_column(Date)  # newest input row the score saw
    score: Mapped[Optional[float]] = mapped_column(Float)
    category: Mapped[Optional[str]] = mapped_column(String(10))      # after hysteresis and overrides
    category_raw: Mapped[Optional[str]] = mapped_column(String(10))  # before hysteresis
    rank: Mapped[Optional[int]] = mapped_column(Integer)
    p_merah: Mapped[Optional[float]] = mapped_column(Float)
    p_hijau: Mapped[Optional[float]] = mapped_column(Float)
    borderline: Mapped[Optional[bool]] = mapped_column(Boolean)
    components: Mapped[dict[str, Any]] = mapped_column(JSON)          # component -> value
    drivers: Mapped[Optional[list[Any]]] = mapped_column(JSON)        # the concrete "why"
    explanation: Mapped[str] = mapped_column(Text, default="")
    completeness: Mapped[Optional[float]] = mapped_column(Float)
    imputed: Mapped[Optional[list[Any]]] = mapped_column(JSON)
    overrides: Mapped[Optional[Any]] = mapped_column(JSON)
    contributions: Mapped[Optional[list[Any]]] = mapped_column(JSON)  # per indicator: the exact decomposition
    extra: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)     # other result columns
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    computed_by: Mapped[str] = mapped_column(String(80))


class DataVersion(Base):
    """One row whose ``version`` the database bumps on every write to the data tables (migration 0004).

    Caches key on it, so no process serves rows older than the database.
    """

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(160))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    scope_code: Mapped[Optional[str]] = mapped_column(CODE, ForeignKey("regions.code"))  # None = nasional
    clearance: Mapped[str] = mapped_column(String(10), default="umum")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[Optional[datetime]] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


class UserSession(Base):
    """A signed-in browser session; revoked on logout or when the account is disabled."""

    __tablename__ = "user_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random token id (the secret part is signed)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


class AuditLog(Base):
    """Append-only record of security-relevant actions (no code path updates or deletes rows)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_action_at", "action", "at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    username: Mapped[Optional[str]] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(SHORT)
    target: Mapped[Optional[str]] = mapped_column(String(255))
    scope: Mapped[Optional[str]] = mapped_column(CODE)
    detail: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)


class AppMeta(Base):
    """Small key/value facts about the database (e.g. whether it holds demo data)."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class BriefingNote(Base):
    """One saved version of the Analisa & Rekomendasi of a briefing (scope × month); versions are never changed."""

    __tablename__ = "briefing_notes"
    __table_args__ = (
        UniqueConstraint("scope_code", "period", "version"),
        Index("ix_briefing_notes_scope_period", "scope_code", "period"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope_code: Mapped[str] = mapped_column(CODE)  # "nasional", "73" or "73.71"
    period: Mapped[date] = mapped_column(Date)     # first day of the month
    version: Mapped[int] = mapped_column(Integer)
    analysis: Mapped[str] = mapped_column(Text)
    recommendations: Mapped[str] = mapped_column(Text)
    sensitivity: Mapped[str] = mapped_column(String(10), default="umum")
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


# --- Early warning (issue 11): alerts, forecast runs and forecasts, backtest runs ---------------

class Alert(Base):
    """One early-warning alert: a rule firing for a region, kept (deduplicated) while the condition persists."""

    __tablename__ = "alerts"
    __table_args__ = (
        Index("ix_alerts_key", "rule", "region_code", "subject"),
        Index("ix_alerts_province_state", "province_code", "state"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(20))
    region_code: Mapped[str] = mapped_column(CODE, ForeignKey("regions.code"))
    province_code: Mapped[str] = mapped_column(CODE)  # denormalised for scope filters
    subject: Mapped[str] = mapped_column(SHORT, default="")  # category or arena the rule is about, or ""
    severity: Mapped[str] = mapped_column(String(10))  # tinggi / sedang
    priority: Mapped[float] = mapped_column(Float)  # larger = more urgent within a severity
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)  # the numbers behind the alert
    detail: Mapped[Optional[str]] = mapped_column(Text)  # incident text (masked by sensitivity on read)
    sensitivity: Mapped[str] = mapped_column(String(10), default="umum")
    incident_id: Mapped[Optional[int]] = mapped_column(ForeignKey("incidents.id"))
    first_seen_on: Mapped[date] = mapped_column(Date)
    last_seen_on: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # the condition held at the last recompute
    state: Mapped[str] = mapped_column(String(20), default="baru")  # baru / dilihat / ditindaklanjuti / selesai
    state_by: Mapped[Optional[str]] = mapped_column(String(80))
    state_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    handling_action_id: Mapped[Optional[int]] = mapped_column(ForeignKey("handling_actions.id"))
    config_version: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class ForecastRun(Base):
    """One forecast run: model version, the data it saw and the seed that reproduces it."""

    __tablename__ = "forecast_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope_code: Mapped[str] = mapped_column(CODE)  # nasional / 73 / 73.71
    origin: Mapped[date] = mapped_column(Date, index=True)  # first day of the last month the model saw
    data_as_of: Mapped[date] = mapped_column(Date)  # rows reported up to this day
    model_version: Mapped[str] = mapped_column(String(60))
    config_version: Mapped[str] = mapped_column(String(20))
    seed: Mapped[int] = mapped_column(Integer)
    train_rows: Mapped[int] = mapped_column(Integer)
    dispersion: Mapped[dict[str, Any]] = mapped_column(JSON)
    duration_s: Mapped[float] = mapped_column(Float)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class Forecast(Base):
    """Expected incidents of one kab/kota for one horizon, with intervals and P(serious)."""

    __tablename__ = "forecasts"
    __table_args__ = (Index("ix_forecasts_run_region", "run_id", "region_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("forecast_runs.id"))
    region_code: Mapped[str] = mapped_column(CODE, ForeignKey("regions.code"))
    province_code: Mapped[str] = mapped_column(CODE)
    horizon: Mapped[int] = mapped_column(Integer)
    target_month: Mapped[date] = mapped_column(Date)
    mean: Mapped[float] = mapped_column(Float)
    lo80: Mapped[int] = mapped_column(Integer)
    hi80: Mapped[int] = mapped_column(Integer)
    lo90: Mapped[int] = mapped_column(Integer)
    hi90: Mapped[int] = mapped_column(Integer)
    p_serious: Mapped[float] = mapped_column(Float)
    history_q90: Mapped[Optional[float]] = mapped_column(Float)  # the region's 90th percentile month


class BacktestRun(Base):
    """A stored rolling-origin backtest: per-horizon metrics of the model and its baselines."""

    __tablename__ = "backtest_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope_code: Mapped[str] = mapped_column(CODE)
    month_from: Mapped[date] = mapped_column(Date)
    month_to: Mapped[date] = mapped_column(Date)
    horizons: Mapped[str] = mapped_column(String(40))
    model_version: Mapped[str] = mapped_column(String(60))
    config_version: Mapped[str] = mapped_column(String(20))
    seed: Mapped[int] = mapped_column(Integer)
    data_as_of: Mapped[date] = mapped_column(Date)
    n_origins: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"horizons": [...], "reliability": [...]}
    duration_s: Mapped[float] = mapped_column(Float)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now, index=True)
