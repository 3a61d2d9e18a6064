"""Square at the HTTP boundary: the six endpoints the connector uses, served on loopback in a thread, with state.

No official local fake exists. This one keeps what the connector sends (catalog objects with ids and versions,
physical counts per location) and what a till would have made (orders, customers, refunds), enforces Square's batch
limits, versions and idempotency keys, and can answer 500 for a while. Webhook bodies are signed as Square signs
them: base64 HMAC-SHA256 of the notification URL followed by the body.
"""

import base64
import hashlib
import hmac
import itertools
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "EAAA-test-omnistore"
SIGNATURE_KEY = "square-signature-key-test"
WEBHOOK_URL = "https://shop.example.com/integrations/square/webhook/"


def sign(body: str, *, key: str = SIGNATURE_KEY, url: str = WEBHOOK_URL) -> str:
    return base64.b64encode(hmac.new(key.encode(), (url + body).encode(), hashlib.sha256).digest()).decode()


def _error(code: str, detail: str, category: str = "INVALID_REQUEST_ERROR") -> dict:
    return {"errors": [{"category": category, "code": code, "detail": detail}]}


class SquareState:
    """Everything the fake Square knows; tests arrange and read it directly."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.locations = [
            {
                "id": "LOSL1",
                "name": "Oslo Sentrum",
                "status": "ACTIVE",
                "address": {
                    "address_line1": "Karl Johans gate 1",
                    "locality": "Oslo",
                    "postal_code": "0154",
                    "country": "NO",
                },
            },
            {
                "id": "LBGO1",
                "name": "Bergen Torget",
                "status": "ACTIVE",
                "address": {"locality": "Bergen", "country": "NO"},
            },
        ]
        self.catalog: dict[str, dict] = {}  # item id → item with its variations
        self.objects: dict[str, dict] = {}  # every item and variation by id
        self.counts: dict[tuple[str, str], str] = {}  # (location id, variation id) → quantity
        self.orders: dict[str, dict] = {}
        self.customers: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.replies: dict[str, tuple[str, dict]] = {}  # idempotency key → (what was asked, the answer)
        self.requests: list[dict] = []  # method, path, objects (catalog) or changes (inventory)
        self.failing: dict[str, int] = {}  # path prefix → how many more requests answer 500

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self.ids):06d}"

    # What the tests read.
    def variation(self, sku: str) -> dict | None:
        for item in self.catalog.values():
            for variation in item["item_data"].get("variations", []):
                if variation["item_variation_data"].get("sku") == sku:
                    return variation
        return None

    def sent(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"].startswith(path)]

    # What a till would have made.
    def add_order(
        self,
        *,
        location_id: str,
        lines: list[tuple[str, int, int]],
        tenders: list[tuple[str, int]],
        customer: dict | None = None,
        discount: int = 0,
        state: str = "COMPLETED",
        currency: str = "NOK",
    ) -> dict:
        """lines: (variation id, quantity, unit price in minor units); tenders: (CARD|CASH, amount in minor units)."""
        order_id = self.new_id("ORD")
        customer_id = None
        if customer is not None:
            customer_id = self.new_id("CUST")
            self.customers[customer_id] = {"id": customer_id, **customer}
        order = {
            "id": order_id,
            "location_id": location_id,
            "state": state,
            "customer_id": customer_id,
            "line_items": [
                {
                    "uid": f"L{n}",
                    "catalog_object_id": vid,
                    "name": vid,
                    "quantity": str(qty),
                    "base_price_money": {"amount": price, "currency": currency},
                }
                for n, (vid, qty, price) in enumerate(lines)
            ],
            "tenders": [
                {"id": self.new_id("T"), "type": kind, "amount_money": {"amount": amount, "currency": currency}}
                for kind, amount in tenders
            ],
            "total_discount_money": {"amount": discount, "currency": currency},
            "created_at": "2026-12-05T10:00:00Z",
            "closed_at": "2026-12-05T10:01:00Z" if state == "COMPLETED" else None,
        }
        self.orders[order_id] = order
        return order

    def add_refund(
        self, *, source: dict, returned: list[tuple[str, int]], amount: int, status: str = "COMPLETED"
    ) -> dict:
        """A refund of `source`, with a return order carrying the returned items (none: a refund of money only)."""
        refund_id = self.new_id("REF")
        order_id = source["id"]
        if returned:
            order_id = self.new_id("ORD")
            self.orders[order_id] = {
                "id": order_id,
                "location_id": source["location_id"],
                "state": "COMPLETED",
                "returns": [
                    {
                        "uid": "R1",
                        "source_order_id": source["id"],
                        "return_line_items": [
                            {"uid": f"RL{n}", "catalog_object_id": vid, "name": vid, "quantity": str(qty)}
                            for n, (vid, qty) in enumerate(returned)
                        ],
                    }
                ],
            }
        self.refunds[refund_id] = {
            "id": refund_id,
            "status": status,
            "order_id": order_id,
            "location_id": source["location_id"],
            "amount_money": {"amount": amount, "currency": "NOK"},
        }
        return self.refunds[refund_id]


class FakeSquare(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = SquareState()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeSquare

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("retry-after-ms", "5")  # the SDK's own retries wait this long
        self.end_headers()
        self.wfile.write(data)

    def _refused(self) -> bool:
        state = self.server.state
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._answer(401, _error("UNAUTHORIZED", "This request could not be authorized.", "AUTHENTICATION_ERROR"))
            return True
        with state.lock:
            for prefix, left in state.failing.items():
                if self.path.startswith(prefix) and left > 0:
                    state.failing[prefix] = left - 1
                    self._answer(500, _error("INTERNAL_SERVER_ERROR", "Square is down.", "API_ERROR"))
                    return True
        return False

    def do_GET(self):
        if self._refused():
            return
        state = self.server.state
        with state.lock:
            state.requests.append({"method": "GET", "path": self.path})
            if self.path == "/v2/locations":
                return self._answer(200, {"locations": state.locations})
            for pattern, table, key in (
                (r"^/v2/orders/([^/?]+)$", state.orders, "order"),
                (r"^/v2/customers/([^/?]+)$", state.customers, "customer"),
                (r"^/v2/refunds/([^/?]+)$", state.refunds, "refund"),
            ):
                match = re.match(pattern, self.path)
                if match:
                    found = table.get(match.group(1))
                    if found is None:
                        return self._answer(404, _error("NOT_FOUND", f"{key} not found"))
                    return self._answer(200, {key: found})
        self._answer(404, _error("NOT_FOUND", "no such endpoint"))

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if self._refused():
            return
        state = self.server.state
        handlers = {"/v2/catalog/batch-upsert": _batch_upsert, "/v2/inventory/changes/batch-create": _batch_change}
        handler = handlers.get(self.path)
        if handler is None:
            return self._answer(404, _error("NOT_FOUND", "no such endpoint"))
        with state.lock:
            asked = json.dumps(body, sort_keys=True)
            key = body.get("idempotency_key")
            if not key:
                return self._answer(400, _error("MISSING_REQUIRED_PARAMETER", "idempotency_key"))
            if key in state.replies:
                first, answer = state.replies[key]
                if first != asked:
                    return self._answer(400, _error("IDEMPOTENCY_KEY_REUSED", key))
                state.requests.append(
                    {"method": "POST", "path": self.path, "replayed": True, "objects": 0, "changes": 0}
                )
                return self._answer(200, answer)
            status, answer = handler(state, body)
            if status == 200:
                state.replies[key] = (asked, answer)
        self._answer(status, answer)


def _batch_upsert(state: SquareState, body: dict) -> tuple[int, dict]:
    batches = body.get("batches") or []
    sizes = [sum(1 + len((o.get("item_data") or {}).get("variations") or []) for o in b["objects"]) for b in batches]
    if any(size > 1000 for size in sizes) or sum(sizes) > 10000:
        return 400, _error("TOO_MANY_OBJECTS", "at most 1,000 objects a batch and 10,000 a request")
    state.requests.append({"method": "POST", "path": "/v2/catalog/batch-upsert", "objects": sum(sizes)})
    objects, mappings, errors = [], [], []
    for batch in batches:
        problem = next((p for p in (_version_problem(state, o) for o in batch["objects"]) if p), None)
        if problem:
            errors.append({"category": "INVALID_REQUEST_ERROR", "code": "VERSION_MISMATCH", "detail": problem})
            continue
        for obj in batch["objects"]:
            objects.append(_store_item(state, json.loads(json.dumps(obj)), mappings))
    return 200, {"objects": objects, "id_mappings": mappings, "errors": errors}


def _version_problem(state: SquareState, item: dict) -> str:
    for obj in [item, *item["item_data"].get("variations", [])]:
        if obj["id"].startswith("#"):
            continue
        stored = state.objects.get(obj["id"])
        if stored is None:
            return f"object {obj['id']} not found"
        if obj.get("version") != stored.get("version"):
            return f"object {obj['id']} has version {stored.get('version')}, not {obj.get('version')}"
    return ""


def _store_item(state: SquareState, item: dict, mappings: list) -> dict:
    version = next(state.ids)
    if item["id"].startswith("#"):
        real = state.new_id("ITEM")
        mappings.append({"client_object_id": item["id"], "object_id": real})
        item["id"] = real
    item["version"] = version
    for variation in item["item_data"].get("variations", []):
        if variation["id"].startswith("#"):
            real = state.new_id("VAR")
            mappings.append({"client_object_id": variation["id"], "object_id": real})
            variation["id"] = real
        variation["version"] = version
        variation["item_variation_data"]["item_id"] = item["id"]
        state.objects[variation["id"]] = variation
    state.catalog[item["id"]] = item
    state.objects[item["id"]] = item
    return item


def _batch_change(state: SquareState, body: dict) -> tuple[int, dict]:
    changes = body.get("changes") or []
    if len(changes) > 100:
        return 400, _error("TOO_MANY_CHANGES", "at most 100 changes a request")
    known = {oid for oid, obj in state.objects.items() if obj["type"] == "ITEM_VARIATION"}
    locations = {loc["id"] for loc in state.locations}
    for change in changes:
        count = change.get("physical_count") or {}
        if change.get("type") != "PHYSICAL_COUNT" or count.get("state") != "IN_STOCK":
            return 400, _error("INVALID_VALUE", "only IN_STOCK physical counts here")
        if count.get("catalog_object_id") not in known or count.get("location_id") not in locations:
            return 400, _error("NOT_FOUND", f"unknown object or location in {count}")
    state.requests.append({"method": "POST", "path": "/v2/inventory/changes/batch-create", "changes": len(changes)})
    out = []
    for change in changes:
        count = change["physical_count"]
        state.counts[(count["location_id"], count["catalog_object_id"])] = count["quantity"]
        out.append({k: count[k] for k in ("catalog_object_id", "location_id", "state", "quantity")})
    return 200, {"counts": out}


def fake_square_start() -> FakeSquare:
    """A fresh fake Square on a free loopback port, serving in a daemon thread; `.shutdown()` stops it."""
    server = FakeSquare()
    threading.Thread(target=server.serve_forever, daemon=True, name="fake-square").start()
    return server
