import { localApiEndpointFor } from '../../../../../src/main/service/localApi/serveLocalApi';

describe('localApiEndpointFor', () => {
  const installed = { stateDir: '/var/lib/pasang-agent', defaultStateDir: '/var/lib/pasang-agent' };

  it('takes the system endpoint for the installed service (root, default state folder)', () => {
    expect(localApiEndpointFor(undefined, installed, 'linux', true)).toEqual({
      socketPath: '/run/pasang-agent/api.sock',
      challengeDir: '/run/pasang-agent/challenge',
    });
    expect(
      localApiEndpointFor(
        undefined,
        { stateDir: 'C:\\ProgramData\\Pasang\\agent', defaultStateDir: 'C:\\ProgramData\\Pasang\\agent' },
        'win32',
        true,
      )?.socketPath,
    ).toBe('\\\\.\\pipe\\pasang-agent');
  });

  it('listens under the state folder for any other agent', () => {
    expect(
      localApiEndpointFor(
        undefined,
        { stateDir: '/tmp/t/agent', defaultStateDir: '/var/lib/pasang-agent' },
        'linux',
        true,
      ),
    ).toEqual({ socketPath: '/tmp/t/agent/run/api.sock', challengeDir: '/tmp/t/agent/run/challenge' });
    expect(localApiEndpointFor(undefined, installed, 'linux', false)?.socketPath).toBe(
      '/var/lib/pasang-agent/run/api.sock',
    );
  });

  it('takes a named socket, with its challenges beside it, or off', () => {
    expect(localApiEndpointFor('/srv/pasang/api.sock', installed, 'linux', true)).toEqual({
      socketPath: '/srv/pasang/api.sock',
      challengeDir: '/srv/pasang/challenge',
    });
    expect(localApiEndpointFor('off', installed, 'linux', true)).toBeNull();
  });
});
