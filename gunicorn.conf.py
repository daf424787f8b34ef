# gunicorn reads this file when started from the project folder (or with -c gunicorn.conf.py):
# its logs go through the same slip-token redaction as Django's (ita/lib/redact.py), leave out
# /healthz's access lines, and are JSON lines with ITA_LOG_FORMAT=json (ita/lib/logging_json.py).
logger_class = "ita.lib.logging_json.JsonGunicornLogger"
