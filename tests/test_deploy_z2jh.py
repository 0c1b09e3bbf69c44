"""The Zero to JupyterHub values file (deploy/z2jh/) and its guide (docs/salle-jupyterhub.md).

No Kubernetes cluster is available to the tests: this checks what can be checked offline —
the YAML parses, it uses only keys of the chart's schema, the Python it hands the hub
compiles and mounts the whole hand-in volume for admins only, and every file of the
repository the values file or the guide names exists.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from .conftest import REPO

Z2JH = REPO / "deploy" / "z2jh"
VALUES_PATH = Z2JH / "values.yaml"
PVC_PATH = Z2JH / "pvc-rendus.yaml"
DOC_PATH = REPO / "docs" / "salle-jupyterhub.md"

# Keys the values file may use, read from jupyterhub/values.schema.yaml of the chart
# (github.com/jupyterhub/zero-to-jupyterhub-k8s, chart 4.4.0, commit 48ea50e): every level
# below is closed there (additionalProperties: false). OPEN marks a level the schema leaves
# open (hub.extraConfig, singleuser.extraEnv, Kubernetes objects passed through as is).
# Only the keys this project uses, or may plausibly need, are listed: a typo fails.
OPEN: dict[str, Any] = {}
CHART_KEYS: dict[str, Any] = {
    "singleuser": {
        "image": {"name": None, "tag": None, "pullPolicy": None, "pullSecrets": None},
        "lifecycleHooks": {"postStart": OPEN, "preStop": OPEN},
        "defaultUrl": None,
        "extraEnv": OPEN,
        "memory": {"guarantee": None, "limit": None},
        "cpu": {"guarantee": None, "limit": None},
        "storage": {
            "type": None, "capacity": None, "homeMountPath": None,
            "extraVolumes": OPEN, "extraVolumeMounts": OPEN,
            "dynamic": {"storageClass": None, "pvcNameTemplate": None,
                        "volumeNameTemplate": None, "storageAccessModes": None,
                        "subPath": None},
            "static": {"pvcName": None, "subPath": None},
        },
        "initContainers": None,
        "uid": None,
        "fsGid": None,
        "startTimeout": None,
        "cmd": None,
        "profileList": None,
    },
    "hub": {
        # hub.config: any configurable class name (pattern ^[A-Z]); its traits are checked
        # against HUB_TRAITS below.
        "config": OPEN,
        "extraConfig": OPEN,
        "extraEnv": OPEN,
        "baseUrl": None,
        "concurrentSpawnLimit": None,
        "activeServerLimit": None,
    },
    "cull": {"enabled": None, "timeout": None, "every": None, "users": None,
             "adminUsers": None, "concurrency": None, "maxAge": None},
    "proxy": {"https": OPEN, "service": OPEN, "secretToken": None},
    "ingress": {"enabled": None, "hosts": None, "tls": None, "annotations": None,
                "ingressClassName": None},
    "scheduling": OPEN,
    "prePuller": OPEN,
}
# Traits set through hub.config, by class, checked in the sources the chart's hub image
# ships (images/hub/requirements.txt: jupyterhub 5.5.0, jupyterhub-nativeauthenticator
# 1.3.0, jupyterhub-kubespawner 7.1.0).
HUB_TRAITS = {
    "JupyterHub": {"authenticator_class"},
    "Authenticator": {"admin_users", "allow_all", "allowed_users"},
    "NativeAuthenticator": {"open_signup", "enable_signup", "minimum_password_length",
                            "check_common_password", "allowed_failed_logins"},
    "KubeSpawner": {"working_dir", "slug_scheme"},
}

# Files of this repository the values file and the guide name (the last two are written by
# the one-server room of issue 16).
NAMED_BY_VALUES = ["environment.yml", "postBuild", "jupyter/overrides.json",
                   "docs/salle-jupyterhub.md", "tests/test_deploy_z2jh.py"]
NAMED_BY_DOC = ["environment.yml", "postBuild", "jupyter/overrides.json", "README.md",
                "deploy/z2jh/values.yaml", "deploy/z2jh/pvc-rendus.yaml",
                "tests/test_deploy_z2jh.py", "docs/export-progression.md",
                "deploy/jupyterhub/jupyterhub_config.py", "requirements/salle.txt"]
HAND_INS = "/srv/fabrique-course/rendus"


def _values() -> dict[str, Any]:
    return yaml.safe_load(VALUES_PATH.read_text(encoding="utf-8"))


def _unknown_keys(values: Any, allowed: Any, path: str = "") -> list[str]:
    """Dotted paths of ``values`` that ``allowed`` (a CHART_KEYS level) does not list."""
    if allowed is OPEN or allowed is None or not isinstance(values, dict):
        return []
    found = []
    for key, value in values.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in allowed:
            found.append(where)
        else:
            found += _unknown_keys(value, allowed[key], where)
    return found


def test_values_and_volume_are_yaml() -> None:
    """The values file and the hand-in volume parse with yaml.safe_load."""
    assert isinstance(_values(), dict)
    pvc = yaml.safe_load(PVC_PATH.read_text(encoding="utf-8"))
    assert pvc["kind"] == "PersistentVolumeClaim"
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]


def test_values_use_only_chart_keys() -> None:
    """Every key of values.yaml is a key of the chart's schema: a typo fails here, not
    only when helm checks the file on the day of the install."""
    assert _unknown_keys(_values(), CHART_KEYS) == []


def test_hub_config_traits_are_known() -> None:
    """hub.config names classes and traits that exist in the hub image's packages."""
    config = _values()["hub"]["config"]
    for klass, traits in config.items():
        assert klass in HUB_TRAITS, klass
        assert set(traits) <= HUB_TRAITS[klass], (klass, set(traits) - HUB_TRAITS[klass])


