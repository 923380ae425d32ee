"""Click commands over the archive (store, import, export, …), registered on the `police-notices` group."""

COMMANDS = []
