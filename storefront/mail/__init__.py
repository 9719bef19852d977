"""E-mail on the wire: composing a message and handing it to SMTP or to a file.

Knows nothing of the database, the outbox or Flask (like ``payments/``): the delivery
service renders the templates and calls these.
"""
