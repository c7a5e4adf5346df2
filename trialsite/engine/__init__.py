"""Evaluate a trial's eligibility rules; standard library only, so it runs in CPython and Pyodide alike."""
