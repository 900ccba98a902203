"""The `newsqa` command line: a thin layer over `index`, `retrieval` and `bot`."""
