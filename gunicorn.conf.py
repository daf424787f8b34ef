# gunicorn reads this file when started from the project folder (or with -c gunicorn.conf.py):
# its logs go through the same slip-token redaction as Django's (ita/lib/redact.py).
logger_class = "ita.lib.redact.GunicornLogger"
