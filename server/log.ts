/** Structured logs: JSON lines, or readable lines when a person watches the terminal. */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export function createLogger(level: string, name = 'camrelay'): Logger {
  if (process.stdout.isTTY) {
    return pino({ name, level }, pretty({ colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' }));
  }
  return pino({ name, level });
}
