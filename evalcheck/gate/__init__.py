"""The pre-merge gate: confidence bounds for metric floors, paired comparison of two models,
and findings new against a baseline report."""
