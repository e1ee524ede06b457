"""briefgen: YAML research summaries + BibTeX -> a cross-referenced, citable static site."""

__version__ = "0.1.0"
