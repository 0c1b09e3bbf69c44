"""JupyterHub configuration of a Parcours Startup d'État room on one server.

Started by the server's administrator (root), after ``make salle``:

    /opt/fabrique-course/venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py [--port P]

Everything is set by ``fabrique_course.facilitation._salle.hub_config`` (tested with the
course): PAM authentication against the room's system accounts (``fabrique-course salle
comptes``), each learner's server started as that learner after preparing their workspace,
the hand-in folders, the proxy installed by ``make salle``, the idle culler.
``FABRIQUE_SALLE_INSTALLATION`` and ``FABRIQUE_SALLE_DONNEES`` move the installation
(default /opt/fabrique-course) and the room's data (default /srv/fabrique-course).
See docs/salle-jupyterhub.md. Add your own settings (HTTPS certificate…) below.
"""

from fabrique_course.facilitation._salle import hub_config

c = get_config()  # noqa: F821 (defined by JupyterHub when it reads this file)
hub_config(c)

# HTTPS, when the hub is not behind the ministry's reverse proxy:
# c.JupyterHub.ssl_cert = "/etc/ssl/certs/salle.pem"
# c.JupyterHub.ssl_key = "/etc/ssl/private/salle.key"
