"""The register's life: what a submission changes (diff), and folding it in."""
