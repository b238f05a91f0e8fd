"""A corpus of real-world evaluations: pitfalls reconstructed from public reports, and
healthy evaluations modelled on well-known tutorials. ``python -m tests.corpus`` prints its
scores; ``tests/test_corpus.py`` holds evalcheck to them."""
