"""``evalcheck compare BASE CANDIDATE``: is the candidate model better or worse than the base,
beyond noise, on the same samples? And which findings did the change bring or fix?"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputFileError, UsageError
from ..findings import Finding, Report, fails, fingerprint, jsonable
from .paired import PairedResult, paired_accuracy, paired_auc, paired_bootstrap


@dataclass
class Comparison:
    """The paired tests, the verdict on the primary metric and the findings that changed."""

    base: Report
    candidate: Report
    joined: str
    n_samples: int
    results: list[PairedResult]
    primary: PairedResult
    alpha: float
    new: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    unchanged: list[Finding] = field(default_factory=list)
    fail_on_regression: bool = False
    fail_on: str = "error"

    @property
    def verdict(self) -> str:
        return self.primary.verdict(self.alpha)

    def new_failing(self) -> list[Finding]:
        return [f for f in self.new if fails(f.severity, self.fail_on)]

    def exit_code(self) -> int:
        regressed = self.fail_on_regression and self.verdict == "worse"
        return int(regressed or bool(self.new_failing()))

    def to_dict(self) -> dict[str, Any]:
        from ..findings import _version

        def findings(items: list[Finding]) -> list[dict[str, Any]]:
            return [f.model_dump(mode="json") for f in items]

        return jsonable(
            {
                "schema_version": 1,
                "version": _version(),
                "kind": "comparison",
                "passed": self.exit_code() == 0,
                "verdict": self.verdict,
                "primary": self.primary.metric,
                "alpha": self.alpha,
                "joined": self.joined,
                "n_samples": self.n_samples,
                "base": self.base.source,
                "candidate": self.candidate.source,
                "tests": [asdict(r) | {"verdict": r.verdict(self.alpha)} for r in self.results],
                "findings": {
                    "new": findings(self.new),
                    "fixed": findings(self.fixed),
                    "unchanged": findings(self.unchanged),
                },
            }
        )

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False, ensure_ascii=False)

    def to_html(self, timestamp: str | None = None) -> str:
        """One self-contained page: the verdict, the paired tests with their intervals, the
        new and fixed findings and the change of the confusion matrix."""
        from ..render.comparison import render_comparison_html

        return render_comparison_html(self, timestamp=timestamp)

    def save_html(self, path: str | Path, timestamp: str | None = None) -> Path:
        """Write :meth:`to_html` to ``path`` atomically."""
        from ..sources.files import write_atomically

        return write_atomically(path, self.to_html(timestamp=timestamp))

    def __str__(self) -> str:
        from ..render.text import clean

        lines = [
            f"evalcheck compare: {self.n_samples:,} samples, {self.joined}",
            f"base       {_source_line(self.base)}",
            f"candidate  {_source_line(self.candidate)}",
            "",
            f"  {'metric':<18} {'base':>6} {'candidate':>9} {'difference':>10}  "
            f"{'95% interval':<16} {'p-value':>7}  test",
        ]
        for r in self.results:
            mark = "*" if r is self.primary else " "
            lines.append(
                f"{mark} {r.metric:<18} {r.base:>6.3f} {r.candidate:>9.3f} {r.difference:>+10.3f}  "
                f"{f'[{r.low:+.3f}, {r.high:+.3f}]':<16} {_p(r.p_value):>7}  {r.test}"
            )
        notes = {r.test: r for r in self.results}
        lines.append("")
        lines += [f"{test}: {r.detail}" for test, r in notes.items() if test != "paired bootstrap"]
        if "paired bootstrap" in notes:
            lines.append(f"paired bootstrap: {notes['paired bootstrap'].detail}")
        lines.append("")
        lines += [f"verdict on {self.primary.metric} (*): {self._verdict_text()}"]
        lines.append(
            f"findings: {len(self.new)} new, {len(self.fixed)} fixed, "
            f"{len(self.unchanged)} unchanged"
        )
        for word, items in (("new", self.new), ("fixed", self.fixed)):
            for f in items:
                lines.append(f"  {word:<6} {f.severity.value:<8} {f.code} {f.slug}: {f.message}")
        lines.append("")
        lines.append(self._gate_line())
        return clean("\n".join(lines))

    def _verdict_text(self) -> str:
        p = self.primary
        if self.verdict == "no significant difference":
            return (
                f"no significant difference (p = {_p(p.p_value)}, alpha {self.alpha:g}; "
                f"the difference could be as low as {p.low:+.3f} or as high as {p.high:+.3f})"
            )
        shown = _p(p.p_value)
        relation = shown if shown.startswith("<") else f"= {shown}"
        return f"the candidate is {self.verdict} (p {relation}, below alpha {self.alpha:g})"

    def _gate_line(self) -> str:
        reasons = []
        if self.fail_on_regression and self.verdict == "worse":
            reasons.append(f"the candidate is worse on {self.primary.metric}")
        if self.new_failing():
            count = len(self.new_failing())
            noun = "finding" if count == 1 else "findings"
            reasons.append(f"{count} new {noun} at fail-on {self.fail_on}")
        if reasons:
            return "FAIL: " + "; ".join(reasons)
        watch = "" if self.fail_on_regression else " (add --fail-on-regression to gate on it)"
        return f"PASS: verdict {self.verdict}{watch}, no new findings at fail-on {self.fail_on}"


def _p(p: float) -> str:
    if p == 0:  # the tail probability underflowed a double
        return "<1e-300"
    return f"{p:.4f}" if p >= 1e-4 else f"{p:.1e}"


def _source_line(report: Report) -> str:
    source = report.source or {}
    return f"{source.get('path')} (sha256 {source.get('sha256', '')[:12]})"


def _labels(values: Any) -> np.ndarray:
    array = np.asarray(values)
    return array.astype(str) if array.dtype.kind in "OUS" else array


def join_rows(
    base: dict[str, Any], candidate: dict[str, Any], id_column: str | None, names: tuple[str, str]
) -> tuple[np.ndarray | None, str]:
    """Row order of the candidate matching the base (None: the same order), and how."""
    base_name, candidate_name = names
    if id_column is None:
        return None, "joined by row order"
    ids = []
    for name, columns in ((base_name, base), (candidate_name, candidate)):
        if id_column not in columns:
            raise InputFileError(f"{name}: no column {id_column!r} for --id")
        values = _labels(columns[id_column])
        unique, counts = np.unique(values, return_counts=True)
        if (counts > 1).any():
            repeated = unique[counts > 1]
            verb = "id repeats" if len(repeated) == 1 else "ids repeat"
            raise InputFileError(
                f"{name}: {len(repeated)} {verb} in {id_column!r} (first: "
                f"{repeated[0].item()!r}); an id must name one sample"
            )
        ids.append(values)
    base_ids, candidate_ids = ids
    missing = np.setdiff1d(base_ids, candidate_ids)
    extra = np.setdiff1d(candidate_ids, base_ids)
    if missing.size or extra.size:
        side, which = (candidate_name, missing) if missing.size else (base_name, extra)
        other = base_name if missing.size else candidate_name
        noun = "id" if which.size == 1 else "ids"
        raise InputFileError(
            f"{which.size} {noun} of {other} not in {side} (first: {which[0].item()!r}): "
            "the two files must hold the same samples"
        )
    position = {v: i for i, v in enumerate(candidate_ids.tolist())}
    order = np.array([position[v] for v in base_ids.tolist()], dtype=np.intp)
    return order, f"joined on {id_column!r}"


def _take(values: Any, order: np.ndarray | None) -> Any:
    if values is None or order is None:
        return values
    return np.asarray(values)[order]


def _check_same_truth(base_true: Any, candidate_true: Any, joined: str, names: tuple[str, str]):
    a, b = _labels(base_true), _labels(candidate_true)
    if a.shape != b.shape:
        raise InputFileError(
            f"{names[0]} has {a.shape[0]} rows, {names[1]} {b.shape[0]}: they are not the same "
            "samples; join them on an id column with --id COL"
        )
    differ = np.flatnonzero(a != b)
    if differ.size:
        row = int(differ[0])
        hint = "" if joined.startswith("joined on") else "; join them on an id column with --id COL"
        raise InputFileError(
            f"y_true differs between {names[0]} and {names[1]} in {differ.size} "
            f"row{'' if differ.size == 1 else 's'} (first: "
            f"row {row + 2}, {a[row].item()!r} vs {b[row].item()!r}): not the same samples in "
            f"the same order{hint}"
        )


def compare_files(
    base_path: Path,
    candidate_path: Path,
    spec: Any,
    settings: Any,
    id_column: str | None = None,
    alpha: float = 0.05,
    resamples: int = 2000,
    seed: int = 0,
    fail_on_regression: bool = False,
    shown: tuple[str, str] | None = None,
) -> Comparison:
    """Check both files, join them, run the paired tests and diff the findings."""
    from ..call import normalize_metric
    from ..sources.files import read_columns, select_columns
    from .checks import check_file, positive_column

    try:
        metric = normalize_metric(spec.call.get("metric") or "accuracy")
    except ValueError as exc:
        raise UsageError(f"--metric: {exc}") from None
    if metric not in COMPARED:
        raise UsageError(f"--metric {metric}: compare tests {', '.join(COMPARED)}")
    names = shown or (str(base_path), str(candidate_path))
    tables = [read_columns(base_path), read_columns(candidate_path)]
    order, joined = join_rows(tables[0], tables[1], id_column, names)
    if id_column is None:
        _check_shared_ids(tables, names)
    picked = [
        select_columns(path, table, spec.y_true, spec.y_pred, spec.y_score)
        for path, table in zip((base_path, candidate_path), tables)
    ]
    if any(np.ndim(p.y_true) != 1 or np.ndim(p.y_pred) > 1 for p in picked):
        raise UsageError("compare tests one label per sample; multilabel files are not supported")
    candidate_true = _take(picked[1].y_true, order)
    _check_same_truth(picked[0].y_true, candidate_true, joined, names)
    if picked[0].y_pred is None or picked[1].y_pred is None:
        raise UsageError("compare needs a y_pred column in both files (--y-pred COL)")
    reports = [
        check_file(path, spec, settings, shown_path=name)
        for path, name in zip((base_path, candidate_path), names)
    ]
    t = _labels(picked[0].y_true)
    if t.size == 0:
        raise InputFileError(f"{names[0]}: no rows to compare")
    predictions = [_labels(picked[0].y_pred), _labels(_take(picked[1].y_pred, order))]
    for name, values in zip(names, predictions):
        missing = int(np.count_nonzero(_missing(values)))
        if missing:
            raise InputFileError(
                f"{name}: y_pred is missing for {missing} of {values.size} samples; compare "
                "needs a prediction for every sample (evalcheck check shows where: EC103)"
            )
    classes, codes = np.unique(np.concatenate([t, *predictions]), return_inverse=True)
    k, n = len(classes), t.size
    true_codes, base_codes, candidate_codes = codes[:n], codes[n : 2 * n], codes[2 * n :]
    call = spec.call
    average = call.get("average") or ("binary" if k == 2 else "macro")
    results = [paired_accuracy(true_codes, base_codes, candidate_codes)]
    positive = _positive(classes, call.get("pos_label")) if k == 2 else None
    if call.get("pos_label") is not None and (k != 2 or positive is None):
        raise UsageError(
            f"--pos-label {call['pos_label']!r}: not one of the two classes "
            f"({', '.join(map(str, classes.tolist()))})"
            if k == 2
            else f"--pos-label {call['pos_label']!r}: the task has {k} classes, not two"
        )
    if average not in ("binary", "micro", "macro", "weighted"):
        raise UsageError(f"--average {average}: compare tests binary, micro, macro or weighted")
    bootstrap = dict(k=k, resamples=resamples, seed=seed)
    results.append(
        paired_bootstrap(
            true_codes,
            base_codes,
            candidate_codes,
            "balanced_accuracy",
            "macro",
            None,
            **bootstrap,
        )
    )
    f1_average = (
        average if metric in ("f1", "precision", "recall") else ("binary" if k == 2 else "macro")
    )
    if f1_average == "binary" and positive is None:
        f1_average = "macro"
    chosen = {"f1": f1_average}
    if metric in ("precision", "recall"):
        chosen[metric] = average if not (average == "binary" and positive is None) else "macro"
    for name, avg in chosen.items():
        results.append(
            paired_bootstrap(
                true_codes, base_codes, candidate_codes, name, avg, positive, **bootstrap
            )
        )
    if metric == "mcc":
        results.append(
            paired_bootstrap(
                true_codes, base_codes, candidate_codes, "mcc", "macro", None, **bootstrap
            )
        )
    scores = [_finite_scores(positive_column(p, {"metric": "roc_auc"})[0]) for p in picked]
    if k == 2 and all(s is not None for s in scores):
        positive_class = classes[1]  # roc_auc_score ranks the greater class (pos_label aside)
        results.append(
            paired_auc(t == positive_class, np.asarray(scores[0]), _take(scores[1], order))
        )
    primary = _primary(results, metric, k)
    base_prints = {fingerprint(f.code, f.classes, None): f for f in reports[0].findings}
    candidate_prints = {fingerprint(f.code, f.classes, None): f for f in reports[1].findings}
    return Comparison(
        base=reports[0],
        candidate=reports[1],
        joined=joined,
        n_samples=n,
        results=results,
        primary=primary,
        alpha=alpha,
        new=[f for p, f in candidate_prints.items() if p not in base_prints],
        fixed=[f for p, f in base_prints.items() if p not in candidate_prints],
        unchanged=[f for p, f in candidate_prints.items() if p in base_prints],
        fail_on_regression=fail_on_regression,
        fail_on=settings.fail_on,
    )


def _missing(values: np.ndarray) -> np.ndarray:
    if values.dtype.kind == "f":
        return np.isnan(values)
    if values.dtype.kind in "US":
        return np.isin(values, ("", "nan", "None"))
    return np.zeros(values.shape, dtype=bool)


def _check_shared_ids(tables: list[dict[str, Any]], names: tuple[str, str]) -> None:
    """Joined by row order, two files that both have an ``id`` column must agree on it."""
    for column in ("id", "sample_id", "row_id"):
        if column in tables[0] and column in tables[1]:
            a, b = _labels(tables[0][column]), _labels(tables[1][column])
            if a.shape == b.shape and (a != b).any():
                raise InputFileError(
                    f"{names[0]} and {names[1]} both have an {column!r} column and it differs "
                    f"row by row: join them on it with --id {column}"
                )
            return


def _finite_scores(values: Any) -> np.ndarray | None:
    """One finite float per sample, or None (text or NaN scores are the findings' business:
    EC112, EC103; DeLong's test is left out then)."""
    if values is None or np.ndim(values) != 1:
        return None
    try:
        scores = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return None
    return scores if np.isfinite(scores).all() else None


def _positive(classes: np.ndarray, pos_label: Any) -> int | None:
    """Index of the positive class of a binary task: pos_label, else 1 as scikit-learn's
    default, else None (no binary average then)."""
    from ..stats.labels import same_label

    wanted = 1 if pos_label is None else pos_label
    for i, c in enumerate(classes.tolist()):
        if same_label(c, wanted) or str(c) == str(wanted):
            return i
    return None


COMPARED = ("accuracy", "balanced_accuracy", "f1", "precision", "recall", "mcc", "roc_auc")


def _primary(results: list[PairedResult], metric: str, k: int) -> PairedResult:
    """The test of the metric the call names (accuracy when none); UsageError when that
    metric has no paired test here."""
    for r in results:
        if r.metric.split(" ")[0] == metric:
            return r
    if metric == "roc_auc" and k != 2:
        raise UsageError(
            f"--metric roc_auc: DeLong's test is for binary tasks; this one has {k} classes"
        )
    if metric == "roc_auc":
        raise UsageError(
            "--metric roc_auc needs finite scores of a binary task in both files (--y-score COL)"
        )
    raise UsageError(f"--metric {metric}: compare tests {', '.join(COMPARED)}")
