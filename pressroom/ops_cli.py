"""Operator commands (schedule, runs, jobs, sources status): parsers and handlers, kept apart from cli.py."""

from __future__ import annotations

import argparse
from collections.abc import Callable

HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {}


def add_parsers(commands: argparse._SubParsersAction, sources_commands: argparse._SubParsersAction) -> None:
    """Register the operator subcommands on the main parser and under `pressroom sources`."""


def sources_subcommand(args: argparse.Namespace) -> int:
    """`pressroom sources SUBCOMMAND` other than `list`."""
    raise NotImplementedError(args.sources_command)
