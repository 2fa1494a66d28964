from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from gcm_portal import health, views
from reviews.services.setup import invitation_token_generator

admin.site.site_header = _("GCM Review Portal — administration")
admin.site.site_title = _("GCM Review Portal")

urlpatterns = [
    # For the load balancer: database, storage and the report queue (gcm_portal/health.py).
    path("health/", health.health, name="health"),
    # Django's language switch, which also stores a signed-in person's choice.
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # The catalogues, edited by translators (gcm_portal.translators).
    path("translations/", include("rosetta.urls")),
    # Before Django's own: the same pages, rate-limited and lifting lockouts.
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/invitation_accept.html",
            token_generator=invitation_token_generator,
            success_url=reverse_lazy("invitation_done"),
        ),
        name="invitation_accept",
    ),
    path("accounts/invitation/done/", views.invitation_done, name="invitation_done"),
    path("work/", include("reviews.urls")),
    path("published/", include("reviews.public_urls")),
    path("", include("objectives.urls")),
]

handler500 = "gcm_portal.views.server_error"
