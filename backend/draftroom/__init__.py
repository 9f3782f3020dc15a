"""Draftroom: drafting a legal text together across the six UN languages."""

__version__ = "0.1.0"
