"""Validation as one run: the options, the files of each format, the run itself.

:mod:`.validate` drives a run: it reads each file with the reader of its
format, checks every record (through the run's
:class:`~learningcities._speed.Speed` for the fast work), applies the rules
across records and puts the findings into a :class:`~learningcities.Report`.
:mod:`.csvfiles` and :mod:`.jsonlines` read and check a CSV or JSON Lines
file record by record, so that memory does not grow with the file.
:mod:`.options` holds what a run needs besides the text of its files.

Imports every stage below it (see ``LAYERS`` in tests/test_imports.py).
"""
