extensions = ["sphinx_paperdigest"]
project = "Warnings"
copyright = "2026, tests"
exclude_patterns = ["_build", "digests"]
