"""Facilitated sessions: the session agenda, the class dashboard (with its demo exports)
and the Moodle XML export of the question banks.

An add-on above the core and ``exercises``: never imports ``publishing`` or ``cli``.
"""
