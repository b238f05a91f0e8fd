"""torchmetrics under audit: functional and modular metrics, with torchmetrics' semantics."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
import torch
from torchmetrics.classification import (
    BinaryAUROC,
    MulticlassAccuracy,
    MulticlassF1Score,
)
from torchmetrics.functional import f1_score  # the task wrapper
from torchmetrics.functional.classification import (
    binary_accuracy,
    binary_f1_score,
    multiclass_accuracy,
    multiclass_auroc,
    multiclass_f1_score,
    multilabel_f1_score,
)

import evalcheck

N = 300


@pytest.fixture(scope="module")
def data():
    generator = torch.Generator().manual_seed(0)
    target = torch.randint(0, 3, (N,), generator=generator)
    logits = torch.randn(N, 3, generator=generator) + torch.nn.functional.one_hot(target, 3) * 1.5
    return target, logits


def requested(call):
    return call.report.metrics["requested"]["value"]


def close(value, expected):
    return np.allclose(np.asarray(value, float), np.asarray(expected, float), atol=1e-6)


@pytest.mark.parametrize("average", ["macro", "weighted", "micro", "none"])
@pytest.mark.parametrize("function", [multiclass_f1_score, multiclass_accuracy])
def test_functional_values_equal_torchmetrics(data, function, average):
    target, logits = data
    with evalcheck.audit() as report:
        value = function(logits, target, num_classes=3, average=average)
    (call,) = report.calls
    assert call.library == "torchmetrics" and call.function == function.__name__
    assert close(requested(call), value.numpy())
    assert torch.is_tensor(value)  # the user's result is the tensor torchmetrics returned


def test_macro_over_num_classes_with_an_absent_class_equals_torchmetrics(data):
    target, logits = data
    with evalcheck.audit() as report:
        value = multiclass_f1_score(logits.argmax(1), target, num_classes=5, average="macro")
    assert close(requested(report.calls[0]), value)


def test_binary_logits_multilabel_auroc_and_ignore_index(data):
    target, logits = data
    binary_target = (target == 1).int()
    with evalcheck.audit() as report:
        values = [
            binary_f1_score(logits[:, 1] - 1.0, binary_target),  # logits: sigmoid, then > 0.5
            binary_accuracy(torch.sigmoid(logits[:, 1]), binary_target, threshold=0.7),
            multiclass_auroc(logits, target, num_classes=3),  # softmax, one-vs-rest
            multiclass_f1_score(logits, target, num_classes=3, ignore_index=2),
            multilabel_f1_score(
                torch.sigmoid(logits), torch.nn.functional.one_hot(target, 3), num_labels=3
            ),
        ]
    for call, value in zip(report.calls, values, strict=True):
        assert close(requested(call), value), call.call


def test_the_task_wrapper_default_micro_is_reported(data):
    target, logits = data
    with evalcheck.audit() as report:
        value = f1_score(logits, target, task="multiclass", num_classes=3)
    (call,) = report.calls
    assert call.function == "f1_score" and "task='multiclass'" in call.call
    assert close(requested(call), value)
    ec301 = [f for f in call.findings if f.code == "EC301"]
    assert ec301 and "equal accuracy" in ec301[0].message


def test_task_wrapper_does_not_count_the_inner_call_twice(data):
    target, logits = data
    with evalcheck.audit() as report:
        f1_score(logits, target, task="multiclass", num_classes=3, average="macro")
    assert [c.function for c in report.calls] == ["f1_score"]


def test_metric_object_is_checked_at_compute_over_every_batch(data):
    target, logits = data
    metric = MulticlassAccuracy(num_classes=3)
    with evalcheck.audit() as report:
        for start in range(0, N, 50):
            metric.update(logits[start : start + 50], target[start : start + 50])
        value = metric.compute()
    (call,) = report.calls  # updates are not calls of their own
    assert call.function == "MulticlassAccuracy.compute"
    assert call.report.inputs["n_samples"] == N
    assert close(requested(call), value)


def test_forward_accumulates_and_reset_starts_again(data):
    target, logits = data
    metric = BinaryAUROC()
    binary_target = (target == 1).int()
    with evalcheck.audit() as report:
        for start in range(0, 200, 50):
            metric(logits[start : start + 50, 1], binary_target[start : start + 50])
        first = metric.compute()
        metric.reset()
        metric.update(logits[200:, 1], binary_target[200:])
        second = metric.compute()
    assert [c.report.inputs["n_samples"] for c in report.calls] == [200, 100]
    assert close(requested(report.calls[0]), first)
    assert close(requested(report.calls[1]), second)


def test_updates_before_the_audit_are_not_mixed_in(data):
    target, logits = data
    metric = MulticlassF1Score(num_classes=3)
    metric.update(logits[:100], target[:100])
    with evalcheck.audit() as report:
        metric.update(logits[100:], target[100:])
        metric.compute()
    (call,) = report.calls
    assert call.report is None and "came before the audit began" in call.not_checked


def test_a_loop_of_epochs_is_one_finding(data):
    target, _ = data
    metric = MulticlassAccuracy(num_classes=3, average="micro")
    with evalcheck.audit() as report:
        for _ in range(10):
            metric.update(torch.zeros_like(target), target)  # a collapsed model
            metric.compute()
            metric.reset()
    (site,) = report.sites
    assert {r.finding.code: r.count for r in site.findings}["EC201"] == 10


def test_top_k_is_checked_without_the_metric(data):
    target, logits = data
    with evalcheck.audit() as report:
        multiclass_accuracy(logits, target, num_classes=3, top_k=2)
    (call,) = report.calls
    assert "top_k=2" in call.note and call.report.metrics["requested"]["value"] is None


def test_signatures_are_unchanged_during_the_audit():
    before = inspect.signature(multiclass_f1_score)
    with evalcheck.audit():
        assert inspect.signature(multiclass_f1_score) == before
        assert multiclass_f1_score.__code__.co_filename == "<evalcheck audit>"
    assert multiclass_f1_score.__code__.co_filename.endswith("f_beta.py")


def _errors(call):
    return [f.code for f in call.findings if f.severity.value == "error"]


def test_calls_without_an_average_in_scikit_learn_get_no_false_error(data):
    from torchmetrics.functional.classification import (
        multiclass_average_precision,
        multilabel_confusion_matrix,
        multilabel_matthews_corrcoef,
    )

    target, logits = data
    labels = torch.nn.functional.one_hot(target, 3)
    with evalcheck.audit() as report:
        value = multiclass_average_precision(logits, target, num_classes=3)
        multilabel_matthews_corrcoef(torch.sigmoid(logits), labels, num_labels=3)
        multilabel_confusion_matrix(torch.sigmoid(logits), labels, num_labels=3)
    assert [_errors(c) for c in report.calls] == [[], [], []]
    assert close(requested(report.calls[0]), value)


def test_jaccard_leaves_the_ignored_class_out_as_torchmetrics_does(data):
    from torchmetrics.functional.classification import multiclass_jaccard_index

    target, logits = data
    with evalcheck.audit() as report:
        values = [
            multiclass_jaccard_index(logits, target, num_classes=3, ignore_index=0, average=a)
            for a in ("macro", "micro")
        ]
    for call, value in zip(report.calls, values, strict=True):
        assert close(requested(call), value) and call.note is None


def test_a_class_absent_from_a_batch_is_no_false_error_and_a_different_number_says_so(data):
    from torchmetrics.functional.classification import binary_matthews_corrcoef

    target, logits = data
    keep = target < 2
    with evalcheck.audit() as report:
        multiclass_auroc(logits[keep], target[keep], num_classes=3)
        binary_matthews_corrcoef(torch.zeros(10), torch.tensor([0] * 8 + [1] * 2))
    auroc, mcc = report.calls
    assert _errors(auroc) == [] and "EC203" in {f.code for f in auroc.findings}
    assert (
        "torchmetrics returned" in auroc.note and "scikit-learn equivalent gives nan" in auroc.note
    )
    assert mcc.note.startswith("torchmetrics returned 0.474342 where the scikit-learn equivalent")
    assert "note: binary_matthews_corrcoef: torchmetrics returned" in str(report)


def test_metric_collection_checks_every_member_each_epoch(data):
    from torchmetrics import MetricCollection
    from torchmetrics.classification import MulticlassPrecision

    target, logits = data
    collection = MetricCollection(
        [MulticlassAccuracy(num_classes=3), MulticlassPrecision(num_classes=3)]
    )  # one compute group: torchmetrics updates only the first member
    with evalcheck.audit() as report:
        for _ in range(2):
            for start in range(0, N, 100):
                collection.update(logits[start : start + 100], target[start : start + 100])
            values = collection.compute()
            collection.reset()
    assert [c.function for c in report.calls] == [
        "MetricCollection['MulticlassAccuracy'].compute",
        "MetricCollection['MulticlassPrecision'].compute",
    ] * 2
    for call in report.calls:
        assert call.report.inputs["n_samples"] == N
        name = call.function.split("'")[1]
        assert close(requested(call), values[name]) and call.outcome.value == pytest.approx(
            float(values[name])
        )


def test_objects_keep_labels_not_scores_and_other_metrics_nothing(data):
    from torchmetrics.aggregation import MeanMetric

    from evalcheck.auditing import torchmetrics as adapter

    target, logits = data
    accuracy, mean = MulticlassAccuracy(num_classes=3), MeanMetric()
    with evalcheck.audit():
        accuracy.update(logits, target)
        mean(torch.tensor(1.0))
        ((preds, _),) = adapter._batches[id(accuracy)]
        assert preds.shape == (N,) and preds.dtype.kind == "i"  # argmax labels, not (N, 3)
        assert id(mean) not in adapter._batches


def test_an_update_that_raised_does_not_hide_the_epoch(data):
    target, logits = data
    metric = MulticlassAccuracy(num_classes=3)
    with evalcheck.audit() as report:
        with pytest.raises(RuntimeError):
            metric.update(logits[:5], target[:6])
        metric.update(logits, target)
        metric.compute()
    (call,) = report.calls
    assert call.not_checked is None and call.report.inputs["n_samples"] == N
