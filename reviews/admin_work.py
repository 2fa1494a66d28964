"""What the admin says when a delete would take people's work with it."""

from django.contrib import messages
from django.utils.translation import gettext_lazy

# Why a delete is refused, by model: their foreign keys protect people's work.
REFUSED_DELETE = {
    "nationalreview": gettext_lazy(
        "Nothing was deleted: this review holds what its institutions and coordinators "
        "wrote (requests, forms, national texts, validations), and the portal never deletes "
        "that work."
    ),
    "institution": gettext_lazy(
        "Nothing was deleted: this institution was asked for information, and its requests "
        "keep what its people wrote (forms, answers, programmes). The portal never deletes "
        "that work. If the institution no longer takes part, untick “active” instead: it "
        "is no longer offered, and its work stays."
    ),
    "institutionrequest": gettext_lazy(
        "Nothing was deleted: this request holds the institution's forms and programmes, "
        "and the portal never deletes that work. While the institution has written nothing, "
        "the coordinator can stop asking it from the review's page."
    ),
}


class KeepsWork:
    """A model admin whose objects hold people's work: their foreign keys protect it
    (``on_delete=PROTECT``), and when a delete is refused the page says why in plain
    words above Django's list of what is protected."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            self.message_user(request, REFUSED_DELETE[self.opts.model_name], messages.ERROR)
        return deleted, counts, perms_needed, protected
