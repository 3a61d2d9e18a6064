from django.db import migrations


# A person's API tokens become core.ApiKey rows with the same id (a device's id in the app's list of devices stays),
# digest, prefix, dates and expiry: every key issued keeps working. Revoking keeps a row from now on; a token never
# was revoked, only deleted. Going back takes the live ones back (a revoked or never-expiring key was no token).
TOKENS_MOVE = """
INSERT INTO core_apikey (id, user_id, name, digest, prefix, scopes, created_at, last_used_at, expires_at, rolling)
SELECT id, user_id, name, digest, prefix, '{}', created_at, last_used_at, expires_at, rolling
FROM customers_apitoken ORDER BY id;
SELECT setval(pg_get_serial_sequence('core_apikey', 'id'), coalesce(max(id), 0) + 1, false) FROM core_apikey;
"""
TOKENS_MOVE_BACK = """
INSERT INTO customers_apitoken (id, user_id, name, digest, prefix, created_at, last_used_at, expires_at, rolling)
SELECT id, user_id, name, digest, left(prefix, 8), created_at, last_used_at, expires_at, rolling
FROM core_apikey WHERE user_id IS NOT NULL AND revoked_at IS NULL AND expires_at IS NOT NULL ORDER BY id;
SELECT setval(pg_get_serial_sequence('customers_apitoken', 'id'), coalesce(max(id), 0) + 1, false)
FROM customers_apitoken;
DELETE FROM core_apikey WHERE user_id IS NOT NULL;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_api_key'),
        ('customers', '0010_name_words'),
    ]

    operations = [
        migrations.RunSQL(TOKENS_MOVE, TOKENS_MOVE_BACK),
        migrations.DeleteModel(name='ApiToken'),
    ]
