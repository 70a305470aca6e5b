"""The project package: settings, the Celery app, WSGI/ASGI, and the shared core every app leans on
(users and organisations, roles, regions and industries, the USCC validator, the batch and its
policy, history, notifications, files). The portal layer lives in greenlist.portal."""
