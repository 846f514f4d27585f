"""Signals: partners' deliveries (reader, importer), isolation (scope) and the
bestandskoppeling (coupling). Screens and CLI call these services; they hold the rules."""
