"""evalcheck.spark.check: the report of a local check of the same rows, from per-partition
accumulators (pyspark in local mode)."""

from __future__ import annotations

import os

import numpy as np
import pyarrow as pa
import pytest

import evalcheck
from evalcheck import UsageError

if os.environ.get("EVALCHECK_REQUIRE_SPARK"):  # CI: fail, rather than skip, without pyspark
    import pyspark  # noqa: F401
else:
    pytest.importorskip("pyspark")

from test_accumulator import same_report


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("evalcheck-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def frame(spark, columns: dict, partitions: int = 3):
    """A DataFrame of these columns in this order, split into ordered partitions."""
    table = pa.table({name: list(values) for name, values in columns.items()})
    df = spark.createDataFrame(table)
    return df.coalesce(1) if partitions == 1 else _ordered_split(spark, df, partitions)


def _ordered_split(spark, df, partitions: int):
    """The rows in their order, in ``partitions`` contiguous slices."""
    rows = df.collect()
    rdd = spark.sparkContext.parallelize(rows, partitions)
    return spark.createDataFrame(rdd, df.schema)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    n = 3_000
    y_true = rng.integers(0, 3, n)
    proba = rng.dirichlet([1, 1, 1], n)
    proba[np.arange(n), y_true] += 0.4
    proba /= proba.sum(axis=1, keepdims=True)
    return {
        "label": y_true,
        "prediction": proba.argmax(axis=1),
        "batch": rng.integers(0, 5, n),
        "probability": proba,
        "name": np.array(["cat", "dog", "eel"])[y_true],
    }


@pytest.mark.parametrize(
    "call",
    [
        {"metric": "f1", "average": "macro"},
        {"metric": "accuracy"},
        {},
    ],
)
def test_labels_and_groups_equal_a_local_check(spark, data, call):
    df = frame(spark, {k: data[k] for k in ("label", "prediction", "batch")}, partitions=4)
    report = evalcheck.spark.check(df, "label", "prediction", groups="batch", **call)
    expected = evalcheck.check(data["label"], data["prediction"], groups=data["batch"], **call)
    same_report(report, expected)


def test_a_majority_class_model_on_string_labels_is_caught_as_locally(spark, data):
    names = data["name"]
    always = np.full(names.size, "eel")
    df = frame(spark, {"y": names, "p": always})
    report = evalcheck.spark.check(df, "y", "p", metric="accuracy")
    same_report(report, evalcheck.check(names, always, metric="accuracy"))
    assert "EC201" in {f.code for f in report.findings}


@pytest.mark.parametrize(
    "call",
    [
        {"metric": "roc_auc", "multi_class": "ovr"},
        {"metric": "roc_auc", "multi_class": "ovo"},
        {"metric": "log_loss"},
    ],
)
def test_an_array_column_of_probabilities_equals_a_local_check(spark, data, call):
    df = frame(
        spark,
        {
            "label": data["label"],
            "prediction": data["prediction"],
            "probability": data["probability"].tolist(),
            "batch": data["batch"],
        },
    )
    report = evalcheck.spark.check(df, y_score="probability", groups="batch", **call)
    expected = evalcheck.check(
        data["label"], data["prediction"], y_score=data["probability"], groups=data["batch"], **call
    )
    same_report(report, expected)


def test_a_spark_ml_vector_column_and_score_columns_read_as_the_matrix(spark, data):
    from pyspark.ml.linalg import Vectors

    rows = [
        (int(t), int(p), Vectors.dense(s.tolist()), *map(float, s))
        for t, p, s in zip(data["label"], data["prediction"], data["probability"])
    ]
    df = spark.createDataFrame(rows, ["label", "prediction", "probability", "p0", "p1", "p2"])
    call = {"metric": "roc_auc", "multi_class": "ovr"}
    expected = evalcheck.check(
        data["label"], data["prediction"], y_score=data["probability"], **call
    )
    same_report(evalcheck.spark.check(df, y_score="probability", **call), expected)
    same_report(evalcheck.spark.check(df, y_score=["p0", "p1", "p2"], **call), expected)


def test_a_binary_score_column_without_predictions(spark):
    rng = np.random.default_rng(2)
    y_true = rng.integers(0, 2, 2_000)
    score = rng.normal(size=y_true.size) + y_true
    df = frame(spark, {"label": y_true, "margin": score})
    report = evalcheck.spark.check(df, y_pred=None, y_score="margin", metric="roc_auc")
    same_report(report, evalcheck.check(y_true, y_score=score, metric="roc_auc"))


def test_missing_values_keep_their_row_numbers_across_partitions(spark):
    y_true = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0])
    y_pred = np.array([0.0, 1.0, 0.0, 0.0, np.nan, 0.0, 1.0, np.nan])
    df = frame(spark, {"label": y_true, "prediction": y_pred}, partitions=3)
    report = evalcheck.spark.check(df, metric="accuracy")
    same_report(report, evalcheck.check(y_true, y_pred, metric="accuracy"))
    assert "EC103" in {f.code for f in report.findings}


