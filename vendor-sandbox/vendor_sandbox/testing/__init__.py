"""What tests in every folder share to run a plugin as a real process against the sandbox.

`runner` starts plugin executables the way Meltano and shell pipes do (the `run_plugin`
fixture is one); `marketo`, `keap`, `haihai` and `satori` hold the settings that point a
plugin at its emulator with the sandbox's credentials, and small readers of what the
emulator holds. A plugin's own `tests/` and the cross-plugin tests at the repository root
import them from here, so no folder keeps a copy.
"""
