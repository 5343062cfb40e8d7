"""The agent's ticket page: its reads (selectors), its forms and who is viewing (presence)."""
