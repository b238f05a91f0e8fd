"""The mergeable statistics every source ends in: labels, scores, multilabel, and the
Accumulator that merges them across batches."""
