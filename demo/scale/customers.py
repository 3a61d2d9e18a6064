"""Scale customers (unique emails, phones and cards, names from short lists) and their wishlists, in bulk."""

from django.db import connection, transaction

from demo.scale.base import CARD_PREFIX, EMAIL_DOMAIN, SKU_PREFIX, scalar
from inventory.models import Location

FIRST_NAMES = [
    "Kari", "Ola", "Ingrid", "Lars", "Sofie", "Jonas", "Nora", "Emil", "Emma", "Henrik", "Ida", "Magnus",
    "Maja", "Sander", "Thea", "Kristian", "Sara", "Andreas", "Hanna", "Martin", "Ingeborg", "Jakob",
    "Astrid", "Sindre", "Solveig", "Håkon", "Marte", "Øystein", "Silje", "Bjørn", "Tone", "Eirik", "Live",
    "Torbjørn", "Helene", "Mats", "Julie", "Petter", "Ane", "Knut",
]  # fmt: skip
LAST_NAMES = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
    "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
    "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen",
    "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen",
    "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde",
    "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge",
    "Christensen", "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen",
    "Ødegård", "Hovland", "Bråten", "Sandvik", "Tangen", "Aasen",
]  # fmt: skip
CHANNELS = ["store"] * 10 + ["web"] * 7 + ["app"] * 2 + ["marketplace"]
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def _customer_rows(start: int, stop: int, stores: list[int]):
    for n in range(start, stop):
        first = FIRST_NAMES[(n * 7 + n // 1000) % len(FIRST_NAMES)]
        last = LAST_NAMES[(n * 13 + n // len(FIRST_NAMES)) % len(LAST_NAMES)]
        email = f"{first}.{last}.{n + 1}@{EMAIL_DOMAIN}".translate(_ASCII).casefold()
        # 7919 is prime to 10^7, so n → n·7919 mod 10^7 is one-to-one: unique mobile numbers +47 9xx xx xxx.
        phone = None if n % 10 == 4 else f"+479{(n * 7919 + 1_234_567) % 10_000_000:07d}"
        card = f"{CARD_PREFIX}{n + 1:011d}"
        channel = CHANNELS[(n * 3) % len(CHANNELS)]
        consent = n % 3 == 0
        yield (email, phone, card, first, last, consent, channel, stores[n % len(stores)], n % 1000, n % 1440)


def customers_seed(*, total: int, locations: list[Location], bar) -> None:
    """Customers with unique case-folded emails, E.164 phones and card numbers; names from short lists."""
    stores = [loc.pk for loc in locations if loc.kind == Location.Kind.STORE] or [locations[0].pk]
    with transaction.atomic():
        have = scalar("SELECT count(*) FROM customers_customer WHERE email LIKE %s", ["%@" + EMAIL_DOMAIN])
        with bar("customers", max(total - have, 0)) as progress, connection.cursor() as cursor:
            if total <= have:
                return
            cursor.execute(
                "CREATE TEMP TABLE _scale_customers (email text, phone text, card text, first text, last text, "
                "consent bool, channel text, store bigint, age_days int, minute int) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY _scale_customers FROM STDIN") as copy:
                for row in _customer_rows(have, total, stores):
                    copy.write_row(row)
                    progress.update(1)
            cursor.execute(
                """
                INSERT INTO customers_customer
                    (email, phone, card_number, first_name, last_name, marketing_consent, marketing_consent_at,
                     home_store_id, created_channel, created_at)
                SELECT email, phone, card, first, last, consent,
                       CASE WHEN consent THEN now() - age_days * interval '1 day' END,
                       store, channel, now() - age_days * interval '1 day' - minute * interval '1 minute'
                FROM _scale_customers
                ON CONFLICT DO NOTHING
                """
            )
            cursor.execute("DROP TABLE _scale_customers")


def wishlists_seed(*, n_variants: int, bar) -> None:
    """Every fourth scale customer keeps 1–3 items on the wishlist."""
    if not n_variants:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO customers_wishlistitem (customer_id, variant_id, source, added_at)
            SELECT c.id, v.id, (ARRAY['web','email','app','clerk'])[1 + (c.n + j) %% 4],
                   now() - ((c.n + j) %% 200) * interval '1 day'
            FROM (SELECT id, substring(card_number from 2)::bigint AS n FROM customers_customer
                  WHERE email LIKE %(email)s AND card_number LIKE %(card)s) c
            CROSS JOIN LATERAL generate_series(1, 1 + c.n %% 3) AS j
            JOIN catalog_variant v
              ON v.sku = %(sku)s || lpad((1 + (c.n * 11 + j * 977) %% %(variants)s)::text, 7, '0')
            WHERE c.n %% 4 = 0
            ON CONFLICT DO NOTHING
            """,
            {"email": "%@" + EMAIL_DOMAIN, "card": CARD_PREFIX + "%", "sku": SKU_PREFIX, "variants": n_variants},
        )
        with bar("wishlists", cursor.rowcount) as progress:
            progress.update(cursor.rowcount)
