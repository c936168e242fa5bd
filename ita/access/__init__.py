"""Who may do what: the acting user (``roles.Actor``) and the rules (``ita/data/access.toml``), checked by the
stores themselves (``roles.require``), whatever a page shows or hides."""
