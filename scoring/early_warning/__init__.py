"""Early warning: alert rules, forecast features and model, baselines, metrics and the backtest.

Pure functions over DataFrames and arrays with the versioned config ``scoring/early_warning.toml``;
no SQL, no Streamlit. ``data_access.early_warning`` provides the aggregated inputs and stores results;
``services.alerts`` and ``services.forecast`` glue them together.
"""
from scoring.early_warning.config import EarlyWarningConfig, load_config

__all__ = ["EarlyWarningConfig", "load_config"]
