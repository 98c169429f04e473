"""The OneCard application: API client, sandbox API server, Kivy UI, CLI and configuration."""

__version__ = "0.1.0"
