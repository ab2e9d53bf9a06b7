"""The ``hyeopchi`` console script."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_hyeopchi_console_script_runs_django_commands(capsys):
    from hyeopchi.cli.main import main

    with pytest.raises(SystemExit) as exit_info:
        main(["audit", "verify", "--unknown-flag"])

    assert exit_info.value.code == 2
    assert "unrecognized arguments: --unknown-flag" in capsys.readouterr().err
