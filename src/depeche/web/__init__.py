"""The HTTP API and the offline web page over a depeche store: `create_app(db_path)`."""
from .app import create_app

__all__ = ["create_app"]
