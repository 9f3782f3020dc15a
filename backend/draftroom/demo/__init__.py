"""The illustrative demo instrument loaded by ``make run`` into an empty database."""
