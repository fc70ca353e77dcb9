"""briefgen: structured YAML content in, finished briefing documents out."""

__version__ = "0.1.0"
