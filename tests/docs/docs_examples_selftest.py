#!/usr/bin/env python3
"""Tests of docs_examples.py itself: the elisions, the exit-code notes, the skips and --update,
on small pages whose commands are shell built-ins (no fibre binary, no demo)."""

import os
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docs_examples as de  # noqa: E402


class Matching(unittest.TestCase):
    def matches(self, shown, printed):
        cost, _ = de.align(shown, printed)
        return cost == 0

    def test_exact_lines(self):
        self.assertTrue(self.matches(["a", "b"], ["a", "b"]))
        self.assertFalse(self.matches(["a", "b"], ["a", "c"]))
        self.assertFalse(self.matches(["a"], ["a", "b"]))

    def test_ellipsis_line_stands_for_any_run_of_lines(self):
        self.assertTrue(self.matches(["a", "...", "d"], ["a", "b", "c", "d"]))
        self.assertTrue(self.matches(["a", "...", "d"], ["a", "d"]))
        self.assertFalse(self.matches(["a", "...", "d"], ["a", "b", "c"]))

    def test_ellipsis_inside_a_line_stands_for_any_text(self):
        self.assertTrue(self.matches(["compared on …"], ["compared on 2026-12-02"]))
        self.assertTrue(self.matches(["time: ... s, graph ... s"], ["time: 0.43 s, graph 0.11 s"]))
        self.assertFalse(self.matches(["time: ... s"], ["date: 0.43 s"]))

    def test_trailing_spaces_and_empty_lines_are_ignored(self):
        self.assertEqual(de.normalise("a  \nb\t\n\n\n"), ["a", "b"])


class Refresh(unittest.TestCase):
    def refresh(self, shown, printed):
        _, ops = de.align(shown, printed)
        return de.refreshed(shown, printed, ops)

    def test_keeps_elisions_that_still_match(self):
        shown = ["head", "at …", "...", "total 3"]
        printed = ["head", "at 2026-12-02", "x", "y", "total 4"]
        self.assertEqual(self.refresh(shown, printed), ["head", "at …", "...", "total 4"])

    def test_added_lines_are_written(self):
        self.assertEqual(self.refresh(["a", "c"], ["a", "b", "c"]), ["a", "b", "c"])

    def test_ellipsis_keeps_its_place_when_every_line_changed(self):
        shown = ["h1", "h2", "...", "t"]
        printed = ["H1", "H2", "m1", "m2", "m3", "T"]
        self.assertEqual(self.refresh(shown, printed), ["H1", "H2", "...", "T"])


PAGE = """# page

```console
$ printf 'one\\ntwo\\n'
one
two
$ exit 3   # exit 3
```

<!-- no-run: needs a terminal -->
```sh
false
```

The next block reads `../shared` (beside the repository):

```sh
ls ../shared/data
```

```console
$ echo later
later
```
"""


class Pages(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        (self.root / "demo").mkdir()
        (self.root / "work").mkdir()
        self.env = dict(os.environ)

    def tearDown(self):
        self.tmp.cleanup()

    def page(self, text):
        path = self.root / "page.md"
        path.write_text(text, encoding="utf-8")
        return path

    def run_page(self, path, update=False, shared=None):
        return de.run_page(path, self.root / "demo", self.root, self.env, update, shared)

    def test_a_passing_page_lists_what_it_did_not_run(self):
        run, ran, skipped = self.run_page(self.page(PAGE))
        self.assertEqual(run.failures, [])
        self.assertTrue(skipped)  # no ../shared given: the block and the one after it
        self.assertIn("page.md:11: not run: needs a terminal", run.notes)
        self.assertTrue(any("page.md:17: skipped" in n for n in run.notes))
        self.assertTrue(any("page.md:21: skipped: an earlier block" in n for n in run.notes))

    def test_shared_blocks_run_when_the_samples_are_there(self):
        shared = self.root / "shared"
        (shared / "data").mkdir(parents=True)
        (self.root / "work" / "shared").symlink_to(shared)
        run, _, skipped = self.run_page(self.page(PAGE), shared=shared)
        self.assertEqual(run.failures, [])
        self.assertFalse(skipped)

    def test_a_wrong_output_or_exit_code_fails_with_its_line(self):
        text = PAGE.replace("two\n$ exit 3", "three\n$ exit 3").replace("# exit 3", "# exit 2")
        run, _, _ = self.run_page(self.page(text))
        self.assertEqual(len(run.failures), 2)
        self.assertIn("page.md:4:", run.failures[0])
        self.assertIn("- three", run.failures[0])
        self.assertIn("+ two", run.failures[0])
        self.assertIn("page.md:7:", run.failures[1])
        self.assertIn("exit code 3, expected 2", run.failures[1])

    def test_sh_blocks_check_exit_notes(self):
        text = "```sh\ntrue\nsh -c 'exit 1'   # exit 1: expected\n```\n"
        run, _, _ = self.run_page(self.page(text))
        self.assertEqual(run.failures, [])
        run, _, _ = self.run_page(self.page(text.replace("# exit 1", "# exit 2")))
        self.assertEqual(len(run.failures), 1)
        self.assertIn("exit code 1, expected 2", run.failures[0])

    def test_shared_without_a_note_fails(self):
        text = "Plain text.\n\n```sh\nls ../shared/data\n```\n"
        run, _, _ = self.run_page(self.page(text))
        self.assertEqual(len(run.failures), 1)
        self.assertIn("does not say so", run.failures[0])

    def test_update_rewrites_only_the_output(self):
        path = self.page(PAGE.replace("one\ntwo\n$ exit", "one\nold\n$ exit"))
        run, _, _ = self.run_page(path, update=True)
        self.assertEqual(len(run.failures), 1)
        self.assertEqual(path.read_text(encoding="utf-8"), PAGE)
        run, _, _ = self.run_page(path)
        self.assertEqual(run.failures, [])


if __name__ == "__main__":
    unittest.main()
