import { closeSharedBackends } from "../tests/harness/app.ts";
import { availableBackends } from "../tests/harness/backends.ts";
import { apiBench } from "./api.bench.ts";
import { foundationBench } from "./foundation.bench.ts";
import { SECONDS } from "./load.ts";
import { overloadBench } from "./overload.bench.ts";
import { siteBench } from "./site.bench.ts";

/** `npm run bench`: figures side by side in one run, printed as ratios (never a timed test). */
console.log(`# ReaderKit benchmarks (${SECONDS} s per figure; BENCH_SECONDS to change)`);
const backends = await availableBackends();
await foundationBench(backends);
await apiBench(backends);
await overloadBench();
await closeSharedBackends();
await siteBench();
