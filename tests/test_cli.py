"""The command-line calculator and audit check, through the real entry points."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


@pytest.mark.django_db
def test_deadline_examples_from_the_issue():
    assert run("deadline", "--from", "2026-09-29", "--working-days", "7") == "2026-10-14"
    assert run("deadline", "--from", "2026-01-10", "--calendar-days", "90") == "2026-04-10"


@pytest.mark.django_db
def test_deadline_list_and_rule():
    listing = run("deadline", "--list")
    assert "APL_DECISION" in listing
    assert "第六十条" in listing
    assert run("deadline", "--rule", "APL_HEARING_REQUEST", "--from", "2026-09-29") == "2026-10-12"


@pytest.mark.django_db
def test_deadline_bad_input_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("deadline", "--from", "29/09/2026", "--working-days", "7")
    with pytest.raises(CommandError, match="没有在该日有效的规则"):
        run("deadline", "--from", "2026-09-29", "--rule", "NO_SUCH")


def test_python_dash_m_yifa_runs(tmp_path):
    env = {"YIFA_VAR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "yifa", "migrate", "-v0"], check=True, env=env, timeout=300)
    done = subprocess.run(
        [sys.executable, "-m", "yifa", "deadline", "--from", "2026-09-29", "--working-days", "7"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == "2026-10-14"
    verify = subprocess.run([sys.executable, "-m", "yifa", "audit", "verify"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert verify.returncode == 0
    assert verify.stdout.startswith("OK 0 events")
