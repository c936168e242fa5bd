"""From untrusted bytes to a tidy table: size checks before parsing, the parse workers, reading sheets,
finding the table, headers and cell values, and the importer."""
