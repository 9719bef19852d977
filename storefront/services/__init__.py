"""Business rules. Functions take plain values, raise their own exceptions and own
their transactions; none of them knows about requests."""
