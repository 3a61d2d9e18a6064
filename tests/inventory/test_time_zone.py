"""A location's time zone must be one zoneinfo knows: refused in the staff console, found by the data check."""

import pytest
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
