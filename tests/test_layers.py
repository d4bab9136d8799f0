"""The floors of ARCHITECTURE.md hold: no module imports from a floor above its own, imports form no cycle, and no
module reaches into another module's private names. The imports are read from the source (every import statement,
also those inside functions), so a lazy import cannot hide an upward dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "zona_integritas"

#: The floors, bottom first (docs/explanation/design.md shows the same map). A module may import from its own
#: floor or from floors below; same-floor imports must not form a cycle.
FLOORS: dict[int, tuple[str, ...]] = {
    1: ("errors", "_numbers", "inputs", "decimals", "i18n", "labels", "_reprs"),
    2: (
        "_lke",
        "_rules",
        "rulebook",
        "_loader_reader",
        "_loader_structure",
        "_loader_rules",
        "rulebook_loader",
        "organization",
        "dates",
    ),
    3: ("_answers", "_validation", "worksheet_frames", "worksheet", "survey", "survey_*"),
    4: ("scoring",),
    5: ("verdict", "eligibility", "kawasan", "plan"),
    6: (
        "events",
        "journey",
        "_journey_state",
        "_journey_guards",
        "_journey_fold",
        "_journey_diagram",
        "review",
        "review_chain",
        "review_events",
        "review_ledger",
        "review_round",
    ),
    7: (
        "evidence",
        "review_import",
        "review_diff",
        "review_html",
        "review_examples",
        "portfolio",
        "examples",
        "testing",
        "plot",
        "plot_survey",
        "dataframe",
        "html",
        "_html",
        "_survey_html",
        "io",
        "io.*",
        "report",
        "_revocations",
    ),
    8: ("store", "_store_schema", "_store_audit", "service", "documents", "documents.*", "cli", "cli.*", "__init__"),
}


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _floor(module: str) -> int:
    for floor, patterns in FLOORS.items():
        for pattern in patterns:
            if module == pattern or (pattern.endswith("*") and module.startswith(pattern[:-1])):
                return floor
    raise AssertionError(f"module {module!r} has no floor: add it to FLOORS and to docs/explanation/design.md")


def _imports(path: Path) -> set[str]:
    """The package modules ``path`` imports (relative or absolute), by their names inside the package."""
    module = _module(path)
    package = module.split(".") if path.name == "__init__.py" and module != "__init__" else module.split(".")[:-1]
    if module == "__init__":
        package = []
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                names = (
                    [".".join([*base, node.module])] if node.module else [".".join([*base, a.name]) for a in node.names]
                )
            elif node.module and node.module.split(".")[0] == "zona_integritas":
                names = [node.module.removeprefix("zona_integritas").lstrip(".") or "__init__"]
            else:
                continue
            found.update(names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "zona_integritas":
                    found.add(alias.name.removeprefix("zona_integritas").lstrip(".") or "__init__")
    known = {_module(p) for p in PACKAGE.rglob("*.py")}
    # "from .io import excel" names the module io.excel; "from .rulebook import Item" names rulebook
    resolved = set()
    for name in found:
        target = name
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != module:
            resolved.add(target)
    return resolved


GRAPH = {_module(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_from_a_floor_above_its_own(module):
    upward = sorted(dep for dep in GRAPH[module] if _floor(dep) > _floor(module))
    assert not upward, f"{module} (floor {_floor(module)}) imports from above: {upward}"


def test_the_package_imports_form_no_cycle():
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> None:
        if module in path:
            cycle = [*path[path.index(module) :], module]
            raise AssertionError(f"import cycle: {' -> '.join(cycle)}")
        if module in done:
            return
        path.append(module)
        for dep in sorted(GRAPH[module]):
            # every submodule's import runs the package first; that is not a dependency
            if dep != "__init__":
                visit(dep)
        path.pop()
        done.add(module)

    for module in sorted(GRAPH):
        if module != "__init__":
            visit(module)


def test_the_domain_never_imports_its_presentation_not_even_lazily():
    domain = [m for m in GRAPH if _floor(m) <= 6]
    offenders = {
        m: sorted(d for d in GRAPH[m] if d in ("html", "_html", "review_html", "plot", "report")) for m in domain
    }
    assert not {m: d for m, d in offenders.items() if d}


def test_no_module_imports_or_reads_the_private_names_of_another():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # "from . import _html" imports a private module of the package itself, not a name of another module
            if (
                isinstance(node, ast.ImportFrom)
                and node.module is not None
                and (node.level or node.module.startswith("zona_integritas"))
            ):
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                if private:
                    problems.append(f"{module}:{node.lineno} imports {private} from {node.module}")
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id not in ("self", "cls", "other", "new")  # the same class's own fields
                and module != "documents.build_templates"  # python-docx's own _p/_tr: it has no public API for them
            ):
                problems.append(f"{module}:{node.lineno} reads {node.value.id}.{node.attr}")
    assert not problems, "\n".join(problems)
