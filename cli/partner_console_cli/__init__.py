"""``partner-console``: the command line over the generated SDK (``partner_console_client``)."""
