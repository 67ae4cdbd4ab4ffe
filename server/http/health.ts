/** `GET /readyz`: ready to take clients (listening; later, Redis reachable when configured). */
import type { Express } from 'express';

export interface Readiness {
  listening: boolean;
  shuttingDown: boolean;
  /** Cluster mode only: whether Redis is reachable. */
  cluster?: () => 'ok' | 'degraded';
}

export function attachReadiness(app: Express, state: Readiness): void {
  app.get('/readyz', (_req, res) => {
    const cluster = state.cluster?.();
    const ready = state.listening && !state.shuttingDown && cluster !== 'degraded';
    res.status(ready ? 200 : 503).json({ ok: ready, listening: state.listening, shuttingDown: state.shuttingDown, ...(cluster ? { redis: cluster } : {}) });
  });
}
