import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Use the language the user chose with the switch, else Spanish.

    Unlike Django's LocaleMiddleware this ignores the browser's
    Accept-Language: government laptops often run an English system while
    their users work in Spanish, and the portal's language is a choice made
    once with the switch (kept in the language cookie), not a guess.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class IdleSessionMiddleware:
    """Keep a session alive while it is used, without writing it on every request.

    A session ends after SESSION_COOKIE_AGE without a request. Saving the
    session on every request (SESSION_SAVE_EVERY_REQUEST) would add a write to
    each autosave; renewing it once every SESSION_RENEW_SECONDS gives the same
    idle timeout, give or take those seconds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            if now - session.get("renewed", 0) >= settings.SESSION_RENEW_SECONDS:
                session["renewed"] = now  # modified: saved with a new expiry
        return self.get_response(request)
