"""Which kab/kota share a border, from the shipped polygons (``assets/geo/idn_kabkota.geojson``).

Computed with geopandas' spatial index (polygons that touch or overlap after a 0.005° buffer, which
closes slivers left by generalisation). The file is reference data; a missing file fails loudly.
"""
from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np

KABKOTA_FILE = Path(__file__).resolve().parent.parent / "assets" / "geo" / "idn_kabkota.geojson"
BUFFER_DEG = 0.005


@lru_cache(maxsize=1)
def neighbour_pairs(path: Path = KABKOTA_FILE) -> frozenset[tuple[str, str]]:
    """Every (code, code) pair of neighbouring kab/kota, both orders."""
    frame = gpd.read_file(path)[["kode", "geometry"]]
    with warnings.catch_warnings():
        # A buffer in degrees is what we want here: a tolerance for generalised borders, not a distance.
        warnings.filterwarnings("ignore", message="Geometry is in a geographic CRS")
        grown = frame.geometry.buffer(BUFFER_DEG)
    left, right = frame.sindex.query(grown, predicate="intersects")
    codes = frame["kode"].to_numpy()
    return frozenset((codes[a], codes[b]) for a, b in zip(left, right) if a != b)


def adjacency_matrix(codes: tuple[str, ...], path: Path = KABKOTA_FILE) -> np.ndarray:
    """0/1 matrix over ``codes`` (rows and columns in that order)."""
    pairs = neighbour_pairs(path)
    index = {c: i for i, c in enumerate(codes)}
    matrix = np.zeros((len(codes), len(codes)))
    for a, b in pairs:
        if a in index and b in index:
            matrix[index[a], index[b]] = 1.0
    return matrix
