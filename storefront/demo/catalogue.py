"""Demo data: three stores, their catalogue and a demo customer, the same on every run."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from faker import Faker
from sqlalchemy import func, insert, select

from ..database import write_transaction
from ..extensions import db
from ..models import Brand, Category, Product, Store
from ..models.base import utcnow
from ..services import accounts
from ..services.slugs import slugify
from .vocabulary import BOOK_WORDS, DEMO_PASSWORD, DEMO_USERNAME, SIZES, STORES, StoreSpec

SEED = 20261122
BATCH_SIZE = 5000
AUTHORS = 5000  # the books' authors are drawn from this many names
BULK_LOAD_ROWS = 20_000  # from this many new products on, indexes are built at the end
CACHE_KIB = 256 * 1024  # SQLite's page cache while seeding


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
    with _bulk_load(products - len(existing)):
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
        # Confirmed (so that the first order writes its confirmation e-mail) and willing
        # to receive offers (so that a campaign has someone to reach).
        accounts.register(
            DEMO_USERNAME,
            DEMO_PASSWORD,
            name="Demo Customer",
            email="demo@example.com",
            email_confirmed=True,
            offers_consent=True,
        )
        report.demo_user_created = True
    report.products_total = db.session.scalar(select(func.count()).select_from(Product)) or 0
    return report


def _insert(rows: list[dict[str, object]]) -> int:
    with write_transaction() as session:
        if session.get_bind().dialect.name == "sqlite":
            # Room for the indexes' pages: inserts in random key order otherwise thrash.
            session.connection().exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")
        session.execute(insert(Product), rows)
    return len(rows)


@contextmanager
def _bulk_load(adding: int) -> Iterator[None]:
    """For a large seed, drop the catalogue's sort indexes first and build them at the end.

    Building an index from a full table is far quicker than growing it a row at a time in
    random order. Listings scan the table meanwhile, so seed a shop nobody is using.
    """
    if adding < BULK_LOAD_ROWS:
        yield
        return
    indexes = [index for index in Product.__table__.indexes if not index.unique]
    with write_transaction() as session:
        for index in indexes:
            index.drop(session.connection())
    try:
        yield
    finally:
        with write_transaction() as session:
            if session.get_bind().dialect.name == "sqlite":
                session.connection().exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")
            for index in indexes:
                index.create(session.connection())


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
    """``count`` product rows; row i is the same on every run.

    A million rows must take minutes, not hours: whatever can be chosen once (lists to pick
    from, cumulative weights, a pool of authors' names, slugs of names seen before) is.
    """
    rng = random.Random(SEED)
    fake = Faker("en_US")
    fake.seed_instance(SEED)
    authors = [fake.name() for _ in range(AUTHORS)]
    now = utcnow()
    seen_names: dict[tuple[str, str], int] = {}
    base_slugs: dict[tuple[str, str], str] = {}
    seen_slugs: set[str] = set()
    cumulative = list(itertools.accumulate(spec.weight for spec in STORES))
    brands = {spec.slug: list(spec.brands) for spec in STORES}
    categories = {
        (spec.slug, brand): list(lines) for spec in STORES for brand, lines in spec.brands.items()
    }
    minutes_in_a_year = 60 * 24 * 365
    for _ in range(count):
        spec = rng.choices(STORES, cum_weights=cumulative)[0]
        brand = rng.choice(brands[spec.slug])
        category = rng.choice(categories[(spec.slug, brand)])
        line = rng.choice(spec.brands[brand][category])
        (low, high), kinds = spec.categories[category]
        base = _name(rng, spec, line, rng.choice(kinds))
        key = (brand, base.lower())
        seen = seen_names.get(key, 0)
        seen_names[key] = seen + 1
        if seen == 0:
            name = base
            slug = base_slugs[key] = slugify(f"{brand} {name}", 150)
        else:
            name = f"{base} #{seen + 1}"
            slug = f"{base_slugs[key][:140]}-{seen + 1}"
        while slug in seen_slugs:
            slug += "-x"
        seen_slugs.add(slug)
        dollars = rng.randint(low, high)
        cents = dollars * 100 + rng.choice((0, 0, 49, 95, 99))
        product_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        yield {
            "id": product_id,
            "name": name[:120],
            "slug": slug,
            "brand_id": refs.brands[brand],
            "brand_name": brand,
            "category_id": refs.categories[category],
            "store_id": refs.stores[spec.slug],
            "description": _description(rng, authors, spec),
            "price_cents": cents,
            "stock": 0 if rng.random() < 0.08 else rng.randint(1, 40),
            "active": rng.random() >= 0.03,
            # Like the parrot-food warehouse's items, a quarter of that store is not counted.
            "track_stock": spec.slug != "parrot-food" or product_id.int % 4 != 0,
            "created_at": now - timedelta(minutes=rng.randint(0, minutes_in_a_year)),
            "updated_at": now,
        }


def _name(rng: random.Random, spec: StoreSpec, line: str, kind: str) -> str:
    if spec.slug == "books":
        words = {key: rng.choice(values) for key, values in BOOK_WORDS.items()}
        return f"{kind.format(**words)} ({line})"
    if spec.slug == "parrot-food":
        return f"{line} {kind} {rng.choice(spec.variants)} {rng.choice(SIZES)}"
    return f"{line} {kind} {rng.choice(spec.variants)}"


def _description(rng: random.Random, authors: list[str], spec: StoreSpec) -> str:
    details = " ".join(rng.sample(spec.details, k=2))
    if spec.slug == "books":
        return f"By {rng.choice(authors)}. {details}"
    return details
