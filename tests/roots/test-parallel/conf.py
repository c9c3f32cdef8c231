extensions = ["sphinx_paperdigest"]
project = "Parallel"
copyright = "2026, tests"
exclude_patterns = ["_build", "digests"]
