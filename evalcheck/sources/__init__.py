"""Where the rows come from: files (whole or in record batches) and DuckDB queries."""
