"""Translate a trial's texts outside YAML: gettext PO files out and back, a translation memory and a glossary.

Data flow: trial file → `texts` (every text with its key path and place in the file) → `catalog` (a PO file, with
suggestions from `memory` and terms from `glossary`) → a translator's tool → `writeback` (the file edited in place).
"""
