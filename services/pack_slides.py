"""The pack as a list of slides: one model rendered to PPTX and to PDF, so both say the same thing."""
from __future__ import annotations

from dataclasses import dataclass, field

from domain import briefing as B
from domain import fmt
from domain.taxonomy import taxonomy
from services.briefing import BriefingContent

FACT, ANALYSIS, COVER, DISTRIBUTION = "fakta", "analisa", "sampul", "distribusi"


@dataclass(frozen=True)
class Text:
    lines: tuple[str, ...]
    size: int = 20            # points
    bold_first: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]   # relative
    size: int = 14


@dataclass(frozen=True)
class Image:
    key: str                  # "map" or "trend" (services.pack_images)


@dataclass(frozen=True)
class Chart:
    """A native chart in the PPTX (an image of the same data in the PDF)."""

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]
    image: str


@dataclass(frozen=True)
class Slide:
    title: str
    kind: str
    left: tuple = ()           # blocks in the left (or only) column
    right: tuple = ()          # blocks in the right column, if any
    notes: tuple[str, ...] = field(default=())


def _category(code: str | None) -> str:
    return taxonomy().label("risk_category", code) if code else "Tanpa skor"


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names) if names else B.NONE


def cover(c: BriefingContent) -> Slide:
    lines = (B.REPORT_TITLE, f"{B.COVER_SCOPE}: {c.scope_name}", f"{B.COVER_PERIOD}: {c.period_text}",
             f"{B.COVER_AS_OF}: {c.as_of_text}", f"{B.COVER_AUTHOR}: {c.author}",
             f"{B.COVER_GENERATED}: {fmt.day(c.generated_at)} {c.generated_at:%H:%M} {B.WIB}",
             f"{B.COVER_METHOD}: {c.methodology_version or '—'}") + ((B.DEMO_NOTE,) if c.demo else ())
    return Slide(B.classification_label(c.classification), COVER, (Text(lines, 24, bold_first=True),))


def situasi(c: BriefingContent) -> Slide:
    rows = ((B.KPI_INCIDENTS, fmt.number(c.incidents), fmt.signed(c.incidents - c.incidents_previous)),
            (B.KPI_CASUALTIES, f"{fmt.number(c.deaths)} / {fmt.number(c.injuries)}", ""),
            (B.KPI_OPEN, fmt.number(c.open_cases), f"{fmt.number(c.overdue_cases)} terlambat"))
    counts = tuple((_category(cat), fmt.number(c.count(cat)),
                    fmt.signed(c.count(cat) - prev) if (prev := c.count_previous(cat)) is not None else "")
                   for cat in ("merah", "kuning", "hijau"))
    return Slide(B.SECTION_TITLES["situasi"], FACT,
                 (Table(("Ukuran", c.period_text, "vs bulan lalu"), rows + counts, (2.2, 1.5, 1.5), 16),),
                 (Text((f"{B.MERAH_LIST} ({len(c.merah)}): {_names(c.merah)}",
                        f"{B.RAISED_LIST} ({len(c.raised)}): {_names(c.raised)}"), 18),))


def peta(c: BriefingContent) -> Slide:
    rows = tuple((str(r.rank or "—"), r.name, r.badge, fmt.number(r.score, 1)) for r in c.regions[:12])
    return Slide(B.SECTION_TITLES["peta"], FACT, (Image("map"),),
                 (Table(("#", "Wilayah", "Kategori", "Skor"), rows, (0.5, 2.4, 2.2, 0.9), 12),))


def perubahan(c: BriefingContent) -> Slide:
    rows = tuple((t.name, _category(t.from_category), _category(t.to_category), t.direction) for t in c.transitions)
    left = ((Table(("Wilayah", "Dari", "Ke", "Arah"), rows[:14], (2.4, 2.2, 2.2, 0.8), 12),) if rows
            else (Text((B.NO_TRANSITIONS,), 18),))
    alerts = tuple((a.region, a.rule, a.severity, fmt.day(a.first_seen_on)) for a in c.alerts)
    right = (Text((B.ALERTS_TITLE,), 16, bold_first=True),
             Table(("Wilayah", "Aturan", "Tingkat", "Sejak"), alerts, (2.0, 2.0, 0.9, 1.2), 12) if alerts
             else Text((B.NO_ALERTS,), 16))
    return Slide(B.SECTION_TITLES["perubahan"], FACT, left, right)


