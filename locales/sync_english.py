"""English is the source language: its catalogue repeats every msgid (run by `make update`)."""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

path = Path(__file__).parent / "en" / "LC_MESSAGES" / "messages.po"
with path.open("rb") as fp:
    catalogue = read_po(fp, locale="en")
for message in catalogue:
    if not message.id:
        continue
    message.string = message.id if isinstance(message.id, str) else tuple(message.id)
    message.flags.discard("fuzzy")
with path.open("wb") as fp:
    write_po(fp, catalogue, omit_header=False, sort_output=True, include_previous=False)
