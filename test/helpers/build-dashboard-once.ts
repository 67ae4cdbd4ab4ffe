/**
 * Vitest global setup for the browser tests: builds the Live Monitor once, in the main process,
 * before any test file starts. Each file's own `ensureDashboardBuilt` then finds it built; without
 * this, two files starting at once on a fresh clone could both build into dashboard/dist, one
 * emptying it while the other's relay served it.
 */
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';

export default async function setup(): Promise<void> {
  await ensureDashboardBuilt({ info: () => {} });
}
