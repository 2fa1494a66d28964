"""The portal's names for two apps that name themselves in English only
(django-axes: "Axes"; django-tasks-db: "Tasks Database Backend", not translatable)."""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class SignInAttemptsConfig(AxesConfig):
    verbose_name = _("Sign-in attempts")


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
