"""Adapters of the channels a ticket can come from (e-mail, IMAP, chat and social webhooks).
They parse and transport; every write goes through ``tickets.services``."""
