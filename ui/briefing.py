"""Presentation mode: the projector's stylesheet, the header strip and one renderer per screen.

Sizes are set for a 1280×720 projector and hold at 1920×1080: body text ≥ 24 px, KPI
numbers ≥ 56 px, chart ticks and map labels ≥ 18 px; every screen fits without scrolling.
Data text reaches the page only through escaped Markdown or ``st.table`` (never raw HTML).
"""
from __future__ import annotations

import streamlit as st

from data_access.briefing_notes import NoteError, save_note
from domain import briefing as B
from domain import fmt
from domain.access import Permission, Principal
from domain.palette import RISK_MARKS, RISK_ORDER
from domain.taxonomy import taxonomy
from services import briefing_figures
from services.boundaries import TOPOJSON_URL
from services.briefing import BriefingContent
from ui import texts as T
from ui.data import engine
from ui.navigation import PAGES_DIR
from ui.widgets import escape_markdown as esc
from ui.markup import escape_markdown

CHART_HEIGHT = 430
MAX_ROWS = 6
MAX_CHARS = 150

STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebarNav"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 1.5rem 0.3rem 1.5rem !important; max-width: 100% !important; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li,
[data-testid="stMain"] [data-testid="stTable"] td, [data-testid="stMain"] [data-testid="stTable"] th {
  font-size: 24px !important; line-height: 1.3 !important; }
