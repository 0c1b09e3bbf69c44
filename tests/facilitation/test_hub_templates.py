"""The room's login page and wait page are JupyterHub's own, with French words."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

import fabrique_course.facilitation as facilitation

TEMPLATES = Path(facilitation.__file__).with_name("hub_templates")


@pytest.mark.parametrize("name", ["login.html", "spawn_pending.html"])
def test_templates_extend_jupyterhubs_own_pages(name: str) -> None:
    """Each template parses and extends JupyterHub's page of the same name (so that a
    JupyterHub upgrade keeps its scripts and styles), and sets the page's language."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    jinja2.Environment().parse(text)
    assert f'{{% extends "templates/{name}" %}}' in text
    assert 'document.documentElement.lang = "fr"' in text
    assert "{{ super() }}" in text


def test_login_form_keeps_jupyterhubs_fields_in_french() -> None:
    """The form posts what JupyterHub's authenticator reads (``username``, ``password``,
    ``_xsrf``) with French labels tied to their fields."""
    text = (TEMPLATES / "login.html").read_text(encoding="utf-8")
    for field in ('name="username"', 'name="password"', 'name="_xsrf"',
                  'value="Se connecter"', '<label for="username_input">Identifiant :',
                  '<label for="password_input">Mot de passe :', 'id="username_input"',
                  'id="password_input"'):
        assert field in text, field
    for english in ("Sign in", "Username", "Password:"):
        assert english not in text
