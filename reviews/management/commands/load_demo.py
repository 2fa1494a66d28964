from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviews.demo import load_demo_data


class Command(BaseCommand):
    help = "Create the demo accounts (development only) and print their logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is for development: set DEBUG=1 or pass --force.")
        logins = load_demo_data()
        self.stdout.write("Demo logins:")
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {login.password:<18} {login.role}")
