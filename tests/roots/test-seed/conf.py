extensions = ["sphinx_paperdigest"]
project = "Seed digest"
copyright = "2026, tests"
author = "Tests"
version = release = "1.0"
exclude_patterns = ["_build", "digests"]
# the seed's one problem, 「Tabular Data: ...](url) (a link without its "["), is
# read as the link it means; tests/test_repair.py checks the warning
suppress_warnings = ["paperdigest.broken-link"]
