"""Imports go downward only: pages/ui → services → data_access, scoring → domain; the CLI sits above all."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# layer -> top-level packages it must never import
FORBIDDEN = {
    "domain": {"scoring", "data_access", "services", "ui", "pages", "cli", "streamlit", "sqlalchemy"},
    "scoring": {"data_access", "services", "ui", "pages", "cli", "streamlit", "sqlalchemy"},
    "data_access": {"scoring", "services", "ui", "pages", "cli", "streamlit"},
    "services": {"ui", "pages", "cli", "streamlit"},  # a Connection is passed through, never used for SQL
    "ui": {"pages", "cli"},
}


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("import_module", "run_module") \
                and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value).split(".")[0])
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_imports_go_downward_only(layer):
    offenders = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        if "migrations" in path.parts or path.name == "__main__.py":
            continue  # migrations are Alembic's; a package's __main__ is a process entry point, never imported
        bad = _imported(path) & FORBIDDEN[layer]
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_data_access_main_is_the_cli():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "data_access", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0
    for command in ("upgrade", "setup", "seed-demo", "backup", "compute-scores", "refresh-scores", "import",
                    "imports", "rollback", "create-user", "disable-user", "enable-user", "reset-password",
                    "list-users", "audit-export"):
        assert command in out.stdout, command


def test_cli_commands_are_found_without_a_registry_list():
    from cli.app import command_modules

    assert {"cli.commands.core", "cli.commands.demo", "cli.commands.imports", "cli.commands.scores",
            "cli.commands.users"} <= set(command_modules())
