#!/usr/bin/env bash
# Install a Parcours Startup d'État room on this server (run by `make salle`, as root).
#
#   <installation>/venv   the course, JupyterHub and the idle culler, exact versions from
#                         requirements/salle.txt; the course itself as a wheel (not editable:
#                         the clone can move or change without touching the room)
#   <installation>/proxy  configurable-http-proxy, from the npm registry
# <installation> is $FABRIQUE_SALLE_INSTALLATION (default /opt/fabrique-course). Owned by
# root, readable by every account. The Python used is $PYTHON_SALLE, by default the
# system's /usr/bin/python3: the learners' accounts must be able to run it.
set -euo pipefail
cd "$(dirname "$0")/../.."

PREFIX="${FABRIQUE_SALLE_INSTALLATION:-/opt/fabrique-course}"
PYTHON_SALLE="${PYTHON_SALLE:-/usr/bin/python3}"
PROXY_VERSION="5.3.0"

say() { printf '%s\n' "$*"; }
fail() { printf 'Erreur : %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "l'installation d'une salle demande les droits administrateur : sudo make salle"
[ -x "$PYTHON_SALLE" ] || fail "$PYTHON_SALLE introuvable : sudo apt install python3 python3-venv (ou PYTHON_SALLE=/chemin/vers/python3)"
"$PYTHON_SALLE" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || fail "Python 3.10 ou plus récent est nécessaire ($PYTHON_SALLE)"
command -v npm >/dev/null || fail "npm introuvable (le proxy du hub est un paquet npm) : sudo apt install nodejs npm"

umask 022
mkdir -p "$PREFIX"
if [ ! -x "$PREFIX/venv/bin/python" ]; then
  say "Environnement Python de la salle : $PREFIX/venv"
  "$PYTHON_SALLE" -m venv "$PREFIX/venv" \
    || fail "création de l'environnement impossible : sudo apt install python3-venv"
fi
say "Installation des versions exactes de requirements/salle.txt…"
"$PREFIX/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements/outils.txt
UV="$PREFIX/venv/bin/uv"
# Byte-compiled now: the learners cannot write .pyc files into this shared, read-only
# installation, so without it every server and kernel would compile its imports again.
"$UV" pip install --quiet --compile-bytecode --python "$PREFIX/venv/bin/python" -r requirements/salle.txt
say "Installation du cours (paquet fabrique-course, avec ses leçons et son contenu)…"
"$UV" pip install --quiet --compile-bytecode --python "$PREFIX/venv/bin/python" --no-deps --reinstall-package fabrique-course .
mkdir -p "$PREFIX/venv/share/jupyter/lab/settings"
cp jupyter/overrides.json "$PREFIX/venv/share/jupyter/lab/settings/overrides.json"
say "Proxy du hub : configurable-http-proxy@$PROXY_VERSION (npm)…"
mkdir -p "$PREFIX/proxy"
npm install --silent --no-save --no-audit --no-fund --prefix "$PREFIX/proxy" \
  "configurable-http-proxy@$PROXY_VERSION" >/dev/null
# The learner editions and the checked question banks, built once here: thirty logins
# at once then only copy or read them (FABRIQUE_COURSE_EDITIONS, set for every server by
# the room's configuration).
say "Éditions apprenant des leçons et banques de questions vérifiées, préparées une fois pour toute la salle…"
rm -rf "$PREFIX/editions"
"$PREFIX/venv/bin/python" -c 'import sys; from pathlib import Path
from fabrique_course._banks import CHECKED_FOLDER, prepare_banks
from fabrique_course._editions import build_edition_cache
build_edition_cache(Path(sys.argv[1]))
refused = prepare_banks(Path(sys.argv[1]) / CHECKED_FOLDER)[1]
sys.exit("Banques refusées par la vérification : " + " ; ".join(refused) if refused else 0)' \
  "$PREFIX/editions"
chown -R root:root "$PREFIX"
chmod -R a+rX,go-w "$PREFIX"

# The learners' accounts must be able to run this Python (a Python under /root would not be).
if id nobody >/dev/null 2>&1; then
  runuser -u nobody -- "$PREFIX/venv/bin/python" -c 'import fabrique_course, jupyterhub' 2>/dev/null \
    || fail "les comptes des apprenant·es ne peuvent pas lancer $PREFIX/venv/bin/python (Python dans un dossier privé ?) : relancez avec PYTHON_SALLE=/usr/bin/python3"
fi
say "Salle installée dans $PREFIX."
say "Ensuite : $PREFIX/venv/bin/fabrique-course salle comptes --nombre 20 --sortie comptes.csv"
say "puis :    $PREFIX/venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py --port 8000"
