"""The `yifa` command line speaks Yifa: its own commands listed, usage when arguments are missing,
errors that say what is wrong with a value."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yifa import cli
from yifa.lib.cliargs import date_arg


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = 0
    try:
        cli.main(["yifa", *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("args", [(), ("-h",), ("--help",), ("help",)])
def test_bare_yifa_lists_yifas_own_commands_a_line_each(capsys, args):
    code, out, _ = run(capsys, *args)
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and line.strip()}
    for name in ("audit", "backup", "restore", "deadline", "calendar", "demo", "import_registry"):
        assert name in lines, name
        assert len(lines[name].split(None, 1)[1]) > 4, "each command has its one-line summary"
    assert "migrate" not in lines
    assert "changepassword" not in lines
    assert "axes_reset" not in lines
    assert "yifa help --all" in out


def test_help_all_lists_djangos_commands_too(capsys):
    code, out, _ = run(capsys, "help", "--all")
    assert code == 0
    assert "migrate" in out
    assert "audit" in out


def test_a_command_needing_arguments_prints_its_usage(capsys):
    code, out, err = run(capsys, "audit")
    assert code == 2
    assert "usage: yifa audit" in out
    assert "verify" in out
    assert "error" not in err


@pytest.mark.parametrize(("given", "said"), [
    ("2026-02-30", "2026-02-30 不是有效日期"),
    ("2026-13-01", "2026-13-01 不是有效日期"),
    ("2026/2/3", "不是日期，请写作 年-月-日"),
    ("tomorrow", "不是日期"),
])
def test_a_bad_date_is_named_for_what_is_wrong(given, said):
    with pytest.raises(Exception, match=said):
        date_arg(given)


def test_deadline_command_reports_an_impossible_date(db):
    with pytest.raises(CommandError, match="2026-02-30 不是有效日期"):
        call_command("deadline", "--from", "2026-02-30", "--working-days", "3")


def test_missing_tables_say_to_migrate():
    from django.db.utils import OperationalError, ProgrammingError

    assert cli._is_missing_table(OperationalError("no such table: workcal_referenceversion"))
    assert cli._is_missing_table(ProgrammingError('relation "workcal_calendarday" does not exist'))
    assert not cli._is_missing_table(OperationalError("database is locked"))
