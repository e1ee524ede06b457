"""Stage 10, cli: the `briefgen` command: arguments in, messages out."""
