/**
 * The closing lines of .ci/run: the counts, then every test that passed only on its retry (the e2e
 * project retries once, vitest.config.ts). Each is a flake to mend, named here so it is not forgotten.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string; assertionResults: { status: string; fullName: string; failureMessages: string[] }[] }[];
}

const report = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Report;
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);
const flaky = report.testResults.flatMap((file) =>
  file.assertionResults
    .filter((t) => t.status === 'passed' && t.failureMessages.length > 0)
    .map((t) => `  ${path.relative(process.cwd(), file.name)} > ${t.fullName}\n    first try: ${t.failureMessages[0]!.split('\n')[0]}`),
);
if (flaky.length > 0) console.log(`passed only on a retry (${flaky.length}), flakes to mend:\n${flaky.join('\n')}`);
