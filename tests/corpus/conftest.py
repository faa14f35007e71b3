# The corpus folders hold third-party scripts (some named test_*.py, one calls h.quit()) and
# our runner modules: none of it is a pytest test. tests/test_corpus.py runs them.
collect_ignore_glob = ["*"]
