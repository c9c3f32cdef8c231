extensions = ["sphinx_paperdigest"]
project = "Hostile"
copyright = "2026, tests"
exclude_patterns = ["_build", "digests"]
