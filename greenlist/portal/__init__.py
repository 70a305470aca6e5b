"""The portal layer: the only code that may import every app. It composes the URL conf, serves the
home page, the per-role dashboards and health check, seeds the demo, and loads the Celery app."""
