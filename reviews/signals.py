"""Signal receivers: the audit log hears sign-ins and role changes; a sign-in
stores the language the person uses, for their e-mails; a
questionnaire with answers is not reshaped under people's feet, whatever path
(admin, shell, a script) tries; an attachment's stored file goes with its row.

Connected by ``ReviewsConfig.ready``.
"""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from reviews.models import (
    Attachment,
    FocalPoint,
    NationalCoordinator,
    Question,
    RegionalReviewer,
    ReviewCycle,
)
from reviews.services.audit import Action, record
from reviews.services.notifications import language_remember, language_supported


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record(Action.SIGN_IN, user)


@receiver(user_logged_in, dispatch_uid="language-remembered-on-sign-in")
def _language_remembered(sender, request, user, **kwargs):
    # The language the person reads the portal in (ChosenLanguageMiddleware):
    # their e-mails are written in it. A sign-in without a request (a test's
    # force_login, a script) tells nothing.
    language = getattr(request, "LANGUAGE_CODE", None)
    if language_supported(language):
        language_remember(user=user, language=language)


@receiver(user_login_failed)
def _sign_in_refused(sender, credentials, request=None, **kwargs):
    record(Action.SIGN_IN_FAILED, username=str(credentials.get("username", ""))[:150])


ROLE_MODELS = (NationalCoordinator, FocalPoint, RegionalReviewer)


def _role_changed(sender, instance, action):
    # The person by name only: a role also goes when its user is deleted.
    record(
        action,
        subject=instance,
        detail=str(sender._meta.verbose_name),
        username=instance.user.get_username(),
    )


for _model in ROLE_MODELS:
    # raw: rows loaded from a fixture (a restore) are not new roles.
    post_save.connect(
        lambda sender, instance, created, raw=False, **kw: (
            created and not raw and _role_changed(sender, instance, Action.ROLE_GIVEN)
        ),
        sender=_model,
        weak=False,
        dispatch_uid=f"audit-role-given-{_model.__name__}",
    )
    post_delete.connect(
        lambda sender, instance, **kw: _role_changed(sender, instance, Action.ROLE_REMOVED),
        sender=_model,
        weak=False,
        dispatch_uid=f"audit-role-removed-{_model.__name__}",
    )


@receiver(pre_save, sender=Question, dispatch_uid="questionnaire-shape-kept")
def _question_shape_kept(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.check_shape_change()


@receiver(pre_delete, sender=Question, dispatch_uid="questionnaire-question-kept")
def _question_kept(sender, instance, **kwargs):
    instance.check_deletion()


@receiver(pre_save, sender=ReviewCycle, dispatch_uid="questionnaire-grouping-kept")
def _grouping_kept(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.check_grouping_change()


@receiver(post_delete, sender=Attachment, dispatch_uid="attachment-file-deleted")
def _attachment_file_deleted(sender, instance, **kwargs):
    # Deleted with its programme, review or cycle, by whatever path: the stored object
    # goes too (no orphan in a shared bucket), once the deletion is committed, so a
    # rollback keeps both.
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
