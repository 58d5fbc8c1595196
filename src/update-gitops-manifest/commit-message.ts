/** Commit messages and PR titles from a template: {image} {ref} {changes} {source-repository} … */
import type { ImageUpdate } from './image-edits.js';
import type { ValueUpdate } from './value-edits.js';
import { describeValueUpdate } from './value-edits.js';

export interface MessageContext {
  images: readonly ImageUpdate[];
  values: readonly ValueUpdate[];
  source: { repository: string; sha: string; runUrl: string };
  branch: string;
  repository: string;
}

/** `ghcr.io/acme/api to v1.2.3, values.yaml:image.tag to 1.2.3` */
export function describeRequests(context: Pick<MessageContext, 'images' | 'values'>): string {
  return [
    ...context.images.map((image) => `${image.name} to ${image.ref}`),
    ...context.values.map((value) => `${describeValueUpdate(value)} to ${value.value}`),
  ].join(', ');
}

export function placeholders(context: MessageContext): Record<string, string> {
  return {
    image: context.images.map((image) => image.name).join(', '),
    ref: context.images.map((image) => image.ref).join(', '),
    changes: describeRequests(context),
    'source-repository': context.source.repository,
    sha: context.source.sha,
    'short-sha': context.source.sha.slice(0, 7),
    'run-url': context.source.runUrl,
    branch: context.branch,
    repository: context.repository,
  };
}

/**
 * Fill a template. Unknown {names} stay as written; a line whose placeholders all came out empty
 * (e.g. `Run: {run-url}` outside Actions) is dropped rather than left dangling.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  const lines = template.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    let used = 0;
    let empty = 0;
    const rendered = line.replace(/\{([a-z-]+)\}/g, (whole, name: string) => {
      if (!(name in values)) return whole;
      used++;
      if (!values[name]) empty++;
      return values[name];
    });
    if (used > 0 && used === empty) continue;
    out.push(rendered.replace(/@\s*$/, ''));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function commitMessage(
  template: string,
  trailers: readonly string[],
  context: MessageContext,
) {
  const body = renderTemplate(template, placeholders(context));
  return `${body}${trailers.length ? `\n\n${trailers.join('\n')}` : ''}\n`;
}
