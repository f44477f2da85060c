#!/usr/bin/env node
// The `plaza` command. npm runs it with the Node.js that Plaza brings (the `node` package), like every script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/plaza.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('Plaza is not built yet: run `npm install` (which builds it) or `npm run build`.\n');
  process.exit(3);
}
await import(entry.href);
