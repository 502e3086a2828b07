"""Run the command line: ``python -m learningcities``."""

from learningcities._cli.main import main

main()
