"""Pressroom's command line and the jobs that wire crawler, indexer and API together."""
