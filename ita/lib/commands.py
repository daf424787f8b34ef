import json
import sys

from django.core.management import CommandError


class ผิดพลาด(CommandError):
    """A CommandError whose name is Thai: Django prints "<class name>: <message>" when a command
    fails from the shell, so officers see "ผิดพลาด: …" instead of "CommandError: …"."""


def refuse(command, message: str, *, as_json: bool):
    """Stop a command that refused its input: one Thai line on stderr, the same as JSON on
    stdout when --json was asked for, and exit code 2 (what scripts test for)."""
    if as_json:
        command.stdout.write(json.dumps({"ok": False, "error": message}, ensure_ascii=False))
    sys.stderr.write(f"ผิดพลาด: {message}\n")
    sys.exit(2)


def report(command, summary) -> None:
    """A summary's JSON on stdout (for --json)."""
    command.stdout.write(json.dumps(summary.as_json(), ensure_ascii=False))
