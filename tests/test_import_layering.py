"""Import layering: which of storefront's parts may import which, and no import cycles.

Every module under ``storefront/`` is read with ``ast`` (nothing is imported), and every
``import`` and ``from ... import`` in it counts: at the top, inside functions, and under
``if TYPE_CHECKING``. Relative imports are resolved. ``from package import name`` is an
edge to ``package.name`` when that is a module, else to ``package``; a module's parent
packages are not counted as imported (Python runs them first, but that is not a choice
the module made).

The floors, lowest first (docs/architecture.md says the same in words):

- the lowest floor: ``storefront.config``, ``storefront.money`` and ``storefront.rules``
  import nothing of storefront;
- ``storefront.payments`` imports only ``storefront.payments`` and the lowest floor (one known
  exception, listed in ``KNOWN_EXCEPTIONS``);
- ``storefront.mail`` (composing and sending e-mail) imports only ``storefront.mail`` and the
  lowest floor;
- ``storefront.models`` imports only models, ``storefront.extensions`` and the lowest floor;
- ``storefront.services`` never imports a blueprint package (the HTML ones, the JSON API, the
  warehouse's transports), the web helpers, the app, or the demo data;
- a blueprint package never imports another blueprint package's views (``routes``);
- only the command line imports the demo data.

No cycles, with one exception: a blueprint package whose ``__init__`` makes ``bp`` and
then imports its own view modules so that they register on it (microblog's pattern).
Such a cycle must stay inside that one package and pass through its ``__init__``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = "storefront"
ROOT = Path(__file__).resolve().parent.parent / "storefront"  # read, never imported

# Constants and settings: anything may import them, and they import nothing of storefront.
LOWEST_FLOOR = frozenset({"storefront.config", "storefront.money", "storefront.rules"})
# The HTML blueprints' packages, the JSON API and the warehouse's transports (its webhook
# is a blueprint): what services must never import.
BLUEPRINT_PACKAGES = frozenset(
    f"{PACKAGE}.{name}"
    for name in (
        "account",
        "admin",
        "api",
        "auth",
        "cart",
        "catalogue",
        "checkout",
        "graphql_api",
        "images",
        "inventory",
        "ops",
        "orders",
    )
)
# The web side's shared helpers, the worker's tasks and the app itself: above services.
WEB_MODULES = frozenset(
    {
        "storefront",
        "storefront.cli",
        "storefront.errors",
        "storefront.forms",
        "storefront.login_throttle",
        "storefront.rate_limit_storage",
        "storefront.request_log",
        "storefront.security",
        "storefront.tasks",
        "storefront.web",
        "storefront.web_sessions",
    }
)
DEMO = "storefront.demo"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of storefront, by dotted name."""
    return {_module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def _known(name: str) -> str | None:
    """``name`` if it is one of storefront's modules, else its nearest enclosing module."""
    while name:
        if name in modules():
            return name
        name = name.rpartition(".")[0]
    return None


def _imports_of(name: str) -> Iterator[str]:
    tree = ast.parse(modules()[name].read_text(encoding="utf-8"), filename=str(modules()[name]))
    package = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    found = _known(alias.name)
                    if found:
                        yield found
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if base != PACKAGE and not base.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                found = _known(f"{base}.{alias.name}")
                if found == f"{base}.{alias.name}":
                    yield found
                else:
                    found = _known(base)
                    if found:
                        yield found


@cache
def graph() -> dict[str, frozenset[str]]:
    """Each module, and the storefront modules it imports (never itself)."""
    return {name: frozenset(set(_imports_of(name)) - {name}) for name in modules()}


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _strongly_connected() -> list[set[str]]:
    """Tarjan's strongly connected components of the import graph."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph()[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            found.append(component)

    for node in sorted(graph()):
        if node not in index:
            visit(node)
    return found


def _has_cycle(nodes: set[str]) -> bool:
    """Whether the imports among ``nodes`` alone go round in a circle."""
    done: set[str] = set()
    path: set[str] = set()

    def visit(node: str) -> bool:
        path.add(node)
        for target in graph()[node] & nodes:
            if target in path or (target not in done and visit(target)):
                return True
        path.discard(node)
        done.add(node)
        return False

    return any(node not in done and visit(node) for node in sorted(nodes))


def _registers_views(component: set[str]) -> bool:
    """A blueprint package's ``__init__`` and its own views: the one allowed cycle."""
    packages = [name for name in component if _is_package(name)]
    if len(packages) != 1 or packages[0] not in BLUEPRINT_PACKAGES:
        return False
    package = packages[0]
    return all(_inside(name, package) for name in component) and not _has_cycle(
        component - {package}
    )


def test_the_walk_finds_every_module_and_resolves_relative_imports():
    assert {"storefront", "storefront.services.carts", "storefront.cart.routes"} <= set(modules())
    assert "storefront.services.carts" in graph()["storefront.cart.routes"]
    assert "storefront.models" in graph()["storefront.services.carts"]
    assert "storefront.payments.sandbox_app" in graph()["storefront.cli"]  # inside a function


def test_no_import_cycles():
    cycles = [
        sorted(component)
        for component in _strongly_connected()
        if len(component) > 1 and not _registers_views(component)
    ]
    assert cycles == []


def _crossings(source: str, allowed: Callable[[str], bool]) -> list[tuple[str, str]]:
    """Imports from modules inside ``source`` to targets it may not import."""
    return [
        (name, target)
        for name, targets in sorted(graph().items())
        if _inside(name, source)
        for target in sorted(targets)
        if not allowed(target)
    ]


def test_the_lowest_floor_imports_nothing_of_storefront():
    for name in LOWEST_FLOOR:
        assert name in modules()
        assert graph()[name] == frozenset(), name


def test_payments_import_only_payments_and_the_lowest_floor():
    def allowed(target: str) -> bool:
        return _inside(target, "storefront.payments") or target in LOWEST_FLOOR

    assert _crossings("storefront.payments", allowed) == []


def test_mail_imports_only_mail_and_the_lowest_floor():
    def allowed(target: str) -> bool:
        return _inside(target, "storefront.mail") or target in LOWEST_FLOOR

    assert "storefront.mail.transports" in modules()
    assert _crossings("storefront.mail", allowed) == []


def test_models_import_only_models_extensions_and_the_lowest_floor():
    def allowed(target: str) -> bool:
        return (
            _inside(target, "storefront.models")
            or target == "storefront.extensions"
            or target in LOWEST_FLOOR
        )

    assert _crossings("storefront.models", allowed) == []


def test_services_never_import_a_blueprint_the_web_side_or_the_demo():
    def allowed(target: str) -> bool:
        return target not in WEB_MODULES and not any(
            _inside(target, package) for package in (*BLUEPRINT_PACKAGES, DEMO)
        )

    assert _crossings("storefront.services", allowed) == []


@pytest.mark.parametrize("package", sorted(BLUEPRINT_PACKAGES))
def test_a_blueprint_does_not_import_another_blueprints_views(package):
    """Shared pieces (the guest cart helper, checkout's paying) are not views."""

    def allowed(target: str) -> bool:
        return not target.endswith(".routes") or _inside(target, package)

    assert _crossings(package, allowed) == []


def test_only_the_command_line_imports_the_demo_data():
    importers = {
        name
        for name, targets in graph().items()
        if not _inside(name, DEMO) and any(_inside(target, DEMO) for target in targets)
    }
    assert importers == {"storefront.cli"}
