extensions = ["sphinx_paperdigest"]
project = "Summary"
copyright = "2026, tests"
exclude_patterns = ["_build", "digests"]
# the project's own MyST settings: none of them may reach a digest
myst_enable_extensions = [
    "substitution",
    "colon_fence",
    "deflist",
    "html_admonition",
    "html_image",
    "attrs_inline",
    "fieldlist",
]
myst_substitutions = {"secret": "SUBSTITUTED-FROM-CONF"}
version = "1.0"
