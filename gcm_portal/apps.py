"""The portal's names for two apps that name themselves in English only
(django-axes: "Axes"; django-tasks-db: "Tasks Database Backend", not translatable)."""

from axes.apps import AppConfig as AxesConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


def cache_table_create(using: str = "default", **kwargs) -> None:
    """The cache tables (``CACHES``: the rate limits', the pages gunicorn's processes
    share), made by every ``migrate``: no deployment step to forget. Creates only
    what is missing."""
    call_command("createcachetable", database=using, verbosity=0)


class SignInAttemptsConfig(AxesConfig):
    verbose_name = _("Sign-in attempts")

    def ready(self) -> None:
        super().ready()
        post_migrate.connect(cache_table_create, sender=self)


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
