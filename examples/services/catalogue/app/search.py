"""Product search for the catalogue API, backed by the search index."""

from dataclasses import dataclass


@dataclass
class Product:
    sku: str
    title: str
    price_minor: int
    in_stock: bool


def search(index, query: str, *, in_stock_only: bool = False, limit: int = 24) -> list[Product]:
    hits = index.query(query, limit=limit * 2)
    products = [Product(**hit) for hit in hits]
    if in_stock_only:
        products = [p for p in products if p.in_stock]
    return products[:limit]
