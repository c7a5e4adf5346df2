"""Publish clinical trials described in YAML as a bilingual static website with an in-browser eligibility self-check."""