def test_an_empty_dataframe_reads_as_empty_inputs(spark):
    df = spark.createDataFrame([], "label LONG, prediction LONG")
    report = evalcheck.spark.check(df, metric="accuracy")
    assert "EC102" in {f.code for f in report.findings}


def test_only_one_row_per_partition_reaches_the_driver(spark, data):
    from evalcheck.sources.spark import _partition, _selection
    from evalcheck.stats.accumulator import Accumulator

    df = frame(spark, {"label": data["label"], "prediction": data["prediction"]}, partitions=6)
    selected, names = _selection(df, {"y_true": "label", "y_pred": "prediction"}, [])
    states = df.select(*selected).mapInArrow(
        _partition(Accumulator(), names), "partition LONG, state BINARY"
    )
    assert states.count() == df.rdd.getNumPartitions() == 6


def test_bad_scores_and_calls_are_one_line_on_the_driver(spark):
    from pyspark.sql import functions as F

    df = frame(spark, {"label": [0, 1, 1, 0], "pred": [0, 1, 0, 0], "p": [0.1, 0.8, 0.4, 0.3]})
    text = df.withColumn("s", F.col("p").cast("string"))
    with pytest.raises(UsageError, match=r"^y_score column 's' holds string values, not scores"):
        evalcheck.spark.check(text, y_pred=None, y_score="s", metric="roc_auc")
    with pytest.raises(UsageError, match="does not derive predictions from a threshold"):
        evalcheck.spark.check(df, y_pred=None, y_score="p", metric="f1", threshold=0.5)
    with pytest.raises(UsageError, match="takes a Spark DataFrame, not dict"):
        evalcheck.spark.check({"label": [0, 1]})


def test_score_arrays_of_different_lengths_are_one_line_whatever_the_partitions(spark):
    rows = [(0, [0.9, 0.1]), (1, [0.2, 0.5, 0.3]), (1, [0.3, 0.7]), (0, [0.6, 0.4])]
    for partitions in (1, 2, 4):
        df = spark.createDataFrame(
            spark.sparkContext.parallelize(rows, partitions), "label int, proba array<double>"
        )
        with pytest.raises(UsageError, match="score"):
            evalcheck.spark.check(df, y_pred=None, y_score="proba", metric="log_loss")


def test_a_column_that_is_not_there_is_one_line(spark):
    df = frame(spark, {"label": [0, 1], "prediction": [0, 1]}, partitions=1)
    with pytest.raises(UsageError, match=r"^no column 'pred' in the DataFrame \(its columns: "):
        evalcheck.spark.check(df, "label", "pred")
    with pytest.raises(UsageError, match="average"):
        evalcheck.spark.check(df, average="sometimes")


def test_whole_labels_are_counted_by_spark_without_running_python_on_executors(
    spark, data, monkeypatch
):
    from evalcheck.sources import spark as source

    def refuse(*args, **kwargs):
        raise AssertionError("the rows went through mapInArrow, not groupBy().count()")

    monkeypatch.setattr(source, "_partition", refuse)
    df = frame(spark, {"name": data["name"], "prediction": data["prediction"], "b": data["batch"]})
    report = evalcheck.spark.check(df, "name", None, groups="b")
    same_report(report, evalcheck.check(data["name"], groups=data["batch"]))
    df = frame(spark, {k: data[k] for k in ("label", "prediction", "batch")})
    report = evalcheck.spark.check(df, groups="batch", metric="f1", average="macro")
    expected = evalcheck.check(
        data["label"], data["prediction"], groups=data["batch"], metric="f1", average="macro"
    )
    same_report(report, expected)
