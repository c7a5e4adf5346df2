"""The languages of the site, the self-check and the command line; the first is the default."""

LANGUAGES = ("en", "zh")
