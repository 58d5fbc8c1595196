import { ConfigError, quote } from '../shared/errors.js';
import { branchOf, gitTagOf, isDefaultBranch, type GitHubContext } from './github-context.js';

/**
 * Tag rules in the style of docker/metadata-action, one per line of the `tags` input:
 *   type=ref,event=branch|tag|pr
 *   type=semver,pattern={{version}} | {{major}}.{{minor}} | {{major}} | {{raw}}   (value= overrides the git tag)
 *   type=sha[,format=short|long]            (prefix defaults to sha-)
 *   type=raw,value=…                         (a line without type= is a raw value)
 *   type=schedule[,pattern=nightly|{{date 'YYYYMMDD'}}]
 *   type=edge[,branch=main]                  (`edge` on the default or named branch)
 * Every rule takes prefix=, suffix=, enable=true|false|{{is_default_branch}}|{{is_not_default_branch}}
 * and priority= (higher first; the first tag is the `version` output).
 */
export type Enable = 'true' | 'false' | '{{is_default_branch}}' | '{{is_not_default_branch}}';

interface Common {
  prefix?: string;
  suffix?: string;
  enable: Enable;
  priority: number;
  /** The line as written, for messages. */
  source: string;
}

export type TagRule = Common &
  (
    | { type: 'ref'; event: 'branch' | 'tag' | 'pr' }
    | { type: 'semver'; pattern: string; value?: string }
    | { type: 'sha'; format: 'short' | 'long' }
    | { type: 'raw'; value: string }
    | { type: 'schedule'; pattern: string }
    | { type: 'edge'; branch?: string }
  );

export interface Flavor {
  /** auto: `latest` when building the default branch (not for pull requests). */
  latest: 'auto' | 'true' | 'false';
  prefix: string;
  suffix: string;
}

export const DEFAULT_TAG_RULES = [
  'type=schedule',
  'type=ref,event=branch',
  'type=ref,event=tag',
  'type=ref,event=pr',
  'type=sha',
];

const TYPES = ['ref', 'semver', 'sha', 'raw', 'schedule', 'edge'] as const;
const PRIORITY: Record<(typeof TYPES)[number], number> = {
  schedule: 1000,
  semver: 900,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100,
};
const ENABLES: Enable[] = ['true', 'false', '{{is_default_branch}}', '{{is_not_default_branch}}'];
const ATTRIBUTES: Record<(typeof TYPES)[number], string[]> = {
  ref: ['event'],
  semver: ['pattern', 'value'],
  sha: ['format'],
  raw: ['value'],
  schedule: ['pattern'],
  edge: ['branch'],
};

/** Splits `a=1,b={{date 'YYYY,MM'}}` on commas outside `{{ }}` and quotes. */
function splitAttributes(line: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoteChar = '';
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoteChar) {
      if (c === quoteChar) quoteChar = '';
    } else if (c === "'" || c === '"') {
      quoteChar = c;
    } else if (line.startsWith('{{', i)) {
      depth++;
    } else if (line.startsWith('}}', i) && depth > 0) {
      depth--;
    } else if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** Parses one line of the `tags` input; a bad rule is a ConfigError naming the line and the fix. */
