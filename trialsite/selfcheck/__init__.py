"""Turn a trial into the self-check bundle the engine evaluates."""
