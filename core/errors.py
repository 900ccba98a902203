"""The base of every error newsqa shows to users as a message rather than a stack trace.

It lives in `core` so that every package, from the index up to the CLI, raises and catches
the same classes.
"""


class NewsqaError(Exception):
    """An error whose message tells the user what happened and what to do."""


class NewsqaIndexError(NewsqaError):
    """Base for index errors whose message is meant for the user."""