export function parseTagRule(line: string, input = 'tags'): TagRule {
  const source = line.trim();
  if (!source.includes('=')) {
    return { type: 'raw', value: source, enable: 'true', priority: PRIORITY.raw, source };
  }
  const attributes = new Map<string, string>();
  for (const part of splitAttributes(source)) {
    const at = part.indexOf('=');
    if (at <= 0) {
      throw new ConfigError(input, `${quote(source)}: ${quote(part)} is not key=value`);
    }
    attributes.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const type = attributes.get('type') ?? 'raw';
  if (!(TYPES as readonly string[]).includes(type)) {
    throw new ConfigError(
      input,
      `${quote(source)}: type ${quote(type)} is not one of ${TYPES.join(', ')}`,
    );
  }
  const kind = type as (typeof TYPES)[number];
  const known = new Set(['type', 'prefix', 'suffix', 'enable', 'priority', ...ATTRIBUTES[kind]]);
  for (const key of attributes.keys()) {
    if (!known.has(key)) {
      throw new ConfigError(
        input,
        `${quote(source)}: ${quote(key)} is not an attribute of type=${kind}; use ${[...known].join(', ')}`,
      );
    }
  }
  const enable = (attributes.get('enable') ?? 'true').toLowerCase() as Enable;
  if (!ENABLES.includes(enable)) {
    throw new ConfigError(
      input,
      `${quote(source)}: enable=${attributes.get('enable')} is not one of ${ENABLES.join(', ')}`,
    );
  }
  const priorityText = attributes.get('priority');
  if (priorityText !== undefined && !/^-?\d+$/.test(priorityText)) {
    throw new ConfigError(
      input,
      `${quote(source)}: priority=${priorityText} is not a whole number`,
    );
  }
  const common: Common = {
    prefix: attributes.get('prefix'),
    suffix: attributes.get('suffix'),
    enable,
    priority: priorityText !== undefined ? Number(priorityText) : PRIORITY[kind],
    source,
  };
  switch (kind) {
    case 'ref': {
      const event = attributes.get('event');
      if (event !== 'branch' && event !== 'tag' && event !== 'pr') {
        throw new ConfigError(
          input,
          `${quote(source)}: type=ref needs event=branch, event=tag or event=pr`,
        );
      }
      return { ...common, type: 'ref', event };
    }
    case 'semver': {
      const pattern = attributes.get('pattern');
      if (!pattern) {
        throw new ConfigError(
          input,
          `${quote(source)}: type=semver needs a pattern, e.g. pattern={{version}}, pattern={{major}}.{{minor}}`,
        );
      }
      const unknown = pattern
        .match(/\{\{\s*(\w+)\s*\}\}/g)
        ?.find((part) => !/\{\{\s*(version|major|minor|patch|raw)\s*\}\}/.test(part));
      if (unknown) {
        throw new ConfigError(
          input,
          `${quote(source)}: ${unknown} is not one of {{version}}, {{major}}, {{minor}}, {{patch}}, {{raw}}`,
        );
      }
      return { ...common, type: 'semver', pattern, value: attributes.get('value') };
    }
    case 'sha': {
      const format = attributes.get('format') ?? 'short';
      if (format !== 'short' && format !== 'long') {
        throw new ConfigError(input, `${quote(source)}: format=${format} is not short or long`);
      }
      return { ...common, type: 'sha', format };
    }
    case 'raw': {
      const value = attributes.get('value');
      if (!value) throw new ConfigError(input, `${quote(source)}: type=raw needs value=…`);
      return { ...common, type: 'raw', value };
    }
    case 'schedule':
      return { ...common, type: 'schedule', pattern: attributes.get('pattern') || 'nightly' };
    case 'edge':
      return { ...common, type: 'edge', branch: attributes.get('branch') };
  }
}

export function parseFlavor(
  entries: Array<{ key: string; value: string }>,
  input = 'flavor',
): Flavor {
  const flavor: Flavor = { latest: 'auto', prefix: '', suffix: '' };
  for (const { key, value } of entries) {
    if (key === 'latest') {
      if (value !== 'auto' && value !== 'true' && value !== 'false') {
        throw new ConfigError(input, `latest=${value} is not one of auto, true, false`);
      }
      flavor.latest = value;
    } else if (key === 'prefix' || key === 'suffix') {
      flavor[key] = value;
    } else {
      throw new ConfigError(input, `${quote(key)} is not one of latest, prefix, suffix`);
    }
  }
  return flavor;
}

/**
 * A valid tag from any text: characters outside [A-Za-z0-9_.-] become '-', leading '.' and '-'
 * are dropped, at most 128 characters. Undefined when nothing is left.
 */
export function sanitizeTag(text: string): string | undefined {
  const cleaned = text
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
  return cleaned === '' ? undefined : cleaned;
}

interface SemVer {
  major: string;
  minor: string;
  patch: string;
  prerelease?: string;
  build?: string;
  raw: string;
}

export function parseSemVer(text: string): SemVer | undefined {
  const match =
    /^[vV]?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(
      text.trim(),
    );
  if (!match) return undefined;
  return {
    major: match[1],
    minor: match[2],
    patch: match[3],
    prerelease: match[4],
    build: match[5],
    raw: text.trim(),
  };
}

function semverTag(pattern: string, version: SemVer): string | undefined {
  const usesFull = /\{\{\s*(version|raw)\s*\}\}/.test(pattern);
  // A pre-release only gets the full version: 1.2.3-rc.1 must not move the 1.2 or 1 tags.
  if (version.prerelease && !usesFull) return undefined;
  const full = `${version.major}.${version.minor}.${version.patch}${version.prerelease ? `-${version.prerelease}` : ''}${version.build ? `+${version.build}` : ''}`;
  return pattern.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    switch (name) {
      case 'version':
        return full;
      case 'raw':
        return version.raw;
      case 'major':
        return version.major;
      case 'minor':
        return version.minor;
      default:
        return version.patch;
    }
  });
}

