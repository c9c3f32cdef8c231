extensions = ["sphinx_paperdigest"]
project = "Incremental"
copyright = "2026, tests"
exclude_patterns = ["_build", "digests"]
