"""The "translators" group: its members edit the interface's catalogues in the portal."""

from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="translators")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("reviews", "0015_report_language_any"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
