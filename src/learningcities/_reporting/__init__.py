"""Reporting: the problems of a run, in order, and the forms they are written in.

:mod:`.report` holds :class:`~learningcities.Report` and its text, JSON,
GitHub and SARIF forms. Every new form of a report belongs here.

Imports only the models' vocabulary (problems, messages), never a stage
that checks.
"""
