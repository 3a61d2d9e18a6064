import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

# A word and the word with each one of its letters left out ("MOE" → MOE, OE, ME, MO): a typed word and a name word
# one slip apart share one of these. Immutable, so that the name-word vocabulary can be indexed on it.
NAME_WORD_VARIANTS = """
CREATE FUNCTION customers_name_word_variants(word text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    variants text[] := ARRAY[word];
BEGIN
    IF char_length(word) > 1 THEN
        FOR i IN 1..char_length(word) LOOP
            variants := variants || overlay(word PLACING '' FROM i FOR 1);
        END LOOP;
    END IF;
    RETURN variants;
END
$$;
"""
DROP_NAME_WORD_VARIANTS = "DROP FUNCTION IF EXISTS customers_name_word_variants(text);"


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0014_timeline_old_summaries'),
    ]

    operations = [
        migrations.RunSQL(NAME_WORD_VARIANTS, DROP_NAME_WORD_VARIANTS),
        migrations.AddIndex(
            model_name='nameword',
            index=django.contrib.postgres.indexes.GinIndex(models.Func('word', function='customers_name_word_variants', output_field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)), fastupdate=False, name='nameword_word_variants'),
        ),
    ]
