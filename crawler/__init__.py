"""Fetching and cleaning: spiders per kind of source, the article extractor, the source registry."""