/** `{{date 'YYYYMMDD'}}` (UTC) in schedule patterns. */
function expandDate(pattern: string, now: Date): string {
  return pattern.replace(/\{\{\s*date\s+['"]([^'"]+)['"]\s*\}\}/g, (_, format: string) => {
    const pad = (n: number) => String(n).padStart(2, '0');
    return format
      .replace(/YYYY/g, String(now.getUTCFullYear()))
      .replace(/MM/g, pad(now.getUTCMonth() + 1))
      .replace(/DD/g, pad(now.getUTCDate()))
      .replace(/HH/g, pad(now.getUTCHours()))
      .replace(/mm/g, pad(now.getUTCMinutes()))
      .replace(/ss/g, pad(now.getUTCSeconds()));
  });
}

/**
 * The global expressions docker/metadata-action allows in prefix, suffix and raw values:
 * {{branch}}, {{tag}}, {{sha}} (short), {{is_default_branch}}, {{date '…'}}.
 */
function expandGlobals(text: string, context: GitHubContext): string {
  if (!text.includes('{{')) return text;
  return expandDate(text, context.now).replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    switch (name) {
      case 'branch':
        return isPullRequest(context) ? '' : (branchOf(context) ?? '');
      case 'tag':
        return gitTagOf(context) ?? '';
      case 'sha':
        return context.sha.slice(0, 7);
      case 'is_default_branch':
        return String(isDefaultBranch(context));
      default:
        return whole;
    }
  });
}

function enabled(rule: TagRule, context: GitHubContext): boolean {
  switch (rule.enable) {
    case 'false':
      return false;
    case '{{is_default_branch}}':
      return isDefaultBranch(context);
    case '{{is_not_default_branch}}':
      return !isDefaultBranch(context);
    default:
      return true;
  }
}

const isPullRequest = (context: GitHubContext) =>
  context.eventName === 'pull_request' || context.eventName === 'pull_request_target';

/** The bare value a rule gives for this context (before prefix/suffix), or undefined. */
function ruleValue(rule: TagRule, context: GitHubContext): string | undefined {
  switch (rule.type) {
    case 'ref': {
      if (rule.event === 'branch') return isPullRequest(context) ? undefined : branchOf(context);
      if (rule.event === 'tag') return gitTagOf(context);
      return isPullRequest(context) && context.pullRequestNumber !== undefined
        ? String(context.pullRequestNumber)
        : undefined;
    }
    case 'semver': {
      const text = rule.value ?? gitTagOf(context);
      const version = text ? parseSemVer(text) : undefined;
      return version ? semverTag(rule.pattern, version) : undefined;
    }
    case 'sha':
      if (!context.sha) return undefined;
      return rule.format === 'long' ? context.sha : context.sha.slice(0, 7);
    case 'raw':
      return rule.value;
    case 'schedule':
      return context.eventName === 'schedule' ? expandDate(rule.pattern, context.now) : undefined;
    case 'edge': {
      const branch = branchOf(context);
      if (!branch || isPullRequest(context)) return undefined;
      const wanted = rule.branch ? branch === rule.branch : isDefaultBranch(context);
      return wanted ? 'edge' : undefined;
    }
  }
}

function defaultPrefix(rule: TagRule): string {
  if (rule.type === 'sha') return 'sha-';
  if (rule.type === 'ref' && rule.event === 'pr') return 'pr-';
  return '';
}

export interface ComputedTags {
  /** Tags in priority order, unique, each a valid reference tag. */
  tags: string[];
  /** The highest-priority tag other than `latest` ('' when none). */
  version: string;
  /** Which rule gave each tag (for the summary and debugging). */
  sources: Record<string, string>;
}

/** Applies the rules and the flavor to a GitHub context. Pure. */
export function computeTags(
  rules: TagRule[],
  flavor: Flavor,
  context: GitHubContext,
): ComputedTags {
  const ordered = rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index);
  const tags: string[] = [];
  const sources: Record<string, string> = {};
  for (const { rule } of ordered) {
    if (!enabled(rule, context)) continue;
    const raw = ruleValue(rule, context);
    const value = raw === undefined ? undefined : expandGlobals(raw, context);
    if (value === undefined || value === '') continue;
    const prefix = expandGlobals(rule.prefix ?? `${flavor.prefix}${defaultPrefix(rule)}`, context);
    const suffix = expandGlobals(rule.suffix ?? flavor.suffix, context);
    const tag = sanitizeTag(`${prefix}${value}${suffix}`);
    if (tag && !tags.includes(tag)) {
      tags.push(tag);
      sources[tag] = rule.source;
    }
  }
  const version = tags.find((tag) => tag !== 'latest') ?? '';
  const wantLatest =
    flavor.latest === 'true' ||
    (flavor.latest === 'auto' && !isPullRequest(context) && isDefaultBranch(context));
  if (wantLatest && !tags.includes('latest')) {
    tags.push('latest');
    sources.latest = `flavor latest=${flavor.latest}`;
  }
  return { tags, version, sources };
}
