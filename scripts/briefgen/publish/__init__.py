"""Stage 7, publish: the one writer, the PDF, the research pack, the audit and the record check."""