def test_authentication_is_not_for_tests_only() -> None:
    """A real authenticator with closed sign-up and the facilitator as admin, never the
    Dummy one (any password opens any account)."""
    config = _values()["hub"]["config"]
    authenticator = config["JupyterHub"]["authenticator_class"]
    assert "dummy" not in authenticator.lower()
    assert authenticator == "nativeauthenticator.NativeAuthenticator"
    assert config["NativeAuthenticator"]["open_signup"] is False
    assert config["Authenticator"]["admin_users"] == ["animateur"]


def _run_extra_config() -> Any:
    """Execute hub.extraConfig as the chart does (``exec`` with a ``c``), return the hook."""
    c = SimpleNamespace(KubeSpawner=SimpleNamespace())
    for name, source in sorted(_values()["hub"]["extraConfig"].items()):
        exec(compile(source, f"hub.extraConfig.{name}", "exec"), {"c": c})
    return c.KubeSpawner.pre_spawn_hook


def _fake_spawner(admin: bool) -> SimpleNamespace:
    """A spawner as the chart configures it: volume mounts as a dict, learner mount set."""
    storage = _values()["singleuser"]["storage"]
    return SimpleNamespace(
        user=SimpleNamespace(admin=admin, name="animateur" if admin else "apprenant01"),
        volume_mounts={"volume-{user_server}": {"name": "volume-{user_server}",
                                                "mountPath": "/home/jovyan"},
                       **storage["extraVolumeMounts"]},
        environment={"FABRIQUE_SALLE_DONNEES": "/srv/fabrique-course"},
        default_url=_values()["singleuser"]["defaultUrl"],
    )


def test_extra_config_compiles() -> None:
    """Each hub.extraConfig snippet is valid Python."""
    snippets = _values()["hub"]["extraConfig"]
    assert snippets
    for name, source in snippets.items():
        compile(source, f"hub.extraConfig.{name}", "exec")


def test_admin_reads_every_hand_in_learners_only_their_own() -> None:
    """The hook gives admins the whole hand-in volume, read-only, and the facilitator
    edition; a learner keeps only the mount of their own sub-folder."""
    hook = _run_extra_config()
    learner = _fake_spawner(admin=False)
    hook(learner)
    (mount,) = [m for m in learner.volume_mounts.values() if m["name"] == "fabrique-rendus"]
    assert mount["subPath"] == "{username}"
    assert mount["mountPath"] == HAND_INS + "/{unescaped_username}"
    assert "FABRIQUE_ANIMATEUR" not in learner.environment

    admin = _fake_spawner(admin=True)
    hook(admin)
    (mount,) = [m for m in admin.volume_mounts.values() if m["name"] == "fabrique-rendus"]
    assert mount == {"name": "fabrique-rendus", "mountPath": HAND_INS, "readOnly": True}
    assert admin.environment["FABRIQUE_ANIMATEUR"] == "1"
    assert admin.environment["FABRIQUE_SALLE_DONNEES"] == "/srv/fabrique-course"
    notebook = admin.default_url.removeprefix("/lab/tree/parcours-startup-etat-animateur/")
    assert (REPO / "notebooks" / "animateur" / notebook).is_file()


