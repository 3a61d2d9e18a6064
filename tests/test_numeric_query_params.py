"""Every numeric query parameter of the API reads ASCII digits only: anything else is a JSON 400 naming it, never a 500.

Python's int() and str.isdigit() also take '²', '١' or '９', so a check that leans on them lets these through or crashes.
"""

import pytest
from rest_framework.test import APIClient

from tests.customers.factories import shopper
from tests.factories import CategoryFactory, UserFactory, VariantFactory

pytestmark = pytest.mark.django_db

# Superscript two, circled one, superscript one, Arabic-Indic one, a minus, an exponent, a fullwidth nine.
NOT_ASCII_DIGITS = ["²", "①", "¹", "١", "-1", "1e3", "９"]

# (path, parameter, caller, other parameters the request needs)
NUMERIC_PARAMETERS = [
    ("/api/v1/products/", "min_price", "anonymous", {}),
    ("/api/v1/products/", "max_price", "anonymous", {}),
    ("/api/v1/products/", "page", "anonymous", {}),
    ("/api/v1/products/", "page_size", "anonymous", {}),
    ("/api/v1/categories/", "parent", "anonymous", {}),
    ("/api/v1/categories/", "page", "anonymous", {}),
    ("/api/v1/categories/", "page_size", "anonymous", {}),
    ("/api/v1/locations/", "page", "anonymous", {}),
    ("/api/v1/locations/", "page_size", "anonymous", {}),
    ("/api/v1/stock/", "page", "staff", {}),
    ("/api/v1/stock/", "page_size", "staff", {}),
    ("/api/v1/transfers/", "page", "staff", {}),
    ("/api/v1/transfers/", "page_size", "staff", {}),
    ("/api/v1/orders/", "page", "staff", {}),
    ("/api/v1/orders/", "page_size", "staff", {}),
    ("/api/v1/pickups/", "page", "staff", {}),
    ("/api/v1/pickups/", "page_size", "staff", {}),
    ("/api/v1/customers/lookup/", "page", "staff", {"q": "kari"}),
    ("/api/v1/customers/lookup/", "page_size", "staff", {"q": "kari"}),
    ("/api/v1/me/wishlist/", "page", "shopper", {}),
    ("/api/v1/me/wishlist/", "page_size", "shopper", {}),
    ("/api/v1/me/orders/", "page", "shopper", {}),
    ("/api/v1/me/orders/", "page_size", "shopper", {}),
    ("/api/v1/me/loyalty/", "page", "shopper", {}),
]


@pytest.fixture
def caller(request):
    """An API client signed in as the caller the parameter's endpoint serves."""
    client = APIClient()
    if request.param == "staff":
        client.force_authenticate(UserFactory(is_staff=True, is_superuser=True))
    elif request.param == "shopper":
        user, _customer = shopper("kari@example.com")
        client.force_authenticate(user)
    return client


def assert_json_400_naming(response, parameter: str):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] == "invalid"
    assert parameter in body["fields"], body


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
@pytest.mark.parametrize(
    ("path", "parameter", "caller", "extra"),
    NUMERIC_PARAMETERS,
    indirect=["caller"],
    ids=[f"{path}?{parameter}" for path, parameter, _, _ in NUMERIC_PARAMETERS],
)
def test_a_numeric_query_parameter_in_other_than_ascii_digits_is_a_400_naming_it(path, parameter, caller, extra, value):
    assert_json_400_naming(caller.get(path, {**extra, parameter: value}), parameter)


@pytest.mark.parametrize("value", ["²", "①", "¹", "١", "９", "1²"])
def test_a_category_that_is_neither_a_slug_nor_an_id_is_a_400_not_a_500(value):
    assert_json_400_naming(APIClient().get("/api/v1/products/", {"category": value}), "category")


@pytest.mark.parametrize("value", ["-1", "1e3"])
def test_a_category_spelled_like_a_slug_is_looked_up_as_one(value):
    VariantFactory(product__category=CategoryFactory(slug="shoes"))
    response = APIClient().get("/api/v1/products/", {"category": value})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_category_id_in_ascii_digits_still_filters():
    shoes = CategoryFactory(slug="shoes")
    VariantFactory(product__name="Runner", product__category=shoes)
    VariantFactory(product__name="Cap", product__category=CategoryFactory(slug="hats"))
    response = APIClient().get("/api/v1/products/", {"category": str(shoes.pk)})
    assert [row["name"] for row in response.json()["results"]] == ["Runner"]


def test_numbers_in_ascii_digits_still_work():
    shoes = CategoryFactory(slug="shoes")
    CategoryFactory(slug="boots", parent=shoes)
    VariantFactory(product__name="Runner", product__category=shoes, price="899.50")
    products = APIClient().get("/api/v1/products/", {"min_price": "899.50", "max_price": "900", "page": "1"})
    assert [row["name"] for row in products.json()["results"]] == ["Runner"]
    children = APIClient().get("/api/v1/categories/", {"parent": str(shoes.pk), "page_size": "1"})
    assert [row["slug"] for row in children.json()["results"]] == ["boots"]


def test_a_page_past_the_last_is_still_a_404():
    assert APIClient().get("/api/v1/locations/", {"page": "99"}).status_code == 404


def test_every_numeric_query_parameter_in_the_schema_is_covered_here():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    numeric = {
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and parameter["schema"].get("type") in ("integer", "number")
    }
    assert numeric <= {(path, parameter) for path, parameter, _, _ in NUMERIC_PARAMETERS}
