"""Who may edit the interface's catalogues in the portal (django-rosetta): the
administrators and the members of the "translators" group, which an administrator
gives in the admin like any other role."""

TRANSLATORS = "translators"


def may_translate(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name=TRANSLATORS).exists())
