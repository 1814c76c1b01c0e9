// Shared test support: a JSON-RPC client for the language server.
