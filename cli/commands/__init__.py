"""CLI command groups: each module defines ``register(subparsers)``; :mod:`cli.app` finds them all."""
