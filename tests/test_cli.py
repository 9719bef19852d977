"""The command-line tasks: create-admin and seed-demo."""

from __future__ import annotations

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import Brand, CartEvent, Category, Order, Product, Store, User
from storefront.services import accounts
from tests import factories
from tests.helpers import PASSWORD
from tests.mail_helpers import outbox


def test_create_admin_asks_for_the_password_twice(app, runner):
    result = runner.invoke(args=["create-admin", "boss"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Created admin boss." in result.output
    with app.app_context():
        user = accounts.authenticate("boss", PASSWORD)
        assert user is not None
        assert user.is_admin


def test_create_admin_with_mismatched_passwords_asks_again(app, runner):
    answers = f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n"
    result = runner.invoke(args=["create-admin", "boss"], input=answers)
    assert result.exit_code == 0, result.output
    assert "match" in result.output.lower()


def test_create_admin_reads_password_from_stdin(app, runner):
    result = runner.invoke(args=["create-admin", "boss", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert accounts.authenticate("boss", PASSWORD).is_admin


def test_create_admin_refuses_a_short_password(app, runner):
    result = runner.invoke(args=["create-admin", "boss", "--password-stdin"], input="short\n")
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_admin_promotes_an_existing_user(app, runner):
    with app.app_context():
        factories.user("carol")
    result = runner.invoke(args=["create-admin", "CAROL"])
    assert result.exit_code == 0, result.output
    assert "already existed and is now an admin" in result.output
    with app.app_context():
        assert accounts.find_by_username("carol").is_admin
        assert accounts.authenticate("carol", PASSWORD) is not None  # password untouched


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Store, Brand, Category, Product, User, CartEvent, Order)
        }


def test_seed_demo_makes_three_stores_and_a_customer(app, runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    seeded = counts(app)
    assert seeded["Store"] == 3
    assert seeded["Product"] >= 200
    with app.app_context():
        slugs = set(db.session.scalars(select(Store.slug)))
        assert slugs == {"guitars", "books", "parrot-food"}
        demo = accounts.authenticate("demo", "demo-pass-123")
        assert demo is not None
        assert (demo.email, demo.email_confirmed, demo.offers_consent) == (
            "demo@example.com",
            True,
            True,
        )
        assert "email-confirmation" not in {row.template for row in outbox()}
        for product in db.session.scalars(select(Product)):
            assert 1 <= len(product.name) <= 120
            assert product.price_cents > 0
            assert product.stock >= 0
    assert client.get("/stores/guitars").status_code == 200


def test_seed_demo_makes_an_admin_and_weeks_of_cart_history(app, runner, client):
    from datetime import timedelta

    from storefront.models import CartEvent, Order
    from storefront.models.base import utcnow
    from storefront.services import reports

    result = runner.invoke(args=["seed-demo"])
    assert "Demo admin: admin / admin-pass-123" in result.output
    with app.app_context():
        assert accounts.authenticate("admin", "admin-pass-123").is_admin
        events = db.session.scalars(select(CartEvent)).all()
        assert min(event.created_at for event in events) < utcnow() - timedelta(days=7)
        assert any(event.delta < 0 for event in events)
        statuses = {order.status for order in db.session.scalars(select(Order))}
        assert "paid" in statuses
        assert reports.removed_items(*reports.default_range())
        assert reports.sold_by_product()
    assert "Demo vouchers: WELCOME10, BRAND20" in result.output
    with app.app_context():
        from storefront.models import Voucher

        codes = db.session.scalars(select(Voucher.code).where(Voucher.batch.is_(None)))
        assert sorted(codes) == ["BRAND20", "WELCOME10"]


def test_seed_demo_twice_changes_nothing(app, runner):
    runner.invoke(args=["seed-demo"])
    first = counts(app)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "0 products added" in result.output
    assert counts(app) == first


def test_seed_demo_is_deterministic(tmp_path):
    """Two fresh databases seeded alike hold the same products, ids included."""
    from storefront import create_app
    from tests.conftest import BASE_CONFIG, migrate

    seen = []
    for name in ("one", "two"):
        url = f"sqlite:///{tmp_path / name}.db"
        migrate(url, tmp_path / name)
        app = create_app(
            {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": tmp_path / name}
        )
        assert app.test_cli_runner().invoke(args=["seed-demo", "--products", "30"]).exit_code == 0
        with app.app_context():
            seen.append(
                db.session.execute(
                    select(Product.id, Product.name, Product.price_cents, Product.stock).order_by(
                        Product.id
                    )
                ).all()
            )
            db.engine.dispose()
    assert seen[0] == seen[1]
    assert len(seen[0]) == 30


def test_seed_demo_grows_to_a_larger_catalogue(app, runner):
    runner.invoke(args=["seed-demo", "--products", "50"])
    result = runner.invoke(args=["seed-demo", "--products", "3000"])
    assert result.exit_code == 0, result.output
    assert counts(app)["Product"] == 3000


def test_seed_demo_if_empty_leaves_a_filled_shop_alone(app, runner):
    with app.app_context():
        factories.product("Only One")
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "nothing seeded" in result.output
    assert counts(app)["Product"] == 1


def test_orders_expire_unpaid_command(make_app):
    from storefront.services import checkout

    app = make_app(ORDER_PAYMENT_TTL_MINUTES=0)
    with app.app_context():
        product_id = factories.product(stock=4).id
        checkout.place_order(factories.user("late").id, [(product_id, 3)])
    result = app.test_cli_runner().invoke(args=["orders", "expire-unpaid"])
    assert result.exit_code == 0, result.output
    assert "Cancelled 1 unpaid orders" in result.output
    with app.app_context():
        assert db.session.get(Product, product_id).stock == 4
    again = app.test_cli_runner().invoke(args=["orders", "expire-unpaid"])
    assert "Cancelled 0 unpaid orders" in again.output


def test_carts_expire_command(app, runner):
    from storefront.services import carts

    with app.app_context():
        product = factories.product(stock=4)
        carts.add_item(None, factories.user("idle").id, product.id, 1)
        factories.age_carts(app.config["CART_TTL_MINUTES"] + 1)
    assert "Marked 1 carts as expired." in runner.invoke(args=["carts", "expire"]).output
