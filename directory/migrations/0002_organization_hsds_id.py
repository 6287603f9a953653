import uuid

from django.db import migrations, models


def give_each_organization_its_own_uuid(apps, schema_editor):
    Organization = apps.get_model("directory", "Organization")
    for organization in Organization.objects.filter(hsds_id__isnull=True).only("pk"):
        organization.hsds_id = uuid.uuid4()
        organization.save(update_fields=["hsds_id"])


class Migration(migrations.Migration):
    """HSDS id: added nullable, filled row by row (a callable default gives every row the same value), then unique."""

    dependencies = [
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="hsds_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_organization_its_own_uuid, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="organization",
            name="hsds_id",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The Open Referral HSDS id of this organisation, stable across exports and imports.",
                unique=True,
                verbose_name="HSDS identifier",
            ),
        ),
    ]
