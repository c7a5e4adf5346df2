"""Keep generated HTML away from Markdown: it only needs to see the headings (for the table of contents).

A generated page is Markdown headings with HTML between them. Python-Markdown would re-parse that HTML, which
costs more than writing it; so the HTML is lifted out before conversion, a placeholder comment (which Markdown
passes through untouched) stands in its place, and the HTML goes back into the converted page.
"""

from __future__ import annotations

import re

PLACEHOLDER = "<!--trialsite-block-{}-->"
PLACEHOLDER_PATTERN = re.compile(r"<!--trialsite-block-(\d+)-->")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def lift_html_blocks(markdown: str) -> tuple[str, list[str]]:
    """Return the Markdown with each run of non-heading lines replaced by a placeholder, and the runs."""
    match = FRONT_MATTER.match(markdown)
    front = match.group(0) if match else ""
    lines: list[str] = []
    blocks: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        text = "\n".join(run).strip()
        run.clear()
        if text:
            blocks.append(text)
            lines.extend(["", PLACEHOLDER.format(len(blocks) - 1), ""])

    for line in markdown[len(front) :].split("\n"):
        if line.startswith("#"):
            close_run()
            lines.append(line)
        else:
            run.append(line)
    close_run()
    return front + "\n".join(lines) + "\n", blocks


def restore_html_blocks(html: str, blocks: list[str]) -> str:
    """Put the lifted HTML back in place of its placeholders."""
    return PLACEHOLDER_PATTERN.sub(lambda match: blocks[int(match.group(1))], html)
