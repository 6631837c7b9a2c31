"""Which package may import which: the one-way picture of DESIGN.md, checked on the source.

articles knows neither comments nor accounts (the article page asks the comments app's
template tag for its block); accounts does not know comments (account deletion sends
accounts.signals.member_leaving, which comments listens to); no app knows the project
package newsroom (it names them in settings, not the other way round); and throttling,
the neutral helpers both comments and accounts use, knows none of them, nor does
mailing, the app through which both send mail.

Every import statement counts, at module level or inside a function, relative ones
resolved to the package they name. Migrations are left out: Django writes them.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each package, and the top-level packages it must never import.
FORBIDDEN = {
    "articles": {"comments", "accounts", "newsroom"},
    "accounts": {"comments", "newsroom"},
    "comments": {"newsroom"},
    "throttling": {"articles", "comments", "accounts", "newsroom"},
    "mailing": {"articles", "comments", "accounts", "newsroom"},
    "workers": {"articles", "comments", "accounts", "newsroom"},
}


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, nested ones included."""
    module = _module_name(path, root)
    # The package a relative import starts from: the module's own for an __init__.py.
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module
            found.append((node.lineno, name))
    return found


def _modules(package: str) -> list[Path]:
    return sorted(
        path
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def _violations(package: str) -> list[str]:
    forbidden = FORBIDDEN[package]
    return [
        f"{path.relative_to(ROOT)}:{line} ({_module_name(path)}) imports {name}"
        for path in _modules(package)
        for line, name in _imported(path)
        if name.split(".")[0] in forbidden
    ]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_the_design_allows(package):
    assert _modules(package), f"no modules found under {package}/"
    violations = _violations(package)
    assert not violations, (
        f"{package} must not import {', '.join(sorted(FORBIDDEN[package]))}:\n"
        + "\n".join(violations)
    )


def test_imports_inside_functions_and_relative_ones_are_seen(tmp_path):
    # The check itself: a nested import and a relative one are both found and resolved.
    package = tmp_path / "articles" / "sub"
    package.mkdir(parents=True)
    (tmp_path / "articles" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("from .. import models\n")
    module = package / "views.py"
    module.write_text("def view():\n    from comments.services import x\n")
    assert _imported(module, tmp_path) == [(2, "comments.services")]
    assert _imported(package / "__init__.py", tmp_path) == [(1, "articles")]
