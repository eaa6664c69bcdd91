#!/usr/bin/env python3
"""Runs the examples of docs/commands/*.md and compares their output with what the pages show.

    tests/docs/docs_examples.py [--fibre PATH] [--demo DIR] [--update] [PAGE.md...]

Which blocks run (docs/testing.md, "The examples of the command pages"):

- a ```console block: each line starting with `$ ` is a command (a line ending with `\\` goes on
  onto the next); the lines after it, up to the next `$ `, are its expected stdout;
- a ```sh block: commands only, run as one bash script with `set -e`; their output is not compared;
- any other block (a synopsis, JSON shown as such) does not run.

A command expected to fail ends with the comment `# exit N` (N its exit code); every other command
must exit 0. In expected output, a line `...` matches any run of lines (none included), and `...` or
`…` inside a line matches any text. Trailing spaces and trailing empty lines are ignored.

`<!-- no-run: REASON -->` just before a block keeps it from running; it is listed with its reason.
A block that names `../shared` (the public samples beside the repository) must say so in the line
of text just above it; where that folder is absent, it and the rest of its page are skipped, and
the exit code is 77 (ctest's skip).

Each page runs in a folder of its own holding a fresh copy of the demo (`demo/`, made once by
`fibre demo --premises 2000 --seed 1 --out demo`) and sees `../shared` as the repository's.
`fibre` on the PATH is the binary given. The blocks of a page run in order, in the same folder.

--update rewrites the expected output of every console command that differs from what it printed,
keeping the `...` lines and the elided lines that still match.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEMO_COMMAND = ["demo", "--premises", "2000", "--seed", "1"]
COMMAND_TIMEOUT = 300
SKIP_CODE = 77
SLOW_BLOCK = 5  # seconds: a block slower than this is named, to keep the test quick

FENCE = re.compile(r"^```(\S*)\s*$")
NO_RUN = re.compile(r"^<!--\s*no-run:\s*(.*?)\s*-->\s*$")
EXIT_NOTE = re.compile(r"#\s*exit\s+(\d+)\b")
ELLIPSIS = re.compile(r"\.\.\.|…")


@dataclass
class Command:
    line: int  # 1-based line of the `$ ` in the page
    text: str
    expected: list = field(default_factory=list)
    output_start: int = 0  # 0-based index of the first expected line in the page
    output_end: int = 0  # one past the last


@dataclass
class Block:
    line: int  # 1-based line of the opening fence
    kind: str  # console or sh
    body: list
    commands: list = field(default_factory=list)
    no_run: str = ""
    text_above: str = ""

    def uses_shared(self):
        return any("../shared" in line for line in self.body)


def expected_exit(command_text):
    match = EXIT_NOTE.search(command_text)
    return int(match.group(1)) if match else 0


def parse_console(block, first_index, lines, page_name):
    """Splits a console block into commands and their expected output."""
    command = None
    index = 0
    while index < len(lines):
        text = lines[index]
        if text.startswith("$ "):
            start = index
            parts = [text[2:]]
            while parts[-1].endswith("\\") and index + 1 < len(lines):
                index += 1
                nxt = lines[index]
                parts.append(nxt[2:] if nxt.startswith("> ") else nxt)
            command = Command(line=first_index + start + 1, text="\n".join(parts))
            command.output_start = command.output_end = first_index + index + 1
            block.commands.append(command)
        elif command is None:
            raise ValueError(f"{page_name}:{first_index + index + 1}: output before any `$ ` command in a console block")
        else:
            command.expected.append(text)
            command.output_end = first_index + index + 1
        index += 1


def parse_page(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    blocks = []
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        kind = match.group(1)
        end = index + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        if end == len(lines):
            raise ValueError(f"{path.name}:{index + 1}: block never closed")
        if kind in ("console", "sh"):
            above = [l for l in lines[:index] if l.strip()]
            block = Block(line=index + 1, kind=kind, body=lines[index + 1 : end])
            if above:
                last = above[-1]
                no_run = NO_RUN.match(last)
                if no_run:
                    block.no_run = no_run.group(1) or "no reason given"
                    above = above[:-1]
                block.text_above = above[-1] if above else ""
            if kind == "console":
                parse_console(block, index + 1, block.body, path.name)
            blocks.append(block)
        index = end + 1
    return lines, blocks


def normalise(text):
    out = [line.rstrip() for line in text.split("\n")]
    while out and not out[-1]:
        out.pop()
    return out


def line_matches(pattern, actual):
    if not ELLIPSIS.search(pattern):
        return pattern == actual
    regex = ".*".join(re.escape(piece) for piece in ELLIPSIS.split(pattern))
    return re.fullmatch(regex, actual, re.DOTALL) is not None


def align(pattern, actual):
    """The cheapest alignment of the expected lines with the printed ones, as a list of operations:
    ("=", p, a) a line that matches, ("~", p, a) a `...` line and the lines it stands for,
    ("-", p, None) an expected line missing, ("+", None, a) a printed line not expected.
    Its cost (the number of - and +) is 0 when the output matches."""
    n, m = len(pattern), len(actual)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n:
                cost[i][j] = m - j
                continue
            best = cost[i + 1][j] + (0 if pattern[i] == "..." else 1)
            if j < m:
                if pattern[i] == "...":
                    best = min(best, cost[i][j + 1])
                else:
                    best = min(best, cost[i][j + 1] + 1)
                    if line_matches(pattern[i], actual[j]):
                        best = min(best, cost[i + 1][j + 1])
            cost[i][j] = best
    ops, i, j = [], 0, 0
    while i < n or j < m:
        here = cost[i][j]
        if i < n and pattern[i] == "...":
            taken = []
            while j < m and cost[i][j + 1] == here:
                taken.append(actual[j])
                j += 1
            ops.append(("~", pattern[i], taken))
            i += 1
        elif i < n and j < m and line_matches(pattern[i], actual[j]) and cost[i + 1][j + 1] == here:
            ops.append(("=", pattern[i], actual[j]))
            i, j = i + 1, j + 1
        elif i < n and cost[i + 1][j] + 1 == here:
            ops.append(("-", pattern[i], None))
            i += 1
        else:
            ops.append(("+", None, actual[j]))
            j += 1
    return cost[0][0], ops


def show_diff(ops):
    out = []
    for op, p, a in ops:
        if op == "=":
            out.append(f"  {a}")
        elif op == "~":
            out.append(f"  ... ({len(a)} line(s))")
        elif op == "-":
            out.append(f"- {p}")
        else:
            out.append(f"+ {a}")
    return "\n".join(out)


def refreshed(pattern, actual, ops):
    """The expected output to write for `actual`: the printed lines, with the `...` lines and the
    elided lines that still match kept. When lines of the page no longer match at all, the page's
    `...` lines keep their place: as many printed lines before the first and after the last as the
    page showed there."""
    if not any(op == "-" for op, _, _ in ops):
        return [p if op in ("=", "~") else a for op, p, a in ops]

    def keep(shown, printed):
        return [p if line_matches(p, a) else a for p, a in zip(shown, printed)]

    if "..." not in pattern:
        return keep(pattern, actual) + actual[len(pattern) :]
    head = pattern.index("...")
    tail = len(pattern) - 1 - max(i for i, p in enumerate(pattern) if p == "...")
    if head + tail >= len(actual):
        return actual
    return (
        keep(pattern[:head], actual[:head])
        + ["..."]
        + keep(pattern[len(pattern) - tail :], actual[len(actual) - tail :])
    )


def sh_script(block):
    """The block as a bash script: set -e, and `# exit N` lines checked for exit code N."""
    out = ["set -e"]
    for offset, text in enumerate(block.body):
        note = EXIT_NOTE.search(text) if not text.lstrip().startswith("#") else None
        if note:
            code = int(note.group(1))
            line = block.line + 1 + offset
            command = text[: note.start()].rstrip()
            out.append(
                f"__rc=0; {command} || __rc=$?; if [ $__rc -ne {code} ]; then "
                f"echo \"line {line}: exit code $__rc, expected {code}\" >&2; exit 199; fi"
            )
        else:
            out.append(text)
    return "\n".join(out) + "\n"


class PageRun:
    def __init__(self, page, workdir, env, update):
        self.page = page
        self.workdir = workdir
        self.env = env
        self.update = update
        self.failures = []
        self.notes = []
        self.replacements = []  # (start, end, new lines)

    def run(self, script):
        try:
            return subprocess.run(
                ["bash", "-c", script],
                cwd=self.workdir,
                env=self.env,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=COMMAND_TIMEOUT,
            )
        except subprocess.TimeoutExpired as timeout:

            def text(data):
                return data.decode(errors="replace") if isinstance(data, bytes) else (data or "")

            stderr = text(timeout.stderr) + f"\n(stopped after {COMMAND_TIMEOUT} s)"
            return subprocess.CompletedProcess(script, -9, text(timeout.stdout), stderr)

    def fail(self, line, command, message):
        self.failures.append(f"{self.page.name}:{line}:\n$ {command}\n{message}")

    def run_block(self, block):
        if block.kind == "sh":
            result = self.run(sh_script(block))
            if result.returncode != 0:
                self.fail(
                    block.line,
                    "\n    ".join(block.body),
                    f"sh block exited with {result.returncode}\n--- stdout\n{result.stdout[-3000:]}"
                    f"--- stderr\n{result.stderr[-3000:]}",
                )
            return
        for command in block.commands:
            result = self.run(command.text)
            want_code = expected_exit(command.text)
            actual = normalise(result.stdout)
            expected = normalise("\n".join(command.expected))
            problems = []
            if result.returncode != want_code:
                problems.append(f"exit code {result.returncode}, expected {want_code}")
            mismatches, ops = align(expected, actual)
            if mismatches:
                problems.append(f"output differs (- shown in the page, + printed):\n{show_diff(ops)}")
                if self.update:
                    self.replacements.append((command.output_start, command.output_end, refreshed(expected, actual, ops)))
            if problems:
                stderr = result.stderr.strip()
                detail = "\n".join(problems) + (f"\n--- stderr\n{stderr[-3000:]}" if stderr else "")
                self.fail(command.line, command.text, detail)


def make_demo(fibre, out):
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [str(fibre), *DEMO_COMMAND, "--out", str(out)], capture_output=True, text=True, errors="replace"
    )
    if result.returncode != 0:
        sys.exit(f"docs_examples: `fibre {' '.join(DEMO_COMMAND)} --out {out}` failed:\n{result.stderr}")


def run_page(page, demo, root, env, update, shared):
    run = PageRun(page, None, env, update)
    try:
        lines, blocks = parse_page(page)
    except ValueError as error:
        run.failures.append(str(error))
        return run, 0, False
    workdir = root / "work" / page.stem
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    shutil.copytree(demo, workdir / "demo", symlinks=True)
    run.workdir = workdir
    skipped_from = None
    for block in blocks:
        where = f"{page.name}:{block.line}"
        if block.no_run:
            run.notes.append(f"{where}: not run: {block.no_run}")
            continue
        if block.uses_shared() and "../shared" not in block.text_above:
            run.fail(block.line, "\n    ".join(block.body), "the block uses ../shared but the line above it does not say so")
            continue
        if skipped_from is not None:
            run.notes.append(f"{where}: skipped: an earlier block of the page was skipped ({skipped_from})")
            continue
        if block.uses_shared() and shared is None:
            skipped_from = f"line {block.line}"
            run.notes.append(f"{where}: skipped: it uses ../shared, and the public samples are absent")
            continue
        started = time.monotonic()
        run.run_block(block)
        seconds = time.monotonic() - started
        if seconds > SLOW_BLOCK:
            run.notes.append(f"{where}: took {seconds:.1f} s")
    if update and run.replacements:
        for start, end, new in sorted(run.replacements, reverse=True):
            lines[start:end] = new
        page.write_text("\n".join(lines), encoding="utf-8")
        run.notes.append(f"{page.name}: rewrote the output of {len(run.replacements)} command(s)")
    ran = sum(1 for b in blocks if not b.no_run)
    return run, ran, skipped_from is not None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", type=Path, help="pages to run (default: every docs/commands/*.md)")
    parser.add_argument("--fibre", type=Path, default=REPO / "build/test/engine/cli/fibre", help="the fibre binary")
    parser.add_argument("--demo", type=Path, help="a demo folder made already (else one is made in a temporary folder)")
    parser.add_argument("--make-demo", type=Path, metavar="DIR", help="only make the demo into DIR")
    parser.add_argument("--update", action="store_true", help="rewrite the shown output from the actual output")
    parser.add_argument(
        "--shared", type=Path, default=REPO.parent / "shared", help="the public samples folder (../shared)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args()

    fibre = args.fibre.resolve()
    if not os.access(fibre, os.X_OK):
        sys.exit(f"docs_examples: no fibre binary at {fibre} (build it, or pass --fibre)")
    if args.make_demo:
        make_demo(fibre, args.make_demo.resolve())
        return 0
    pages = [p.resolve() for p in args.pages] or sorted((REPO / "docs/commands").glob("*.md"))

    root = Path(tempfile.mkdtemp(prefix="fibre-docs-"))
    try:
        (root / "work").mkdir()
        shared = args.shared.resolve() if (args.shared / "data").is_dir() else None
        if shared:  # ../shared from each page's folder, root/work/<page>
            (root / "work" / "shared").symlink_to(shared)
        else:
            print(f"docs_examples: no public samples at {args.shared}: the examples that use ../shared are skipped")
        demo = args.demo.resolve() if args.demo else root / "demo"
        if not args.demo:
            make_demo(fibre, demo)
        env = dict(os.environ)
        env["PATH"] = f"{fibre.parent}{os.pathsep}{env.get('PATH', '')}"
        env.pop("FIBRE_DB", None)
        failed = skipped = 0
        for page in pages:
            started = time.monotonic()
            run, ran, was_skipped = run_page(page, demo, root, env, args.update, shared)
            for note in run.notes:
                print(note)
            for failure in run.failures:
                print(f"FAIL {failure}\n")
            status = "FAIL" if run.failures else ("skipped in part" if was_skipped else "ok")
            print(f"{page.name}: {ran} block(s), {len(run.failures)} failure(s), {time.monotonic() - started:.1f} s: {status}")
            failed += bool(run.failures)
            skipped += was_skipped
        if args.keep:
            print(f"docs_examples: the pages ran in {root}/work")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    if failed:
        return 1
    return SKIP_CODE if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
