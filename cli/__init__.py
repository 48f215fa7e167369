"""The command-line entry point, above every layer; see :mod:`cli.app`."""
