#!/usr/bin/env node
// The CLI and the language server are one bundle; `uapi-lint lsp --stdio` starts the server.
require('../dist/server.js');
