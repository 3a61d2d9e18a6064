"""The layers of docs/architecture.md hold: import-linter's contract passes, and it catches an import that goes up."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["config", "storefront", "clerk", "demo", "pickup", "orders", "loyalty", "customers", "inventory", "catalog"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_layer_contract_holds():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_that_goes_up_breaks_the_contract(tmp_path):
    for name in [*PACKAGES, "core"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "catalog" / "upward.py").write_text("from orders.models import Order  # noqa\n")

    result = _lint_imports(tmp_path)

    assert result.returncode != 0
    assert "catalog.upward -> orders.models" in result.stdout


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_app_imports_another_apps_private_modules(package):
    private = []
    for path in (ROOT / package).rglob("*.py"):
        for module in _imported_modules(path):
            parts = module.split(".")
            if parts[0] != package and parts[0] in [*PACKAGES, "core"] and any(p.startswith("_") for p in parts[1:]):
                private.append(f"{path.relative_to(ROOT)}: {module}")
    assert private == []
