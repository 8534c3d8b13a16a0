"""Downloader middlewares that make fetching robust on real sites (retry backoff, redirect loops)."""
