"""Content: reading YAML, validating it against the content model, and the graph of entities."""
