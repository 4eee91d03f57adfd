/**
 * Benchmarks a full synth of every stack, side by side in one run:
 *   app      - the process cdktf.json runs (swc transpile + compiled JS)
 *   app, no compile cache - the same with MOCKFORGE_COMPILE_CACHE=0 (a cold run)
 *   synth    - `npm run synth` as a whole (cdktf CLI + app)
 *   baseline - the cdktf template's default runner, `npx ts-node main.ts`
 * Each is run BENCH_RUNS times (default 3), interleaved, reporting median
 * wall time and peak RSS (GNU time), and app/baseline ratios. Results go to
 * stdout and bench-results/synth.json.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const runs = Number(process.env.BENCH_RUNS ?? 3);
const TIME = "/usr/bin/time";

interface Sample {
  readonly seconds: number;
  readonly peakRssMiB: number;
}

interface Subject {
  readonly name: string;
  readonly command: string;
}

const appCommand = (JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")) as { app: string }).app;
const subjects: Subject[] = [
  { name: "app (cdktf.json)", command: appCommand },
  // The same process without the V8 code cache (the first run after a change to node_modules or a new Node).
  { name: "app, no compile cache", command: `MOCKFORGE_COMPILE_CACHE=0 ${appCommand}` },
  { name: "npm run synth", command: "npm run --silent synth" },
  { name: "baseline: npx ts-node main.ts", command: "npx ts-node main.ts" },
];

function measure(subject: Subject, outdir: string): Sample {
  const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1" };
  // GNU time reports the peak RSS of the largest process in the tree it waits for.
  const started = process.hrtime.bigint();
  const result = spawnSync(TIME, ["-f", "%M", "sh", "-c", subject.command], { cwd: root, env, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${subject.name} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const lines = result.stderr.trim().split("\n");
  const peakKiB = Number(lines[lines.length - 1]);
  if (!Number.isFinite(peakKiB)) throw new Error(`could not read peak RSS from: ${result.stderr}`);
  const manifest = join(outdir, "manifest.json");
  const stacksOut = existsSync(manifest) ? Object.keys((JSON.parse(readFileSync(manifest, "utf8")) as { stacks: object }).stacks).length : 0;
  if (subject.name !== "npm run synth" && stacksOut === 0) throw new Error(`${subject.name} wrote no stacks to ${outdir}`);
  return { seconds, peakRssMiB: peakKiB / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main(): void {
  if (!existsSync(TIME)) throw new Error(`${TIME} not found: install the Debian package "time"`);
  mkdirSync(join(root, ".tmp"), { recursive: true });
  const tmp = mkdtempSync(join(root, ".tmp", "bench-"));
  const samples = new Map<string, Sample[]>(subjects.map((s) => [s.name, []]));
  try {
    // Warm-up once each (file cache, npx resolution), not counted.
    subjects.forEach((s, i) => measure(s, join(tmp, `warm-${i}`)));
    for (let run = 0; run < runs; run++) {
      subjects.forEach((s, i) => samples.get(s.name)!.push(measure(s, join(tmp, `run-${run}-${i}`))));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const summary = subjects.map((s) => {
    const list = samples.get(s.name)!;
    return { name: s.name, command: s.command, medianSeconds: median(list.map((x) => x.seconds)), medianPeakRssMiB: median(list.map((x) => x.peakRssMiB)), runs: list };
  });
  const byName = (name: string) => summary.find((s) => s.name === name)!;
  const [app, cold, synth, baseline] = [byName("app (cdktf.json)"), byName("app, no compile cache"), byName("npm run synth"), byName("baseline: npx ts-node main.ts")];
  const ratios = {
    appTimeVsBaseline: app.medianSeconds / baseline.medianSeconds,
    appWithoutCompileCacheVsBaseline: cold.medianSeconds / baseline.medianSeconds,
    appRssVsBaseline: app.medianPeakRssMiB / baseline.medianPeakRssMiB,
    synthTimeVsBaseline: synth.medianSeconds / baseline.medianSeconds,
  };
  for (const s of summary) {
    console.log(`${s.name.padEnd(32)} ${s.medianSeconds.toFixed(2).padStart(6)} s   ${s.medianPeakRssMiB.toFixed(0).padStart(5)} MiB peak RSS   (median of ${runs})`);
  }
  console.log(`app / baseline: time ${(ratios.appTimeVsBaseline * 100).toFixed(1)} % (target <= 15 %), peak RSS ${(ratios.appRssVsBaseline * 100).toFixed(1)} %`);
  console.log(`app without the compile cache / baseline: time ${(ratios.appWithoutCompileCacheVsBaseline * 100).toFixed(1)} %`);
  console.log(`app peak RSS ${app.medianPeakRssMiB.toFixed(0)} MiB (target <= 500 MiB)`);
  mkdirSync(join(root, "bench-results"), { recursive: true });
  writeFileSync(join(root, "bench-results", "synth.json"), JSON.stringify({ date: new Date().toISOString(), runs, summary, ratios }, null, 2));
}

main();
