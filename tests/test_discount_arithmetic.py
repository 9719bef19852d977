"""The discount's arithmetic: whole cents, one rounding rule, never a negative line."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storefront.money import percent_of, share_out
from storefront.services.discounts import PricedLine, VoucherRules, evaluate


@pytest.mark.parametrize(
    ("cents", "hundredths", "expected"),
    [
        (100, 1250, 13),
        (3, 1250, 0),
        (4, 1250, 1),
        (999, 1000, 100),
        (1, 10000, 1),
        (250, 5000, 125),
    ],
)
def test_a_percentage_rounds_half_up_per_line(cents, hundredths, expected):
    assert percent_of(cents, hundredths) == expected


def test_an_amount_is_shared_in_proportion_and_adds_up_exactly():
    assert share_out(1000, [5000, 5000]) == [500, 500]
    assert share_out(100, [1, 1, 1]) == [1, 1, 1]  # capped at what the lines cost
    assert share_out(10, [3, 3, 3]) == [3, 3, 3]
    assert share_out(2, [3, 3, 3]) == [1, 1, 0]  # leftover cents to the earlier lines on a tie


@given(
    st.integers(0, 10**7),
    st.lists(st.integers(0, 10**6), min_size=1, max_size=20),
)
def test_shares_never_exceed_a_line_and_sum_to_the_capped_amount(amount, totals):
    shares = share_out(amount, totals)
    assert sum(shares) == min(amount, sum(totals))
    assert all(0 <= share <= total for share, total in zip(shares, totals, strict=True))


@given(st.integers(0, 10**8), st.integers(1, 10000))
def test_a_percentage_never_exceeds_the_line(cents, hundredths):
    assert 0 <= percent_of(cents, hundredths) <= cents


def rules(**fields):
    base = {
        "id": 1,
        "code": "X",
        "kind": "amount",
        "value": 5000,
        "minimum_spend_cents": 0,
        "starts_at": None,
        "ends_at": None,
        "usage_limit": None,
        "per_customer_limit": None,
        "used": 0,
    }
    return VoucherRules(**{**base, **fields})


def test_an_amount_larger_than_the_lines_takes_them_to_zero_not_below():
    a, b = uuid.uuid4(), uuid.uuid4()
    lines = [PricedLine(a, 1000, 1), PricedLine(b, 999, 2)]
    discount = evaluate(rules(value=10**6), None, lines)
    assert discount.per_line == {a: 1000, b: 1998}
    assert discount.total_cents == 2998


def test_only_covered_lines_are_discounted():
    a, b = uuid.uuid4(), uuid.uuid4()
    lines = [PricedLine(a, 1000, 1, brand_id=1), PricedLine(b, 1000, 1, brand_id=2)]
    discount = evaluate(rules(kind="percent", value=2000, brands=frozenset({2})), None, lines)
    assert discount.per_line == {b: 200}
