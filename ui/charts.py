"""Plotly figures for the dashboard, legible on a projector at 1920×1080.

One palette for the risk categories (colour-blind-safe: the three colours differ in
lightness as well as hue, and every use carries the label text too) and one for the
incident categories. Figures are built from frames the pages already computed; no
data access here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from domain import fmt
# The risk palette lives in domain.palette (pages, maps and the briefing pack share it); re-exported here.
from domain.palette import NO_DATA_COLOUR, RISK_COLOURS, RISK_ORDER, RISK_TEXT_COLOURS  # noqa: F401
from domain.taxonomy import taxonomy
from services.trends import OTHER as OTHER_CATEGORY
from ui import texts as T

FONT_SIZE = 18
SMALL_FONT = 16
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"
TEXT_COLOUR = "#0A0A0A"


def _template() -> go.layout.Template:
    # plotly_white's look without its defaults for every trace type, plus the app's fonts: each figure
    # validates and copies its template, and the full one was a quarter of a chart page's server time.
    white = pio.templates["plotly_white"]
    template = go.layout.Template(layout=white.layout, data={kind: white.data[kind] for kind in ("bar", "choropleth")})
    axis = {"tickfont": {"size": SMALL_FONT}, "title": {"font": {"size": FONT_SIZE}}}
    template.layout.update(font={"size": FONT_SIZE, "family": FONT_FAMILY, "color": TEXT_COLOUR},
                           hoverlabel={"font": {"size": SMALL_FONT}}, xaxis=axis, yaxis=axis,
                           separators=",.")  # Indonesian: decimal comma, thousands dot
    return template


TEMPLATE = _template()


def new_figure() -> go.Figure:
    """An empty figure in the app's template (given at creation: a figure made without one first copies
    plotly's large default template, then :func:`style` would replace it).

    Plotly's per-property validation is off (``_validate=False``): it made a chart 6× dearer to build (10 of
    12 ms) and checks nothing the JSON sent needs. tests/pages/test_figures_valid.py validates every
    figure the pages draw instead, and fails on any property plotly would refuse or change.
    """
    return go.Figure(layout={"template": TEMPLATE}, _validate=False)


# Incident categories: Okabe–Ito based, distinct for the common colour-vision deficiencies.
CATEGORY_COLOURS = {
    "sengketa_lahan_sda": "#8C510A", "politik_pemilu": "#0072B2", "sara": "#CC79A7", "batas_wilayah": "#E69F00",
    "ekonomi_kesenjangan": "#56B4E9", "bentrok_antarwarga": "#D55E00", "main_hakim_sendiri": "#6A3D9A",
    "ormas": "#009E73", "ujaran_kebencian_hoaks": "#F0E442", "unjuk_rasa": "#7F7F7F", "lainnya": "#C7C7C7",
}
COMPONENT_COLOURS = {"struktural": "#0B3D91", "tekanan": "#D55E00", "eskalasi": "#CC79A7"}
LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#6A3D9A", "#8C510A")


def risk_label(category: str | None) -> str:
    """``"merah"`` → ``"Merah — rawan tinggi"`` (taxonomy label); missing → "Tanpa skor"."""
    if not isinstance(category, str) or not category:
        return T.RISK_NONE
    return taxonomy().label("risk_category", category)


def risk_chip_text(category: str | None) -> str:
    """The label for a table cell; the cell is painted in the category colour (ui.widgets.risk_styled)."""
    return risk_label(category)


def _merge(into: dict, changes: dict) -> dict:
    """Nested dicts merged into ``into`` (what ``update_layout`` does), in place."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
    return into


@dataclass
class Draft:
    """A figure as plain dicts, made into a :class:`go.Figure` once at the end.

    Each ``update_layout`` or validated ``add_bar`` on a plotly Figure costs 2–7 ms (property paths,
    validators, copies); a chart of six bars and a few events took 39 ms. Built as dicts it takes a few;
    tests/pages/test_figures_valid.py validates every figure the pages send.
    """

    data: list[dict] = field(default_factory=list)
    layout: dict = field(default_factory=dict)

    def trace(self, kind: str, **props) -> None:
        self.data.append({"type": kind, **props})

    def update_layout(self, **changes) -> None:
        _merge(self.layout, changes)

    def figure(self) -> go.Figure:
        return go.Figure({"data": self.data, "layout": {"template": TEMPLATE, **self.layout}}, _validate=False)


