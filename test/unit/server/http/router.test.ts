import { isSuspiciousPath } from '../../../../src/server/http/router';

describe('isSuspiciousPath', () => {
  it.each(['/api/v1/agents', '/api/v1/agents/abc-1/inventory', '/healthz'])('lets %s through', (p) => {
    expect(isSuspiciousPath(p)).toBe(false);
  });
  it.each(['/api/v1%2fagents', '/api/v1/%2Fagents', '/api//v1/agents', '/api/v1/../v1/agents', '/api/./v1', '/api/v1/agents%5c', '/api/v1/%2e%2e/x', '/api\\v1'])(
    'refuses %s',
    (p) => {
      expect(isSuspiciousPath(p)).toBe(true);
    },
  );
});
