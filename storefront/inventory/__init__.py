"""The warehouse feed's transports: the broker consumer, the signed webhook, the stand-in."""
