import { parseMacosApps, publisherFromSigner } from '../../../../../../src/main/core/inventory/software/macosApps';

// An excerpt of `system_profiler SPApplicationsDataType -json` on macOS 14 (Apple silicon).
const fixture = `{
  "SPApplicationsDataType" : [
    {
      "_name" : "Safari",
      "arch_kind" : "arch_arm_i64",
      "lastModified" : "2024-03-08T07:44:26Z",
      "obtained_from" : "apple",
      "path" : "/Applications/Safari.app",
      "signed_by" : [
        "Software Signing",
        "Apple Code Signing Certification Authority",
        "Apple Root CA"
      ],
      "version" : "17.4"
    },
    {
      "_name" : "Google Chrome",
      "arch_kind" : "arch_arm_i64",
      "lastModified" : "2024-04-30T10:12:01Z",
      "obtained_from" : "identified_developer",
      "path" : "/Applications/Google Chrome.app",
      "signed_by" : [
        "Developer ID Application: Google LLC (EQHXZ8M8AV)",
        "Developer ID Certification Authority",
        "Apple Root CA"
      ],
      "version" : "124.0.6367.119"
    },
    {
      "_name" : "Microsoft Word",
      "arch_kind" : "arch_arm_i64",
      "obtained_from" : "mac_app_store",
      "path" : "/Applications/Microsoft Word.app",
      "signed_by" : [
        "Apple Mac OS Application Signing",
        "Apple Worldwide Developer Relations Certification Authority",
        "Apple Root CA"
      ],
      "version" : "16.84"
    },
    {
      "_name" : "Zoom Rooms Helper",
      "arch_kind" : "arch_i64",
      "obtained_from" : "unknown",
      "path" : "/Users/ana/Applications/Zoom Rooms Helper.app"
    },
    {
      "_name" : "Überwachung – Tool",
      "arch_kind" : "arch_arm",
      "obtained_from" : "identified_developer",
      "path" : "/Applications/Überwachung – Tool.app",
      "signed_by" : [
        "Developer ID Application: Müller & Söhne GmbH (ABCDE12345)"
      ],
      "version" : "2.0"
    },
    {
      "_name" : "Google Chrome",
      "arch_kind" : "arch_arm_i64",
      "obtained_from" : "identified_developer",
      "path" : "/Users/ana/Downloads/Google Chrome.app",
      "signed_by" : [ "Developer ID Application: Google LLC (EQHXZ8M8AV)" ],
      "version" : "124.0.6367.119"
    },
    {
      "arch_kind" : "arch_other",
      "path" : "/Applications/Broken.app"
    }
  ]
}`;

describe('parseMacosApps', () => {
  const parsed = parseMacosApps(fixture);

  it('lists each app bundle once, skipping entries without a name', () => {
    expect(parsed.map((p) => p.name)).toEqual([
      'Safari',
      'Google Chrome',
      'Microsoft Word',
      'Zoom Rooms Helper',
      'Überwachung – Tool',
    ]);
  });

  it('reads the version, the signing developer as publisher and the architecture', () => {
    expect(parsed[1]).toEqual({
      name: 'Google Chrome',
      version: '124.0.6367.119',
      publisher: 'Google LLC',
      arch: 'universal',
      source: 'macos-apps',
    });
    expect(parsed[4]).toMatchObject({ publisher: 'Müller & Söhne GmbH', arch: 'arm64' });
  });

  it("names Apple as the publisher of Apple's own apps", () => {
    expect(parsed[0]?.publisher).toBe('Apple Inc.');
  });

  it('leaves out what it cannot know: the maker of an App Store app, a missing version', () => {
    expect(parsed[2]).not.toHaveProperty('publisher');
    expect(parsed[3]).toEqual({ name: 'Zoom Rooms Helper', arch: 'x86_64', source: 'macos-apps' });
  });

  it('returns nothing when the data type is missing and throws on output that is not JSON', () => {
    expect(parseMacosApps('{}')).toEqual([]);
    expect(() => parseMacosApps('system_profiler: crashed')).toThrow();
  });
});

describe('publisherFromSigner', () => {
  it('reads the developer name from a Developer ID certificate without its team id', () => {
    expect(
      publisherFromSigner(['Developer ID Application: Mozilla Corporation (43AQ936H96)'], 'identified_developer'),
    ).toBe('Mozilla Corporation');
    expect(publisherFromSigner(undefined, 'unknown')).toBeUndefined();
  });
});
