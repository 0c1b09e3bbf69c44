"""Facilitated sessions: the session agenda, the class dashboard (reading the learners'
exports against the shipped schema, the dashboard itself, demo exports to try it on) and
the Moodle XML export of the question banks.

An add-on above the core and ``exercises``: never imports ``publishing`` or ``cli``.
"""
