/**
 * The exact commands that enroll a PC with a token, one per way the agent is installed (build/preset/README.md and
 * electron-builder.yml name the options and the files). Pure, so the page shows exactly what a test can check.
 */
export interface InstallCommand {
  key: string;
  title: { id: string; en: string };
  command: string;
}

/** `version` names the installer files (electron-builder's artifact names); `serverUrl` is where PCs reach the server. */
export function installCommands(serverUrl: string, token: string, version: string): InstallCommand[] {
  const preset = JSON.stringify({ serverUrl, enrollmentToken: token }, null, 2);
  return [
    {
      key: 'agent',
      title: { id: 'Agen (baris perintah)', en: 'Agent (command line)' },
      command: `pasang-agent --server ${serverUrl} --enroll-token ${token}`,
    },
    {
      key: 'nsis',
      title: { id: 'Windows, pemasang senyap (.exe)', en: 'Windows, silent installer (.exe)' },
      command: `Pasang-Setup-${version}.exe /S /SERVER=${serverUrl} /TOKEN=${token}`,
    },
    {
      key: 'msi',
      title: { id: 'Windows, MSI', en: 'Windows, MSI' },
      command: `msiexec /i Pasang-${version}.msi /qn SERVER=${serverUrl} TOKEN=${token}`,
    },
    {
      key: 'deb',
      title: { id: 'Debian/Ubuntu (.deb)', en: 'Debian/Ubuntu (.deb)' },
      command: `sudo env PASANG_SERVER=${serverUrl} PASANG_TOKEN=${token} apt install ./pasang_${version}_amd64.deb`,
    },
    {
      key: 'preset',
      title: {
        id: 'Berkas preset (resources/pasang-agent.json, untuk paket khusus kantor atau macOS)',
        en: 'Preset file (resources/pasang-agent.json, for a site package or macOS)',
      },
      command: preset,
    },
  ];
}
