/** `GET /readyz`: ready to take clients (listening; later, Redis reachable when configured). */
import type { Express } from 'express';

export interface Readiness {
  listening: boolean;
  shuttingDown: boolean;
}

export function attachReadiness(app: Express, state: Readiness): void {
  app.get('/readyz', (_req, res) => {
    const ready = state.listening && !state.shuttingDown;
    res.status(ready ? 200 : 503).json({ ok: ready, listening: state.listening, shuttingDown: state.shuttingDown });
  });
}
