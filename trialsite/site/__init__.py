"""Turn trials into pages, assets and indexes of an MkDocs build."""
