import { parseImageRef, canonicalName } from '../../../src/shared/image-ref.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    ['nginx', { name: 'nginx', repository: 'nginx' }],
    ['nginx:1.27', { name: 'nginx', tag: '1.27' }],
    [
      '127.0.0.1:5000/team/api:v2',
      { registry: '127.0.0.1:5000', name: '127.0.0.1:5000/team/api', tag: 'v2' },
    ],
    [`ghcr.io/org/app@${digest}`, { registry: 'ghcr.io', repository: 'org/app', digest }],
    [`localhost/app:1@${digest}`, { registry: 'localhost', tag: '1', digest }],
  ])('%s', (text, expected) => {
    expect(parseImageRef(text)).toMatchObject(expected);
  });

  it.each(['', 'Upper/case', 'a b', 'app@sha256:short', 'app:-bad', 'app:'])(
    'rejects %p',
    (text) => {
      expect(parseImageRef(text)).toBeUndefined();
    },
  );

  it('canonicalises Docker Hub names', () => {
    expect(canonicalName(parseImageRef('nginx')!)).toBe('docker.io/library/nginx');
    expect(canonicalName(parseImageRef('docker.io/library/nginx:1')!)).toBe(
      'docker.io/library/nginx',
    );
  });
});
