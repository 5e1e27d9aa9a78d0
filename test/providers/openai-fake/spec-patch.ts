// The vendor description's quirks that Prism would otherwise count against a faithful fake,
// worked around in a temp copy at test time (shared/ and the vendored copy stay verbatim):
//   - Most operations declare only their 200 (three also a 400), though the service answers every
//     one of them with its error object on 400/401/403/404/429; Prism flags any undeclared status.
//     Each operation gets those statuses with the description's own ErrorResponse schema, and the
//     429 its Retry-After header. Nothing the description does declare is changed.
type Json = Record<string, unknown>;

const ERROR_STATUSES: Record<string, string> = {
  '400': 'The request was refused (invalid parameter, or a rule such as: a service account key is deleted with its account).',
  '401': 'The admin key is missing, unknown, expired or deleted.',
  '403': 'The key is valid but may not manage keys (e.g. a project key).',
  '404': 'No such project, key or service account.',
  '429': 'Too many requests; wait for Retry-After.',
};

const errorResponse = (status: string, description: string): Json => ({
  description,
  ...(status === '429' ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'string' } } } } : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
});

export function patchOpenAiSpec(doc: Json): Json {
  const out = structuredClone(doc);
  const paths = out.paths as Record<string, Record<string, Json>>;
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      const responses = operation.responses as Json;
      for (const [status, description] of Object.entries(ERROR_STATUSES)) {
        if (!(status in responses)) responses[status] = errorResponse(status, description);
      }
    }
  }
  return out;
}
