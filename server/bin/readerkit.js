#!/usr/bin/env node
// The `readerkit` command: the compiled CLI (npm run build compiles src/ into lib/).
import "../lib/cli.js";
