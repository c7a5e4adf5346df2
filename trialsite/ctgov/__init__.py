"""Import ClinicalTrials.gov study records (API v2 JSON) as trial files.

`record` reads and checks the JSON, `criteria` splits the eligibility text, `values` reads partial dates and ages,
`wording` holds the importer's own sentences, `mapping` turns a record into trial data, `texts` looks into trial
data, `merge` keeps hand work on re-import and `changes` describes what changed, `writer` writes the YAML and
`importer` runs it all for `trialsite import ctgov`.
"""
