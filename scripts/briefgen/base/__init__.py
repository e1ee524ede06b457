"""Shared by every stage: diagnostics, project and site paths, path rules, text rules."""
