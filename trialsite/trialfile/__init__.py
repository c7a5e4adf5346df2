"""Read trial files: YAML nodes checked against the trial format, with file, line and key path in every message."""
