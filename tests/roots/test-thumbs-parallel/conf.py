extensions = ["sphinx_paperdigest"]
project = "Parallel thumbnails"
exclude_patterns = ["_build", "digests"]
