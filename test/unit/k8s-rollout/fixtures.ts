/** Reads the real Kubernetes objects in ../shared/fixtures/kube. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import type { KubeObject } from '../../../src/k8s-rollout/kube-client.js';

export const FIXTURES = '/work/shared/fixtures/kube';

export function fixture(name: string): KubeObject {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  return (name.endsWith('.json') ? JSON.parse(text) : yaml.load(text)) as KubeObject;
}

export function fixtureItems(name: string): KubeObject[] {
  return (fixture(name) as unknown as { items: KubeObject[] }).items;
}
