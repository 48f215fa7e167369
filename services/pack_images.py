"""Static images for the pack, rendered offline.

Two renderers, chosen explicitly (``renderer``) and reported with the pack:
- ``kaleido``: plotly's exporter driving the system Chromium (``SIPKS_CHROMIUM``, default
  ``/usr/bin/chromium``), with plotly.js from the installed package, no MathJax and the app's own
  empty world topology, so nothing is fetched;
- ``matplotlib``: draws the same map and trend with matplotlib + geopandas, no browser at all.
``auto`` means kaleido when that Chromium exists, else matplotlib.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from domain import briefing as B
from domain import fmt
from domain.palette import NO_DATA_COLOUR, RISK_COLOURS, RISK_ORDER
from services import boundaries, briefing_figures
from services.briefing import BriefingContent

RENDERERS = ("kaleido", "matplotlib")
MAP_SIZE = (1100, 820)
TREND_SIZE = (1500, 700)


def chromium_path() -> Path:
    return Path(os.environ.get("SIPKS_CHROMIUM", "/usr/bin/chromium"))


def resolve(renderer: str) -> str:
    """``auto`` → the renderer that will be used; an unknown name raises ``ValueError``."""
    if renderer == "auto":
        return "kaleido" if chromium_path().exists() else "matplotlib"
    if renderer not in RENDERERS:
        raise ValueError(f"penggambar tidak dikenal: {renderer!r} (auto, kaleido, matplotlib)")
    return renderer


def _kaleido_png(figures: list, sizes: list[tuple[int, int]]) -> list[bytes]:
    import kaleido
    import plotly

    if not chromium_path().exists():
        raise FileNotFoundError(f"Chromium tidak ditemukan di {chromium_path()} (penggambar kaleido)")
    os.environ["BROWSER_PATH"] = str(chromium_path())
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    specs = [{"fig": fig, "opts": {"format": "png", "width": w, "height": h, "scale": 1},
              "topojson": boundaries.STATIC_DIR.as_uri() + "/"} for fig, (w, h) in zip(figures, sizes)]
    out = []
    for spec in specs:
        out.append(kaleido.calc_fig_sync(spec["fig"], opts=spec["opts"], topojson=spec["topojson"],
                                         kopts={"mathjax": False, "plotlyjs": str(plotly_js)}))
    return out


def _matplotlib_map(content: BriefingContent, size: tuple[int, int]) -> bytes:
    import geopandas as gpd
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    features = briefing_figures.map_collection(content)
    frame = gpd.GeoDataFrame.from_features(features["features"])
    frame["code"] = [f["id"] for f in features["features"]]
    by_code = {r.code: r for r in content.regions}
    frame["colour"] = [RISK_COLOURS.get(by_code[c].category or "", NO_DATA_COLOUR) for c in frame["code"]]
    fig, ax = plt.subplots(figsize=(size[0] / 100, size[1] / 100), dpi=100)
    frame.plot(ax=ax, color=frame["colour"], edgecolor="white", linewidth=1.2)
    for code, (lon, lat) in boundaries.label_points(features).items():
        r = by_code[code]
        ax.annotate(briefing_figures.label_text(r.name, r.category), (lon, lat), ha="center", va="center",
                    fontsize=11, color="#0A0A0A",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.6})
    handles = [Patch(facecolor=RISK_COLOURS[c], edgecolor="#333333",
                     label=f"{briefing_figures.legend_text(c)} ({content.count(c)})") for c in RISK_ORDER]
    ax.legend(handles=handles, loc="lower left", fontsize=12, frameon=True)
    ax.set_axis_off()
    return _png(fig)


def _matplotlib_trend(content: BriefingContent, size: tuple[int, int]) -> bytes:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [fmt.month(p.month) for p in content.trend]
    fig, ax = plt.subplots(figsize=(size[0] / 100, size[1] / 100), dpi=100)
    ax.bar(labels, [p.incidents for p in content.trend], color="#0B3D91", label=B.TREND_INCIDENTS)
    ax.plot(labels, [p.casualties for p in content.trend], color="#D55E00", linewidth=3, marker="o",
            label=B.TREND_CASUALTIES)
    ax.tick_params(labelsize=14)
    ax.legend(fontsize=14, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def render(content: BriefingContent, renderer: str) -> dict[str, bytes]:
    """PNG bytes of ``map`` and ``trend`` with the resolved ``renderer`` (kaleido or matplotlib)."""
    renderer = resolve(renderer)
    if renderer == "kaleido":
        map_png, trend_png = _kaleido_png(
            [briefing_figures.risk_map(content, height=MAP_SIZE[1], font_size=16),
             briefing_figures.trend_chart(content, height=TREND_SIZE[1], font_size=20)], [MAP_SIZE, TREND_SIZE])
        return {"map": map_png, "trend": trend_png}
    return {"map": _matplotlib_map(content, MAP_SIZE), "trend": _matplotlib_trend(content, TREND_SIZE)}
