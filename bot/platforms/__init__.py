"""Chat platforms: the only code that knows Discord, Matrix or the terminal."""
