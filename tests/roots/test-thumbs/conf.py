extensions = ["sphinx_paperdigest"]
project = "Thumbnails"
exclude_patterns = ["_build", "digests"]
# the pictures of digests/ are made by the tests (tests/thumbnail_images.py)
