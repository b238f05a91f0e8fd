"""The command line: ``evalcheck check | run | rules | explain``; exit codes 0 to 3.

0: nothing at or above ``--fail-on``; 1: findings at or above it; 2: a usage error or an
unreadable input, reported in one line; 3: the program ``evalcheck run`` ran failed. Heavy
imports happen inside the commands so that ``evalcheck --version`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from ._version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_PROGRAM_FAILED = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad flag in one line and exits with 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"evalcheck: error: {message} (see '{self.prog} --help')\n")


class UsageFailure(Exception):
    """A problem with the command line or an input file: one line, exit code 2."""


def _add_call_flags(group: argparse._ArgumentGroup) -> None:
    """One flag per field of MetricCall: ``--metric``, ``--average``, ``--zero-division``..."""
    from .call import MetricCall

    for name, field in MetricCall.model_fields.items():
        flag = "--" + name.replace("_", "-")
        metavar = (field.json_schema_extra or {}).get("metavar")
        group.add_argument(flag, dest=f"call_{name}", metavar=metavar, help=field.description)


def _parser(call_flags: bool = True) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="evalcheck",
        description="A linter for model evaluation: finds metrics that are wrong or misleading.",
    )
    parser.add_argument("--version", action="version", version=f"evalcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="lint the predictions in a file")
    check.add_argument(
        "file", metavar="FILE", help="CSV, TSV, Parquet, JSON lines, .json, .npy or .npz"
    )
    columns = check.add_argument_group("columns (found automatically when not given)")
    columns.add_argument("--y-true", metavar="COL", help="column of true labels")
    columns.add_argument("--y-pred", metavar="COL", help="column of predicted labels")
    columns.add_argument(
        "--y-score",
        metavar="COLS",
        help="score column(s): a name, a comma list or a glob (proba_*)",
    )
    columns.add_argument(
        "--groups", metavar="COL", help="batch or group ids: compares per-group averages (EC307)"
    )
    if call_flags:
        _add_call_flags(check.add_argument_group("the metric call being checked"))
    _add_output_flags(check)

    run = commands.add_parser(
        "run",
        help="run a Python program and lint the metric calls it makes",
        description="Run a script (or -m module) as python would, auditing every scikit-learn "
        "and torchmetrics metric call. Options go before the program; what follows the "
        "program is its own argv. Exit codes: 0 clean, 1 findings at or above --fail-on, "
        "2 a usage error, 3 the program itself failed (an uncaught exception or a non-zero "
        "exit status; its traceback is printed as python would print it).",
    )
    run.add_argument("-m", dest="module", action="store_true", help="run a library module")
    _add_output_flags(run)
    run.add_argument(
        "program", nargs=argparse.REMAINDER, metavar="PROGRAM [ARGS]", help="script and its args"
    )

    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument(
        "--markdown", metavar="DIR", help="write the rule catalogue (one page per rule) to DIR"
    )

    explain = commands.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("rule", metavar="CODE|SLUG")
    return parser


def _add_output_flags(command: argparse.ArgumentParser) -> None:
    out = command.add_argument_group("output and gate")
    out.add_argument(
        "--format",
        choices=("text", "json", "github", "junit"),
        default="text",
        help="text, strict JSON, GitHub Actions annotations (::error file=...::...) or JUnit XML",
    )
    out.add_argument("--output", metavar="PATH", help="write the report here instead of stdout")
    out.add_argument("--html", metavar="PATH", help="also write the HTML report to PATH")
    out.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    out.add_argument("--select", metavar="RULES", help="comma list: ALL, group, code prefix, slug")
    out.add_argument("--ignore", metavar="RULES", help="comma list of rules to leave out")
    out.add_argument(
        "--config",
        metavar="TOML",
        help="settings file (default: the nearest .evalcheck.toml, evalcheck.toml or "
        "pyproject.toml with [tool.evalcheck], from the working directory up)",
    )


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def _like(value: str, reference: Any) -> Any:
    """A command-line label converted to the type of the labels in the data."""
    import numpy as np

    kind = np.asarray(reference).dtype.kind
    try:
        if kind == "b":
            truth = {"true": True, "1": True, "false": False, "0": False}
            return truth.get(value.strip().lower(), value)
        if kind in "iu":
            return int(value)
        if kind == "f":
            number = float(value)
            return int(number) if number.is_integer() else number
    except ValueError:
        return value
    return value


def _positive_column(picked: Any, call: dict[str, Any]) -> tuple[Any, Any]:
    """The score column of the positive class, when a binary file names one column per class
    and the metric ranks one class or --threshold derives predictions (a file holds columns,
    not a function's argument)."""
    from .call import SCORE_METRICS, normalize_metric
    from .stats import label_sort_key, same_label

    names = picked.score_classes
    metric = normalize_metric(call["metric"]) if call.get("metric") else None
    ranked = metric in ("roc_auc", "average_precision")
    thresholded = call.get("threshold") is not None and metric not in SCORE_METRICS
    if names is None or len(names) != 2 or not (ranked or thresholded):
        return picked.y_score, names
    classes = [_like(n, picked.y_true) for n in names]
    wanted = call.get("pos_label") if metric == "average_precision" else None
    chosen = next((i for i, c in enumerate(classes) if same_label(c, wanted)), None)
    if chosen is None:  # the greater class's score, as roc_auc_score and predict read it
        chosen = max(range(2), key=lambda i: label_sort_key(classes[i]))
    return picked.y_score[:, chosen], None


def _settings(args: argparse.Namespace) -> Any:
    from .config import find_config, read_settings
    from .settings import Settings

    path = args.config if args.config is not None else find_config(Path.cwd())
    base = read_settings(path) if path else Settings()
    update: dict[str, Any] = {}
    if args.select is not None:
        update["select"] = _split(args.select)
    if args.ignore is not None:
        update["ignore"] = _split(args.ignore)
    if args.fail_on is not None:
        update["fail_on"] = args.fail_on
    return Settings.coerce(base.model_dump() | update)


def _call_arguments(args: argparse.Namespace, y_true: Any) -> dict[str, Any]:
    """The call flags given, as the values check() takes (labels typed like y_true's)."""
    from .call import MetricCall, parse_text

    call: dict[str, Any] = {}
    for name in MetricCall.model_fields:
        text = getattr(args, f"call_{name}")
        if text is None:
            continue
        value = parse_text(name, text)
        if name == "labels":
            value = [_like(v, y_true) for v in value]
        elif name == "pos_label":
            value = _like(value, y_true)
        call[name] = value
    return call


def _write(path: str, text: str) -> None:
    from .io import write_atomically

    try:
        write_atomically(path, text)
    except OSError as exc:
        raise UsageFailure(f"cannot write {path}: {exc.strerror or exc}") from None


def _check(args: argparse.Namespace) -> int:
    from .api import check
    from .io import read_columns, select_columns

    settings = _settings(args)
    columns = read_columns(args.file)
    picked = select_columns(
        args.file, columns, args.y_true, args.y_pred, args.y_score, groups=args.groups
    )
    call = _call_arguments(args, picked.y_true)
    y_score, score_classes = _positive_column(picked, call)
    report = check(
        picked.y_true,
        picked.y_pred,
        y_score=y_score,
        score_classes=score_classes,
        groups=picked.groups,
        settings=settings,
        **call,
    )
    _emit(report, args)
    return report.exit_code()


def _emit(report: Any, args: argparse.Namespace) -> None:
    """Write a Report or an AuditReport as --format, --output and --html ask."""
    if args.html:
        _write(args.html, report.to_html())
    if args.format == "json":
        text = report.to_json() + "\n"
    elif args.format == "github":
        from .render.github import render_github

        text = render_github(report, getattr(args, "file", None)) + "\n"
    elif args.format == "junit":
        from .render.junit import render_junit

        text = render_junit(report, getattr(args, "file", None)) + "\n"
    else:
        text = str(report) + "\n"
    if args.output:
        _write(args.output, text)
    else:
        sys.stdout.write(text)


def _run(args: argparse.Namespace) -> int:
    from .auditing.capture import audit
    from .auditing.runner import print_program_error, run_program

    if not args.program:
        raise UsageFailure("run needs a program: evalcheck run script.py [args...]")
    from .registry import select

    settings = _settings(args)
    select(settings.select, settings.ignore)  # a typo is a usage error before the program runs
    for path in (args.output, args.html):
        if path:
            _check_writable(path)  # not after a long training run
    target, *program_args = args.program
    with audit(settings=settings) as report:
        finished = run_program(target, program_args, module=args.module)
    report.program = {"target": target, "exit_status": finished.status}
    if finished.error is not None:
        report.program["exception"] = f"{type(finished.error).__name__}: {finished.error}"
        print_program_error(finished.error)
    sys.stdout.flush()
    _emit(report, args)
    if finished.failed:
        sys.stderr.write(f"evalcheck: the program failed (exit status {finished.status})\n")
        return EXIT_PROGRAM_FAILED
    return report.exit_code()


def _check_writable(path: str) -> None:
    """Fail now, in one line, when ``path`` cannot be written later."""
    import os

    folder = Path(path).parent
    if Path(path).is_dir():
        raise UsageFailure(f"cannot write {path}: it is a directory")
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise UsageFailure(f"cannot write {path}: {folder} is not a writable directory")


def _rules(args: argparse.Namespace) -> int:
    import json

    from .registry import all_rules

    if args.markdown:
        from .docs import write_catalogue

        written = write_catalogue(args.markdown)
        sys.stdout.write(f"wrote {len(written)} files to {args.markdown}\n")
        return EXIT_OK
    rules = all_rules()
    if args.format == "json":
        rows = [
            {
                "code": r.code,
                "slug": r.slug,
                "group": r.group,
                "severity": r.severity.value,
                "summary": r.summary,
                "title": r.title,
            }
            for r in rules
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return EXIT_OK
    width = max(len(r.slug) for r in rules)
    for r in rules:
        sys.stdout.write(f"{r.code}  {r.slug:<{width}}  {r.severity.value:<7}  {r.title}\n")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from .docs import rule_text
    from .registry import get_rule

    sys.stdout.write(rule_text(get_rule(args.rule)))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(call_flags=bool(argv) and argv[0] == "check")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = {"check": _check, "run": _run, "rules": _rules, "explain": _explain}[args.command]
    from .errors import UsageError

    try:
        return handler(args)
    except (UsageError, UsageFailure) as exc:
        sys.stderr.write(f"evalcheck: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        sys.stderr.write(
            f"evalcheck: internal error: {type(exc).__name__}: {exc} "
            "(please report it to the evalcheck maintainers)\n"
        )
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
