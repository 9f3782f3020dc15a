"""The marks our .docx files carry: moved to text/wordmarks.py (the base-text import in
instruments/, below exports/, reads them too). Import them from there; these names stay for
the modules that still import them from here."""

from draftroom.text.wordmarks import (
    PROPERTY_INSTRUMENT,
    PROPERTY_LANGUAGE,
    PROPERTY_SHOWS,
    PROVISION_PREFIX,
    VERSION_PREFIX,
    provision_bookmark,
    provision_id,
    version_bookmark,
    version_id,
)

__all__ = [
    "PROPERTY_INSTRUMENT",
    "PROPERTY_LANGUAGE",
    "PROPERTY_SHOWS",
    "PROVISION_PREFIX",
    "VERSION_PREFIX",
    "provision_bookmark",
    "provision_id",
    "version_bookmark",
    "version_id",
]
