"""The command line: ``evalcheck check | compare | run | rules | explain``; exit codes 0-3.

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
FORMATS = ("text", "json", "sarif", "junit", "github")
REPORT_DIR_FILES = {
    "json": "evalcheck.json",
    "sarif": "evalcheck.sarif",
    "junit": "evalcheck.junit.xml",
    "html": "evalcheck.html",
}


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

    check = commands.add_parser(
        "check",
        help="lint the predictions in files, or run the project's declared checks",
        description="Lint prediction files. With no FILE, run the checks the project declares "
        "in [[tool.evalcheck.checks]] (or [[checks]] in evalcheck.toml).",
    )
    check.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="CSV, TSV, Parquet, JSON lines, .json, .npy or .npz (several: each is checked)",
    )
    check.add_argument(
        "--check",
        dest="checks",
        action="append",
        metavar="NAME",
        help="with no FILE: run only this declared check (repeatable)",
    )
    _add_column_flags(check, call_flags)
    _add_output_flags(check)
    check.add_argument(
        "--sql",
        metavar="QUERY",
        help='check the rows of a DuckDB query instead of a file, e.g. "SELECT label AS y_true, '
        "pred AS y_pred FROM 'logs/*.parquet' WHERE split = 'test'\" (pip install "
        "'evalcheck[duckdb]')",
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress line on stderr while a large file is read",
    )
    check.add_argument(
        "--baseline",
        metavar="REPORT.json",
        help="an earlier JSON report: show and gate on only the findings new against it",
    )

    _add_compare(commands, call_flags)

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


def _add_column_flags(command: argparse.ArgumentParser, call_flags: bool) -> None:
    columns = command.add_argument_group("columns (found automatically when not given)")
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
        _add_call_flags(command.add_argument_group("the metric call being checked"))


def _add_compare(commands: Any, call_flags: bool) -> None:
    compare = commands.add_parser(
        "compare",
        help="is the candidate model better or worse than the base, beyond noise?",
        description="Compare two prediction files for the same samples with paired tests "
        "(McNemar's exact test for accuracy, a paired bootstrap for F1 and balanced accuracy, "
        "DeLong's test for ROC AUC) and list the findings the change brought or fixed. The "
        "verdict is on the --metric of the call (accuracy when none is given). Exit codes: 0 "
        "pass, 1 a significant regression with --fail-on-regression or new findings at or "
        "above --fail-on, 2 a usage error or files that do not hold the same samples.",
    )
    compare.add_argument("base", metavar="BASE", help="predictions of the model on main")
    compare.add_argument("candidate", metavar="CANDIDATE", help="predictions of the changed model")
    compare.add_argument(
        "--id",
        dest="id_column",
        metavar="COL",
        help="join the two files on this id column (default: by row order, checking that "
        "y_true agrees row by row)",
    )
    _add_column_flags(compare, call_flags)
    tests = compare.add_argument_group("paired tests")
    tests.add_argument(
        "--alpha", type=float, default=0.05, help="significance level (default: 0.05)"
    )
    tests.add_argument(
        "--resamples", type=int, default=2000, help="bootstrap resamples (default: 2000)"
    )
    tests.add_argument("--seed", type=int, default=0, help="bootstrap seed (default: 0)")
    tests.add_argument(
        "--fail-on-regression",
        action="store_true",
        help="exit 1 when the candidate is significantly worse on the verdict's metric",
    )
    out = compare.add_argument_group("output and gate")
    out.add_argument("--format", choices=("text", "json"), default="text")
    out.add_argument(
        "--output", metavar="PATH", help="write --format to PATH (the summary still goes to stdout)"
    )
    out.add_argument("--html", metavar="PATH", help="also write the comparison as an HTML page")
    _add_settings_flags(out)


def _add_settings_flags(out: argparse._ArgumentGroup) -> None:
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


def _add_output_flags(command: argparse.ArgumentParser) -> None:
    out = command.add_argument_group("output and gate")
    out.add_argument(
        "--format",
        "--output-format",
        dest="formats",
        action="append",
        choices=FORMATS,
        help="text, json, sarif (code scanning), junit (test reports) or github (workflow "
        "annotations); repeat with one --output each for several outputs",
    )
    out.add_argument(
        "--output",
        dest="outputs",
        action="append",
        metavar="PATH",
        help="write the --format output to PATH (the text summary still goes to stdout)",
    )
    out.add_argument(
        "--report-dir",
        metavar="DIR",
        help="write evalcheck.json, .sarif, .junit.xml and .html to DIR (created if needed)",
    )
    out.add_argument("--html", metavar="PATH", help="also write the HTML report to PATH")
    _add_settings_flags(out)


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def _config_path(args: argparse.Namespace) -> Path | None:
    from .config import find_config

    if args.config is not None:
        if not Path(args.config).is_file():
            raise UsageFailure(f"{args.config}: no such settings file (--config)")
        return Path(args.config)
    return find_config(Path.cwd())


def _settings(args: argparse.Namespace) -> Any:
    from .config import read_settings
    from .settings import Settings

    path = _config_path(args)
    base = read_settings(path) if path else Settings()
    update: dict[str, Any] = {}
    if args.select is not None:
        update["select"] = _split(args.select)
    if args.ignore is not None:
        update["ignore"] = _split(args.ignore)
    if args.fail_on is not None:
        update["fail_on"] = args.fail_on
    return Settings.coerce(base.model_dump() | update)


def _call_arguments(args: argparse.Namespace) -> dict[str, Any]:
    """The call flags given, as the values check() takes (labels stay text until the data
    says their type)."""
    from .call import MetricCall, parse_text

    call: dict[str, Any] = {}
    for name in MetricCall.model_fields:
        text = getattr(args, f"call_{name}", None)
        if text is not None:
            call[name] = parse_text(name, text)
    return call


def _write(path: str, text: str) -> None:
    from .sources.files import write_atomically

    try:
        write_atomically(path, text)
    except OSError as exc:
        raise UsageFailure(f"cannot write {path}: {exc.strerror or exc}") from None


def _flag_spec(args: argparse.Namespace) -> Any:
    """The check the column and call flags describe (for FILE arguments, --sql, compare)."""
    from .gate.checks import CheckSpec

    return CheckSpec(
        file="",
        y_true=args.y_true,
        y_pred=args.y_pred,
        y_score=args.y_score,
        groups=args.groups,
        call=_call_arguments(args),
    )


def _check(args: argparse.Namespace) -> int:
    from .gate.checks import CheckRun, check_file

    settings = _settings(args)
    _check_outputs(args)
    if args.sql is not None:
        if args.files or args.checks:
            raise UsageFailure("--sql checks the rows of a query; give no FILE or --check with it")
        from .sources.duckdb import check_sql

        spec = _flag_spec(args)
        reports = [check_sql(args.sql, spec, settings, progress=not args.quiet)]
    elif args.files:
        if args.checks:
            raise UsageFailure("--check selects declared checks; give no FILE with it")
        spec = _flag_spec(args)
        progress = not args.quiet
        reports = [
            check_file(Path(f), spec, settings, shown_path=f, progress=progress) for f in args.files
        ]
    else:
        reports = _project_checks(args, settings)
    single = args.files or args.sql is not None
    result: Any = reports[0] if len(reports) == 1 and single else CheckRun(reports)
    if args.baseline:
        from .gate.baseline import against_baseline

        result = against_baseline(result, _read_baseline(args.baseline), args.baseline)
    _emit(result, args, settings)
    return result.exit_code()


def _project_checks(args: argparse.Namespace, settings: Any) -> list[Any]:
    """Every check the settings file declares (or those --check names)."""
    from .config import read_checks
    from .gate.checks import check_file

    given = [flag for flag in ("y_true", "y_pred", "y_score", "groups") if getattr(args, flag)]
    given += list(_call_arguments(args))
    if given:
        flag = "--" + given[0].replace("_", "-")
        raise UsageFailure(f"{flag} needs a FILE; declared checks take theirs from the config")
    path = _config_path(args)
    specs = read_checks(path) if path else []
    if not specs:
        where = f"{path} declares no checks" if path else "no settings file found from here up"
        raise UsageFailure(
            f"no FILE given, and {where}: give a file (evalcheck check preds.csv) "
            "or declare [[tool.evalcheck.checks]] in pyproject.toml"
        )
    if args.checks:
        known = [s.name for s in specs if s.name]
        unknown = [n for n in args.checks if n not in known]
        if unknown:
            names = ", ".join(known) or "none has a name"
            raise UsageFailure(f"--check {unknown[0]!r}: no such check in {path} ({names})")
        specs = [s for s in specs if s.name in args.checks]
    reports = []
    for spec in specs:
        for file in spec.files(path.parent):
            shown = _relative(file)
            reports.append(check_file(file, spec, spec.settings(settings), shown_path=shown))
    return reports


def _relative(path: Path) -> str:
    """``path`` relative to the working directory, as annotations and SARIF need."""
    import os

    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def _read_baseline(path: str) -> Any:
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise UsageFailure(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageFailure(f"{path}: the baseline is not JSON: {exc}") from None


def _check_outputs(args: argparse.Namespace) -> None:
    """Pair --format with --output; fail now, in one line, on what cannot be written."""
    formats, outputs = args.formats or ["text"], args.outputs or []
    if outputs and len(formats) != len(outputs):
        raise UsageFailure(
            f"{len(formats)} --format and {len(outputs)} --output given: "
            "give one --output per --format (or one --format and no --output for stdout)"
        )
    if not outputs and len(formats) > 1:
        raise UsageFailure("several --format need one --output each")
    for path in [*outputs, args.html]:
        if path:
            _check_writable(path)
    if args.report_dir and Path(args.report_dir).exists() and not Path(args.report_dir).is_dir():
        raise UsageFailure(f"--report-dir {args.report_dir}: not a directory")


def _render(result: Any, form: str, rules_url: str | None = None) -> str:
    if form == "json":
        return result.to_json() + "\n"
    if form == "github":
        from .render.github import render_github

        return render_github(result) + "\n"
    if form == "junit":
        from .render.junit import render_junit

        return render_junit(result) + "\n"
    if form == "sarif":
        from .render.sarif import render_sarif

        return render_sarif(result, rules_url) + "\n"
    return str(result) + "\n"


def _emit(result: Any, args: argparse.Namespace, settings: Any) -> None:
    """Write a Report, CheckRun or AuditReport as --format, --output, --report-dir and
    --html ask; stdout gets the text summary when the outputs go to files (or --format, if
    given without --output)."""
    formats, outputs = args.formats or ["text"], args.outputs or []
    url = settings.rules_url
    if args.html:
        _write(args.html, result.to_html())
    for form, path in zip(formats, outputs):
        _write(path, _render(result, form, url))
    if args.report_dir:
        folder = Path(args.report_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageFailure(f"cannot create {folder}: {exc.strerror or exc}") from None
        for form, name in REPORT_DIR_FILES.items():
            text = result.to_html() if form == "html" else _render(result, form, url)
            _write(str(folder / name), text)
    if outputs or (args.report_dir and not args.formats):
        sys.stdout.write(_render(result, "text"))
    else:
        sys.stdout.write(_render(result, formats[0], url))


def _compare(args: argparse.Namespace) -> int:
    from .gate.compare import compare_files

    settings = _settings(args)
    if not 0 < args.alpha < 1:
        raise UsageFailure(f"--alpha {args.alpha:g}: give a level between 0 and 1, e.g. 0.05")
    if args.seed < 0:
        raise UsageFailure(f"--seed {args.seed}: give a seed of 0 or more")
    if args.resamples < 100:
        raise UsageFailure(f"--resamples {args.resamples}: give at least 100 (default: 2000)")
    for path in (args.output, args.html):
        if path:
            _check_writable(path)
    spec = _flag_spec(args)
    comparison = compare_files(
        Path(args.base),
        Path(args.candidate),
        spec,
        settings,
        id_column=args.id_column,
        alpha=args.alpha,
        resamples=args.resamples,
        seed=args.seed,
        fail_on_regression=args.fail_on_regression,
        shown=(args.base, args.candidate),
    )
    text = str(comparison) + "\n"
    if args.html:
        _write(args.html, comparison.to_html())
    if args.output:
        _write(args.output, comparison.to_json() + "\n" if args.format == "json" else text)
        sys.stdout.write(text)
    else:
        sys.stdout.write(comparison.to_json() + "\n" if args.format == "json" else text)
    return comparison.exit_code()


def _run(args: argparse.Namespace) -> int:
    from .auditing.capture import audit
    from .auditing.runner import print_program_error, run_program

    if not args.program:
        raise UsageFailure("run needs a program: evalcheck run script.py [args...]")
    from .registry import select

    settings = _settings(args)
    select(settings.select, settings.ignore)  # a typo is a usage error before the program runs
    _check_outputs(args)  # not after a long training run
    target, *program_args = args.program
    with audit(settings=settings) as report:
        finished = run_program(target, program_args, module=args.module)
    report.program = {"target": target, "exit_status": finished.status}
    if finished.error is not None:
        report.program["exception"] = f"{type(finished.error).__name__}: {finished.error}"
        print_program_error(finished.error)
    sys.stdout.flush()
    _emit(report, args, settings)
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
    parser = _parser(call_flags=bool(argv) and argv[0] in ("check", "compare"))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = {
        "check": _check,
        "compare": _compare,
        "run": _run,
        "rules": _rules,
        "explain": _explain,
    }[args.command]
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
