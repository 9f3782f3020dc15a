"""Exports: texts, comparisons and synoptic tables as DOCX, XLSX, CSV, HTML, PDF, Akoma Ntoso."""
