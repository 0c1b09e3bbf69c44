"""Publishing: the quizzes as static HTML forms, the nbconvert exporters (``fabrique``,
``fabrique_slides``) with their templates and assets, the offline site (its own pages
from ``templates/pages/``, its build caches, the npm helper for the « dsfr » theme) and
the slides.

The top add-on, below ``cli`` only: it may use ``facilitation`` (the site carries the
facilitator edition and the agenda).
"""
