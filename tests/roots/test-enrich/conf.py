extensions = ["sphinx_paperdigest"]
project = "Enrichment"
author = "Test Authors"
exclude_patterns = ["_build", "digests"]
html_baseurl = "https://example.org/docs/"
language = "en"
paperdigest_exports = ["atom", "json", "bibtex", "csv"]
paperdigest_enrich = ["arxiv"]
# the tests set paperdigest_arxiv_api to their own server, on 127.0.0.1
paperdigest_arxiv_api = "http://127.0.0.1:9/api/query"
paperdigest_allow_private_hosts = True
paperdigest_remote_timeout = 10.0  # the test of a slow API sets 0.5
