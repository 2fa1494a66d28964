from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectivesConfig(AppConfig):
    name = "objectives"
    verbose_name = _("Global Compact reference data")
