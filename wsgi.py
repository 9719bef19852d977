import sys

from storefront import create_app
from storefront.startup import SettingsError

try:
    app = create_app()
except SettingsError as error:
    sys.exit(f"Storefront cannot start: {error}")
