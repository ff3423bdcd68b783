/**
 * DATA_DIR holds the embedded store and, unless the key is configured elsewhere, the encryption
 * key: the directory is made 0700 and its files 0600 at every start, whatever modes they had
 * (an earlier version, a restore from a backup, a copy made with another umask). SQLite creates
 * the -wal and -shm files with the database file's mode, so they follow once it is 0600.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DATA_DIR_FILES = ['service.sqlite', 'service.sqlite-wal', 'service.sqlite-shm', 'encryption.key'] as const;

export function secureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  restrict(dir, 0o700);
  // Created empty and private before SQLite opens it (SQLite would create it with the umask's mode).
  const db = join(dir, 'service.sqlite');
  if (!existsSync(db)) closeSync(openSync(db, 'a', 0o600));
  for (const name of DATA_DIR_FILES) {
    const file = join(dir, name);
    if (existsSync(file)) restrict(file, 0o600);
  }
}

function restrict(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    throw new Error(`cannot make ${resolve(path)} private (chmod ${mode.toString(8)}: ${code}); run the service as the owner of DATA_DIR, or choose another DATA_DIR`, { cause: err });
  }
}
