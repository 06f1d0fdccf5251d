/** The OpenAPI document built from route declarations: a JSON route's 200, a redirecting route's 3xx with Location. */
import { Type } from '@sinclair/typebox';
import { buildOpenApi } from '../../../../src/server/http/openapi';
import type { RouteDefinition } from '../../../../src/server/http/router';

const handler: RouteDefinition['handler'] = async () => ({ status: 200, body: {} });
const routes: RouteDefinition[] = [
  { method: 'GET', path: '/api/v1/things/:id', access: ['admin'], summary: 'one thing', response: Type.Object({ id: Type.String() }), handler },
  {
    method: 'GET',
    path: '/go',
    access: 'public',
    summary: 'goes elsewhere',
    redirects: [
      { status: 302, description: 'to the other place' },
      { status: 303, description: 'back, with the reason' },
    ],
    errorStatuses: [404],
    handler,
  },
];

type Operation = { responses: Record<string, { description?: string; $ref?: string; headers?: Record<string, unknown>; content?: unknown }>; security?: unknown[] };
const doc = buildOpenApi(routes, '1.2.3') as { paths: Record<string, Record<string, Operation>> };

describe('buildOpenApi', () => {
  it("lists a JSON route's 200 with its schema and the errors its access implies", () => {
    const op = doc.paths['/api/v1/things/{id}']!.get!;
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403']);
    expect(op.responses['200']).toMatchObject({ description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } });
  });

  it('lists each redirect a route declares, with its Location header, and no 200', () => {
    const op = doc.paths['/go']!.get!;
    expect(Object.keys(op.responses).sort()).toEqual(['302', '303', '400', '404']);
    expect(op.responses['302']).toEqual({
      description: 'to the other place',
      headers: { Location: { description: 'where the browser goes next', required: true, schema: { type: 'string', format: 'uri' } } },
    });
    expect(op.responses['303']!.description).toBe('back, with the reason');
    expect(op.responses['404']).toEqual({ $ref: '#/components/responses/Error' });
    expect(op.security).toEqual([]);
  });
});