def test_learner_pods_mount_only_their_own_hand_in_folder() -> None:
    """The shared volume is the PVC of pvc-rendus.yaml, mounted per user by subPath; the
    init container prepares that sub-folder only, the name passed as an argument."""
    single = _values()["singleuser"]
    pvc = yaml.safe_load(PVC_PATH.read_text(encoding="utf-8"))
    (volume,) = single["storage"]["extraVolumes"].values()
    assert volume["persistentVolumeClaim"]["claimName"] == pvc["metadata"]["name"]
    (mount,) = single["storage"]["extraVolumeMounts"].values()
    assert mount["subPath"] == "{username}"
    assert single["extraEnv"]["FABRIQUE_SALLE_DONNEES"] == "/srv/fabrique-course"
    (init,) = single["initContainers"]
    script, *arguments = init["command"][2:]
    assert "{" not in script  # nothing of the user's name is pasted into the script
    assert arguments == ["sh", "{username}"]


def test_one_image_everywhere() -> None:
    """The init container, the build command in the comments and the guide all name the
    image of singleuser.image, so replacing it cannot be half done unnoticed."""
    image = _values()["singleuser"]["image"]
    reference = f"{image['name']}:{image['tag']}"
    assert _values()["singleuser"]["initContainers"][0]["image"] == reference
    comments = VALUES_PATH.read_text(encoding="utf-8")
    assert f"--image-name {reference} ." in comments
    assert "REPLACE" in comments
    assert reference in DOC_PATH.read_text(encoding="utf-8")


def test_workspace_prepared_and_opened_on_the_home_page() -> None:
    """postStart prepares the workspace (the facilitator edition for the facilitator), and
    JupyterLab opens on the course's home notebook, which exists."""
    single = _values()["singleuser"]
    command = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "fabrique-course lab --preparer-seulement" in command
    assert "fabrique-course lab --animateur --preparer-seulement" in command
    url = single["defaultUrl"]
    assert url == "/lab/tree/parcours-startup-etat/accueil.ipynb"
    assert (REPO / "notebooks" / "accueil.ipynb").is_file()


def test_resources_and_culling() -> None:
    """The per-learner budget of the bench (250 MB guaranteed, 500 MB at most) and the
    idle culler (one hour, checked every 5 minutes)."""
    values = _values()
    assert values["singleuser"]["memory"] == {"guarantee": "250M", "limit": "500M"}
    assert values["singleuser"]["cpu"]["limit"] == 1
    assert 0 < values["singleuser"]["cpu"]["guarantee"] <= 0.1
    assert values["cull"] == {"enabled": True, "timeout": 3600, "every": 300}


def test_image_build_files_do_what_the_values_say() -> None:
    """repo2docker installs the course from environment.yml, and postBuild copies the
    French JupyterLab settings into the image."""
    environment = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pips = [p for d in environment["dependencies"] if isinstance(d, dict) for p in d["pip"]]
    assert "-e ." in pips
    post_build = (REPO / "postBuild").read_text(encoding="utf-8")
    assert "cp jupyter/overrides.json" in post_build


@pytest.mark.parametrize("name", sorted(set(NAMED_BY_VALUES + NAMED_BY_DOC)))
def test_named_repository_files_exist(name: str) -> None:
    """Each repository file the values file or the guide names exists."""
    assert (REPO / name).is_file(), f"{name} est cité mais n'existe pas"


def test_named_lists_are_honest() -> None:
    """The two lists above are really named in their files (kept in step with them)."""
    values = VALUES_PATH.read_text(encoding="utf-8")
    doc = DOC_PATH.read_text(encoding="utf-8")
    assert [n for n in NAMED_BY_VALUES if n not in values] == []
    assert [n for n in NAMED_BY_DOC if n.removeprefix("docs/") not in doc] == []


LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(markdown: str) -> set[str]:
    """GitHub-style anchors of a Markdown file's headings."""
    anchors = set()
    for title in re.findall(r"^#+ (.+)$", markdown, flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def test_doc_links_resolve() -> None:
    """Every relative link of the guide leads to a file of the repository (and to one of
    its headings when it names one)."""
    links = [t for t in LINK.findall(DOC_PATH.read_text(encoding="utf-8"))
             if not t.startswith(("http://", "https://", "mailto:"))]
    assert links
    for target in links:
        path, _, anchor = target.partition("#")
        file = (DOC_PATH.parent / path).resolve() if path else DOC_PATH
        assert file.is_file(), target
        if anchor:
            assert anchor in _anchors(file.read_text(encoding="utf-8")), target


def test_doc_points_to_the_bench_rather_than_inventing_figures() -> None:
    """The guide sends to the README's bench table for the room's measured figures."""
    doc = DOC_PATH.read_text(encoding="utf-8")
    assert "<!-- banc-salle" in doc
    assert "(../README.md#performances)" in doc

