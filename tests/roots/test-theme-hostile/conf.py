extensions = ["sphinx_paperdigest"]
project = "Hostile theme"
exclude_patterns = ["_build", "digests"]
html_theme = "paperdigest"
