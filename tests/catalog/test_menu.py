from catalog.selectors import categories_for_menu
from tests.factories import CategoryFactory


def test_new_category_shows_in_menu_at_once(db):
    CategoryFactory(name="Shoes")
    assert [c.name for c in categories_for_menu()] == ["Shoes"]
    CategoryFactory(name="Bags")
    assert sorted(c.name for c in categories_for_menu()) == ["Bags", "Shoes"]


def test_renamed_category_shows_new_name_in_menu(db):
    category = CategoryFactory(name="Shoes")
    categories_for_menu()
    category.name = "Footwear"
    category.save()
    assert [c.name for c in categories_for_menu()] == ["Footwear"]
