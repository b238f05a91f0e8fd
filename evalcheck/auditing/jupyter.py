"""The IPython extension: ``%load_ext evalcheck``.

- ``%%evalcheck`` runs its cell under an audit and shows a summary under the cell's output;
- ``%evalcheck on`` audits every cell until ``%evalcheck off``; ``%evalcheck`` alone says
  whether it is on;
- ``evalcheck.audit()`` inside a cell works as anywhere else.

Call sites in cells are named as IPython names them in tracebacks: ``In[5]:2:7`` (in a
``%%evalcheck`` cell, line 1 is the first line below the magic, as in its tracebacks).
"""

from __future__ import annotations

import ast
import sys
from typing import Any

from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.display import HTML, display

from . import capture
from .report import AuditReport

USAGE = "usage: %evalcheck [on|off]  or  %%evalcheck on the first line of a cell"


def _cell_namer(shell: Any, renumber: dict[int, int] | None = None) -> Any:
    """File name -> (``In[n]``, as IPython labels the cell in tracebacks, line offset 0)."""

    def name(filename: str) -> tuple[str, int] | None:
        number = getattr(shell.compile, "_filename_map", {}).get(filename)
        if number is None:
            return None
        if renumber is not None:
            if number not in renumber:
                return None
            number = renumber[number]
        return f"In[{number}]", 0

    return name


def _running_cell(shell: Any) -> int:
    """The number of the cell being run. IPython 9 counts it before running it, IPython 8
    after, so it is read off the cell's own frame, whose file IPython named for it."""
    numbers = getattr(shell.compile, "_filename_map", {})
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename in numbers:
            return numbers[frame.f_code.co_filename]
        frame = frame.f_back
    return max(numbers.values(), default=shell.execution_count)  # the latest cell compiled


def show(report: AuditReport) -> None:
    """Display the summary under the current cell (a note when no metric was called)."""
    if len(report):
        display(report)
    else:
        display(HTML('<p class="evalcheck-none">evalcheck: no metric calls in this cell.</p>'))


@magics_class
class EvalcheckMagics(Magics):
    """``%evalcheck on|off`` and ``%%evalcheck``."""

    def __init__(self, shell: Any) -> None:
        super().__init__(shell)
        self.always: capture.Audit | None = None  # the audit of the current cell, when on
        self.on = False

    @line_cell_magic
    def evalcheck(self, line: str, cell: str | None = None) -> None:
        """Audit the metric calls of this cell (``%%evalcheck``), or of every cell (``on``)."""
        word = line.strip().lower()
        if cell is not None:
            if word:
                print(USAGE)
                return
            self.run_cell_audited(cell)
        elif word == "on":
            self.switch_on()
        elif word == "off":
            self.switch_off()
        elif not word:
            print(f"evalcheck: auditing every cell is {'on' if self.on else 'off'}")
        else:
            print(USAGE)

    def run_cell_audited(self, cell: str) -> None:
        """Run the body as the cell itself: its last expression is the cell's result, and an
        exception fails the cell (after the summary), as without the magic."""
        shell = self.shell
        this = _running_cell(shell)
        code = shell.transform_cell(cell)
        filename = shell.compile.cache(code, this, raw_code=cell)
        tree = ast.parse(code, filename=filename)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        namer = _cell_namer(shell, {this: this})  # lines of the body, as IPython's tracebacks
        capture._site_namers.insert(0, namer)
        try:
            with capture.audit() as report:
                try:
                    exec(compile(tree, filename, "exec"), shell.user_ns)
                    if last is not None:
                        expression = ast.Expression(last.value)
                        value = eval(compile(expression, filename, "eval"), shell.user_ns)
                        if not code.rstrip().endswith(";"):  # a trailing ; hides it, as usual
                            shell.displayhook(value)
                finally:
                    capture._site_namers.remove(namer)
        finally:
            show(report)

    def switch_on(self) -> None:
        if self.on:
            return
        self.on = True
        self.shell.events.register("pre_run_cell", self.before_cell)
        self.shell.events.register("post_run_cell", self.after_cell)
        self.begin()  # the rest of this cell is audited too

    def switch_off(self) -> None:
        if not self.on:
            return
        self.on = False
        self.shell.events.unregister("pre_run_cell", self.before_cell)
        self.shell.events.unregister("post_run_cell", self.after_cell)
        self.end(show_empty=False)

    def begin(self) -> None:
        if self.always is None:
            self.always = capture.audit()
            self.always.__enter__()

    def end(self, show_empty: bool) -> None:
        manager, self.always = self.always, None
        if manager is None or manager.report is None:
            return
        manager.__exit__(None, None, None)
        if len(manager.report) or show_empty:
            show(manager.report)

    def before_cell(self, info: Any = None) -> None:
        self.begin()

    def after_cell(self, result: Any = None) -> None:
        self.end(show_empty=False)


_magics: dict[int, EvalcheckMagics] = {}


def load(shell: Any) -> None:
    """Register the magics and name cell call sites (once per shell)."""
    if id(shell) in _magics:
        return
    magics = EvalcheckMagics(shell)
    shell.register_magics(magics)
    _magics[id(shell)] = magics
    capture._site_namers.append(_cell_namer(shell))


def unload(shell: Any) -> None:
    """Stop auditing cells; the magics stay registered as IPython keeps them."""
    magics = _magics.pop(id(shell), None)
    if magics is not None:
        magics.switch_off()
