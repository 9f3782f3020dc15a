"""The export tests are pure: no database, no server. PDF tests (marked ``system``) need
Debian packages: Pango, the Noto fonts and poppler-utils."""
