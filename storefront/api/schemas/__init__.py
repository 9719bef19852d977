"""The API's marshmallow schemas, one module per area; ``common`` holds what they share."""
