"""Run the command line: ``python -m learningcities``."""

from ._cli import main

main()
