"""SIPKS risk index: pure functions over pandas DataFrames (no Streamlit, no database).

Public API (see docs/scoring.md): :func:`compute_scores`, :func:`score_history`,
:func:`transitions`, :func:`rank_uncertainty`, :func:`snapshot_rows`, the general
:func:`composite_index`, the input contract :class:`ScoringInputs` and the methodology loader.
"""
from scoring.composite import CompositeResult, composite_index
from scoring.config import Methodology, load_methodology
from scoring.engine import ScoreResult, compute_range, compute_scores, snapshot_rows
from scoring.fmt import format_number_id
from scoring.history import score_history, transitions
from scoring.inputs import ScoringInputs
from scoring.spec import GroupSpec, IndexSpec, IndicatorSpec, Normalisation
from scoring.uncertainty import rank_uncertainty

__all__ = [
    "CompositeResult", "GroupSpec", "IndexSpec", "IndicatorSpec", "Methodology", "Normalisation", "ScoreResult",
    "ScoringInputs", "compute_range", "compute_scores", "composite_index", "format_number_id", "load_methodology",
    "rank_uncertainty", "score_history", "snapshot_rows", "transitions",
]
