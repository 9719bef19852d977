"""The admin area: pages only admins may open."""
