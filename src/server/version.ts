/** The server's version, as announced to agents and in the OpenAPI document. */
export const SERVER_VERSION = '0.1.0';
