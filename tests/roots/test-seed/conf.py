extensions = ["sphinx_paperdigest"]
project = "Seed digest"
version = release = "1.0"
exclude_patterns = ["_build", "digests"]
