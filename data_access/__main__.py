"""``python -m data_access COMMAND``: the documented spelling of the CLI, kept working.

This module is a process entry point, never imported by the data layer, so handing over
to :mod:`cli` (which sits above every layer) does not make data_access depend on it.
"""
import runpy

runpy.run_module("cli", run_name="__main__", alter_sys=True)
