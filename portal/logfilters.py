"""Keep candidates' secrets and contact details out of every log line.

Our own code never logs them, but other code can: a request line or path
(gunicorn's access log, Django's "Internal Server Error: /applications/…"),
a library's exception message, SQL with its parameters at DEBUG. The filter
rewrites each record's text (and its traceback) before any handler writes it:
the path after `/applications/` (the status token and anything signed behind
it) and a shared preview link, long random tokens, email addresses and phone
numbers.
"""

import logging
import re

REDACTIONS = [
    # A status link, with whatever follows the token (signed confirmation links too).
    (re.compile(r"(/applications/)[^\s?#\"'<>]+"), r"\1[redacted]"),
    # A reviewer's signed preview link.
    (re.compile(r"(/preview/shared/)[^\s?#\"'<>]+"), r"\1[redacted]"),
    (re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # A status token (or any other long random token) on its own, e.g. in SQL.
    (re.compile(r"(?<![\w-])[A-Za-z0-9_-]{40,}(?![\w-])"), "[token]"),
    # Phone numbers: international (+…), mainland mobiles and landlines. Dots are
    # not separators, so addresses like 203.0.113.9 stay readable.
    (
        re.compile(
            r"(?<![\w.+])(?:\+\d(?:[ ()-]{0,2}\d){6,14}"
            r"|(?:86[ -]?)?1[3-9]\d(?:[ -]?\d){8}"
            r"|0\d{2,3}[ -]?\d{7,8})(?![\w.])"
        ),
        "[phone]",
    ),
]


def redact(text: str) -> str:
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactPersonalData(logging.Filter):
    """A logging filter (for handlers): rewrites the record, never drops it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is left to the handler
            return True
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def redact_server_logs() -> None:
    """Give gunicorn's own handlers (its error log and, when enabled, its access
    log, whose lines carry the request path) the same filter as ours."""
    for name in ("gunicorn.error", "gunicorn.access"):
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, RedactPersonalData) for f in handler.filters):
                handler.addFilter(RedactPersonalData())
