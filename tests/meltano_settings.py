"""The `settings:` block of each plugin in meltano.yml, generated from the plugin's `--about`.

Why: Meltano shows, validates, prompts for and masks only the settings meltano.yml declares,
with the words written there. Written by hand they drift from the plugin (a description
reworded, a default changed in one place). `python tests/meltano_settings.py` (or
`make settings`) rewrites each block from `--about --format=json`; the test beside this file
fails when meltano.yml differs from what this would write. Everything else in meltano.yml
(settings_group_validation, inherited plugins, environments, jobs) is left byte for byte.
"""

from __future__ import annotations

import json
import re
import subprocess
import typing as t

from about_sections import BIN, PLUGINS, ROOT

MELTANO_YML = ROOT / "meltano.yml"

# The SDK's own settings (stream maps, flattening, batching): Meltano declares those it needs
# from the plugin's capabilities, and the SDK documents them.
SDK_SETTINGS = frozenset(
    {
        "stream_maps",
        "stream_map_config",
        "faker_config",
        "flattening_enabled",
        "flattening_max_depth",
        "flattening_max_key_length",
        "flattening_separator",
        "batch_config",
        "add_record_metadata",
        "load_method",
        "batch_size_rows",
        "validate_records",
    }
)

# JSON Schema type → Meltano setting kind (https://docs.meltano.com/reference/settings).
KINDS = {
    "string": "string",
    "integer": "integer",
    "number": "decimal",
    "boolean": "boolean",
    "array": "array",
    "object": "object",
}
DATE_FORMATS = frozenset({"date", "date-time"})
# Words that are written in capitals (or otherwise) in a label, not title-cased.
LABEL_WORDS = {
    "api": "API",
    "csv": "CSV",
    "dir": "Directory",
    "id": "ID",
    "smtp": "SMTP",
    "tls": "TLS",
    "url": "URL",
    "xmlrpc": "XML-RPC",
}


def about(plugin: str) -> dict[str, t.Any]:
    """The plugin's `--about --format=json`."""
    shown = subprocess.run(
        [str(BIN / plugin), "--about", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    )
    described: dict[str, t.Any] = json.loads(shown.stdout)
    return described


def about_settings(plugin: str, described: dict[str, t.Any] | None = None) -> dict[str, t.Any]:
    """The plugin's own settings as `--about --format=json` shows them, in its order."""
    properties: dict[str, t.Any] = (described or about(plugin))["settings"]["properties"]
    return {name: spec for name, spec in properties.items() if name not in SDK_SETTINGS}


def label(name: str) -> str:
    """A setting's label: its words title-cased, abbreviations as they are written."""
    return " ".join(LABEL_WORDS.get(word, word.capitalize()) for word in name.split("_"))


def kind(spec: dict[str, t.Any]) -> str:
    """The Meltano kind of a setting's JSON Schema."""
    types = [name for name in _types(spec) if name != "null"]
    if "enum" in spec:
        return "options"
    if types == ["string"] and spec.get("format") in DATE_FORMATS:
        return "date_iso8601"
    if len(types) != 1:  # e.g. a value that may be text or an object: Meltano takes it as text
        return "string"
    return KINDS[types[0]]


def _types(spec: dict[str, t.Any]) -> list[str]:
    declared = spec.get("type", [])
    return [declared] if isinstance(declared, str) else list(declared)


def _scalar(value: t.Any) -> str:
    """A YAML value in flow style: JSON is valid YAML, quoted and escaped alike."""
    return json.dumps(value, ensure_ascii=False)


def setting_definition(name: str, spec: dict[str, t.Any]) -> dict[str, t.Any]:
    """One setting as Meltano declares it (meltano.yml and the Hub definitions alike)."""
    definition: dict[str, t.Any] = {"name": name, "label": label(name), "kind": kind(spec)}
    if "default" in spec and spec["default"] is not None:
        definition["value"] = spec["default"]
    if "enum" in spec:
        definition["options"] = [
            {"label": option, "value": option} for option in spec["enum"] if option is not None
        ]
    if spec.get("secret"):
        definition["sensitive"] = True
    if spec.get("description"):
        definition["description"] = spec["description"]
    return definition


def setting_lines(name: str, spec: dict[str, t.Any]) -> list[str]:
    """The lines of one setting of a `settings:` block."""
    definition = setting_definition(name, spec)
    lines = [f"    - name: {name}", f"      label: {definition['label']}"]
    lines.append(f"      kind: {definition['kind']}")
    if "value" in definition:
        lines.append(f"      value: {_scalar(definition['value'])}")
    if "options" in definition:
        lines.append("      options:")
        lines += [
            f"      - {{label: {_scalar(option['label'])}, value: {_scalar(option['value'])}}}"
            for option in definition["options"]
        ]
    if definition.get("sensitive"):
        lines.append("      sensitive: true")
    if "description" in definition:
        lines.append(f"      description: {_scalar(definition['description'])}")
    return lines


def settings_block(plugin: str) -> str:
    """The plugin's whole `settings:` block, newline-terminated."""
    lines = ["    settings:"]
    for name, spec in about_settings(plugin).items():
        lines += setting_lines(name, spec)
    return "\n".join(lines) + "\n"


def _block_pattern(plugin: str) -> re.Pattern[str]:
    """The `settings:` block of the plugin's own definition (the one with a namespace).

    The block runs from `    settings:` to the first line that is neither a list item of it
    (`    - `) nor a continuation (six spaces or more): a blank line or the next plugin.
    """
    return re.compile(
        rf"(^  - name: {re.escape(plugin)}\n    namespace: (?:.*\n)(?:    (?!settings:).*\n)*?)"
        r"    settings:\n(?:(?:    - |      ).*\n)*",
        re.MULTILINE,
    )


def expected_meltano_yml() -> str:
    """meltano.yml with every plugin's `settings:` block generated from its `--about`."""
    text = MELTANO_YML.read_text(encoding="utf-8")
    for plugin in PLUGINS:
        text, found = _block_pattern(plugin).subn(
            lambda match, plugin=plugin: match.group(1) + settings_block(plugin), text
        )
        if found != 1:
            msg = f"meltano.yml has {found} settings blocks for {plugin}'s definition, not 1"
            raise ValueError(msg)
    return text


def main() -> None:
    """Rewrite meltano.yml's settings blocks."""
    MELTANO_YML.write_text(expected_meltano_yml(), encoding="utf-8")


if __name__ == "__main__":
    main()
