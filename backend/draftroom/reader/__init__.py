"""The reading room, on the top floor: the pages that put several domains on one screen.

Only pages that genuinely compose domains live here, each with the forms whose refusal
shows that page again (the form is re-rendered in place, filled in):

- ``instrument``: the list of instruments and an instrument's contents (instruments,
  amendment and comment counts, export downloads), with the milestone form on it;
- ``article``: an article in one to three languages with its discussion, provenance and
  proposals, with the new-comment form (refused, it shows this page or the amendment's);
- ``amendment``: an amendment with its diff, translations and discussion, with its action
  and co-sponsor forms;
- ``compare``: comparisons and synoptic tables with their export downloads and the
  consolidation provenance.

Every other page stays in its domain's ``pages.py``. Domains never import this package
(an import-linter contract in pyproject.toml).
"""
