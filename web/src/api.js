// The Caravan HTTP API, same origin. Every error becomes an ApiError carrying the RFC 9457
// problem document (title, detail, and the per-field errors with pointers and candidates).

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// key: a transit actor's API key (sent as a bearer token); text: answer the body as text (NDJSON).
async function request(method, path, body, { key, text: asText = false } = {}) {
  let res;
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { title: 'The Caravan server cannot be reached', detail: `${method} ${path}: ${e.message}` });
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // a non-JSON answer is reported below with its status
  }
  if (!res.ok) throw new ApiError(res.status, json && typeof json === 'object' ? json : { title: `HTTP ${res.status}`, detail: text.slice(0, 300) });
  if (asText) return text;
  if (json === null) throw new ApiError(res.status, { title: 'Not JSON', detail: `${method} ${path} did not answer JSON` });
  return json;
}

export const api = {
  health: () => request('GET', '/v1/health'),
  network: (scenario) => request('GET', scenario ? `/v1/network?scenario=${encodeURIComponent(scenario)}` : '/v1/network'),
  places: (q) => request('GET', `/v1/places?q=${encodeURIComponent(q)}`),
  scenarios: () => request('GET', '/v1/scenarios'),
  route: (body) => request('POST', '/v1/route', body),
  matrix: (body) => request('POST', '/v1/matrix', body),
  simulate: (body) => request('POST', '/v1/simulate', body),
  assign: (body) => request('POST', '/v1/analysis/assign', body),
  transit: {
    declare: (key, body) => request('POST', '/v1/transit/declarations', body, { key }),
    get: (key, id) => request('GET', `/v1/transit/declarations/${encodeURIComponent(id)}`, undefined, { key }),
    event: (key, id, body) => request('POST', `/v1/transit/declarations/${encodeURIComponent(id)}/events`, body, { key }),
    audit: (key, id) => request('GET', `/v1/transit/declarations/${encodeURIComponent(id)}/audit`, undefined, { key, text: true }),
  },
};

// A problem document as lines a planner can act on: "from: unknown place 'Xia'" plus candidates.
export function describeProblem(error) {
  const p = error.problem ?? { title: error.message };
  const items = (p.errors ?? []).map((e) => ({
    where: e.pointer !== undefined ? (e.pointer === '' ? 'request' : e.pointer.replace(/^\//, '')) : e.parameter ?? '',
    detail: e.detail ?? '',
    code: e.code ?? null, // transit problems carry the eTIR-style code (213, 305, …)
    candidates: (e.candidates ?? []).map((c) => (typeof c === 'string' ? { id: c, name: c } : c)),
  }));
  return { status: error.status ?? 0, title: p.title ?? 'Error', detail: p.detail ?? '', items };
}
