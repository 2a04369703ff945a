import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from './lib/bench-params';
import type { BackendResults } from './lib/bench-results';
import { renderReport, updatePerformanceDoc } from './lib/report';

/**
 * Puts the results of the backends of one `npm run bench` side by side:
 *   node render.bench.js results-postgresql.json results-sqlite.json
 * The summary table goes to stdout (or BENCH_SUMMARY_FILE); the generated block of docs/PERFORMANCE.md
 * (or BENCH_DOC_PATH) is replaced unless BENCH_WRITE_DOC=0. Exits 1 when a results file is missing.
 */
function main(): number {
  const files = process.argv.slice(2);
  const results: BackendResults[] = [];
  for (const f of files) {
    if (!existsSync(f)) {
      process.stderr.write(`[bench] no results file ${f}\n`);
      return 1;
    }
    results.push(JSON.parse(readFileSync(f, 'utf8')) as BackendResults);
  }
  if (!results.length) {
    process.stderr.write('[bench] usage: render.bench.js RESULTS.json...\n');
    return 1;
  }
  const { summary, markdown } = renderReport(results);
  if (process.env.BENCH_SUMMARY_FILE) writeFileSync(process.env.BENCH_SUMMARY_FILE, `${summary}\n`);
  else process.stdout.write(`${summary}\n`);
  if (process.env.BENCH_WRITE_DOC !== '0') {
    const docPath = process.env.BENCH_DOC_PATH ? resolve(process.env.BENCH_DOC_PATH) : join(ROOT, 'docs', 'PERFORMANCE.md');
    updatePerformanceDoc(docPath, markdown);
    process.stderr.write(`[bench] wrote the results block of ${docPath}\n`);
  }
  return 0;
}

process.exit(main());
