"""Card details as a customer types them: one test per rule."""

from __future__ import annotations

from datetime import date

import pytest

from storefront.payments.cards import Card, InvalidCard, parse_card

TODAY = date(2030, 6, 15)
GOOD = {"name": "Ada Lovelace", "number": "4242424242424242", "expiry": "0731", "cvv": "123"}


def card(**changes: str) -> Card:
    return parse_card(**{**GOOD, **changes}, today=TODAY)


def error_for(field: str, value: str) -> dict[str, str]:
    with pytest.raises(InvalidCard) as caught:
        card(**{field: value})
    return caught.value.fields


def test_good_card_is_accepted():
    parsed = card()
    assert (parsed.name, parsed.number, parsed.expiry, parsed.cvv) == (
        "Ada Lovelace",
        "4242424242424242",
        "0731",
        "123",
    )
    assert parsed.last4 == "4242"


def test_name_is_required():
    assert set(error_for("name", "   ")) == {"name"}


def test_name_longer_than_100_characters_is_refused():
    assert "100" in error_for("name", "x" * 101)["name"]
    assert card(name="x" * 100).name == "x" * 100


def test_number_with_letters_is_refused():
    fields = error_for("number", "4242 4242 4242 424a")
    assert fields == {"number": "The card number may contain only digits and spaces."}


def test_number_with_dashes_is_refused():
    assert "only digits and spaces" in error_for("number", "4242-4242-4242-4242")["number"]


def test_number_of_15_digits_is_refused():
    assert "16 digits" in error_for("number", "424242424242424")["number"]


def test_number_of_17_digits_is_refused():
    assert "16 digits" in error_for("number", "42424242424242424")["number"]


def test_number_failing_luhn_is_refused():
    assert "not valid" in error_for("number", "4242424242424241")["number"]


def test_non_ascii_digits_are_refused():
    assert "only digits" in error_for("number", "٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢")["number"]


def test_spaces_in_the_number_are_accepted_and_dropped():
    assert card(number=" 4242 4242 4242 4242 ").number == "4242424242424242"


def test_expiry_in_the_wrong_format_is_refused():
    for typed in ("731", "07311", "ab31", "07//31", "07-31", "0\u0667/31"):
        assert "MMYY, MM/YY or MM / YY" in error_for("expiry", typed)["expiry"], typed


@pytest.mark.parametrize("typed", ["0731", "07/31", "07 / 31", " 07/31 "])
def test_expiry_is_read_as_people_type_it_and_kept_as_mmyy(typed):
    assert card(expiry=typed).expiry == "0731"


def test_expiry_month_13_is_refused():
    assert "01 to 12" in error_for("expiry", "1331")["expiry"]


def test_expiry_month_00_is_refused():
    assert "01 to 12" in error_for("expiry", "0031")["expiry"]


def test_expiry_last_month_is_refused():
    assert error_for("expiry", "0530") == {"expiry": "This card has expired."}


def test_expiry_this_month_is_accepted():
    assert card(expiry="0630").expiry == "0630"


def test_expiry_defaults_to_the_real_today():
    with pytest.raises(InvalidCard):
        parse_card(**{**GOOD, "expiry": "0120"})


def test_cvv_of_2_digits_is_refused():
    assert error_for("cvv", "12") == {"cvv": "The CVV must be 3 digits."}


def test_cvv_of_4_digits_is_refused():
    assert error_for("cvv", "1234") == {"cvv": "The CVV must be 3 digits."}


def test_cvv_with_letters_is_refused():
    assert error_for("cvv", "12a") == {"cvv": "The CVV must be 3 digits."}


def test_every_bad_field_gets_its_own_message():
    with pytest.raises(InvalidCard) as caught:
        parse_card(None, "12", "9999", "", today=TODAY)
    assert set(caught.value.fields) == {"name", "number", "expiry", "cvv"}


def test_brand_follows_the_first_digits():
    assert card().brand == "Visa"
    assert card(number="5555555555554444").brand == "Mastercard"
    assert card(number="2223003122003222").brand == "Mastercard"
    assert card(number="6011111111111117").brand == "Card"


def test_repr_hides_number_expiry_and_cvv():
    parsed = card(cvv="987")
    for text in (repr(parsed), str(parsed), f"{parsed}", repr([parsed])):
        assert "4242424242424242" not in text
        assert "987" not in text
        assert "0731" not in text
        assert "4242" in text
