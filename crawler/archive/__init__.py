"""The archive: every fetched response kept in WARC, a capture index to find it, and incremental re-crawls.

`WarcArchiveExtension` writes (on with PRESSROOM_WARC_DIR), `ConditionalGetMiddleware` and
`NewArticlesFirstMiddleware` make re-crawls incremental, `reader` reads WARC files back for serving and
rebuilds. See docs/archive.md.
"""
