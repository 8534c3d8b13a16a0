"""Bad input to operator commands: one line naming the problem, a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.cli import main


def one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    err = capsys.readouterr().err.strip()
    assert status != 0, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_a_sources_file_that_is_not_utf8_is_named(tmp_path: Path, capsys):
    path = tmp_path / "sources.yaml"
    path.write_bytes("sources:\n  - id: 대전\n".encode("euc-kr"))
    assert "not UTF-8" in one_line_error(capsys, "sources", "list", "--sources", str(path))
    assert "not UTF-8" in one_line_error(capsys, "crawl", "--sources", str(path))
    assert "not UTF-8" in one_line_error(capsys, "schedule", "--sources", str(path))