[data-testid="stMain"] h1 { font-size: 38px !important; padding: 0.1rem 0 0.3rem 0 !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div, [data-testid="stMain"] [data-testid="stMetricValue"] p {
  font-size: 60px !important; line-height: 1.1 !important; }
[data-testid="stMetricLabel"] p { font-size: 24px !important; }
[data-testid="stMain"] button p { font-size: 24px !important; }
[data-testid="stMain"] button { min-height: 54px; }
.st-key-briefing_strip p { font-size: 24px !important; margin: 0 !important; }
.st-key-briefing_pgup, .st-key-briefing_pgdn { display: none !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.45rem; }
</style>"""


def stylesheet() -> None:
    st.html(STYLE)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "…"


def strip(content: BriefingContent) -> None:
    """One line: scope, period, data-as-of (WIB), classification (and the demo notice)."""
    parts = [f"**{esc(content.scope_name)}**", esc(content.period_text),
             esc(f"{B.COVER_AS_OF} {content.as_of_text}"), f"**{B.classification_label(content.classification)}**"]
    if content.demo:
        parts.append(esc(B.DEMO_NOTE))
    with st.container(key="briefing_strip"):
        st.markdown(" · ".join(parts))


def _names(names: tuple[str, ...]) -> str:
    return esc(", ".join(names)) if names else B.NONE


def situasi(content: BriefingContent) -> None:
    columns = st.columns(4)
    figures = ((B.KPI_INCIDENTS, fmt.number(content.incidents),
                fmt.signed(content.incidents - content.incidents_previous)),
               (B.KPI_CASUALTIES, f"{fmt.number(content.deaths)} / {fmt.number(content.injuries)}", None),
               (B.KPI_OPEN, fmt.number(content.open_cases), None),
               (B.KPI_MERAH, fmt.number(content.count("merah")), None))
    for column, (label, value, delta) in zip(columns, figures):
        with column:
            st.metric(label, value, delta.replace("−", "-") if delta else None, border=True, delta_color="inverse")
    st.markdown(f"**{B.MERAH_LIST} ({len(content.merah)}):** {_names(content.merah)}")
    st.markdown(f"**{B.RAISED_LIST} ({len(content.raised)}):** {_names(content.raised)}")


def peta(content: BriefingContent) -> None:
    left, right = st.columns([3, 2])
    with left:
        figure = briefing_figures.risk_map(content, height=CHART_HEIGHT + 40, font_size=18)
        st.plotly_chart(figure, key="briefing_map", theme=None,
                        config={"displayModeBar": False, "topojsonURL": TOPOJSON_URL, "scrollZoom": False})
    with right:
        lines = [T.BRIEFING_CATEGORY_COUNT.format(mark=RISK_MARKS[c], label=taxonomy().label("risk_category", c),
                                                  count=fmt.number(content.count(c))) for c in RISK_ORDER]
        st.markdown("\n".join(f"- {esc(x)}" for x in lines))
        st.markdown(f"**{B.MERAH_LIST}:** {_names(content.merah)}")


def _table(rows: list[dict[str, str]], total: int) -> None:
    st.table(rows[:MAX_ROWS], hide_index=True)
    if total > MAX_ROWS:
        st.markdown(T.BRIEFING_MORE.format(n=total - MAX_ROWS))


def perubahan(content: BriefingContent) -> None:
    left, right = st.columns([1, 1])
    with left:
        if content.transitions:
            _table([{"Wilayah": t.name, "Dari": B.RISK_LABELS[t.from_category], "Ke": B.RISK_LABELS[t.to_category],
                     "Arah": t.direction} for t in content.transitions], len(content.transitions))
        else:
            st.markdown(B.NO_TRANSITIONS)
    with right:
        st.markdown(f"**{B.ALERTS_TITLE} ({len(content.alerts)})**")
        if content.alerts:
            _table([{"Wilayah": a.region, "Aturan": a.rule, "Tingkat": a.severity} for a in content.alerts],
                   len(content.alerts))
        else:
            st.markdown(B.NO_ALERTS)


def prakiraan(content: BriefingContent) -> None:
    rows = [dict(zip(B.FORECAST_COLUMNS, (f.region, fmt.month(f.target_month), fmt.number(f.mean, 1),
                                          f"{fmt.number(f.lo80, 0)}–{fmt.number(f.hi80, 0)}",
                                          "—" if f.p_serious is None else fmt.percent(f.p_serious, 0))))
            for f in content.forecasts]
    _table(rows, len(rows))


def kejadian(content: BriefingContent) -> None:
    if not content.notable:
        st.markdown(B.NO_INCIDENTS)
        return
    first = content.notable[0]
    st.table([{"": label, " ": _clip(getattr(first, key) or B.RESTRICTED_TEXT)} for key, label in B.W_FIELDS],
             hide_index=True)
    others = [f"{esc(i.bilamana.split(',')[0])} · {esc(i.di_mana)} · {esc(_clip(i.apa))}" for i in content.notable[1:3]]
    if others:
        st.markdown(f"**{T.BRIEFING_OTHER_INCIDENTS}:** " + "; ".join(others))


def tren(content: BriefingContent) -> None:
    st.plotly_chart(briefing_figures.trend_chart(content, height=CHART_HEIGHT + 40, font_size=20), key="briefing_trend",
                    theme=None, config={"displayModeBar": False})


def penanganan(content: BriefingContent) -> None:
    columns = st.columns(4)
    figures = ((B.HANDLING_STARTED, sum(s.started for s in content.handling)),
               (B.HANDLING_FINISHED, sum(s.finished for s in content.handling)),
               (B.KPI_OPEN, content.open_cases), (B.HANDLING_OVERDUE, content.overdue_cases))
    for column, (label, value) in zip(columns, figures):
        with column:
            st.metric(label, fmt.number(value), border=True)
    st.markdown(" · ".join(f"{esc(s.label)}: {fmt.number(s.started)} / {fmt.number(s.finished)}"
                           for s in content.handling))
    if content.follow_ups:
        st.table([{"Wilayah": f.region, "Kategori": f.category, "Umur": f"{fmt.number(f.age_days)} hari",
                   "Tindakan terakhir": f.last_action} for f in content.follow_ups[:3]], hide_index=True)
    else:
        st.markdown(B.NO_FOLLOW_UPS)


def analisa(content: BriefingContent, principal: Principal) -> None:
    st.markdown(f"*{B.ANALYSIS_LABEL}*")
    note = content.note
    if note is None:
        st.markdown(B.NO_NOTE)
    elif note.restricted:
        st.markdown(B.NOTE_RESTRICTED)
    else:
        st.markdown(f"**{B.ANALYSIS}:** {esc(_clip(note.analysis.replace(chr(10), ' ')))}")
        st.markdown(f"**{B.RECOMMENDATIONS}:** {esc(_clip(note.recommendations.replace(chr(10), ' ')))}")
        st.markdown(esc(T.BRIEFING_NOTE_VERSION.format(version=note.version, author=note.created_by,
                                                        day=fmt.day(note.created_at))))
    if principal.can(Permission.WRITE_ANALYSIS):
        if st.button(T.BRIEFING_WRITE_NOTE, icon=":material/edit_note:", key="briefing_write"):
            note_dialog(content, principal)


@st.dialog(T.BRIEFING_NOTE_DIALOG, width="large")
def note_dialog(content: BriefingContent, principal: Principal) -> None:
    """Write and save a new version (stored, versioned, audited in data_access.briefing_notes)."""
    current = content.note if content.note is not None and not content.note.restricted else None
    with st.form("briefing_note"):
        analysis = st.text_area(T.BRIEFING_NOTE_ANALYSIS, value=current.analysis if current else "", height=160)
        recommendations = st.text_area(T.BRIEFING_NOTE_RECS, value=current.recommendations if current else "",
                                       height=120)
        levels = list(principal.readable_sensitivities)
        sensitivity = st.selectbox(T.BRIEFING_NOTE_SENSITIVITY, levels,
                                   format_func=lambda c: taxonomy().label("sensitivity", c))
        submitted = st.form_submit_button(T.BRIEFING_NOTE_SAVE, type="primary")
    if submitted:
        try:
            with engine().begin() as conn:
                version = save_note(conn, principal, content.scope, content.month, analysis=analysis,
                                    recommendations=recommendations, sensitivity=sensitivity)
        except NoteError as exc:
            st.error(escape_markdown(exc))
            return
        st.cache_data.clear()
        st.success(T.BRIEFING_NOTE_SAVED.format(version=version))
        st.rerun()


RENDERERS = {"situasi": situasi, "peta": peta, "perubahan": perubahan, "kejadian": kejadian, "tren": tren,
             "penanganan": penanganan, "prakiraan": prakiraan}


def pack_buttons(principal: Principal, scope, month) -> None:
    """PPTX and PDF download buttons; the pack is built (and audited) only when clicked."""
    from ui import briefing_queries as BQ   # services.pack is heavy: loaded when a page shows the buttons

    for file_format, label in (("pptx", T.BRIEFING_PACK_PPTX), ("pdf", T.BRIEFING_PACK_PDF)):
        st.download_button(label, data=lambda f=file_format: BQ.pack(principal, scope, month, f).data,
                           file_name=f"laporan-situasi_{scope.encode()}_{month}.{file_format}",
                           mime="application/octet-stream", icon=":material/download:",
                           key=f"briefing_pack_{file_format}", help=T.BRIEFING_PACK_HELP, on_click="ignore")


def briefing_actions(principal: Principal, scope, month) -> None:
    """On Ringkasan: open presentation mode, or download the pack of the same scope and month."""
    with st.container(horizontal=True, vertical_alignment="center", key="briefing_actions"):
        st.page_link(str(PAGES_DIR / "briefing.py"), label=T.PAGE_BRIEFING, icon=":material/co_present:",
                     query_params={"cakupan": scope.encode(), "periode": str(month)})
        pack_buttons(principal, scope, month)


def screen(section: str, content: BriefingContent, principal: Principal) -> None:
    st.title(B.SECTION_TITLES[section])
    if section == "analisa":
        analisa(content, principal)
    else:
        RENDERERS[section](content)
