"""Demo content for `manage.py loaddemo`; `load` must be idempotent."""


def load(*, stdout) -> None:
    pass
