"""Which Django permissions each role group holds (used by the admin).

Object scope is not here: it is ``visible_to(user)`` on each model's queryset.
Each entry is (app_label, model or "*", actions). Later apps extend the table and
add a migration calling ``sync_role_groups``; it is idempotent.
"""
from .choices import Role

ROLE_PERMISSIONS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    Role.CREDIT_OFFICE: [
        ("accounts", "user", ("view", "add", "change")),
        ("accounts", "auditentry", ("view",)),
        ("accounts", "configurationchange", ("view",)),
        ("auth", "group", ("view",)),
        ("records", "*", ("view", "add", "change")),
        ("workdays", "*", ("view", "add", "change")),
        ("notifications", "*", ("view", "add", "change")),
        ("django_celery_beat", "*", ("view", "add", "change")),
        ("axes", "*", ("view",)),  # lock-outs are lifted on the account pages (audited), not by deleting
        ("accounts", "loginattempt", ("view",)),  # axes' records as shown in the admin (accounts/admin_axes.py)
        ("accounts", "loginlog", ("view",)),
        ("accounts", "loginfailure", ("view",)),
        ("commitments", "*", ("view", "add", "change")),
        ("objections", "*", ("view", "add", "change")),
        ("disputes", "*", ("view", "add", "change")),
        ("evaluation", "*", ("view", "add", "change")),
    ],
    Role.LEADER: [
        ("records", "*", ("view",)),
        ("workdays", "*", ("view",)),
        ("evaluation", "*", ("view",)),
    ],
    Role.CLERK: [
        ("records", "unit", ("view",)),
        ("records", "civilservant", ("view", "add", "change")),
    ],
    Role.SUPERVISOR: [("records", "*", ("view",))],
    Role.CADRE_REVIEWER: [("records", "civilservant", ("view",))],
    Role.CIVIL_SERVANT: [],
    Role.API_CLIENT: [],
}


def sync_role_groups(apps, schema_editor=None):
    """Create the role groups and give each its permissions (safe to run again)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, entries in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        for app_label, model, actions in entries:
            perms = Permission.objects.filter(content_type__app_label=app_label)
            if model != "*":
                perms = perms.filter(content_type__model=model)
            for perm in perms:
                if perm.codename.split("_", 1)[0] in actions:
                    group.permissions.add(perm)
