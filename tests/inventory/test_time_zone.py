"""A location's time zone must be one zoneinfo knows: refused in the staff console, found by the data check."""

import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError

from inventory.models import Location
from tests.factories import LocationFactory


@pytest.mark.django_db
def test_model_validation_refuses_an_unknown_time_zone():
    location = LocationFactory.build(code="TYPO1", timezone="Europe/Olso")
    with pytest.raises(ValidationError) as caught:
        location.full_clean()
    assert "timezone" in caught.value.message_dict


@pytest.mark.django_db
def test_admin_form_refuses_an_unknown_time_zone(admin_client):
    location = LocationFactory(code="TZ1")
    data = {
        "code": "TZ1",
        "name": location.name,
        "kind": "store",
        "is_active": "on",
        "country": "NO",
        "timezone": "Europe/Olso",
        "pickup_lead_minutes": "120",
        "default_online_buffer": "0",
        "opening_hours-TOTAL_FORMS": "0",
        "opening_hours-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/inventory/location/{location.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the error
    assert "is not a time zone" in response.content.decode()
    location.refresh_from_db()
    assert location.timezone == "Europe/Oslo"


@pytest.mark.django_db
def test_data_check_names_a_location_with_an_unknown_time_zone():
    LocationFactory(code="GOOD1")
    bad = LocationFactory(code="BAD1")
    Location.objects.filter(pk=bad.pk).update(timezone="Mars/Olympus")  # as SQL or an old row would
    errors = checks.run_checks(tags=[checks.Tags.database], databases=["default"])
    found = [e for e in errors if e.id == "inventory.E001"]
    assert [e.obj for e in found] == ["inventory.Location BAD1"]


def test_migrate_runs_on_a_brand_new_database(tmp_path):
    """`make run` migrates a new database: the stored-data check must not query a table migrate has not made yet."""
    name = f"omnistore_fresh_{uuid.uuid4().hex[:8]}"
    params = settings.DATABASES["default"]
    dsn = f"host={params['HOST']} port={params['PORT'] or 5432} user={params['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DATABASE_URL": url, "DATABASE_POOL": "0"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert result.returncode == 0, result.stderr[-2000:]
