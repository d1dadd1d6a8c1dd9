"""coproduction-bot: keeps a co-production group going between meetings."""

__version__ = "0.1.0"
