"""Strings of Django and of third-party apps that the portal translates itself.

Their own Spanish catalogues say *tú* or "clave", greet "Bienvenidos", or lack
these strings altogether (django-axes and django-tasks have no Spanish; some of
django-import-export's are empty or fuzzy). The portal's catalogue (LOCALE_PATHS)
wins over theirs; listing the strings here keeps them in it when makemessages
runs. Nothing imports this module: it is read by makemessages only.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

STRINGS = [
    # Django
    gettext_noop("Welcome,"),
    gettext_noop("Enter a valid JSON."),
    gettext_noop(
        "You are seeing this message because this HTTPS site requires a “Referer header” to be "
        "sent by your web browser, but none was sent. This header is required for security "
        "reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    gettext_noop(
        "You are seeing this message because this site requires a CSRF cookie when submitting "
        "forms. This cookie is required for security reasons, to ensure that your browser is not "
        "being hijacked by third parties."
    ),
    gettext_noop("Invalid password format or unknown hashing algorithm."),
    gettext_noop("No password set."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that both "
        "fields may be case-sensitive."
    ),
    # django-import-export
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, "
        "click 'Confirm import'"
    ),
    gettext_noop("Select all"),
    gettext_noop("This exporter will export the following fields: "),
    # django-axes
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Attempt Time"),
    gettext_noop("Logout Time"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("User Agent"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Access lock out"),
    gettext_noop("Locked Out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    # django-tasks-db
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
]

# django-tasks names its task statuses with the context "Task".
TASK_STATUSES = [
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
]
