#!/usr/bin/env node
// Thin launcher: everything lives in dist/cli/main.js (built with `npm run build`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv, { handleSignals: true });
