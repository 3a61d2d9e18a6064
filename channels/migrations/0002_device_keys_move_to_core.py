import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models


# Each client's key (digest, prefix, scopes, dates, revocation) becomes a core.ApiKey without a person, and the
# client points at it: the same digest, so every key issued keeps working, and the client keeps its id, so the
# returns it took keep their author. The old columns become nullable before the move, so that going back can add
# them empty, fill them, and only then make them required and unique again. The new links are checked at once (not
# at commit), so that the table can be altered further in the same transaction.
KEYS_MOVE = """
WITH moved AS (
    INSERT INTO core_apikey (name, digest, prefix, scopes, created_at, last_used_at, expires_at, rolling, revoked_at)
    SELECT name, digest, prefix, scopes, created_at, last_used_at, NULL, false, revoked_at
    FROM orders_deviceclient ORDER BY id
    RETURNING id, digest
)
UPDATE orders_deviceclient AS client SET key_id = moved.id FROM moved WHERE client.digest = moved.digest;
SET CONSTRAINTS ALL IMMEDIATE;
"""
KEYS_MOVE_BACK = """
UPDATE orders_deviceclient AS client
SET digest = api_key.digest, prefix = api_key.prefix, scopes = api_key.scopes, created_at = api_key.created_at,
    last_used_at = api_key.last_used_at, revoked_at = api_key.revoked_at, key_id = NULL
FROM core_apikey AS api_key WHERE api_key.id = client.key_id;
DELETE FROM core_apikey WHERE user_id IS NULL;
SET CONSTRAINTS ALL IMMEDIATE;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('channels', '0001_initial'),
        ('core', '0002_api_key'),
        # A person's tokens move first, with their ids; the clients' keys take the ids after them.
        ('customers', '0011_api_tokens_move_to_core'),
    ]

    operations = [
        migrations.AddField(
            model_name='deviceclient',
            name='key',
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='device_client', to='core.apikey'),
        ),
        migrations.AlterField(
            model_name='deviceclient',
            name='digest',
            field=models.CharField(help_text='SHA-256 of the key, hex.', max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name='deviceclient',
            name='prefix',
            field=models.CharField(help_text="The key's first characters, to recognise it.", max_length=12, null=True),
        ),
        migrations.AlterField(
            model_name='deviceclient',
            name='scopes',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('pos:sale', 'Record sales at the till'), ('pos:return', 'Take returns at the till'), ('channel:orders', 'Send marketplace or social orders'), ('stock:read', 'Read stock levels')], max_length=20), default=list, null=True, size=None),
        ),
        migrations.AlterField(
            model_name='deviceclient',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, null=True),
        ),
        migrations.RunSQL(KEYS_MOVE, KEYS_MOVE_BACK),
        migrations.AlterField(
            model_name='deviceclient',
            name='key',
            field=models.OneToOneField(help_text='Its API key: the scopes, when it was issued and last used, whether it is revoked.', on_delete=django.db.models.deletion.PROTECT, related_name='device_client', to='core.apikey'),
        ),
        migrations.RemoveField(model_name='deviceclient', name='digest'),
        migrations.RemoveField(model_name='deviceclient', name='prefix'),
        migrations.RemoveField(model_name='deviceclient', name='scopes'),
        migrations.RemoveField(model_name='deviceclient', name='created_at'),
        migrations.RemoveField(model_name='deviceclient', name='last_used_at'),
        migrations.RemoveField(model_name='deviceclient', name='revoked_at'),
    ]
