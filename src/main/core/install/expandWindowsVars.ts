/** Expands `%NAME%` the way Windows does, for paths in detection rules and uninstallers (Windows only). */

/**
 * `%ProgramFiles%\App` → `C:\Program Files\App`. Names match case-insensitively, as Windows environment names do;
 * an unknown name is left as written (the path then simply does not exist), and `%%` is not special.
 */
export function expandWindowsVars(text: string, env: NodeJS.ProcessEnv): string {
  const byUpperName = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) byUpperName.set(name.toUpperCase(), value);
  }
  return text.replace(
    /%([^%\\/:*?"<>|\r\n]+)%/g,
    (whole, name: string) => byUpperName.get(name.toUpperCase()) ?? whole,
  );
}
