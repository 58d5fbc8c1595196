#!/usr/bin/env node
// The `oasis` command (package.json "bin"): runs the actions locally. Its code is
// src/cli/, bundled to dist/cli/index.js by `node scripts/build.js cli`.
import '../dist/cli/index.js';
