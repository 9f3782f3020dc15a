"""Meeting mode: the chair leads a meeting through the text, every screen follows in its own
language, the list of speakers is kept on the platform, and decisions are recorded against
the exact words decided."""
