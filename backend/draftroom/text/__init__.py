"""Pure text logic: no I/O, no imports from the rest of Draftroom."""
