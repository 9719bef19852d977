"""The admin's forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import DateField, DateTimeLocalField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..forms import WholeNumberField
from ..models.campaigns import REMOVED
from ..rules import IMAGE_ALT_MAX_LENGTH, MAX_VOUCHER_BATCH
from ..services.campaign_input import TARGET_WORDS


class NamedForm(FlaskForm):
    """A brand, a category or a store."""

    name = StringField("Name", validators=[InputRequired()])
    slug = StringField(
        "Slug", validators=[Optional()], description="Made from the name when left empty."
    )
    description = TextAreaField("Description", validators=[Optional()])
    submit = SubmitField("Save")


class ProductForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired()])
    slug = StringField(
        "Slug", validators=[Optional()], description="Made from the name when left empty."
    )
    brand_id = SelectField(
        "Brand", coerce=int, validate_choice=False, invalid_value_message="Choose a brand."
    )
    category_id = SelectField(
        "Category", coerce=int, validate_choice=False, invalid_value_message="Choose a category."
    )
    store_id = SelectField(
        "Store", coerce=int, validate_choice=False, invalid_value_message="Choose a store."
    )
    description = TextAreaField("Description", validators=[Optional()])
    price = StringField(
        "Price", validators=[InputRequired()], description="In the shop's currency, e.g. 899.00"
    )
    stock = WholeNumberField("Stock", validators=[InputRequired("Stock must be a whole number.")])
    active = BooleanField("Active (for sale)", default=True)
    track_stock = BooleanField(
        "Track stock",
        default=True,
        description="Off: nothing is counted; the product is sold while it is active.",
    )
    submit = SubmitField("Save")


class StockForm(FlaskForm):
    mode = RadioField(
        "Change",
        choices=[SelectChoice("set", "Set stock to"), SelectChoice("adjust", "Adjust stock by")],
        default="adjust",
        validators=[InputRequired()],
    )
    amount = WholeNumberField(
        "Amount", validators=[InputRequired("Amount must be a whole number.")]
    )
    submit = SubmitField("Update stock")


class ShippingMethodForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired()])
    price = StringField("Price", validators=[InputRequired()], description="In dollars, e.g. 4.99")
    free_from = StringField(
        "Free from",
        validators=[Optional()],
        description="Orders whose lines come to this much ship free. Empty: never free.",
    )
    needs_address = BooleanField("Needs a delivery address", default=True)
    active = BooleanField("Active (offered at checkout)", default=True)
    submit = SubmitField("Save")


class ImageForm(FlaskForm):
    """One image for a product, with its alt text."""

    image = FileField(
        "Image",
        validators=[FileRequired("Choose an image file to upload.")],
        description="JPEG, PNG or WebP, at most 10 MB.",
    )
    alt = StringField(
        "Alt text",
        validators=[Optional(), Length(max=IMAGE_ALT_MAX_LENGTH)],
        description=(
            "What the picture shows, for those who cannot see it; the product's name if empty."
        ),
    )
    submit = SubmitField("Upload image")


class VoucherForm(FlaskForm):
    """A voucher; with "Number of codes", a batch of generated single-use codes."""

    code = StringField(
        "Code",
        validators=[Optional()],
        description="Unique in any case. For a batch: the codes' prefix (may be empty).",
    )
    count = WholeNumberField(
        "Number of codes",
        validators=[Optional(), NumberRange(1, MAX_VOUCHER_BATCH)],
        description="Leave empty for one code; a number makes that many single-use codes.",
    )
    kind = SelectField(
        "Kind",
        choices=[SelectChoice("percent", "Per cent"), SelectChoice("amount", "Amount ($)")],
    )
    value = StringField("Value", validators=[InputRequired()], description="15 (%) or 10.00 ($).")
    applies_to = StringField(
        "Applies to",
        validators=[Optional()],
        description="Empty: the whole order. Else product slugs, brand:SLUG, category:SLUG, "
        "separated by commas.",
    )
    minimum_spend = StringField("Minimum spend", default="0")
    starts_at = DateTimeLocalField("Starts", validators=[Optional()], description="UTC.")
    ends_at = DateTimeLocalField("Ends", validators=[Optional()], description="UTC.")
    usage_limit = WholeNumberField("Usage limit", validators=[Optional()])
    per_customer_limit = WholeNumberField("Limit per customer", validators=[Optional()])
    customers = StringField(
        "Customers",
        validators=[Optional()],
        description="Usernames, separated by commas; empty: anyone.",
    )
    submit = SubmitField("Save")


class CampaignForm(FlaskForm):
    """A campaign (SPEC 9's labels): whom it targets, the discount, the hold-out share."""

    target = RadioField(
        "Customers who",
        choices=[SelectChoice(key, words) for key, words in TARGET_WORDS.items()],
        default=REMOVED,
    )
    products = SelectMultipleField(
        "Products",
        coerce=str,
        validate_choice=False,
        description="Those some customer took out of a cart or left in an expired one. Hold "
        "Ctrl (⌘) to choose several; or choose a brand, or both.",
    )
    brand = SelectField("Brand", coerce=str, validate_choice=False)
    removed_from = DateField("Removed from", validators=[Optional()])
    removed_until = DateField(
        "Removed until", validators=[Optional()], description="Both days count (UTC)."
    )
    discount_percent = WholeNumberField("Discount (%)", validators=[Optional()])
    valid_days = WholeNumberField("Valid for (days)", default=14, validators=[Optional()])
    hold_out_percent = WholeNumberField(
        "Hold out (%)",
        default=10,
        validators=[Optional()],
        description="A random share of the customers that gets nothing, to measure against.",
    )
    submit = SubmitField("Send vouchers")
