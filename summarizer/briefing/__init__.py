"""Briefing: the model passes that turn an article's candidates into a brief."""
