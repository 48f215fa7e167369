"""Plotly figures of a briefing (risk map with region names, monthly trend), for the page and the pack.

The map is an SVG ``geo`` choropleth: its labels are SVG text drawn by the browser (or by
kaleido), so they need no glyph server. The labels and the second cue (a letter per
category, :data:`domain.palette.RISK_MARKS`) are one composable step, :func:`add_region_labels`.
"""
from __future__ import annotations

import plotly.graph_objects as go

from domain import briefing as B
from domain import fmt
from domain.palette import NO_DATA_COLOUR, NO_DATA_MARK, RISK_COLOURS, RISK_MARKS, RISK_ORDER
from domain.taxonomy import taxonomy
from services import boundaries
from services.briefing import BriefingContent

FONT = "Source Sans Pro, DejaVu Sans, Arial, sans-serif"
TEXT = "#0A0A0A"


def label_text(name: str, category: str | None) -> str:
    """``"Kab. Gowa", "merah"`` → ``"Gowa (M)"``: short name plus the category letter (the second cue)."""
    short = name[5:] if name.startswith("Kab. ") else name
    return f"{short} ({RISK_MARKS.get(category or '', NO_DATA_MARK)})"


def legend_text(category: str | None) -> str:
    label = taxonomy().label("risk_category", category) if category else "Tanpa skor"
    return f"{RISK_MARKS.get(category or '', NO_DATA_MARK)} = {label}"


def map_collection(content: BriefingContent) -> dict:
    level = "provinsi" if content.scope.code is None else "kabkota"
    return boundaries.collection(level, [r.code for r in content.regions])


def category_map(content: BriefingContent, features: dict, *, height: int, font_size: int = 18) -> go.Figure:
    """Regions coloured by category in one trace (discrete colour scale), with a legend per category."""
    order = (*RISK_ORDER, None)
    index = {c: i for i, c in enumerate(order)}
    drawn = {f["id"] for f in features["features"]}
    rows = [r for r in content.regions if r.code in drawn]
    scale = []
    for i, category in enumerate(order):
        colour = RISK_COLOURS.get(category or "", NO_DATA_COLOUR)
        scale += [[i / len(order), colour], [(i + 1) / len(order), colour]]
    fig = go.Figure(go.Choropleth(
        geojson=features, locations=[r.code for r in rows], z=[index.get(r.category, len(order) - 1) for r in rows],
        zmin=0, zmax=len(order), colorscale=scale, showscale=False, marker={"line": {"color": "#FFFFFF", "width": 1.5}},
        customdata=[[r.name, taxonomy().label("risk_category", r.category) if r.category else "Tanpa skor",
                     fmt.number(r.score, 1)] for r in rows],
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} · %{customdata[2]}<extra></extra>",
        showlegend=False))
    for category in order:   # legend entries only: colour swatch + letter + name
        n = sum(1 for r in rows if r.category == category)
        if category is None and n == 0:
            continue
        fig.add_trace(go.Scattergeo(lon=[None], lat=[None], mode="markers", name=f"{legend_text(category)} ({n})",
                                    marker={"size": 18, "symbol": "square",
                                            "color": RISK_COLOURS.get(category or "", NO_DATA_COLOUR),
                                            "line": {"color": "#333333", "width": 1}}))
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}, paper_bgcolor="#FFFFFF",
                      font={"family": FONT, "size": font_size, "color": TEXT},
                      legend={"x": 0.0, "y": 0.0, "xanchor": "left", "yanchor": "bottom", "font": {"size": font_size},
                              "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": "#333333", "borderwidth": 1})
    return fig


POSITIONS = ("middle center", "top center", "bottom center", "middle right", "middle left")


