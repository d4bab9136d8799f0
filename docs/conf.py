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
html_theme = "alabaster"
html_title = "zona-integritas"
