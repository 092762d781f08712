#!/usr/bin/env node
// `uapi-lint-lsp`: the language server over stdio, what an editor's LSP client starts.
// Another transport may still be chosen (--node-ipc, --socket=PORT, --pipe=NAME).
if (!process.argv.slice(2).some((a) => /^--(stdio|node-ipc|socket|pipe)\b/.test(a))) process.argv.push('--stdio');
require('../dist/server.js');
