extensions = ["sphinx_paperdigest"]
project = "Seed digest"
copyright = "2026, tests"
author = "Tests"
version = release = "1.0"
exclude_patterns = ["_build", "digests"]
