"""Campaigns through the service: whom they reach, who is held out, what each gets, figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.models import Voucher
from storefront.models.base import utcnow
from storefront.services import (
    campaign_figures,
    campaigns,
    cart_expiry,
    carts,
    mail_delivery,
    marketing,
)
from storefront.services.buying import Result
from storefront.services.errors import InvalidInput
from tests import factories
from tests.campaign_helpers import bought, campaign_mail, counts, customer, members, offer, took_out
from tests.mail_helpers import parts


@pytest.fixture
def shop(ctx):
    """Two guitars of one brand, a book of another; customers who took things out."""
    fender = factories.brand("Fender")
    tele = factories.product("Telecaster", brand=fender, price_cents=80000, stock=50)
    strat = factories.product("Stratocaster", brand=fender, price_cents=100000, stock=50)
    book = factories.product("Moby Dick", price_cents=1500, stock=50)
    people = {name: customer(name) for name in ("ada", "bea", "cyd")}
    people["quiet"] = customer("quiet", offers=False)  # said no, or unsubscribed
    people["unsure"] = customer("unsure", confirmed=False)  # yes, but never confirmed
    for name in ("ada", "bea", "quiet", "unsure"):
        took_out(people[name], tele.id)
    took_out(people["cyd"], strat.id)
    took_out(people["cyd"], book.id)
    return {"tele": tele, "strat": strat, "book": book, "fender": fender, **people}


def test_removers_who_may_receive_offers_each_get_one_personal_voucher(shop):
    launched = campaigns.launch(offer([shop["tele"].slug]), None)
    assert launched.created
    found = members(launched.campaign_id)
    assert set(found) == {shop["ada"], shop["bea"]}  # not cyd (other product), quiet, unsure
    assert {member.member_group for member in found.values()} == {"targeted"}
    mail = {message.to_address: message for message in campaign_mail()}
    assert set(mail) == {"ada@example.com", "bea@example.com"}
    voucher = db.session.get(Voucher, found[shop["ada"]].voucher_id)
    assert voucher.code.startswith("OFFER-")
    assert len(voucher.code) == len("OFFER-") + 14
    assert (voucher.kind, voucher.value, voucher.usage_limit) == ("percent", 1500, 1)
    assert [c.user_id for c in voucher.customers] == [shop["ada"]]
    assert [t.product_id for t in voucher.targets] == [shop["tele"].id]
    assert timedelta(days=13, hours=23) < voucher.ends_at - utcnow() <= timedelta(days=14)
    context = mail["ada@example.com"].context
    assert context["code"] == voucher.code
    assert context["discount_percent"] == 15
    assert context["links"] == [{"name": "Telecaster", "path": f"/products/{shop['tele'].slug}"}]
    assert context["unsubscribe_url"]
    assert mail["ada@example.com"].key == f"campaign-voucher:{launched.campaign_id}:{shop['ada']}"


def test_a_customer_who_bought_the_product_since_is_not_targeted(shop):
    bought(shop["ada"], shop["tele"].id)
    launched = campaigns.launch(offer([shop["tele"].id]), None)
    assert set(members(launched.campaign_id)) == {shop["bea"]}


def test_a_brand_targets_its_products_and_the_voucher_covers_the_brand(shop):
    launched = campaigns.launch(offer([], brand="fender"), None)
    found = members(launched.campaign_id)
    assert set(found) == {shop["ada"], shop["bea"], shop["cyd"]}
    voucher = db.session.get(Voucher, found[shop["cyd"]].voucher_id)
    assert [(t.product_id, t.brand_id) for t in voucher.targets] == [(None, shop["fender"].id)]


def test_held_out_customers_get_nothing_and_the_draw_is_reproducible(ctx):
    guitar = factories.product("Jaguar", stock=100)
    people = [customer(f"fan{number}") for number in range(40)]
    for person in people:
        took_out(person, guitar.id)
    launched = campaigns.launch(offer([guitar.slug], hold_out_percent=50), None)
    found = members(launched.campaign_id)
    held = {user for user, member in found.items() if member.member_group == "held_out"}
    assert held == {user for user in people if campaigns.held_out(launched.campaign_id, user, 50)}
    assert 5 < len(held) < 35  # about half
    assert all(found[user].voucher_id is None for user in held)
    addressed = {message.to_address for message in campaign_mail()}
    assert len(addressed) == 40 - len(held)
    held_names = {f"fan{people.index(user)}@example.com" for user in held}
    assert not held_names & addressed
    vouchers = db.session.scalars(select(Voucher).where(Voucher.batch.startswith("campaign-")))
    assert not {c.user_id for v in vouchers for c in v.customers} & held


def test_an_unsubscribed_or_unconfirmed_customer_gets_nothing(app, shop):
    with app.test_request_context():
        url = marketing.unsubscribe_url(shop["bea"])
    marketing.unsubscribe(url.rsplit("/", 1)[1])
    launched = campaigns.launch(offer([shop["tele"].slug]), None)
    assert set(members(launched.campaign_id)) == {shop["ada"]}
    addressed = {message.to_address for message in campaign_mail()}
    assert addressed == {"ada@example.com"}


def test_asking_for_the_same_campaign_again_sends_nothing_more(shop):
    first = campaigns.launch(offer([shop["tele"].slug]), None)
    before = counts()
    again = campaigns.launch(offer([shop["tele"].id]), None)
    assert (again.campaign_id, again.created) == (first.campaign_id, False)
    assert counts() == before == {"campaigns": 1, "vouchers": 2, "mail": 2}
    other = campaigns.launch(offer([shop["tele"].slug], discount_percent=20), None)
    assert other.created
    assert counts()["mail"] == 4


def test_left_in_an_expired_cart(ctx, shop):
    late = customer("late")
    carts.add_item(None, late, shop["book"].id, 2)
    factories.age_carts(ctx.config["CART_TTL_MINUTES"] + 1)
    cart_expiry.expire_stale_carts()
    launched = campaigns.launch(offer([shop["book"].slug], target="abandoned"), None)
    assert set(members(launched.campaign_id)) == {late}  # cyd removed it: not abandoned


def test_nobody_to_send_to_writes_nothing(shop):
    long_ago = offer(
        [shop["tele"].slug], removed_from=date(2019, 1, 1), removed_until=date(2020, 1, 1)
    )
    with pytest.raises(InvalidInput) as refused:
        campaigns.launch(long_ago, None)
    assert "No customer who accepts offers" in refused.value.fields["products"]
    assert counts() == {"campaigns": 0, "vouchers": 0, "mail": 0}


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"discount_percent": 0}, "discount_percent", "from 1 to 100"),
        ({"discount_percent": 101}, "discount_percent", "from 1 to 100"),
        ({"discount_percent": "ten"}, "discount_percent", "from 1 to 100"),
        ({"valid_days": 0}, "valid_days", "from 1 to 365"),
        ({"valid_days": 366}, "valid_days", "from 1 to 365"),
        ({"hold_out_percent": 91}, "hold_out_percent", "from 0 to 90"),
        ({"hold_out_percent": -1}, "hold_out_percent", "from 0 to 90"),
        ({"products": []}, "products", "at least one product, or a brand"),
        ({"products": ["no-such-thing"]}, "products", "do not exist"),
        ({"brand": "nobody"}, "brand", "There is no brand"),
        ({"target": "everyone"}, "target", "removed or abandoned"),
        (
            {"removed_from": date(2026, 3, 2), "removed_until": date(2026, 3, 1)},
            "removed_until",
            "must not come before",
        ),
        ({"removed_from": date.today() + timedelta(days=3)}, "removed_until", "must not come"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(shop, fields, field, words):
    data = offer([shop["tele"].slug])
    for name, value in fields.items():
        setattr(data, name, value)
    with pytest.raises(InvalidInput) as refused:
        campaigns.launch(data, None)
    assert words in refused.value.fields[field]
    assert counts() == {"campaigns": 0, "vouchers": 0, "mail": 0}


def test_figures_count_redemptions_revenue_and_both_groups_conversion(ctx):
    guitar = factories.product("Jazzmaster", price_cents=100000, stock=100)
    people = [customer(f"fan{number}") for number in range(30)]
    for person in people:
        took_out(person, guitar.id)
    launched = campaigns.launch(offer([guitar.slug], hold_out_percent=40), None)
    found = members(launched.campaign_id)
    targeted = [user for user in people if found[user].member_group == "targeted"]
    held = [user for user in people if found[user].member_group == "held_out"]
    assert targeted
    assert held
    codes = {user: db.session.get(Voucher, found[user].voucher_id).code for user in targeted}
    purchase = bought(targeted[0], guitar.id, voucher=codes[targeted[0]])
    assert purchase.result is Result.PAID
    assert purchase.order.total_cents == 85000
    bought(targeted[1], guitar.id)  # without the code: converted, not redeemed
    bought(held[0], guitar.id)
    figures = campaign_figures.view(launched.campaign_id).figures
    assert (figures.targeted, figures.held_out) == (len(targeted), len(held))
    assert (figures.redeemed, figures.revenue_cents) == (1, 85000)
    assert (figures.targeted_converted, figures.held_out_converted) == (2, 1)
    assert figures.targeted_conversion == 2 * 10_000 // len(targeted)
    assert figures.held_out_conversion == 10_000 // len(held)
    assert figures.sent == 0  # queued, not yet handed to a mail server


def test_the_email_has_the_code_the_offer_and_the_one_click_unsubscribe(app, shop, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    launched = campaigns.launch(offer([shop["tele"].slug], valid_days=7), None)
    code = db.session.get(Voucher, members(launched.campaign_id)[shop["ada"]].voucher_id).code
    assert mail_delivery.deliver_due().sent == 2
    (message,) = smtp_server.inbox.to("ada@example.com")
    assert message["Subject"] == f"15% off, just for you: your code {code}"
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/unsubscribe/")
    text, html = parts(message)["plain"], parts(message)["html"]
    ends_on = f"{utcnow() + timedelta(days=7):%Y-%m-%d}"
    for body in (text, html):
        assert code in body
        assert ends_on in body
        assert f"/products/{shop['tele'].slug}" in body
        assert "/unsubscribe/" in body
    assert campaign_figures.view(launched.campaign_id).figures.sent == 2
