"""Stage 1, load: files read strictly, with the line of every value (YAML, BibTeX), and caches."""
