// API errors as the API server reports them: a Status object with code, reason and message.
import { qualifiedResource, type ResourceType } from './resources.js';

export interface StatusCause {
  type?: string;
  message?: string;
  field?: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] },
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    const status: Record<string, unknown> = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
    };
    if (this.details) status.details = this.details;
    status.code = this.code;
    return status;
  }
}

const details = (rt: ResourceType, name: string) => ({
  name,
  group: rt.group || undefined,
  kind: rt.plural,
});

export const notFound = (rt: ResourceType, name: string) =>
  new ApiError(404, 'NotFound', `${qualifiedResource(rt)} "${name}" not found`, details(rt, name));

export const alreadyExists = (rt: ResourceType, name: string) =>
  new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedResource(rt)} "${name}" already exists`,
    details(rt, name),
  );

export const conflict = (rt: ResourceType, name: string) =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(rt)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(rt, name),
  );

export const invalid = (rt: ResourceType, name: string, causes: StatusCause[]) =>
  new ApiError(
    422,
    'Invalid',
    `${rt.group ? `${rt.kind}.${rt.group}` : rt.kind} "${name}" is invalid: ${causes
      .map((c) => `${c.field}: ${c.message}`)
      .join(', ')}`,
    { ...details(rt, name), kind: rt.kind, causes },
  );

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

export const namespaceNotFound = (ns: string) =>
  new ApiError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
