"""Enrichment and storage: tags documents and keeps them searchable in SQLite or Elasticsearch."""
