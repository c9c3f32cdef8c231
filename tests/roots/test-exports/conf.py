extensions = ["sphinx_paperdigest"]
project = "Exports & <Tests>"
author = "Test Authors"
copyright = "2026, tests"
version = release = "1.0"
exclude_patterns = ["_build", "digests"]
html_baseurl = "https://example.org/docs/"
language = "en"
# the tricky digest is made to hold what the reader warns about
suppress_warnings = ["paperdigest.unsafe-url", "paperdigest.raw-html", "paperdigest.image"]
