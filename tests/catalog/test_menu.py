"""The category menu is cached by the structure version: a committed category change shows on the next request."""

from tests.factories import CategoryFactory


def menu(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('<nav class="categories"') : html.index("</nav>", html.index('<nav class="categories"'))]


def test_new_category_shows_in_menu_on_the_next_request_after_commit(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        CategoryFactory(name="Shoes")
    assert "Shoes" in menu(client)
    with django_capture_on_commit_callbacks(execute=True):
        CategoryFactory(name="Bags")
    assert "Bags" in menu(client) and "Shoes" in menu(client)


def test_renamed_category_shows_new_name_in_menu(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        category = CategoryFactory(name="Shoes", slug="shoes")
    assert "Shoes" in menu(client)
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Footwear"
        category.save()
    html = menu(client)
    assert "Footwear" in html and "Shoes" not in html


def test_the_menu_marks_the_current_category(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        CategoryFactory(name="Shoes", slug="shoes")
        CategoryFactory(name="Bags", slug="bags")
    html = client.get("/c/shoes/").content.decode()
    assert '<a href="/c/shoes/" aria-current="page">Shoes</a>' in html
    assert '<a href="/c/bags/">Bags</a>' in html
