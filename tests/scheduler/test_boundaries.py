"""The scheduler imports none of Scrapy; docs/operations.md documents every option of the commands."""

from __future__ import annotations

import subprocess
import sys

from pressroom.cli import build_parser
from tests.conftest import REPO_ROOT


def test_the_scheduler_service_imports_no_scrapy() -> None:
    code = (
        "import sys, scheduler.service, scheduler.jobs, search_api.routes.admin; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    assert result.stdout.strip() == "[]"


def test_docs_mention_every_operator_command_option() -> None:
    docs = (REPO_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    parsers = [commands["schedule"], commands["runs"]]
    parsers += list(commands["jobs"]._subparsers._group_actions[0].choices.values())  # type: ignore[union-attr]
    parsers.append(commands["sources"]._subparsers._group_actions[0].choices["status"])  # type: ignore[union-attr]
    missing = [
        option
        for parser in parsers
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help" and option not in docs
    ]
    assert not missing, f"docs/operations.md does not mention {sorted(set(missing))}"
    for setting in ("PRESSROOM_ADMIN_KEY", "PRESSROOM_JOBSTORE", "X-Admin-Key", "/metrics", "/operators"):
        assert setting in docs
