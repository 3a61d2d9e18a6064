"""Moving a model to another app without moving its table: the migration operations both sides use.

The table keeps its name (Meta.db_table) and no row moves; only Django's idea of which app owns the model changes.
Its content type is renamed in place, so its id — and every permission and admin log entry pointing at it — stays,
and staff groups keep what they could do.
"""

from django.db import migrations


def state_only(*operations) -> migrations.SeparateDatabaseAndState:
    """Operations that change Django's model state and leave the database as it is."""
    return migrations.SeparateDatabaseAndState(state_operations=list(operations), database_operations=[])


def content_types_move(*, old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """Give the moved models' content types their new app label (and back, when the migration is reversed)."""

    def rename(apps, schema_editor, source: str, target: str) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_type.objects.filter(app_label=target, model=model).exists():
                content_type.objects.filter(app_label=source, model=model).update(app_label=target)

    return migrations.RunPython(
        lambda apps, editor: rename(apps, editor, old_app, new_app),
        lambda apps, editor: rename(apps, editor, new_app, old_app),
        elidable=False,
    )
