"""The Discord platform: slash commands, buttons and living messages generated from the cogs."""
