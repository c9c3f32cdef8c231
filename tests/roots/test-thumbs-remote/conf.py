extensions = ["sphinx_paperdigest"]
project = "Remote thumbnails"
exclude_patterns = ["_build", "digests"]
paperdigest_remote_images = "download"
paperdigest_remote_timeout = 0.5
paperdigest_remote_max_bytes = 1_000_000
# digests/remote.md is written by the test: its URLs name the test's own server
paperdigest_allow_private_hosts = True  # the test server is on 127.0.0.1