def style_layout(height: int, legend_bottom: bool) -> dict:
    """The layout of :func:`style` as a plain dict (for a :class:`Draft`)."""
    if legend_bottom:
        # Above the plot: never collides with the axis labels, whatever the chart's height.
        return {"height": height, "margin": {"l": 10, "r": 10, "t": 80, "b": 10},
                "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                           "font": {"size": SMALL_FONT}, "title": {"text": ""}}}
    return {"height": height, "margin": {"l": 10, "r": 10, "t": 40, "b": 10}}


def style(fig: go.Figure, *, height: int = 520, legend_bottom: bool = True) -> go.Figure:
    """Large fonts, white background (the app's template), legend above the plot (never a tiny legend over
    the data)."""
    template = fig.layout.template
    if template is None or template.layout.separators != ",.":
        fig.update_layout(template=TEMPLATE)  # a figure not made by new_figure: fonts and separators
    fig.update_layout(style_layout(height, legend_bottom))
    return fig


def _month_ticks(draft: Draft, months: list[pd.Timestamp], max_ticks: int = 12) -> None:
    """Indonesian month names on the time axis (plotly's own are English)."""
    if not months:
        return
    step = max(1, -(-len(months) // max_ticks))
    shown = months[::step]
    draft.update_layout(xaxis={"tickmode": "array", "tickvals": shown, "ticktext": [fmt.month(m.date()) for m in shown]})


def add_events(draft: Draft, events: pd.DataFrame | None, x_min: pd.Timestamp | None = None,
               x_max: pd.Timestamp | None = None) -> None:
    """Vertical dashed lines with labels for calendar events (Pemilu, Pilkada, …) inside the x range."""
    if events is None or events.empty:
        return
    shapes, notes = draft.layout.setdefault("shapes", []), draft.layout.setdefault("annotations", [])
    for row in events.itertuples():
        when = pd.Timestamp(row.event_on)
        if (x_min is not None and when < x_min) or (x_max is not None and when > x_max):
            continue
        shapes.append({"type": "line", "x0": when, "x1": when, "y0": 0, "y1": 1, "yref": "paper",
                       "line": {"color": "#333333", "width": 2, "dash": "dash"}})
        notes.append({"x": when, "y": 1.0 - 0.07 * (len(notes) % 3), "yref": "paper", "text": str(row.name),
                      "showarrow": False, "xanchor": "left", "yanchor": "top", "bgcolor": "rgba(255,255,255,0.85)",
                      "font": {"size": SMALL_FONT, "color": "#111111"}})


def _time_axis(draft: Draft, months: list[pd.Timestamp], events: pd.DataFrame | None) -> None:
    _month_ticks(draft, months)
    if months:
        add_events(draft, events, months[0] - pd.Timedelta(days=15), months[-1] + pd.Timedelta(days=45))


def stacked_categories(frame: pd.DataFrame, value_col: str, y_title: str, events: pd.DataFrame | None,
                       months: list[pd.Timestamp], other_label: str = "") -> go.Figure:
    """Stacked monthly bars by incident category (``frame``: month, category, ``value_col``); the group
    code ``services.trends.OTHER`` is drawn last, in grey, as ``other_label``. The legend is always
    shown, even for a single category."""
    draft = Draft()
    labels = {**taxonomy().labels("category"), OTHER_CATEGORY: other_label}
    parts = dict(tuple(frame.groupby("category")))   # by code: ties in total keep the alphabetical order
    totals = {code: part[value_col].sum() for code, part in parts.items()}
    order = [c for c in sorted(totals, key=lambda c: -totals[c]) if c != OTHER_CATEGORY]
    order += [OTHER_CATEGORY] if OTHER_CATEGORY in totals else []
    for code in order:
        part = parts[code]
        draft.trace("bar", x=list(part["month"]), y=list(part[value_col]), name=labels.get(code, code),
                    showlegend=True,
                    marker={"color": CATEGORY_COLOURS.get(code, "#888888") if code != OTHER_CATEGORY else "#B0B0B0"},
                    customdata=[fmt.number(v, 1 if value_col != "incidents" else 0) for v in part[value_col]],
                    hovertemplate="%{x|%m/%Y} · " + labels.get(code, code) + ": %{customdata}<extra></extra>")
    draft.update_layout(barmode="stack", yaxis={"title": {"text": y_title}}, bargap=0.15, showlegend=True,
                        **style_layout(560, True))
    _time_axis(draft, months, events)
    return draft.figure()


def series_lines(frame: pd.DataFrame, key: str, value_col: str, names: dict[str, str], y_title: str,
                 months: list[pd.Timestamp], events: pd.DataFrame | None = None, height: int = 460) -> go.Figure:
    """One line per value of ``key`` (a region, an arena) over ``months``: months without incidents
    are drawn as 0, so every line spans the same axis. ``names`` orders and labels the lines."""
    draft = Draft()
    decimals = 0 if value_col == "incidents" else 1
    parts = dict(tuple(frame.groupby(key, sort=False))) if not frame.empty else {}
    for i, (code, name) in enumerate(names.items()):
        part = parts[code].set_index("month")[value_col] if code in parts else pd.Series(dtype=float)
        y = [float(part.get(m, 0.0)) for m in months]
        draft.trace("scatter", x=months, y=y, mode="lines+markers", name=name, showlegend=True,
                    line={"width": 4, "color": LINE_COLOURS[i % len(LINE_COLOURS)],
                          "dash": ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")[i % 6]},
                    marker={"size": 7},
                    customdata=[fmt.number(v, decimals) for v in y],
                    hovertemplate=name + " · %{x|%m/%Y}: %{customdata}<extra></extra>")
    draft.update_layout(yaxis={"title": {"text": y_title}}, showlegend=True, **style_layout(height, True))
    _time_axis(draft, months, events)
    return draft.figure()


def score_lines(history: pd.DataFrame, names: dict[str, str], events: pd.DataFrame | None,
                recomputed: pd.DataFrame | None = None) -> go.Figure:
    """Risk-score lines for several regions (``history``: region_code, period ``YYYY-MM``, score, category):
    the scores published at the time; ``recomputed`` (same columns) adds each region's recomputed
    scores as a dashed line of the same colour."""
    draft = Draft()
    months: list[pd.Timestamp] = []
    colours = {code: LINE_COLOURS[i % len(LINE_COLOURS)]
               for i, code in enumerate(dict.fromkeys(history["region_code"]))}
    for code in colours if recomputed is not None else []:  # in the published lines' order
        part = recomputed[recomputed["region_code"] == code].sort_values("period")
        if part.empty:
            continue
        x = pd.to_datetime(part["period"] + "-01")
        months = sorted(set(months) | set(x))
        label = T.SCORE_RECOMPUTED_LINE.format(region=names.get(code, code))
        draft.trace(
            "scatter", x=list(x), y=list(part["score"]), mode="lines", name=label, showlegend=True,
            line={"width": 3, "dash": "dash", "color": colours.get(code, "#555555")},
            customdata=[[fmt.number(s, 1), risk_label(c)] for s, c in zip(part["score"], part["category"])],
            hovertemplate=label + " · %{x|%m/%Y}<br>Skor %{customdata[0]} · %{customdata[1]}<extra></extra>",
        )
    for i, (code, part) in enumerate(history.groupby("region_code", sort=False)):
        part = part.sort_values("period")
        x = pd.to_datetime(part["period"] + "-01")
        months = sorted(set(months) | set(x))
        draft.trace(
            "scatter", x=list(x), y=list(part["score"]), mode="lines+markers", name=names.get(code, code),
            showlegend=True, line={"width": 4, "color": LINE_COLOURS[i % len(LINE_COLOURS)]}, marker={"size": 8},
            customdata=[[fmt.number(s, 1), risk_label(c)] for s, c in zip(part["score"], part["category"])],
            hovertemplate=names.get(code, code) + " · %{x|%m/%Y}<br>Skor %{customdata[0]} · %{customdata[1]}"
                          "<extra></extra>",
        )
    draft.update_layout(yaxis={"title": {"text": T.SCORE_AXIS}, "range": [0, 100]}, showlegend=True,
                        **style_layout(480, True))
    _time_axis(draft, months, events)
    return draft.figure()


def sparkline(history: pd.DataFrame) -> go.Figure:
    """12-month score line for the profile header (``history``: period, score, category)."""
    part = history.sort_values("period")
    x = list(pd.to_datetime(part["period"] + "-01"))
    draft = Draft()
    draft.trace("scatter", x=x, y=list(part["score"]), mode="lines+markers", line={"width": 3, "color": "#0B3D91"},
                marker={"size": 9, "color": [RISK_COLOURS.get(c, NO_DATA_COLOUR) for c in part["category"]],
                        "line": {"width": 1, "color": "#333333"}},
                customdata=[[fmt.month(p), fmt.number(s, 1), risk_label(c)]
                            for p, s, c in zip(part["period"], part["score"], part["category"])],
                hovertemplate="%{customdata[0]}: %{customdata[1]} · %{customdata[2]}<extra></extra>")
    draft.update_layout(showlegend=False, yaxis={"range": [0, 100]}, **style_layout(220, False))
    draft.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, xaxis={"tickangle": 0})
    _month_ticks(draft, x, max_ticks=4)
    return draft.figure()


def contributions(frame: pd.DataFrame, component_labels: dict[str, str]) -> go.Figure:
    """Horizontal bars: each indicator's contribution (points of the score), coloured by component."""
    part = frame.sort_values("contribution", ascending=True).copy()
    part["label"] = [str(x)[:1].upper() + str(x)[1:] for x in part["label"]]
    draft = Draft()
    for component, rows in part.groupby("component", sort=False):
        draft.trace("bar", y=list(rows["label"]), x=list(rows["contribution"]), orientation="h",
                    name=component_labels.get(component, component),
                    marker={"color": COMPONENT_COLOURS.get(component, "#888888")},
                    customdata=[[fmt.number(c, 2), fmt.number(n, 1), fmt.percent(w, 1)]
                                for c, n, w in zip(rows["contribution"], rows["normalised"], rows["weight"])],
                    hovertemplate="%{y}: %{customdata[0]} poin (nilai ternormalisasi %{customdata[1]}, "
                                  "bobot %{customdata[2]})<extra></extra>")
    draft.update_layout(barmode="relative", xaxis={"title": {"text": T.CONTRIBUTION_AXIS}},
                        yaxis={"categoryorder": "array", "categoryarray": list(part["label"])},
                        **style_layout(max(320, 36 * len(part) + 120), True))
    return draft.figure()


def rank_uncertainty(frame: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Median rank with its 90% interval per region (best rank at the top)."""
    part = frame.sort_values("median_rank", ascending=False)
    labels = [names.get(c, c) for c in part["region_code"]]
    draft = Draft()
    draft.trace(
        "scatter", x=list(part["median_rank"]), y=labels, mode="markers",
        marker={"size": 14, "color": ["#0B3D91" if r else "#7F7F7F" for r in part["robust_top"]]},
        error_x={"type": "data", "symmetric": False, "array": list(part["rank_p95"] - part["median_rank"]),
                 "arrayminus": list(part["median_rank"] - part["rank_p05"]), "thickness": 3, "width": 6},
        customdata=[[fmt.number(m, 1), fmt.number(a, 0), fmt.number(b, 0)]
                    for m, a, b in zip(part["median_rank"], part["rank_p05"], part["rank_p95"])],
        hovertemplate="%{y}: median peringkat %{customdata[0]} (90%: %{customdata[1]}–%{customdata[2]})"
                      "<extra></extra>",
        showlegend=False,
    )
    worst = float(max(part["rank_p95"].max(), len(part))) if len(part) else 1.0
    draft.update_layout(xaxis={"title": {"text": T.UNCERTAINTY_AXIS}, "range": [worst + 0.5, 0.5],
                               "dtick": 1 if len(part) <= 40 else 5},
                        **style_layout(max(400, 30 * len(part) + 120), False))
    return draft.figure()


def handling_timeline(actions: pd.DataFrame, today: date) -> go.Figure:
    """Gantt-like bars of handling actions (start → finish/due/today), coloured by stage."""
    stage_labels = taxonomy().labels("stage")
    colours = {"pencegahan": "#0072B2", "penghentian": "#D55E00", "pemulihan": "#009E73"}
    draft = Draft()
    rows = actions.copy()
    rows["start"] = [s or d or today for s, d in zip(rows["started_on"], rows["due_on"])]
    rows["end"] = [f or d or today for f, d in zip(rows["finished_on"], rows["due_on"])]
    rows["end"] = [max(e, s) for s, e in zip(rows["start"], rows["end"])]
    rows["label"] = [f"{taxonomy().label('action_type', a)} · {taxonomy().label('agency', g)}"
                     for a, g in zip(rows["action_type"], rows["agency"])]
    for stage, part in rows.groupby("stage", sort=False):
        durations = [(pd.Timestamp(e) - pd.Timestamp(s)).total_seconds() * 1000 + 86_400_000
                     for s, e in zip(part["start"], part["end"])]
        draft.trace(
            "bar", y=list(part["label"]), x=durations, base=[pd.Timestamp(s) for s in part["start"]],
            orientation="h", name=stage_labels.get(stage, stage), marker={"color": colours.get(stage, "#888888")},
            customdata=[[fmt.day(s), fmt.day(e), taxonomy().label("action_status", st)]
                        for s, e, st in zip(part["start"], part["end"], part["status"])],
            hovertemplate="%{y}<br>%{customdata[0]} – %{customdata[1]} · %{customdata[2]}<extra></extra>",
        )
    span_days = (max(pd.Timestamp(e) for e in rows["end"]) - min(pd.Timestamp(s) for s in rows["start"])).days
    # at most one tick a day: plotly's automatic ticks on a span of a few days fall every 12 hours, and the
    # day format then shows each date twice
    draft.update_layout(xaxis={"type": "date", "tickformat": "%d/%m/%Y", "nticks": min(6, span_days + 2),
                               "tickangle": 0},
                        barmode="overlay", **style_layout(max(320, 44 * rows["label"].nunique() + 160), True))
    return draft.figure()
