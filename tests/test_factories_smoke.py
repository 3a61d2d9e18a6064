from core.roles import STORE_MANAGER, user_role
from tests.factories import StaffFactory


def test_staff_factory_gives_role_and_home_store(store):
    user = StaffFactory(role=STORE_MANAGER, location=store)
    assert user_role(user) == STORE_MANAGER
    assert user.staff_profile.home_location == store
