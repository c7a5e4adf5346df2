"""Generated HTML bypasses Markdown and comes back unchanged; headings still reach Markdown."""

from __future__ import annotations

import markdown

from trialsite.site.html_blocks import lift_html_blocks, restore_html_blocks

PAGE = """---
title: "T"
---
# Title *here*

<p class="x">a * b _c_ <span>1 < 2</span></p>
<ul>
<li># not a heading</li>
</ul>

## Section {: #section }

<div>end</div>
"""


def test_headings_go_through_markdown_and_html_comes_back_untouched() -> None:
    lifted, blocks = lift_html_blocks(PAGE)
    assert lifted.startswith('---\ntitle: "T"\n---\n# Title *here*\n')
    assert blocks == [
        '<p class="x">a * b _c_ <span>1 < 2</span></p>\n<ul>\n<li># not a heading</li>\n</ul>',
        "<div>end</div>",
    ]
    converter = markdown.Markdown(extensions=["attr_list", "meta", "toc"])
    html = restore_html_blocks(converter.convert(lifted), blocks)
    assert '<h1 id="title-here">Title <em>here</em></h1>' in html
    assert '<h2 id="section">Section</h2>' in html
    assert '<p class="x">a * b _c_ <span>1 < 2</span></p>' in html
    assert "<li># not a heading</li>" in html
    assert "trialsite-block" not in html
