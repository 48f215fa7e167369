"""The committed server configuration holds the options the app's speed and memory were measured with."""
from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit import config

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def test_no_full_garbage_collection_after_every_script_run():
    # a full collection per run cost 50–75 ms of every page view (bench/RESULTS.md, "Sesi bersamaan")
    options = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert options["runner"]["postScriptGC"] is False
    assert config.get_option("runner.postScriptGC") is False   # Streamlit still knows the option and read it


def test_no_file_watcher_in_production():
    options = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert options["server"]["fileWatcherType"] == "none"
    assert config.get_option("server.fileWatcherType") == "none"
