"""Excel (.xlsx) import and export of the registries: what officials keep in spreadsheets."""
