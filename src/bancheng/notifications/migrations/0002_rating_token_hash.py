"""Rating links: store only the SHA-256 of each token. Existing rows are hashed in place, so links already
sent by SMS keep working (the page looks a token up by its hash)."""

import hashlib

from django.db import migrations, models


def hash_existing(apps, schema_editor):
    RatingInvitation = apps.get_model("notifications", "RatingInvitation")
    for invitation in RatingInvitation.objects.only("pk", "token_hash").iterator():
        clear = invitation.token_hash
        invitation.token_hash = hashlib.sha256(clear.encode()).hexdigest()
        invitation.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.RenameField("ratinginvitation", "token", "token_hash"),
        migrations.AlterField(
            model_name="ratinginvitation",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="令牌摘要"),
        ),
        # one way only: the clear tokens cannot be recovered, so going back leaves the hashes in place
        migrations.RunPython(hash_existing, migrations.RunPython.noop),
    ]
