"""Demo data for ``flask seed-demo``: a catalogue, a demo customer, and weeks of shopping.

``catalogue`` seeds the stores, their products and the demo customer from the words in
``vocabulary``; ``history`` adds an admin, shoppers and their carts, made through the
same services a real customer uses. Nothing else in the shop imports this package.
"""
