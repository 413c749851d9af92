import { spawn } from 'child_process';
import path from 'path';
import { appDir, log } from './harness';

/**
 * bench:smoke: every benchmark at its smallest size, so that a benchmark that no longer runs is
 * noticed in CI. It checks that each one exits 0 and ends with a JSON line of figures, and that
 * every figure is a finite number (a figure inside a text, such as "12.3 ms / 14.0 ms", may not read
 * NaN or Infinity). It never judges a figure's value: timings stay out of CI.
 *
 *   npm run bench:smoke [-- --only zip,limits] [--parallel 2]
 */
const RUNS: Array<{ name: string; script: string; args: string[]; node?: string[] }> = [
  { name: 'ingest', script: 'ingest.js', args: ['--count', '1', '--concurrency', '1'] },
  { name: 'zip', script: 'zip.js', args: ['--count', '4', '--runs', '1', '--prepare', '0', '--skip-rss', '--skip-zip64'], node: ['--expose-gc'] },
  { name: 'limits', script: 'limits.js', args: ['--runs', '1', '--requests', '12', '--limit', '3'] },
  { name: 'listing', script: 'listing.js', args: ['--photos', '40', '--seconds', '1', '--samples', '3'] },
  { name: 'comparison', script: 'comparison.js', args: ['--runs', '1', '--width', '2048'] },
  { name: 'dashboard', script: 'dashboard.js', args: ['--events', '20000', '--links', '400', '--samples', '5'] },
];

/** Every number in `value`, and every text that reads as a broken figure. */
export function figureProblems(value: unknown, where = '', out: { numbers: number; problems: string[] } = { numbers: 0, problems: [] }) {
  if (typeof value === 'number') {
    out.numbers += 1;
    if (!Number.isFinite(value)) out.problems.push(`${where || 'value'} is ${value}`);
  } else if (typeof value === 'string') {
    if (/\b(NaN|Infinity|undefined)\b/.test(value)) out.problems.push(`${where} reads "${value}"`);
    out.numbers += (value.match(/-?\d+(\.\d+)?/g) ?? []).length;
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => figureProblems(item, `${where}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) figureProblems(item, where ? `${where}.${key}` : key, out);
  }
  return out;
}

/** Each benchmark at its smallest size takes under a minute here; five is a hang. */
const SMOKE_LIMIT_MS = 300_000;

function runBench(run: (typeof RUNS)[number]): Promise<{ code: number; lastJson?: unknown; seconds: number; tail: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(run.node ?? []), path.join(__dirname, run.script), ...run.args], {
      cwd: appDir,
      env: { ...process.env, MALLOC_ARENA_MAX: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // A benchmark that hangs fails here, named, instead of holding CI until its limit.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, SMOKE_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) output += `\n${run.name} did not finish within ${SMOKE_LIMIT_MS / 1000} s and was killed`;
      const lines = output.trim().split('\n');
      let lastJson: unknown;
      for (const line of [...lines].reverse()) {
        if (!line.startsWith('{')) continue;
        try {
          lastJson = JSON.parse(line);
          break;
        } catch {
          // a log line that happens to start with a brace
        }
      }
      resolve({ code: code ?? 1, lastJson, seconds: (Date.now() - started) / 1000, tail: lines.slice(-15).join('\n') });
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
  // Two at a time: a smoke run judges no figure's value, so neighbours cannot spoil it.
  const parallel = args.includes('--parallel') ? Number(args[args.indexOf('--parallel') + 1]) : 2;
  const failures: string[] = [];
  const queue = RUNS.filter((entry) => !only || only.includes(entry.name));
  const results = new Map<string, Awaited<ReturnType<typeof runBench>>>();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let run = queue.shift(); run; run = queue.shift()) results.set(run.name, await runBench(run));
    }),
  );
  for (const run of RUNS.filter((entry) => results.has(entry.name))) {
    const result = results.get(run.name)!;
    const figures = result.lastJson === undefined ? undefined : figureProblems(result.lastJson);
    const problems = [
      ...(result.code !== 0 ? [`exited with ${result.code}`] : []),
      ...(result.lastJson === undefined ? ['printed no JSON line of figures'] : []),
      ...(figures && figures.numbers === 0 ? ['its figures hold no number'] : []),
      ...(figures?.problems ?? []),
    ];
    log(`bench:${run.name.padEnd(11)} ${run.args.join(' ').padEnd(60)} ${result.seconds.toFixed(1).padStart(6)} s  ${problems.length === 0 ? `ok (${figures!.numbers} figures)` : 'FAILED'}`);
    if (problems.length > 0) {
      failures.push(`bench:${run.name}: ${problems.join('; ')}`);
      log(result.tail);
    }
  }
  if (failures.length > 0) {
    log(`\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
