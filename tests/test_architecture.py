"""The import rules of ARCHITECTURE.md, checked: every arrow between our packages points down.

Why a test: a target that imports its tap (or a client that reaches into a plugin) installs
code a plugin does not need and ties two releases together; nothing else would notice.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = {
    "marketo": "marketo_client",
    "keap": "keap_client",
    "haihai": "haihai_mail_client",
    "satori": "satori_client",
}
PLUGINS = {
    "tap_marketo_opportunities": "marketo",
    "target_marketo_opportunities": "marketo",
    "tap_infusionsoft": "keap",
    "target_infusionsoft": "keap",
    "tap_haihai_mail": "haihai",
    "target_haihai_mail": "haihai",
    "target_satori_bridge": "satori",
}
OURS = {"singer_commons", "vendor_sandbox", *CLIENTS.values(), *PLUGINS}


def package_dir(package: str) -> Path:
    """The source folder of one of our import packages (folder name = dashed package name)."""
    return ROOT / package.replace("_", "-") / package


def imports(path: Path) -> set[str]:
    """Every absolute module a file imports, type-checking-only imports included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def our_imports(package: str, *, within: str = "") -> dict[str, set[str]]:
    """Our top-level packages each source file of `package` (or of its `within` folder) imports."""
    folder = package_dir(package) / within
    return {
        str(path.relative_to(ROOT)): {
            name.split(".")[0] for name in imports(path) if name.split(".")[0] in OURS
        }
        - {package}
        for path in sorted(folder.rglob("*.py"))
    }


def breaches(package: str, allowed: set[str], *, within: str = "") -> dict[str, set[str]]:
    """The files of `package` that import one of ours outside `allowed`, with what they import."""
    return {
        file: found - allowed
        for file, found in our_imports(package, within=within).items()
        if found - allowed
    }


def test_every_package_the_rules_name_exists() -> None:
    for package in ("singer_commons", "vendor_sandbox", *CLIENTS.values(), *PLUGINS):
        assert package_dir(package).is_dir(), package


@pytest.mark.parametrize("plugin", sorted(PLUGINS))
def test_a_plugin_imports_only_its_vendors_client_and_the_commons(plugin: str) -> None:
    assert breaches(plugin, {CLIENTS[PLUGINS[plugin]], "singer_commons"}) == {}


@pytest.mark.parametrize("client", sorted(CLIENTS.values()))
def test_a_client_imports_only_the_commons(client: str) -> None:
    assert breaches(client, {"singer_commons"}) == {}


def test_the_commons_import_no_vendor_and_no_plugin() -> None:
    assert breaches("singer_commons", set()) == {}


def test_only_the_commons_sdk_layer_and_the_errors_module_import_singer_sdk() -> None:
    commons = package_dir("singer_commons")
    importing_the_sdk = {
        str(path.relative_to(commons))
        for path in commons.glob("*.py")
        if any(name.split(".")[0] == "singer_sdk" for name in imports(path))
    }

    # errors.py builds the SDK's own ConfigValidationError, so the CLI prints a settings error.
    assert importing_the_sdk == {"errors.py"}


def test_the_emulators_know_nothing_of_the_plugins_they_emulate_vendors_for() -> None:
    emulators = {
        file: found
        for file, found in our_imports("vendor_sandbox").items()
        if "/testing/" not in file and found
    }

    assert emulators == {}
