// The data folder holds names and contacts: only the server's own user may read it. New files are
// created 0600 and folders 0700; at start-up, a folder written by an older version (0644 files,
// 0755 folders) is brought to the same modes.
import { chmod, readdir } from "node:fs/promises";
import path from "node:path";

export const PRIVATE_FILE = 0o600;
export const PRIVATE_FOLDER = 0o700;

/** Sets the modes on the data folder, the markets folder and every file in the latter. */
export async function keepPrivate(dataDir: string, marketsFolder: string): Promise<void> {
  await chmod(dataDir, PRIVATE_FOLDER);
  await chmod(marketsFolder, PRIVATE_FOLDER);
  for (const entry of await readdir(marketsFolder, { withFileTypes: true })) {
    const where = path.join(marketsFolder, entry.name);
    await chmod(where, entry.isDirectory() ? PRIVATE_FOLDER : PRIVATE_FILE);
  }
}
