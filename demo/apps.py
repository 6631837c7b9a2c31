from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: the demo content lands in the articles app's tables."""

    name = "demo"
    verbose_name = "Demo content"
