"""Issue 16 findings 9-11: CI cannot turn green by skipping, and a missing page or module fails loudly."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]


def _run(args: list[str], env: dict[str, str], cwd=ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*PYTEST, *args], cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=timeout)


def test_marker_browser_selects_exactly_the_browser_tests():
    """`pytest -m browser` collects every test of tests/e2e and nothing of the other folders (a sample of
    them keeps this quick: collecting everything costs a minute on a loaded machine)."""
    others = ["tests/test_fmt.py", "tests/security/test_matrix.py", "tests/data_access/test_masking.py"]
    selected = _run(["-o", "addopts=", "--collect-only", "-q", "-m", "browser", "tests/e2e", *others], {})
    everything = _run(["-o", "addopts=", "--collect-only", "-q", "tests/e2e"], {})
    ids = lambda out: {line for line in out.stdout.splitlines() if "::" in line}  # noqa: E731
    assert selected.returncode == 0, selected.stdout[-2000:] + selected.stderr[-2000:]
    assert ids(selected) and ids(selected) == ids(everything)
    assert all(i.startswith("tests/e2e/") for i in ids(selected))


def test_missing_browser_fails_in_ci(tmp_path):
    result = _run(["tests/e2e/test_login.py", "-k", "shared_link", "-x"],
                  {"CI": "true", "SIPKS_CHROMIUM": str(tmp_path / "tidak-ada-chromium")})
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 1 and "1 error" in summary and "skipped" not in summary, result.stdout[-2000:]
    assert "Chromium tidak ada" in result.stdout


def test_any_skip_fails_in_ci(tmp_path):
    """The CI hook turns a skip of any kind (mark, pytest.skip, missing backend) into a failure."""
    probe = tmp_path / "test_probe.py"
    probe.write_text(textwrap.dedent("""
        import pytest

        @pytest.mark.skip(reason="tanda lewati")
        def test_marked():
            pass

        def test_called():
            pytest.skip("dipanggil")

        @pytest.mark.xfail(reason="diharapkan gagal", strict=True)
        def test_expected_failure():
            assert False
    """))
    args = ["-p", "tests.conftest", "--rootdir", str(tmp_path), "-c", os.devnull, str(probe), "-q"]
    in_ci = _run(args, {"CI": "true", "PYTHONPATH": str(ROOT)})
    summary = in_ci.stdout.strip().splitlines()[-1]
    # A skip mark fails at setup (an error), a pytest.skip() in the test body as a failure; xfail is left alone.
    assert in_ci.returncode == 1 and "skipped" not in summary, in_ci.stdout[-2000:]
    assert "1 failed" in summary and "1 error" in summary and "1 xfailed" in summary, summary
    assert in_ci.stdout.count("dilewati di CI (CI=true)") >= 2
    local = _run(args, {"CI": "", "PYTHONPATH": str(ROOT)})
    assert "2 skipped" in local.stdout, local.stdout[-2000:]


def test_a_missing_page_file_fails_loudly(tmp_path, monkeypatch):
    """ui.navigation no longer drops a page whose file is missing: the app shows an exception instead."""
    import ui.navigation

    monkeypatch.setattr(ui.navigation, "PAGES_DIR", tmp_path)

    def script():
        from domain.access import SYSTEM
        from ui.navigation import build_navigation

        build_navigation(SYSTEM)

    from domain.access import SYSTEM

    assert len(ui.navigation.allowed_specs(SYSTEM)) == len(ui.navigation.PAGE_SPECS)  # nothing dropped
    at = AppTest.from_function(script, default_timeout=60).run()
    assert at.exception  # st.Page refuses the missing file (details redacted: showErrorDetails = "none")


def test_a_missing_scoring_module_fails_loudly(monkeypatch):
    """ui.queries no longer turns a ModuleNotFoundError into "scores not ready"."""
    from ui import queries

    monkeypatch.setitem(sys.modules, "services.risk", None)  # import now raises ModuleNotFoundError
    with pytest.raises(ModuleNotFoundError):
        queries.methodology()
    assert not hasattr(queries, "scores_available")
