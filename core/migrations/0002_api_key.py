import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# One table for every API key: a person's (until now customers.ApiToken) and a till's or marketplace's (until now
# the key columns of channels.DeviceClient). Their rows move in by customers 0011 and channels 0002.


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_outbox'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(blank=True, help_text="The device or app, e.g. 'Kari's phone' or 'Till 2'.", max_length=100)),
                ('digest', models.CharField(help_text='SHA-256 of the key, hex.', max_length=64, unique=True)),
                ('prefix', models.CharField(help_text="The key's first characters, to recognise it.", max_length=12)),
                ('scopes', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=20), blank=True, default=list, help_text="What a device's key may do; a person's key has none (the person's permissions apply).", size=None)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_used_at', models.DateTimeField(blank=True, null=True)),
                ('expires_at', models.DateTimeField(blank=True, help_text='Empty: valid until revoked.', null=True)),
                ('rolling', models.BooleanField(default=False, help_text='Each use pushes the expiry forward (the shopper app).')),
                ('revoked_at', models.DateTimeField(blank=True, help_text='A revoked key is refused from then on.', null=True)),
                ('user', models.ForeignKey(blank=True, help_text="The person the key signs in; empty for a till's or a marketplace's key.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='api_keys', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'API key',
                'ordering': ['-created_at', '-pk'],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(('user__isnull', True), ('scopes', []), _connector='OR'), name='api_key_person_has_no_scopes'),
                    models.CheckConstraint(condition=models.Q(('rolling', False), ('expires_at__isnull', False), _connector='OR'), name='api_key_rolling_expires'),
                ],
            },
        ),
    ]
