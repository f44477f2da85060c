import { runCli } from './main.js';

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`plaza: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(3);
  },
);
