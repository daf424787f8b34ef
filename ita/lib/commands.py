from django.core.management import CommandError


class ผิดพลาด(CommandError):
    """A CommandError whose name is Thai: Django prints "<class name>: <message>" when a command
    fails from the shell, so officers see "ผิดพลาด: …" instead of "CommandError: …"."""
