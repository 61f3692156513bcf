"""Class rosters: reading student lists from CSV or XLSX and importing them all or nothing.

`parse` is pure (bytes in, checked rows or problems out); `importer` plans and applies the rows
against the database; `cli` and `routes` are the two ways in.
"""
