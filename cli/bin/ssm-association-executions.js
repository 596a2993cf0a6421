#!/usr/bin/env node
// The command runs the bundled CLI (built by `npm run build`, and on `npm install` in a clone).
import "../dist/bin.js"
