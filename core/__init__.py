"""The base every other newsqa package stands on: errors, settings, language, messages.

It imports nothing from newsqa itself, so `index`, `retrieval`, `bot` and the CLI can all
share it without an import running back up.
"""
