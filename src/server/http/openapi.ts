/** The OpenAPI document, generated from the route table and the same schemas that validate the bodies. */
import type { RouteDefinition } from './router';

/** A 200 with the route's response schema, or — for a route that redirects — each redirect with its Location header. */
function successResponses(r: RouteDefinition): Record<string, unknown> {
  if (!r.redirects?.length) return { 200: { description: 'OK', ...(r.response ? { content: { 'application/json': { schema: r.response } } } : {}) } };
  return Object.fromEntries(
    r.redirects.map((d) => [d.status, { description: d.description, headers: { Location: { description: 'where the browser goes next', required: true, schema: { type: 'string', format: 'uri' } } } }]),
  );
}

export function buildOpenApi(routes: readonly RouteDefinition[], version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const params: unknown[] = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryProps = (r.query as { properties?: Record<string, { description?: string }> } | undefined)?.properties ?? {};
    for (const [name, schema] of Object.entries(queryProps)) {
      params.push({ name, in: 'query', required: false, ...(schema.description ? { description: schema.description } : {}), schema });
    }
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      'x-pasang-access': r.access,
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
      responses: {
        ...successResponses(r),
        400: { $ref: '#/components/responses/Error' },
        ...Object.fromEntries((r.errorStatuses ?? []).map((status) => [status, { $ref: '#/components/responses/Error' }])),
        ...(r.access === 'public' ? {} : { 401: { $ref: '#/components/responses/Error' }, 403: { $ref: '#/components/responses/Error' } }),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Pasang server API', version },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: {
        Error: {
          description: 'An error with a stable code from the catalogue',
          content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } } } } },
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
