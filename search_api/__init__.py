"""HTTP API (JSON under /v1) and the server-rendered web UI, reading through the indexer's store."""