def _box(x: float, y: float, w: float, h: float, position: str) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a label of size w×h (degrees) placed at ``position`` from (x, y)."""
    vertical, horizontal = position.split(" ")
    cx = x + (w / 2 if horizontal == "right" else -w / 2 if horizontal == "left" else 0.0)
    cy = y + (h / 2 if vertical == "top" else -h / 2 if vertical == "bottom" else 0.0)
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(points: list[tuple[float, float]], texts: list[str], degrees_per_px: float,
                 font_size: int) -> list[str]:
    """A plotly ``textposition`` per label, chosen greedily (in the given order) to avoid overlaps."""
    placed: list[tuple] = []
    out = []
    for (x, y), text in zip(points, texts):
        w = 0.56 * font_size * len(text) * degrees_per_px
        h = 1.15 * font_size * degrees_per_px
        best = min(POSITIONS, key=lambda p: (sum(_overlap(_box(x, y, w, h, p), q) for q in placed),
                                             POSITIONS.index(p)))
        placed.append(_box(x, y, w, h, best))
        out.append(best)
    return out


def add_region_labels(fig: go.Figure, content: BriefingContent, features: dict, *, font_size: int = 18,
                      degrees_per_px: float | None = None) -> go.Figure:
    """Add every region's short name and category letter as SVG text at a point inside the region.

    With ``degrees_per_px`` (the map's scale) labels are nudged above, below or beside their point so
    they do not overlap; merah regions are placed first.
    """
    points = boundaries.label_points(features)
    order = {c: i for i, c in enumerate(RISK_ORDER)}
    rows = sorted((r for r in content.regions if r.code in points),
                  key=lambda r: (order.get(r.category or "", 9), r.rank or 9999))
    texts = [label_text(r.name, r.category) for r in rows]
    xy = [points[r.code] for r in rows]
    positions = (place_labels(xy, texts, degrees_per_px, font_size) if degrees_per_px
                 else ["middle center"] * len(rows))
    fig.add_trace(go.Scattergeo(
        lon=[p[0] for p in xy], lat=[p[1] for p in xy], mode="text", text=texts, textposition=positions,
        hoverinfo="skip", showlegend=False, textfont={"size": font_size, "color": TEXT, "family": FONT}))
    return fig


def risk_map(content: BriefingContent, *, height: int, font_size: int = 18) -> go.Figure:
    """The briefing's map: categories, every region's name and its letter, framed on the labelled regions."""
    features = map_collection(content)
    fig = category_map(content, features, height=height, font_size=font_size)
    points = list(boundaries.label_points(features).values())
    scale = None
    if len(points) > 1:   # frame the labelled mainland, not every far-flung islet
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        # Generous sideways: labels beside a coastal point must stay inside the clipped map frame.
        pad_lon, pad_lat = 0.6 * (max(lons) - min(lons)) + 0.8, 0.08 * (max(lats) - min(lats)) + 0.3
        lon_range = [min(lons) - pad_lon, max(lons) + pad_lon]
        lat_range = [min(lats) - pad_lat, max(lats) + pad_lat]
        fig.update_geos(fitbounds=False, lonaxis_range=lon_range, lataxis_range=lat_range)
        # Near the equator a degree is about as tall as it is wide on Mercator; the map is ~1.3× wider than tall.
        scale = max((lat_range[1] - lat_range[0]) / height, (lon_range[1] - lon_range[0]) / (1.3 * height))
    return add_region_labels(fig, content, features, font_size=font_size, degrees_per_px=scale)


def trend_chart(content: BriefingContent, *, height: int, font_size: int = 20) -> go.Figure:
    """Incidents per month (bars) and casualties (line) over the last twelve months."""
    months = [fmt.month(p.month) for p in content.trend]
    fig = go.Figure()
    fig.add_bar(x=months, y=[p.incidents for p in content.trend], name=B.TREND_INCIDENTS, marker_color="#0B3D91")
    fig.add_scatter(x=months, y=[p.casualties for p in content.trend], name=B.TREND_CASUALTIES,
                    mode="lines+markers", line={"color": "#D55E00", "width": 4}, marker={"size": 10})
    fig.update_layout(height=height, template="plotly_white", separators=",.",
                      font={"family": FONT, "size": font_size, "color": TEXT},
                      margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "font": {"size": font_size}})
    fig.update_xaxes(tickfont={"size": font_size})
    fig.update_yaxes(tickfont={"size": font_size}, rangemode="tozero")
    return fig
