"""The ``learningcities`` command line.

:mod:`.main` parses the arguments and runs the validation and schema
commands; :mod:`.queries` runs the query commands (members, events,
anniversaries, find, stats).
"""
