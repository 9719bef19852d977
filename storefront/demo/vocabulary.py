"""The vocabulary the demo catalogue is drawn from: three stores and what they sell."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoreSpec:
    name: str
    slug: str
    description: str
    # brand -> category -> the lines that brand makes in that category
    brands: dict[str, dict[str, tuple[str, ...]]]
    # category -> (price range in dollars, the kinds of thing in it)
    categories: dict[str, tuple[tuple[int, int], tuple[str, ...]]]
    variants: tuple[str, ...]
    details: tuple[str, ...]
    weight: int


ELECTRIC, ACOUSTIC, BASS = "Electric guitars", "Acoustic guitars", "Bass guitars"
FICTION, NON_FICTION, PROGRAMMING, POETRY = "Fiction", "Non-fiction", "Programming", "Poetry"
PELLETS, SEEDS, TREATS = "Pellets", "Seed mixes", "Treats"
PAPERBACKS = ("Paperback", "Hardback")

GUITARS = StoreSpec(
    name="Fretboard Guitars",
    slug="guitars",
    description="Electric, acoustic and bass guitars, set up in our own workshop.",
    brands={
        "Fender": {
            ELECTRIC: ("Player Stratocaster", "Player Telecaster", "Vintera Jazzmaster"),
            BASS: ("Player Precision Bass", "Player Jazz Bass"),
            ACOUSTIC: ("CD-60S", "Newporter Player"),
        },
        "Gibson": {
            ELECTRIC: ("Les Paul Standard", "SG Standard", "ES-335", "Flying V"),
            ACOUSTIC: ("J-45 Standard", "Hummingbird"),
            BASS: ("Thunderbird Bass", "SG Standard Bass"),
        },
        "Ibanez": {
            ELECTRIC: ("RG550", "AZ2402", "Artcore AS73"),
            BASS: ("SR300E", "Talman TMB100"),
            ACOUSTIC: ("AW54", "PF15"),
        },
        "Yamaha": {
            ELECTRIC: ("Pacifica 112V", "Revstar RSE20"),
            ACOUSTIC: ("FG800", "APX600", "LL6"),
            BASS: ("TRBX174", "BB234"),
        },
        "Martin": {ACOUSTIC: ("D-28", "000-15M", "D-18", "LX1 Little Martin", "GPC-11E")},
        "Taylor": {ACOUSTIC: ("114ce", "214ce", "314ce", "GS Mini", "Academy 12e")},
        "Epiphone": {
            ELECTRIC: ("Les Paul Standard 60s", "Casino", "SG Standard"),
            BASS: ("Thunderbird IV", "Jack Casady Bass"),
            ACOUSTIC: ("Dove Pro", "Hummingbird Studio"),
        },
        "Gretsch": {
            ELECTRIC: ("G2622 Streamliner", "G5420T Electromatic", "G5230T Jet"),
            BASS: ("G2220 Junior Jet Bass",),
            ACOUSTIC: ("G5024E Rancher",),
        },
    },
    categories={
        ELECTRIC: ((299, 3499), ("HSS", "HH", "SSS", "Deluxe", "Custom")),
        ACOUSTIC: ((199, 3999), ("Dreadnought", "Cutaway", "Left-Handed", "with Pickup")),
        BASS: ((249, 2499), ("4-String", "5-String", "Short Scale", "Fretless")),
    },
    variants=(
        "Sunburst",
        "Olympic White",
        "Black",
        "Sea Foam Green",
        "Candy Apple Red",
        "Natural",
        "Cherry",
        "Ocean Turquoise",
    ),
    details=(
        "Set up in our workshop with fresh strings and a low, buzz-free action.",
        "Includes a padded gig bag and a two-year warranty.",
        "A comfortable neck profile that suits most hands.",
        "Solid tonewoods, chosen and matched by hand.",
        "Hardware that stays in tune through long sets.",
        "Tried and photographed in our shop before it ships.",
    ),
    weight=4,
)

BOOKS = StoreSpec(
    name="Dog-Eared Books",
    slug="books",
    description="New and well-loved books: novels, ideas, poetry and programming.",
    brands={
        "Penguin Classics": {FICTION: (*PAPERBACKS, "Clothbound"), POETRY: PAPERBACKS},
        "Vintage": {FICTION: PAPERBACKS, NON_FICTION: PAPERBACKS},
        "Faber & Faber": {FICTION: PAPERBACKS, POETRY: ("Paperback", "Poetry Edition")},
        "Oxford University Press": {NON_FICTION: ("Very Short Introduction", "Hardback")},
        "O'Reilly": {PROGRAMMING: ("Paperback", "Second Edition", "Third Edition")},
        "No Starch Press": {PROGRAMMING: ("Paperback", "Second Edition")},
        "HarperCollins": {FICTION: (*PAPERBACKS, "Large Print"), NON_FICTION: PAPERBACKS},
    },
    categories={
        FICTION: ((9, 29), ("The {noun} of {place}", "A {adj} {noun}", "{place} at Night")),
        NON_FICTION: ((12, 45), ("A Short History of {noun}s", "The {adj} Mind", "On {noun}s")),
        PROGRAMMING: ((29, 79), ("Learning {lang}", "{lang} in Practice", "Fluent {lang}")),
        POETRY: ((9, 24), ("{adj} Songs", "Poems of the {noun}", "{place} Elegies")),
    },
    variants=(),
    details=(
        "A book that stays with you long after the last page.",
        "Clear, patient and full of worked examples.",
        "Printed on acid-free paper with a sewn binding.",
        "A staff favourite: ask us why.",
        "Praised by readers and critics alike.",
    ),
    weight=3,
)

PARROT_FOOD = StoreSpec(
    name="Polly's Pantry",
    slug="parrot-food",
    description="Pellets, seed mixes and treats for parrots large and small.",
    brands={
        "Harrison's": {PELLETS: ("High Potency", "Adult Lifetime"), TREATS: ("Power Treats",)},
        "ZuPreem": {PELLETS: ("FruitBlend", "Natural", "VeggieFruit")},
        "Lafeber": {TREATS: ("Nutri-Berries", "Avi-Cakes"), PELLETS: ("Premium Daily Diet",)},
        "Versele-Laga": {SEEDS: ("Prestige", "Loro Parque Mix"), PELLETS: ("NutriBird",)},
        "Roudybush": {PELLETS: ("Daily Maintenance", "Breeder")},
        "Tops": {PELLETS: ("Organic",), SEEDS: ("Cold-Pressed",)},
    },
    categories={
        PELLETS: ((9, 59), ("Fine Pellets", "Coarse Pellets", "Mini Pellets", "Crumbles")),
        SEEDS: ((7, 39), ("Seed Mix", "Tropical Fruit Mix", "Nut & Seed Blend")),
        TREATS: ((4, 19), ("Treat Sticks", "Fruit Bites", "Foraging Cakes")),
    },
    variants=(
        "for Budgies",
        "for Cockatiels",
        "for Conures",
        "for African Greys",
        "for Macaws",
        "for Cockatoos",
    ),
    details=(
        "Made without artificial colours or preservatives.",
        "Balanced for daily feeding; introduce it gradually over a week.",
        "Resealable bag that keeps the contents fresh.",
        "Recommended by avian vets as part of a varied diet.",
    ),
    weight=3,
)

STORES = (GUITARS, BOOKS, PARROT_FOOD)

BOOK_WORDS = {
    "noun": ("River", "Lantern", "Garden", "Harbour", "Orchard", "Winter", "Signal", "Compass"),
    "adj": ("Quiet", "Silver", "Restless", "Hidden", "Golden", "Distant", "Patient", "Small"),
    "place": ("Lisbon", "Kyoto", "Galway", "Marrakesh", "Oslo", "Valparaiso", "Tbilisi"),
    "lang": ("Python", "Rust", "Go", "SQL", "Haskell", "TypeScript", "Elixir"),
}
SIZES = ("8 oz", "1 lb", "2 lb", "4 lb", "10 lb", "25 lb")

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-pass-123"  # noqa: S105  (published in the README on purpose)
