extensions = ["sphinx_paperdigest"]
project = "Topics"
copyright = "2026, tests"
exclude_patterns = ["_build", "digests"]
