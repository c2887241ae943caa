/** Local mode's log: one readable line per entry; warnings and errors to stderr. */
import type { Log } from '../app/log.js';

export function consoleLog(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): Log {
  const order = ['debug', 'info', 'warn', 'error'];
  const line = (lvl: string, message: string, extra?: Record<string, unknown>) => {
    if (order.indexOf(lvl) < order.indexOf(level)) return;
    const text = `${new Date().toISOString()} ${lvl.toUpperCase()} ${message}${extra ? ` ${JSON.stringify(extra)}` : ''}`;
    if (lvl === 'warn' || lvl === 'error') console.error(text);
    else console.log(text);
  };
  return {
    debug: (m, e) => line('debug', m, e),
    info: (m, e) => line('info', m, e),
    warn: (m, e) => line('warn', m, e),
    error: (m, e) => line('error', m, e),
  };
}
