"""evalcheck.spark.check against Spark's own aggregations and scikit-learn, in one run.

Run:  python benchmarks/bench_spark.py          (10M rows, pyspark local[2]; a few minutes)
      python benchmarks/bench_spark.py --quick  (1M rows, for a smoke test)

The DataFrame is generated in Spark and cached before anything is timed. For labels (10
classes, ``metric="f1", average="macro"``): the full check against the confusion matrix alone
as Spark computes it (``groupBy(label, prediction).count()``) and against scikit-learn's
``classification_report`` on the same rows as numpy arrays. For a binary score
(``metric="roc_auc"``): against Spark ML's ``BinaryClassificationEvaluator`` and
scikit-learn's ``roc_auc_score``, with the binned AUC's error bound and its actual error.
Best of N wall times.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from sklearn.metrics import classification_report, roc_auc_score

import evalcheck


def best(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1M rows instead of 10M")
    args = parser.parse_args()
    n, repeat = (1_000_000, 2) if args.quick else (10_000_000, 3)

    from pyspark.ml.evaluation import BinaryClassificationEvaluator
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    label = (F.rand(1) * 10).cast("long")
    df = (
        spark.range(n, numPartitions=8)
        .select(label.alias("label"), F.rand(2).alias("noise"), F.randn(3).alias("z"))
        .select(
            "label",
            F.when(F.col("noise") < 0.7, F.col("label"))
            .otherwise((F.col("label") + 1) % 10)
            .alias("prediction"),
            (F.col("label") % 2).alias("positive"),
            (F.col("z") + F.col("label") % 2).alias("score"),
        )
        .cache()
    )
    df.count()
    local = df.toArrow()
    y_true, y_pred = local["label"].to_numpy(), local["prediction"].to_numpy()
    positive, score = local["positive"].to_numpy(), local["score"].to_numpy()
    print(f"{n:,} rows, {df.rdd.getNumPartitions()} partitions, pyspark local[2]")

    t_check, report = best(lambda: evalcheck.spark.check(df, metric="f1", average="macro"), repeat)
    t_group, _ = best(lambda: df.groupBy("label", "prediction").count().collect(), repeat)
    t_sklearn, _ = best(lambda: classification_report(y_true, y_pred, output_dict=True), 1)
    print("labels, metric='f1', average='macro':")
    print(f"  evalcheck.spark.check            {t_check:8.3f} s")
    print(f"  Spark groupBy(label, pred).count {t_group:8.3f} s   ratio {t_check / t_group:.2f}x")
    speedup = t_sklearn / t_check
    print(
        f"  classification_report (numpy)    {t_sklearn:8.3f} s   sklearn/evalcheck {speedup:.2f}x"
    )
    print(f"  macro F1 {report.metrics['requested']['value']:.6f}")

    t_auc, scored = best(
        lambda: evalcheck.spark.check(
            df, "positive", y_pred=None, y_score="score", metric="roc_auc"
        ),
        repeat,
    )
    evaluator = BinaryClassificationEvaluator(
        rawPredictionCol="score", labelCol="positive", metricName="areaUnderROC"
    )
    as_double = df.select(F.col("positive").cast("double"), "score")
    t_ml, ml_auc = best(lambda: evaluator.evaluate(as_double), 1)  # minutes per run
    t_roc, exact = best(lambda: roc_auc_score(positive, score), 1)
    value = scored.metrics["requested"]["value"]
    binning = scored.inputs["y_score"].get("binning")
    print("binary score, metric='roc_auc':")
    print(f"  evalcheck.spark.check            {t_auc:8.3f} s   AUC {value:.6f}")
    print(f"  BinaryClassificationEvaluator    {t_ml:8.3f} s   AUC {ml_auc:.6f}")
    print(f"  roc_auc_score (numpy)            {t_roc:8.3f} s   AUC {exact:.6f}")
    if binning:
        print(
            f"  binned to {binning['significant_bits']} significant bits: error bound "
            f"{binning['roc_auc_max_error']:.2e}, actual error {abs(value - exact):.2e}"
        )
    spark.stop()


if __name__ == "__main__":
    main()
