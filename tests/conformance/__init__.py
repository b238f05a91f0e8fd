"""Conformance of evalcheck with scikit-learn's own metric tests: record, replay, judge."""
