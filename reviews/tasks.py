"""Background tasks, run by django-tasks' workers (``manage.py db_worker``).

A task only calls its service; the service enqueues it, so the service is
imported when the task runs, not when this module loads.
"""

from django_tasks import task


@task()
def render_report_task(job_id: int) -> None:
    from reviews.services.reports import report_render

    report_render(job_id)


@task()
def send_digest_task(review_id: int) -> None:
    from reviews.services.notifications import digest_send

    digest_send(review_id=review_id)


@task()
def send_due_reminders_task() -> None:
    from reviews.services.schedule import due_reminders_send

    due_reminders_send()


@task()
def prune_reports_task() -> None:
    from reviews.services.retention import reports_prune

    reports_prune()


@task()
def watch_report_task(job_id: int, attempt: int) -> None:
    from reviews.services.reports import report_watch

    report_watch(job_id, attempt)
