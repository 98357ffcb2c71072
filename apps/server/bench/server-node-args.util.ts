/**
 * Node flags for a server process a benchmark starts: the production ones (`IOC_SERVER_NODE_FLAGS`, set by
 * tools/bench.mjs from SERVER_NODE_FLAGS in tools/run.util.mjs) and the bench's own extras
 * (`BENCH_SERVER_NODE_ARGS`, e.g. `--cpu-prof --cpu-prof-dir=tmp/prof`).
 */
export function serverNodeArgs(): string[] {
  const split = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean);
  return [...split(process.env.IOC_SERVER_NODE_FLAGS), ...split(process.env.BENCH_SERVER_NODE_ARGS)];
}
