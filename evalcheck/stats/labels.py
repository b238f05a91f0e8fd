"""Sufficient statistics, computed in one pass and mergeable.

A :class:`ConfusionStats` is the confusion matrix over a sorted label inventory. Batches,
chunks of a file read out-of-core or partitions of a distributed engine each produce one;
``a.merge(b)`` combines them into exactly what one pass over all the data gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

# A dense (range x range) count table is used for integer labels while it stays this small.
MAX_DENSE_CELLS = 1 << 22


def label_sort_key(label: Any) -> tuple[int, Any]:
    """Numbers before strings, each in natural order (scikit-learn sorts labels too)."""
    return (1, label) if isinstance(label, str) else (0, label)


def same_label(a: Any, b: Any) -> bool:
    """Whether two labels are the same class: 1 equals 1.0 and True, '1' does not equal 1."""
    return a == b and isinstance(a, str) == isinstance(b, str)


def as_label(value: Any) -> Any:
    """A numpy scalar as the plain Python label."""
    return value.item() if isinstance(value, np.generic) else value


def _integer_view(values: np.ndarray, kind: str) -> np.ndarray | None:
    """``values`` as an integer array when they are integer-like labels, else None."""
    if kind == "bool":
        return values.view(np.uint8) if values.dtype == np.bool_ else values.astype(np.uint8)
    if kind == "int":
        if values.dtype == np.uint64:  # uint64 mixed with int64 would promote to float64
            if values.size and values.max() > np.iinfo(np.int64).max:
                return None
            return values.astype(np.int64)
        return values
    if kind == "float" and values.size and float(np.abs(values).max()) <= 2**53:
        return values.astype(np.int64)  # whole numbers, exactly representable
    return None


def _index_dtype(n: int) -> type[np.signedinteger]:
    """The narrowest index type for codes below ``n`` (narrow arrays are faster to fill)."""
    return np.int32 if n < 2**31 else np.int64


def factorize(values: Any, kind: str) -> tuple[list[Any], np.ndarray]:
    """``(distinct labels in any order, code per sample)``, in one or two passes.

    Integers are counted with ``bincount`` over their range; strings (a numpy array or an
    already converted pyarrow array) are hashed by pyarrow.
    """
    ints = _integer_view(values, kind) if isinstance(values, np.ndarray) else None
    if ints is not None:
        lo, hi = int(ints.min()), int(ints.max())
        span = hi - lo + 1
        if span <= max(MAX_DENSE_CELLS, 2 * ints.size):
            shifted = ints if lo == 0 else ints - np.int64(lo)
            present = np.flatnonzero(np.bincount(shifted, minlength=span))
            lookup = np.empty(span, dtype=_index_dtype(present.size))
            lookup[present] = np.arange(present.size)
            found, codes = (present + lo).tolist(), lookup[shifted]
        else:
            uniques, codes = np.unique(ints, return_inverse=True)
            found = uniques.tolist()
        if kind == "bool":
            found = [bool(c) for c in found]
        return found, codes.reshape(-1)
    if kind == "float":  # whole numbers too large for exact integers
        uniques, codes = np.unique(values, return_inverse=True)
        return uniques.tolist(), codes.reshape(-1)
    import pyarrow as pa

    array = values if isinstance(values, pa.Array) else pa.array(values.reshape(-1))
    encoded = array.dictionary_encode()
    return encoded.dictionary.to_pylist(), encoded.indices.to_numpy(zero_copy_only=False)


def encode(values: Any, kind: str) -> tuple[list[Any], np.ndarray]:
    """Factorise labels: ``(sorted distinct labels, code per sample)``."""
    found, codes = factorize(values, kind)
    order = sorted(range(len(found)), key=lambda i: label_sort_key(found[i]))
    rank = np.empty(len(found), dtype=_index_dtype(len(found)))
    rank[order] = np.arange(len(found))
    return [found[i] for i in order], rank[codes]


@dataclass(frozen=True)
class ConfusionStats:
    """Counts of (true class, predicted class) pairs over ``classes``.

    ``matrix[i, j]`` counts samples of true class ``classes[i]`` predicted as ``classes[j]``.
    """

    classes: tuple[Any, ...]
    matrix: np.ndarray

    @classmethod
    def from_labels(
        cls,
        y_true: Any,
        true_kind: str,
        y_pred: Any,
        pred_kind: str,
        weights: np.ndarray | None = None,
    ) -> ConfusionStats:
        """One pass over two 1-D label arrays of equal length (numpy, or pyarrow strings);
        ``weights``: how many samples each pair stands for (distinct pairs with counts)."""
        numpy_pair = isinstance(y_true, np.ndarray) and isinstance(y_pred, np.ndarray)
        numpy_pair = numpy_pair and weights is None
        t_ints = _integer_view(y_true, true_kind) if numpy_pair else None
        p_ints = _integer_view(y_pred, pred_kind) if numpy_pair else None
        if t_ints is not None and p_ints is not None and t_ints.size:
            dense = _dense_confusion(t_ints, p_ints)
            if dense is not None:
                classes, matrix = dense
                if true_kind == pred_kind == "bool":
                    classes = [bool(c) for c in classes]
                return cls(tuple(classes), matrix)
        true_found, true_codes = factorize(y_true, true_kind)
        pred_found, pred_codes = factorize(y_pred, pred_kind)
        classes = sorted(set(true_found) | set(pred_found), key=label_sort_key)
        position = {c: i for i, c in enumerate(classes)}
        k = len(classes)
        dtype = _index_dtype(k * k)
        row_start = np.array([position[c] * k for c in true_found], dtype=dtype)
        column = np.array([position[c] for c in pred_found], dtype=dtype)
        pairs = row_start[true_codes]
        pairs += column[pred_codes]
        matrix = np.bincount(pairs, weights, minlength=k * k).reshape(k, k)
        matrix = matrix.astype(np.int64, copy=False)
        return cls(tuple(classes), matrix)

    @property
    def n_samples(self) -> int:
        return int(self.matrix.sum())

    @property
    def n_classes(self) -> int:
        return len(self.classes)

    @property
    def true_counts(self) -> np.ndarray:
        """Support of each class in y_true."""
        return self.matrix.sum(axis=1)

    @property
    def pred_counts(self) -> np.ndarray:
        """How often each class is predicted."""
        return self.matrix.sum(axis=0)

    @property
    def true_positives(self) -> np.ndarray:
        return np.diagonal(self.matrix)

    def index(self, label: Any) -> int | None:
        """Position of ``label`` in ``classes`` (1 and 1.0 match; '1' and 1 do not)."""
        return next((i for i, c in enumerate(self.classes) if same_label(c, label)), None)

    def with_classes(self, labels: tuple[Any, ...]) -> ConfusionStats:
        """The same counts over the union with ``labels`` (declared classes get zero rows)."""
        extra = [lab for lab in labels if self.index(lab) is None]
        if not extra:
            return self
        return self.merge(ConfusionStats(tuple(extra), np.zeros((len(extra),) * 2, np.int64)))

    def restricted(self, labels: tuple[Any, ...]) -> ConfusionStats:
        """Only the samples whose true and predicted class are both in ``labels``, over
        ``labels`` in that order (scikit-learn's ``confusion_matrix(..., labels=labels)``)."""
        padded = self.with_classes(labels)
        where = np.array([padded.index(lab) for lab in labels], dtype=np.intp)
        return ConfusionStats(tuple(labels), padded.matrix[np.ix_(where, where)])

    def merge(self, other: ConfusionStats) -> ConfusionStats:
        """Counts of both, over the union of their classes."""
        classes = sorted(
            {*self.classes, *other.classes} if self.classes != other.classes else self.classes,
            key=label_sort_key,
        )
        position = {c: i for i, c in enumerate(classes)}
        matrix = np.zeros((len(classes),) * 2, dtype=np.int64)
        for part in (self, other):
            where = np.array([position[c] for c in part.classes], dtype=np.intp)
            matrix[np.ix_(where, where)] += part.matrix
        return ConfusionStats(tuple(classes), matrix)


def _dense_confusion(t: np.ndarray, p: np.ndarray) -> tuple[list[int], np.ndarray] | None:
    """Confusion matrix of integer labels by counting (true, pred) pairs over their range."""
    lo = min(int(t.min()), int(p.min()))
    hi = max(int(t.max()), int(p.max()))
    span = hi - lo + 1
    if span * span > MAX_DENSE_CELLS:
        return None
    if lo:
        t, p = t - np.int64(lo), p - np.int64(lo)
    pairs = np.multiply(t, span, dtype=np.int64)
    pairs += p
    counts = np.bincount(pairs, minlength=span * span).reshape(span, span)
    present = np.flatnonzero(counts.sum(axis=0) + counts.sum(axis=1))
    matrix = counts[np.ix_(present, present)].astype(np.int64, copy=False)
    return (present + lo).tolist(), matrix
