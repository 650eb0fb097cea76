"""Work done after an application's transaction commits, by the task worker."""

import logging

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def enqueue(task, **kwargs) -> None:
    """Queue `task` so that it runs only after the current transaction commits.

    The durable queue (django-tasks-db) is a table in the same database, so its
    row is written inside the transaction: they commit together or not at all,
    and a process killed right after the commit loses no task. Any other
    backend (the immediate one runs the task on the spot) is called after the
    commit.
    """
    from django_tasks_db import DatabaseBackend

    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
        return

    def enqueue_after_commit():
        try:
            task.enqueue(**kwargs)
        except Exception:  # noqa: BLE001 - the data is stored; the work can be re-run
            logger.exception("could not run or enqueue %s", task.name)

    transaction.on_commit(enqueue_after_commit)


# Set in this process's memory while a processing pass it queued is still to run.
QUEUED_RUN_KEY = "recruitment:processing-pass-queued"


def queue_processing() -> None:
    """Have the background work of the application being saved done after the commit.

    An application waits with `processed_at` empty until a
    `process_new_applications` pass has extracted its résumé's text and sent
    its confirmation. During a burst a task row per application would cost as
    much as the application itself, so on the durable queue each process
    queues a pass deferred by PROCESSING_DELAY, then none until that pass is
    due: every application it saves meanwhile commits before the pass runs
    (and a pass that found work queues another, for a straggler). With the
    immediate backend the pass runs right after each commit.
    """
    from django_tasks_db import DatabaseBackend

    from .. import tasks

    task = tasks.process_new_applications
    if not isinstance(task.get_backend(), DatabaseBackend):
        enqueue(task)
        return
    local = caches["local"]
    if local.get(QUEUED_RUN_KEY):
        return
    delay = tasks.PROCESSING_DELAY
    task.using(run_after=timezone.now() + delay).enqueue()
    # Only once the pass's row is committed: a rolled-back one queued nothing.
    transaction.on_commit(lambda: local.set(QUEUED_RUN_KEY, True, timeout=delay.total_seconds()))
