"""The independent side of test/proto/byte-compat.test.ts: protoc-generated Python classes
(python3-protobuf) build the same shop.v1.Product values the TypeScript test builds, compare
their bytes with warren's, parse warren's bytes, and hand their own bytes back.

Usage: product_compat.py <protoc out dir> <work dir>
Reads <work dir>/warren-<case>.bin, writes <work dir>/python-<case>.bin, prints a JSON report.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
work = sys.argv[2]

from google.protobuf import struct_pb2  # noqa: E402
from shop.v1 import catalog_pb2  # noqa: E402
from common.v1 import address_pb2, money_pb2  # noqa: E402

P = catalog_pb2.Product
BIG = "x" * 70000 + "ü"


def full():
    p = P()
    p.sku = "SKU-1"
    p.name = "Grüner Tee 🍵"
    p.thumbnail = bytes([0, 1, 2, 255])
    p.price.currency_code = "EUR"
    p.price.units = -12
    p.price.nanos = -500000000
    p.stock_delta = -5
    p.stock = 4294967295
    p.created_by = -9223372036854775808
    p.views = 18446744073709551615
    p.rating_delta = -2147483648
    p.balance_change = -9223372036854775807
    p.checksum = 4294967295
    p.fingerprint = 18446744073709551615
    p.temperature_offset = -2147483648
    p.ledger_offset = -9223372036854775808
    p.weight_kg = 1.5
    p.score = -0.0
    p.active = True
    p.status = 99  # unknown to the enum: kept
    p.tags.extend(["a", "", "ü", BIG])
    p.bin_ids.extend([1, -1, 2147483647, -2147483648])
    p.dimensions_cm.extend([1.5, float("nan"), float("inf"), -0.0])
    p.history.extend([catalog_pb2.PRODUCT_STATUS_DRAFT, 99])
    v = p.variants.add()
    v.sku = "SKU-1-L"
    v.options["color"] = "green"
    v.options["size"] = "L"
    v.price_delta.currency_code = "EUR"
    v.price_delta.units = 1
    p.variants.add()  # an empty variant is still an element
    p.attributes["a"] = "1"
    p.attributes["b"] = ""
    p.tier_prices[1].currency_code = "EUR"
    p.tier_prices[1].units = 10
    p.tier_prices[2].SetInParent()
    p.warehouse_stock[1] = True
    p.warehouse_stock[18446744073709551615] = False
    p.channel_status["store"] = 99
    p.channel_status["web"] = catalog_pb2.PRODUCT_STATUS_ACTIVE
    p.subtitle = "fresh"
    p.max_per_order = -1
    p.preorder.ships_at.FromMilliseconds(1709210096789)
    p.created_at.seconds = -1
    p.created_at.nanos = 999000000
    p.warranty.seconds = -1
    p.warranty.nanos = -500000000
    p.barcode.SetInParent()  # present, holding ""
    p.sold_total.value = -1
    p.reviews.value = 18446744073709551615
    p.rank.value = -7
    p.shelf.SetInParent()
    p.gift_wrap.SetInParent()
    p.discount.value = 0.25
    p.tax_rate.value = 0.5
    p.signature.value = b"\x00sig"
    p.supplier_data.update({"a": 1, "b": "x", "c": None, "d": True, "e": [1, "2"], "f": {"g": False}})
    p.extra.string_value = "text"
    p.labels.extend(["x", 2])
    p.origin.lines.extend(["Hauptstr. 1"])
    p.origin.postal_code = "10115"
    p.origin.city = "Berlin"
    p.origin.country = address_pb2.COUNTRY_DE
    p.origin.phone = ""
    p.made_in = address_pb2.COUNTRY_FR
    p.detail.Pack(money_pb2.Money(currency_code="USD", units=3))
    p.update_mask.paths.extend(["name", "price.units"])
    p.legacy_codes.extend([-1, 0, 5])
    return p


def discontinued():
    p = P()
    p.discontinued = False  # a oneof member holding its default is still set
    p.discount.value = -0.0  # written: its bits are not zero
    p.supplier_data.SetInParent()
    p.extra.null_value = struct_pb2.NULL_VALUE
    p.detail.SetInParent()  # present, empty
    p.update_mask.SetInParent()
    return p


def always():
    p = P()
    p.always.SetInParent()
    p.subtitle = ""
    p.max_per_order = 0
    p.made_in = -3
    return p


def empty():
    return P()


report = {}
for name, build in (("full", full), ("discontinued", discontinued), ("always", always), ("empty", empty)):
    expected = build()
    ours = expected.SerializeToString(deterministic=True)
    with open(f"{work}/warren-{name}.bin", "rb") as f:
        theirs = f.read()
    parsed = P()
    parsed.ParseFromString(theirs)
    report[name] = {
        # the exact bytes protoc's encoder writes for the same value
        "sameBytes": ours == theirs,
        # Python parses warren's bytes and re-encodes them unchanged (nothing lost, unknown enums kept)
        "reencodedSame": parsed.SerializeToString(deterministic=True) == theirs,
        "oneof": parsed.WhichOneof("availability"),
        "hasSubtitle": parsed.HasField("subtitle"),
        "status": parsed.status,
        "firstDiff": next((i for i in range(min(len(ours), len(theirs))) if ours[i] != theirs[i]), None),
        "lengths": [len(ours), len(theirs)],
    }
    with open(f"{work}/python-{name}.bin", "wb") as f:
        f.write(ours)
print(json.dumps(report))
