#!/usr/bin/env python3
"""Turns the Markdown pages of docs/commands/ into man pages (roff, man macros).

    md2man.py OUT_DIR VERSION docs/commands/*.md

Each `docs/commands/<command>.md` becomes `fibre-<command>.1`; `README.md` becomes `fibre.1`,
with every command listed under SEE ALSO. Handles what those pages use: headings, paragraphs,
fenced code, tables, bullet lists, `code`, **bold**, *italic* and [links](...).
"""

import os
import re
import sys


def escape(text):
    text = text.replace("\\", "\\e")
    # Non-ASCII letters as groff's Unicode escapes: the page reads the same without preconv.
    return "".join(c if ord(c) < 128 else "\\[u%04X]" % ord(c) for c in text)


def code_breaks(code):
    """Inline code with its hyphens as minus signs and break points after commas and pipes."""
    return code.replace("-", "\\-").replace(",", ",\\:").replace("|", "|\\:")


def inline(text):
    text = escape(text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"`([^`]+)`", lambda m: "\\fB" + code_breaks(m.group(1)) + "\\fR", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", text)
    text = re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])", r"\\fI\1\\fR", text)
    return text


def line_start(text):
    """A roff text line must not start with a control character."""
    if text.startswith((".", "'")):
        return "\\&" + text
    return text


def cells(row):
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    # A pipe inside `code` (e.g. `table|json`) is no cell boundary.
    parts, current, in_code = [], "", False
    for c in row:
        if c == "`":
            in_code = not in_code
        if c == "|" and not in_code:
            parts.append(current.strip())
            current = ""
        else:
            current += c
    parts.append(current.strip())
    return parts


def convert(lines, name, section_title, version):
    out = [f'.TH "{name.upper()}" 1 "" "fibre {version}" "fibre manual"', ".ad l"]
    i = 0
    title_done = False
    paragraph = []

    def flush():
        if paragraph:
            out.append(".PP")
            out.extend(line_start(inline(p)) for p in paragraph)
            paragraph.clear()

    while i < len(lines):
        line = lines[i].rstrip("\n")
        if line.startswith("```"):
            flush()
            out.append(".PP")
            out.append(".nf")
            out.append(".RS 4")
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                out.append(line_start(escape(lines[i].rstrip("\n"))))
                i += 1
            out.append(".RE")
            out.append(".fi")
            i += 1
            continue
        if line.startswith("# ") and not title_done:
            flush()
            # NAME: the page's name and the first sentence after the title.
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            summary = []
            while j < len(lines) and lines[j].strip() and not lines[j].startswith("#"):
                summary.append(lines[j].strip())
                j += 1
            out.append(".SH NAME")
            out.append(f"{name} \\- " + inline(" ".join(summary)) if summary else name)
            if section_title:
                out.append(".SH DESCRIPTION")
            title_done = True
            i = j
            continue
        if line.startswith("#"):
            flush()
            level = len(line) - len(line.lstrip("#"))
            heading = inline(line.lstrip("#").strip())
            out.append((".SH " if level <= 2 else ".SS ") + f'"{heading.upper() if level <= 2 else heading}"')
            i += 1
            continue
        if line.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(cells(lines[i]))
                i += 1
            body = [r for r in rows[1:] if not all(re.fullmatch(r":?-+:?", c or "-") for c in r)]
            for r in body:
                out.append(".TP")
                out.append(line_start(inline(r[0])))
                out.append(line_start(inline(" \\(em ".join(c for c in r[1:] if c)) if len(r) > 1 else ""))
            continue
        m = re.match(r"^(\s*)[-*] (.*)$", line)
        if m:
            flush()
            item = [m.group(2)]
            i += 1
            while i < len(lines) and lines[i].startswith("  ") and lines[i].strip() and not re.match(
                r"^\s*[-*] ", lines[i]
            ):
                item.append(lines[i].strip())
                i += 1
            out.append(".IP \\(bu 2")
            out.extend(line_start(inline(p)) for p in item)
            continue
        if not line.strip():
            flush()
            i += 1
            continue
        paragraph.append(line.strip())
        i += 1
    flush()
    return out


def main():
    out_dir, version, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(out_dir, exist_ok=True)
    commands = []
    for page in sorted(pages):
        base = os.path.splitext(os.path.basename(page))[0]
        if base.lower() != "readme":
            commands.append(base)
    for page in pages:
        base = os.path.splitext(os.path.basename(page))[0]
        with open(page, encoding="utf-8") as f:
            lines = f.readlines()
        if base.lower() == "readme":
            name = "fibre"
            roff = convert(lines, name, True, version)
            roff.append(".SH \"SEE ALSO\"")
            roff.append(",\n".join(f"\\fBfibre\\-{c}\\fR(1)" for c in commands))
        else:
            name = f"fibre-{base}"
            roff = convert(lines, name, False, version)
            roff.append(".SH \"SEE ALSO\"")
            roff.append("\\fBfibre\\fR(1)")
        with open(os.path.join(out_dir, name + ".1"), "w", encoding="utf-8") as f:
            f.write("\n".join(roff) + "\n")


if __name__ == "__main__":
    main()
