"""Demo data: three stores, their catalogue and a demo customer, the same on every run."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from faker import Faker
from sqlalchemy import func, insert, select

from ..database import write_transaction
from ..extensions import db
from ..models import Brand, Category, Product, Store
from ..models.base import utcnow
from . import accounts
from .demo_data import BOOK_WORDS, DEMO_PASSWORD, DEMO_USERNAME, SIZES, STORES, StoreSpec
from .slugs import slugify

SEED = 20261122
BATCH_SIZE = 2000


@dataclass
class SeedReport:
    stores: int = 0
    products_added: int = 0
    products_total: int = 0
    demo_user_created: bool = False


def seed_demo(
    products: int = 240,
    *,
    progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Make the demo catalogue up to ``products`` products; existing rows are kept."""
    report = SeedReport()
    refs = _upsert_reference_data()
    report.stores = len(STORES)
    existing = set(db.session.scalars(select(Product.slug)))
    batch: list[dict[str, object]] = []
    for row in _generate(products, refs):
        if progress:
            progress(1)
        if row["slug"] in existing:
            continue
        batch.append(row)
        if len(batch) >= BATCH_SIZE:
            report.products_added += _insert(batch)
            batch = []
    if batch:
        report.products_added += _insert(batch)
    if accounts.find_by_username(DEMO_USERNAME) is None:
        accounts.register(
            DEMO_USERNAME, DEMO_PASSWORD, name="Demo Customer", email="demo@example.com"
        )
        report.demo_user_created = True
    report.products_total = db.session.scalar(select(func.count()).select_from(Product)) or 0
    return report


def _insert(rows: list[dict[str, object]]) -> int:
    with write_transaction() as session:
        session.execute(insert(Product), rows)
    return len(rows)


@dataclass
class _Refs:
    stores: dict[str, int]
    brands: dict[str, int]
    categories: dict[str, int]


def _upsert_reference_data() -> _Refs:
    refs = _Refs({}, {}, {})
    with write_transaction() as session:
        for spec in STORES:
            store = session.scalar(select(Store).where(Store.slug == spec.slug))
            if store is None:
                store = Store(name=spec.name, slug=spec.slug, description=spec.description)
                session.add(store)
            for name in spec.brands:
                _add_named(Brand, name)
            for name in spec.categories:
                _add_named(Category, name)
        session.flush()
        refs.stores = dict(session.execute(select(Store.slug, Store.id)).all())
        refs.brands = dict(session.execute(select(Brand.name, Brand.id)).all())
        refs.categories = dict(session.execute(select(Category.name, Category.id)).all())
    return refs


def _add_named(model: type[Brand] | type[Category], name: str) -> None:
    slug = slugify(name)
    if db.session.scalar(select(model).where(model.slug == slug)) is None:
        db.session.add(model(name=name, slug=slug))


def _generate(count: int, refs: _Refs) -> Iterator[dict[str, object]]:
    """``count`` product rows; row i is the same on every run."""
    rng = random.Random(SEED)
    fake = Faker("en_US")
    fake.seed_instance(SEED)
    now = utcnow()
    seen_names: dict[tuple[str, str], int] = {}
    seen_slugs: set[str] = set()
    weights = [spec.weight for spec in STORES]
    for _ in range(count):
        spec = rng.choices(STORES, weights)[0]
        brand = rng.choice(list(spec.brands))
        category = rng.choice(list(spec.brands[brand]))
        line = rng.choice(spec.brands[brand][category])
        (low, high), kinds = spec.categories[category]
        base = _name(rng, spec, line, rng.choice(kinds))
        seen = seen_names.get((brand, base.lower()), 0)
        seen_names[(brand, base.lower())] = seen + 1
        name = base if seen == 0 else f"{base} #{seen + 1}"
        slug = slugify(f"{brand} {name}", 150)
        while slug in seen_slugs:
            slug += "-x"
        seen_slugs.add(slug)
        dollars = rng.randint(low, high)
        cents = dollars * 100 + rng.choice((0, 0, 49, 95, 99))
        yield {
            "id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "name": name[:120],
            "slug": slug,
            "brand_id": refs.brands[brand],
            "brand_name": brand,
            "category_id": refs.categories[category],
            "store_id": refs.stores[spec.slug],
            "description": _description(rng, fake, spec),
            "price_cents": cents,
            "stock": 0 if rng.random() < 0.08 else rng.randint(1, 40),
            "active": rng.random() >= 0.03,
            "created_at": now - timedelta(minutes=rng.randint(0, 60 * 24 * 365)),
            "updated_at": now,
        }


def _name(rng: random.Random, spec: StoreSpec, line: str, kind: str) -> str:
    if spec.slug == "books":
        words = {key: rng.choice(values) for key, values in BOOK_WORDS.items()}
        return f"{kind.format(**words)} ({line})"
    if spec.slug == "parrot-food":
        return f"{line} {kind} {rng.choice(spec.variants)} {rng.choice(SIZES)}"
    return f"{line} {kind} {rng.choice(spec.variants)}"


def _description(rng: random.Random, fake: Faker, spec: StoreSpec) -> str:
    details = " ".join(rng.sample(spec.details, k=2))
    if spec.slug == "books":
        return f"By {fake.name()}. {details}"
    return details
