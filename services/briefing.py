"""What a briefing says, assembled once: the page, the PPTX and the PDF all render this one record.

``build_briefing`` reads through data_access and services.risk with the caller's Principal,
so scope and clearance apply exactly as on screen: restricted incident text is already
masked in SQL and never enters the record. The classification is the highest sensitivity
of what the record actually carries (never above the caller's clearance).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import Connection

from data_access import alerts, briefing_notes, briefing_reads, forecasts, handling, incidents, meta, regions
from data_access.briefing_notes import NoteRecord
from domain import briefing as B
from domain import fmt
from domain.access import Principal, Scope
from domain.filters import IncidentFilter
from domain.period import Month
from domain.regions import display_name
from domain.taxonomy import taxonomy
from services import risk

WIB = ZoneInfo("Asia/Jakarta")
TREND_MONTHS = 12
NOTABLE_LIMIT = 5
NOTABLE_POOL = 200
FOLLOW_UP_LIMIT = 5
ALERT_LIMIT = 6
FORECAST_LIMIT = 8


@dataclass(frozen=True)
class RegionStatus:
    code: str
    name: str
    category: str | None
    score: float | None
    rank: int | None
    previous_category: str | None
    driver: str | None
    probability: float | None = None   # share of Monte Carlo draws giving the shown category (issue 10)
    borderline: bool = False

    @property
    def badge(self) -> str:
        """``"Merah · 72 %"`` (and the borderline mark), as the dashboard shows it."""
        return B.badge(self.category, self.probability, self.borderline)


@dataclass(frozen=True)
class AlertBrief:
    region: str
    rule: str                 # domain.briefing.ALERT_RULES label
    severity: str
    first_seen_on: date


@dataclass(frozen=True)
class ForecastBrief:
    region: str
    target_month: Month
    mean: float
    lo80: float
    hi80: float
    p_serious: float | None


@dataclass(frozen=True)
class Transition:
    code: str
    name: str
    from_category: str
    to_category: str
    direction: str            # domain.briefing.TRANSITION_UP / TRANSITION_DOWN


@dataclass(frozen=True)
class NotableIncident:
    incident_id: int
    occurred_on: date
    apa: str
    bilamana: str
    di_mana: str
    siapa: str | None         # None when masked (above the caller's clearance)
    bagaimana: str | None
    mengapa: str
    sensitivity: str
    restricted: bool


@dataclass(frozen=True)
class TrendPoint:
    month: Month
    incidents: int
    casualties: int


@dataclass(frozen=True)
class StageWork:
    stage: str
    label: str
    started: int
    finished: int


@dataclass(frozen=True)
class FollowUp:
    incident_id: int
    region: str
    category: str
    age_days: int
    last_action: str
    overdue: bool


@dataclass(frozen=True)
class BriefingContent:
    """One briefing (scope × month) as the caller may see it."""

    scope: Scope
    scope_name: str
    month: Month
    period_text: str
    generated_at: datetime        # WIB
    data_as_of: datetime | None   # WIB
    author: str
    clearance: str
    methodology_version: str | None
    demo: bool
    incidents: int
    incidents_previous: int
    deaths: int
    injuries: int
    open_cases: int
    overdue_cases: int
    regions: tuple[RegionStatus, ...]
    transitions: tuple[Transition, ...]
    notable: tuple[NotableIncident, ...]
    trend: tuple[TrendPoint, ...]
    handling: tuple[StageWork, ...]
    follow_ups: tuple[FollowUp, ...]
    note: NoteRecord | None
    alerts: tuple[AlertBrief, ...] = ()
    forecasts: tuple[ForecastBrief, ...] = ()   # the Prakiraan section shows only when a forecast run exists

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(s for s in B.SECTIONS if s != "prakiraan" or self.forecasts)

    def count(self, category: str) -> int:
        return sum(1 for r in self.regions if r.category == category)

    def count_previous(self, category: str) -> int | None:
        if not any(r.previous_category for r in self.regions):
            return None
        return sum(1 for r in self.regions if r.previous_category == category)

    @property
    def merah(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.regions if r.category == "merah")

    @property
    def raised(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.transitions if t.direction == B.TRANSITION_UP)

    @property
    def classification(self) -> str:
        """Highest sensitivity of what is included (readable incident text and the note).

        Only text within the caller's clearance is ever included, so this never exceeds it.
        """
        levels = [i.sensitivity for i in self.notable if not i.restricted]
        if self.note is not None and not self.note.restricted:
            levels.append(self.note.sensitivity)
        return B.highest(levels)

    @property
    def as_of_text(self) -> str:
        when = self.data_as_of or self.generated_at
        return f"{fmt.day(when)} {when:%H:%M} {B.WIB}"


def _wib(value: datetime | None) -> datetime | None:
    # Stored times are the server's local wall clock; show them in WIB.
    return value.astimezone(WIB) if value is not None else None


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _str(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _probability(category: str | None, p_merah, p_hijau) -> float | None:
    if category is None or p_merah is None or p_hijau is None or pd.isna(p_merah) or pd.isna(p_hijau):
        return None
    return {"merah": float(p_merah), "hijau": float(p_hijau)}.get(category, max(0.0, 1.0 - p_merah - p_hijau))


def _regions(table: pd.DataFrame) -> tuple[RegionStatus, ...]:
    if table.empty:
        return ()
    ordered = table.sort_values(["rank", "name"], na_position="last")
    out = []
    for r in ordered.to_dict("records"):
        category = _str(r.get("category"))
        out.append(RegionStatus(
            code=str(r["region_code"]), name=str(r["name"]), category=category,
            score=None if pd.isna(r["score"]) else float(r["score"]), rank=_int(r["rank"]),
            previous_category=_str(r.get("prev_category")), driver=_str(r.get("top_driver")),
            probability=_probability(category, r.get("p_merah"), r.get("p_hijau")),
            borderline=bool(r.get("borderline")) if r.get("borderline") is not None
            and not pd.isna(r.get("borderline")) else False))
    return tuple(out)


def _alerts(frame: pd.DataFrame, scope: Scope) -> tuple[AlertBrief, ...]:
    if frame.empty:
        return ()
    inside = frame[[scope.contains(str(c)) for c in frame["region_code"]]]
    return tuple(AlertBrief(display_name(str(r.region_name)), B.ALERT_RULES.get(r.rule, r.rule), str(r.severity),
                            pd.Timestamp(r.first_seen_on).date()) for r in inside.head(ALERT_LIMIT).itertuples())


def _forecasts(conn: Connection, principal: Principal, scope: Scope, month: Month) -> tuple[ForecastBrief, ...]:
    run = forecasts.latest_forecast_run(conn, principal)
    if run is None:
        return ()
    frame = forecasts.forecasts_of_run(conn, principal, run["id"])
    frame = frame[[scope.contains(str(c)) for c in frame["region_code"]]]
    frame = frame[frame["horizon"] == frame["horizon"].min()] if not frame.empty else frame
    frame = frame.sort_values("mean", ascending=False).head(FORECAST_LIMIT)
    return tuple(ForecastBrief(display_name(str(r.region_name)), Month.parse(r.target_month), float(r.mean),
                               float(r.lo80), float(r.hi80), None if pd.isna(r.p_serious) else float(r.p_serious))
                 for r in frame.itertuples())


def _transitions(regions_: tuple[RegionStatus, ...]) -> tuple[Transition, ...]:
    order = {c: i for i, c in enumerate(("hijau", "kuning", "merah"))}
    out = [Transition(r.code, r.name, r.previous_category, r.category,
                      B.TRANSITION_UP if order[r.category] > order[r.previous_category] else B.TRANSITION_DOWN)
           for r in regions_ if r.category in order and r.previous_category in order
           and r.category != r.previous_category]
    return tuple(sorted(out, key=lambda t: (t.direction != B.TRANSITION_UP, -order[t.to_category], t.name)))


def _notable(frame: pd.DataFrame) -> tuple[NotableIncident, ...]:
    tax = taxonomy()
    out = []
    for r in frame.itertuples():
        occurred = pd.Timestamp(r.occurred_on).date()
        casualties = [f"{fmt.number(r.deaths)} meninggal" if r.deaths else "",
                      f"{fmt.number(r.injuries)} luka" if r.injuries else ""]
        casualty_text = ", ".join(c for c in casualties if c) or "tanpa korban jiwa"
        when = fmt.day(occurred) + (f", pukul {r.occurred_time:%H:%M}" if r.occurred_time is not None
                                    and not pd.isna(r.occurred_time) else "")
        place = display_name(str(r.kabkota_name)) + (f", Kec. {r.kecamatan_name}" if _str(r.kecamatan_name) else "")
        restricted = bool(r.restricted)
        out.append(NotableIncident(
            incident_id=int(r.id), occurred_on=occurred,
            apa=f"{tax.label('category', r.category)} ({tax.label('severity', r.severity).lower()}; "
                f"{tax.label('arena', r.arena).lower()}): {casualty_text}",
            bilamana=when, di_mana=place,
            siapa=None if restricted else (_str(r.actors) or "—"),
            bagaimana=None if restricted else (_str(r.description) or "—"),
            mengapa=tax.label("category", r.category), sensitivity=str(r.sensitivity), restricted=restricted))
    return tuple(out)


def _trend(frame: pd.DataFrame, months: list[Month]) -> tuple[TrendPoint, ...]:
    by_month = {Month.of(pd.Timestamp(m).date()): (int(n), int(d) + int(i))
                for m, n, d, i in zip(frame["month"], frame["incidents"], frame["deaths"], frame["injuries"])}
    return tuple(TrendPoint(m, *by_month.get(m, (0, 0))) for m in months)


def _follow_ups(frame: pd.DataFrame) -> tuple[FollowUp, ...]:
    if frame.empty:
        return ()
    tax = taxonomy()
    ordered = frame.sort_values(["overdue", "age_days"], ascending=[False, False]).head(FOLLOW_UP_LIMIT)
    return tuple(FollowUp(
        incident_id=int(r.incident_id), region=display_name(str(r.kabkota_name)), category=tax.label("category", r.category),
        age_days=int(r.age_days),
        last_action=(f"{tax.label('action_type', r.last_action_type)} · {tax.label('agency', r.last_agency)}"
                     if r.last_action_type else "belum ada tindakan"),
        overdue=bool(r.overdue)) for r in ordered.itertuples())


def build_briefing(conn: Connection, principal: Principal, scope: Scope | None, month: Month, *,
                   today: date | None = None, now: datetime | None = None) -> BriefingContent:
    """Everything the briefing shows for ``scope`` (narrowed to the caller's) and ``month``."""
    today = today or date.today()
    scope = principal.scope.narrow(scope)
    running = month == Month.of(today)
    last = min(month.last_day, today)
    codes = (scope.code,) if scope.code else ()
    record = regions.get_region(conn, principal, scope.code) if scope.code else None
    scope_name = record.display_name if record else (scope.code or "Nasional")

    this_month = incidents.totals(conn, principal, IncidentFilter(date_from=month.first_day, date_to=last,
                                                                  region_codes=codes))
    prev = month.shift(-1)
    prev_last = min(prev.first_day + timedelta(days=(last - month.first_day).days), prev.last_day)
    previous = incidents.totals(conn, principal, IncidentFilter(date_from=prev.first_day, date_to=prev_last,
                                                                region_codes=codes))
    view = risk.scores_for(conn, principal, scope, month)
    region_rows = _regions(view.table)
    serious = incidents.serious_incidents(conn, principal, IncidentFilter(
        date_from=month.first_day, date_to=last, region_codes=codes), limit=NOTABLE_POOL)
    # Most serious first (deaths, then injuries), newest among equals.
    serious = serious.sort_values(["deaths", "injuries", "occurred_on"], ascending=False).head(NOTABLE_LIMIT)
    months = month.shift(-(TREND_MONTHS - 1)).range_to(month)
    trend = incidents.aggregate(conn, principal, IncidentFilter(date_from=months[0].first_day, date_to=last,
                                                                region_codes=codes), ("month",))
    stages = briefing_reads.handling_by_stage(conn, principal, scope, month.first_day, last)
    stage_counts = {r.stage: (int(r.started), int(r.finished)) for r in stages.itertuples()}
    open_frame = handling.open_cases(conn, principal, scope, today=today)
    as_of = briefing_reads.data_as_of(conn, principal, scope)
    generated = (now or datetime.now()).astimezone(WIB)

    return BriefingContent(
        scope=scope, scope_name=scope_name, month=month,
        period_text=fmt.month(month, long=True) + (f" (1–{today.day})" if running else ""),
        generated_at=generated, data_as_of=_wib(as_of), author=principal.username,
        clearance=principal.clearance, methodology_version=view.methodology_version,
        demo=meta.is_demo_database(conn),
        incidents=this_month["incidents"], incidents_previous=previous["incidents"],
        deaths=this_month["deaths"], injuries=this_month["injuries"],
        open_cases=len(open_frame), overdue_cases=int(open_frame["overdue"].sum()) if len(open_frame) else 0,
        regions=region_rows, transitions=_transitions(region_rows), notable=_notable(serious),
        trend=_trend(trend, months),
        handling=tuple(StageWork(code, taxonomy().label("stage", code), *stage_counts.get(code, (0, 0)))
                       for code in taxonomy().codes("stage")),
        follow_ups=_follow_ups(open_frame),
        note=briefing_notes.latest_note(conn, principal, scope, month),
        alerts=_alerts(alerts.list_alerts(conn, principal, active_only=True, limit=200), scope),
        forecasts=_forecasts(conn, principal, scope, month),
    )
