"""`python -m pressroom` is the `pressroom` command."""

import sys

from pressroom.cli import run

sys.exit(run())
