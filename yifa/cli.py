"""The `yifa` console script: Django's management entry point with Yifa's settings.

`yifa`, `yifa -h` and `yifa help` list Yifa's own commands, a line each (Django's and the
libraries' are under `yifa help --all`); a Yifa command that needs arguments and is given none
prints its usage instead of an argparse complaint.
"""

from __future__ import annotations

import os
import sys

_LISTING: tuple[list[str], ...] = ([], ["-h"], ["--help"], ["help"])


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yifa.settings")
    args = list(argv if argv is not None else sys.argv)
    from django.core.management import execute_from_command_line

    rest = args[1:]
    if rest in _LISTING:
        _list_yifa_commands()
        return
    if rest == ["help", "--all"]:
        execute_from_command_line([args[0], "help"])
        return
    if len(rest) == 1 and _print_usage_if_arguments_needed(rest[0]):
        sys.exit(2)
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(args)
    except (OperationalError, ProgrammingError) as exc:
        if not _is_missing_table(exc):
            raise
        sys.stderr.write("数据库尚未建立或未迁移：请先运行 yifa migrate / "
                         "The database is not set up: run `yifa migrate` first.\n")
        sys.exit(1)


def _is_missing_table(exc: Exception) -> bool:
    text = str(exc)
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def _yifa_commands() -> dict[str, str]:
    """Command name → app, for the commands Yifa's own apps define."""
    import django
    from django.core.management import get_commands

    django.setup()
    return {name: app for name, app in sorted(get_commands().items()) if app.startswith("yifa")}


def _list_yifa_commands() -> None:
    from django.core.management import load_command_class

    lines = ["依法 Yifa 命令 / commands — yifa <命令> -h 查看用法 / for usage:", ""]
    commands = _yifa_commands()
    width = max(map(len, commands), default=0)
    for name, app in commands.items():
        summary = load_command_class(app, name).help.strip().splitlines()[0]
        lines.append(f"  {name.ljust(width)}  {summary}")
    lines += ["", "Django 与所用组件的命令（migrate、createsuperuser、qcluster …）/ Django's and the libraries' commands:",
              "  yifa help --all"]
    sys.stdout.write("\n".join(lines) + "\n")


def _print_usage_if_arguments_needed(name: str) -> bool:
    from django.core.management import load_command_class

    app = _yifa_commands().get(name)
    if app is None:
        return False
    command = load_command_class(app, name)
    parser = command.create_parser("yifa", name)
    if not any(action.required for action in parser._actions):  # argparse keeps no public list
        return False
    parser.print_help(sys.stdout)
    return True
