extensions = ["sphinx_paperdigest"]
project = "Options"
copyright = "2026, tests"
version = release = "1.0"
exclude_patterns = ["_build", "digests"]
