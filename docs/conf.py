"""Sphinx configuration for zona-integritas (MyST Markdown, Diátaxis layout)."""

from __future__ import annotations

project = "zona-integritas"
author = "zona-integritas developers"
copyright = "2026, zona-integritas developers"
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode", "sphinxcontrib.mermaid"]
myst_fence_as_directive = ["mermaid"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "examples"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
suppress_warnings = ["myst.xref_missing"]
nitpicky = False
html_theme = "furo"
html_title = "zona-integritas"


def _write_api_pages() -> None:
    """One reference page per public module, generated from the package itself (no hand-kept member lists).

    A module is public when no part of its dotted name starts with an underscore; its documented members are
    its ``__all__``. The pages go to ``reference/api/`` (generated, not committed).
    """
    import importlib
    import pkgutil
    from pathlib import Path

    import zona_integritas

    out = Path(__file__).parent / "reference" / "api"
    out.mkdir(exist_ok=True)
    names = sorted(
        info.name
        for info in pkgutil.walk_packages(zona_integritas.__path__, "zona_integritas.")
        if not any(part.startswith("_") for part in info.name.split("."))
    )
    for stale in out.glob("*.md"):
        stale.unlink()
    for name in ["zona_integritas", *names]:
        module = importlib.import_module(name)
        summary = (module.__doc__ or "").strip().splitlines()[0:1]
        title = f"`{name}`"
        noindex = "   :no-index:\n" if name == "zona_integritas" else ""
        body = (
            f"# {title}\n\n{summary[0] if summary else ''}\n\n```{{eval-rst}}\n.. automodule:: {name}\n"
            f"   :members:\n{noindex}```\n"
        )
        (out / f"{name}.md").write_text(body, encoding="utf-8")


_write_api_pages()
