"""Features, each written once against bot.core."""