def prakiraan(c: BriefingContent) -> Slide:
    rows = tuple((f.region, fmt.month(f.target_month), fmt.number(f.mean, 1),
                  f"{fmt.number(f.lo80, 0)}–{fmt.number(f.hi80, 0)}",
                  "—" if f.p_serious is None else fmt.percent(f.p_serious, 0)) for f in c.forecasts)
    return Slide(B.SECTION_TITLES["prakiraan"], FACT, (Table(B.FORECAST_COLUMNS, rows, (2.4, 1.2, 1.4, 1.4, 1.4), 14),))


def kejadian(c: BriefingContent) -> Slide:
    if not c.notable:
        return Slide(B.SECTION_TITLES["kejadian"], FACT, (Text((B.NO_INCIDENTS,), 20),))
    rows = tuple(tuple(getattr(i, key) or B.RESTRICTED_TEXT for key, _ in B.W_FIELDS) for i in c.notable)
    return Slide(B.SECTION_TITLES["kejadian"], FACT,
                 (Table(tuple(label for _, label in B.W_FIELDS), rows, (2.2, 1.3, 1.5, 1.4, 3.2, 1.4), 10),))


def tren(c: BriefingContent) -> Slide:
    return Slide(B.SECTION_TITLES["tren"], FACT, (Chart(
        tuple(fmt.month(p.month) for p in c.trend),
        ((B.TREND_INCIDENTS, tuple(p.incidents for p in c.trend)),
         (B.TREND_CASUALTIES, tuple(p.casualties for p in c.trend))), "trend"),))


def penanganan(c: BriefingContent) -> Slide:
    stages = tuple((s.label, fmt.number(s.started), fmt.number(s.finished)) for s in c.handling)
    follow = tuple((f"#{f.incident_id}", f.region, f.category, f"{fmt.number(f.age_days)} hari", f.last_action,
                    "ya" if f.overdue else "tidak") for f in c.follow_ups)
    left = (Table(("Tahap", B.HANDLING_STARTED, B.HANDLING_FINISHED), stages, (1.4, 1.2, 1.2), 16),
            Text((f"{B.KPI_OPEN}: {fmt.number(c.open_cases)}",
                  f"{B.HANDLING_OVERDUE}: {fmt.number(c.overdue_cases)}"), 18))
    right = (Text((B.FOLLOW_UPS,), 16),
             Table(("Insiden", "Wilayah", "Kategori", "Umur", "Tindakan terakhir", "Terlambat"), follow,
                   (0.8, 1.6, 1.6, 0.9, 2.2, 0.9), 11) if follow else Text((B.NO_FOLLOW_UPS,), 16))
    return Slide(B.SECTION_TITLES["penanganan"], FACT, left, right)


def analisa(c: BriefingContent) -> Slide:
    note = c.note
    if note is None:
        lines: tuple[str, ...] = (B.NO_NOTE,)
    elif note.restricted:
        lines = (B.NOTE_RESTRICTED,)
    else:
        lines = (f"{B.ANALYSIS}:", *note.analysis.splitlines(), "", f"{B.RECOMMENDATIONS}:",
                 *note.recommendations.splitlines(), "",
                 f"Versi {note.version} · {note.created_by} · {fmt.day(note.created_at)} · "
                 f"{B.classification_label(note.sensitivity)}")
    return Slide(B.SECTION_TITLES["analisa"], ANALYSIS, (Text(lines, 16),))


def distribution(c: BriefingContent) -> Slide:
    return Slide(B.DISTRIBUTION_TITLE, DISTRIBUTION,
                 (Text(tuple(f"{i}. {name}" for i, name in enumerate(B.DISTRIBUTION, 1)) + ("", B.DISTRIBUTION_NOTE),
                       20),))


BUILDERS = {"situasi": situasi, "peta": peta, "perubahan": perubahan, "kejadian": kejadian, "tren": tren,
            "penanganan": penanganan, "prakiraan": prakiraan, "analisa": analisa}


def slides(c: BriefingContent) -> list[Slide]:
    """Cover, one slide per section of the briefing (in report order), distribution list."""
    return [cover(c), *[BUILDERS[s](c) for s in c.sections if s in BUILDERS], distribution(c)]
