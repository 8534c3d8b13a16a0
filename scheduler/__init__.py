"""The crawl scheduler: one APScheduler 3.x service per job store that starts crawls as processes.

Pure parts (triggers, source rows, health, outcome classification) are separate from the APScheduler
adapter (`service`, `jobs`) and from the operations database (`database`, `lease`, `history`, `control`)
that the CLI and the admin API read.
"""
