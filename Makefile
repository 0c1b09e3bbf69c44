# Parcours Startup d'État — the two commands of the README, and their helpers.
# Needs nothing but python3 (>= 3.10); everything else goes into .venv/.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
# Every install comes from the locks of exact versions (requirements/, see tools/lock.py):
# the course alone for make lab, the course and its test tools for everything else.
STAMP_COURS := $(VENV)/.installed-cours
STAMP  := $(VENV)/.installed-stamp
SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

CHROMIUM ?= /usr/bin/chromium

.PHONY: help install browser lab site bench test test-rapide lint check verrou salle clean

help:
	@echo "make lab    installer (si besoin) et ouvrir le cours dans JupyterLab"
	@echo "make test   installer (si besoin) et lancer toute la suite de tests"
	@echo "make test-rapide  pour les auteurs, en cours d'écriture : les tests unitaires sans les"
	@echo "            plus lents (marqués slow, plus de 10 s), sans navigateur ni exécution des"
	@echo "            notebooks ; make test reste la vérification complète"
	@echo "make site   construire le site statique hors ligne dans _site/ (et son archive zip)"
	@echo "            make site THEME=dsfr : édition officielle (DSFR, via npm, réservée à l'administration)"
	@echo "make bench  mesurer vitesse, poids et mémoire face aux outils Jupyter standard"
	@echo "make salle  (en root, sur un serveur) installer une salle JupyterHub dans"
	@echo "            /opt/fabrique-course : voir docs/salle-jupyterhub.md"
	@echo "make verrou régénérer les versions exactes (requirements/*.txt) depuis pyproject.toml"
	@echo "            (réseau nécessaire), puis relancer make test"

# uv comes from PyPI through pip, at the version of requirements/outils.txt; it then
# installs the locks (it reads PyPI, not pip's configuration) and the course without its
# dependencies, which the lock already brought.
$(UV): requirements/outils.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 ou plus récent est nécessaire (trouvé : " + sys.version.split()[0] + ").")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Impossible de créer l'environnement virtuel .venv."; \
	  echo "Sur Debian/Ubuntu : sudo apt install python3-venv, puis relancez."; exit 1; }
	$(BIN)/python -m pip install --quiet -r requirements/outils.txt
	@touch $(UV)

$(STAMP_COURS): $(UV) pyproject.toml requirements/cours.txt
	$(UV) pip install --quiet --python $(BIN)/python -r requirements/cours.txt
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@# Build matplotlib's font cache now, not in a learner's first chart (it warns on stderr).
	$(BIN)/python -c 'import matplotlib.font_manager'
	@touch $(STAMP_COURS)

# The test lock pins the course's packages at the same versions as requirements/cours.txt
# (tools/lock.py resolves them together), so it only adds the test tools.
$(STAMP): $(STAMP_COURS) pyproject.toml requirements/test.txt
	$(UV) pip install --quiet --python $(BIN)/python -r requirements/test.txt
	@touch $(STAMP)

$(SETTINGS): jupyter/overrides.json $(STAMP_COURS)
	@mkdir -p $(dir $(SETTINGS))
	cp jupyter/overrides.json $(SETTINGS)

install: $(STAMP) $(SETTINGS)

# A learner needs the course alone: no test tools to download before the first lesson.
lab: $(STAMP_COURS) $(SETTINGS)
	$(BIN)/fabrique-course lab

bench: install
	$(BIN)/python tools/bench.py

THEME ?= neutre
site: install
	$(BIN)/fabrique-course site --sortie _site --theme $(THEME)

# Browser tests drive Debian's Chromium with Playwright (never a downloaded browser).
browser:
	@test -x $(CHROMIUM) || { \
	  echo "Installation de Chromium (paquet Debian « chromium ») pour les tests dans le navigateur…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else \
	    echo "Chromium manque et l'installer demande les droits administrateur :"; \
	    echo "  sudo apt-get install chromium   (puis relancez make test)"; exit 1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM) || { echo "Chromium introuvable après installation ($(CHROMIUM))."; exit 1; }

lint: install
	$(BIN)/ruff check src tests tools conftest.py
	$(BIN)/mypy

check: install
	$(BIN)/fabrique-course verifier

# The suite's files spread over every core (pytest-xdist; a file's tests stay together,
# in order, the room's files share one process, the longest start first: conftest.py).
# PARALLELE= runs everything in one process.
PARALLELE ?= -n auto --dist loadfile --no-loadscope-reorder

# Each check runs once: lint here, everything else in pytest. The pytest suite holds the
# twins of `fabrique-course verifier` (tests/test_content.py, test_notebooks.py,
# exercises/test_exercises.py) and of the tools' --check (test_notebooks.py,
# exercises/test_exercises.py, publishing/test_site.py), so a bare `pytest` is complete.
# The wall time of the installation (when one is needed), the checks and the suite is
# kept for make bench.
test:
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory install browser lint && \
	FABRIQUE_COURSE_CHROMIUM=$(CHROMIUM) $(BIN)/pytest --nbval-lax --nbval-current-env -p no:cacheprovider $(PARALLELE); \
	status=$$?; mkdir -p .bench; echo $$(( $$(date +%s) - start )) > .bench/make-test-seconds; \
	exit $$status

# For authors while writing: no browser, no notebook runs (nbval), no test marked slow.
test-rapide: install
	$(BIN)/pytest -m "not slow" --ignore=tests/e2e -p no:cacheprovider $(PARALLELE)

# Rewrites requirements/*.txt from pyproject.toml (needs PyPI); a test fails while they are stale.
verrou: install
	$(BIN)/python tools/lock.py

# A room on one JupyterHub server, installed by its administrator (root): the course,
# JupyterHub and its idle culler from requirements/salle.txt, the proxy from npm.
salle:
	bash deploy/jupyterhub/installer.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-results
