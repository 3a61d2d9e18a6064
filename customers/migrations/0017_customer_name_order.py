import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0016_customer_surname_order'),
        ('inventory', '0011_location_terminal_reader'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='customer',
            index=models.Index(django.db.models.functions.text.Upper('full_name'), models.F('last_name'), models.F('first_name'), models.F('id'), condition=models.Q(('merged_into__isnull', True)), name='customer_name_order'),
        ),
        migrations.AddIndex(
            model_name='customer',
            index=django.contrib.postgres.indexes.GinIndex(models.Func(django.db.models.functions.text.Upper('full_name'), models.Value('[^[:alnum:]]+'), function='regexp_split_to_array', output_field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)), condition=models.Q(('merged_into__isnull', True), models.Q(('full_name__regex', '^[[:alnum:]]+ [[:alnum:]]+$'), _negated=True)), fastupdate=False, name='customer_unusual_name_words'),
        ),
    ]
