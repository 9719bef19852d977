"""Money as text: whole cents shown as dollars with two decimals, by integer arithmetic.

The lowest floor: nothing of the shop's is imported here, so the templates' filter and
macro, the JSON API and the payment code all format money with ``format_cents``.
"""

from __future__ import annotations


def format_cents(cents: int, *, symbol: str = "", grouped: bool = False) -> str:
    """``cents`` as dollars with two decimals: ``"1299.00"``, or ``"$1,299.00"`` with options."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    digits = f"{whole:,}" if grouped else str(whole)
    return f"{sign}{symbol}{digits}.{part:02d}"


def dollars(cents: int) -> str:
    """Money as the site shows it: ``$1,299.00``."""
    return format_cents(cents, symbol="$", grouped=True)


def amount_text(cents: int) -> str:
    """Money as the payment provider and the JSON API read it: ``"1299.00"``."""
    return format_cents(cents)


# Discounts. The one rounding rule of the shop, in integer cents:
# - a percentage takes, from each line it applies to, the line's total times the
#   percentage, rounded half up to a whole cent (12.5 % of 1.00 is 0.13; of 0.03, 0.00);
# - an amount (never more than the lines it applies to cost) is shared out over those
#   lines in proportion to their totals: each share rounded down, then the cents left
#   over go one by one to the lines with the largest remainders (the earlier line first
#   on a tie), so the shares add up to the amount exactly;
# - so no line's discount is ever more than the line, and the order's discount is the
#   sum of its lines' discounts. Percentages are kept in hundredths of a per cent.
PERCENT_SCALE = 10_000  # 100 % in hundredths of a per cent


def percent_of(cents: int, hundredths: int) -> int:
    """``hundredths`` / 100 per cent of ``cents``, rounded half up to a whole cent."""
    return min(cents, (cents * hundredths + PERCENT_SCALE // 2) // PERCENT_SCALE)


def paid_share(paid: int, units: int, quantity: int) -> int:
    """What ``quantity`` of a line's ``units`` were paid of its ``paid`` cents (rounded down,
    so refunds of a discounted line never give back more than was paid for it)."""
    return paid * quantity // units if units > 0 else 0


def share_out(amount: int, totals: list[int]) -> list[int]:
    """``amount`` (capped at their sum) shared over ``totals`` in proportion, exactly."""
    whole = sum(totals)
    amount = min(amount, whole)
    if whole <= 0 or amount <= 0:
        return [0 for _ in totals]
    shares = [amount * total // whole for total in totals]
    remainders = [amount * total % whole for total in totals]
    left = amount - sum(shares)
    for index in sorted(range(len(totals)), key=lambda i: (-remainders[i], i))[:left]:
        shares[index] += 1
    return shares
