import atexit

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from reviews import signals, stamps  # noqa: F401 signals connects the audit log's receivers

        # Every write moves the stamps that cached pages are keyed by (reviews.stamps).
        connection_created.connect(stamps.install, dispatch_uid="gcm-stamps")
        stamps.install_all()
        request_started.connect(stamps.request_started, dispatch_uid="gcm-stamps")
        request_finished.connect(stamps.request_finished, dispatch_uid="gcm-stamps")
        atexit.register(stamps.flush)
        pre_migrate.connect(stamps.migration_started, sender=self, dispatch_uid="gcm-stamps")
        post_migrate.connect(stamps.migration_finished, sender=self, dispatch_uid="gcm-stamps")
