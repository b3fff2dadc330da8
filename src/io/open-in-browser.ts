import { spawn } from 'node:child_process';

/*
 * Opens a file in the desktop's default program (the browser, for an .html file): xdg-open on
 * Linux and the BSDs, open on macOS, start on Windows. Resolves to null when it started, or to
 * the reason it could not (no opener installed, no desktop): the file is there either way.
 */
export function openInBrowser(path: string, platform: NodeJS.Platform = process.platform): Promise<string | null> {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [path]]
      : platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', path]]
        : ['xdg-open', [path]];
  return new Promise((settle) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, { stdio: 'ignore', detached: true });
    } catch (error) {
      settle(`${command}: ${(error as Error).message}`);
      return;
    }
    child.once('error', (error: NodeJS.ErrnoException) =>
      settle(error.code === 'ENOENT' ? `${command} is not installed` : `${command}: ${error.message}`),
    );
    child.once('spawn', () => {
      child.unref();
      settle(null);
    });
  });
}
